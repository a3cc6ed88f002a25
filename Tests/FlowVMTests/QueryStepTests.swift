import CSQLite
import Foundation
import Testing
import FlowTesting
import FlowChecker

/// `query` steps read the bot's own data source (`data/*.sqlite`), with holes bound as parameters.
@Suite("query steps")
struct QueryStepTests {
    static let bot = """
        bot: shop
        start: main
        locale: es-AR
        data:
          catalog: data/catalog.sqlite
        """
    static let flow = """
        flow: main
        vars:
          wanted: text
        steps:
          ask:
            ask: "¿Qué buscás?"
            save: wanted
          find:
            query: "SELECT name, price FROM items WHERE name LIKE '%' || {{wanted}} || '%' AND stock > {{0}} ORDER BY price"
            save: found
            on_error: broken
          some:
            branch:
              - if: "len(found) == 0"
                goto: none
              - else: list
          list:
            end: "Tenemos {{len(found)}}: {{found[0].name}} a {{found[0].price}}"
          none:
            end: "No tenemos {{wanted}}."
          broken:
            end: "No pude buscar."
        """

    /// The bot folder with its catalog: (name, price, stock), or a table without `stock`.
    static func shop(tests: [String: String], schema: String = "name TEXT, price REAL, stock INTEGER", extra: String = "",
                     flow: String = flow) throws -> TempBot {
        let folder = try TempBot(bot: bot, flows: [flow], tests: tests)
        try FileManager.default.createDirectory(at: folder.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        var db: OpaquePointer?
        guard sqlite3_open(folder.root.appendingPathComponent("data/catalog.sqlite").path, &db) == SQLITE_OK else { throw CocoaError(.fileWriteUnknown) }
        defer { sqlite3_close(db) }
        let script = """
            CREATE TABLE items(\(schema));
            INSERT INTO items VALUES ('Mate calabaza', 12500, 3), ('Mate de vidrio', 8000.5, 1), ('Yerba', 5200, 0);
            \(extra)
            """
        guard sqlite3_exec(db, script, nil, nil, nil) == SQLITE_OK else { throw CocoaError(.fileWriteUnknown) }
        return folder
    }

    @Test("rows found, none found, and a user's quote that stays text")
    func conversations() async throws {
        let folder = try Self.shop(tests: ["main.test.yaml": """
            tests:
              - name: two mates, the cheapest first
                conversation:
                  - user: hola
                  - bot: "¿Qué buscás?"
                  - user: mate
                  - bot: "Tenemos 2: Mate de vidrio a 8000.5"
              - name: out of stock is not found
                conversation:
                  - user: hola
                  - bot: "¿Qué buscás?"
                  - user: Yerba
                  - bot: "No tenemos Yerba."
              - name: SQL typed by a user is a value
                conversation:
                  - user: hola
                  - bot: "¿Qué buscás?"
                  - user: "' OR 1=1 --"
                  - bot: "No tenemos ' OR 1=1 --."
            """])
        defer { folder.remove() }
        let report = try await TestRunner.run(paths: [folder.path])
        #expect(report.failed == 0, "\(report.outcomes.compactMap(\.failure))")
        #expect(report.passed == 3)
    }

    @Test("a query that fails when it runs (more rows than a query may return) goes to on_error")
    func failedQuery() async throws {
        let folder = try Self.shop(tests: ["main.test.yaml": """
            tests:
              - name: too many mates
                conversation:
                  - user: hola
                  - bot: "¿Qué buscás?"
                  - user: mate
                  - bot: "No pude buscar."
            """], extra: """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
            INSERT INTO items SELECT 'Mate ' || i, i, 1 FROM n;
            """)
        defer { folder.remove() }
        let report = try await TestRunner.run(paths: [folder.path])
        #expect(report.failed == 0, "\(report.outcomes.compactMap(\.failure))")
    }

    @Test("flowc check prepares a query against the data file: a table or column that is not there, a pattern outside quotes")
    func checkPreparesTheQuery() async throws {
        let folder = try Self.shop(tests: [:], schema: "name TEXT, price REAL, units INTEGER")
        defer { folder.remove() }
        let report = try CheckRun.check(paths: [folder.path])
        let problem = report.diagnostics.first { $0.rule == "query-sql" }
        #expect(problem?.message == "SQLite refuses this query on data/catalog.sqlite: no such column: stock", "\(report.diagnostics)")
        #expect(problem?.range.start.line == 9)
    }
}

extension QueryStepTests {
    @Test("a list in `IN ({{list}})` is bound as one parameter per item; elsewhere it stays one JSON text")
    func listInIn() async throws {
        let folder = try Self.shop(tests: ["main.test.yaml": """
            tests:
              - name: two of three
                conversation:
                  - user: hola
                  - bot: "2: Mate calabaza, Yerba; 0; 1"
            """], flow: """
            flow: main
            vars:
              skus: list
              none: list
            steps:
              pick:
                set: {skus: [Yerba, "Mate calabaza", "it's"], none: []}
              find:
                query: "SELECT name FROM items WHERE name IN ( {{skus}} ) AND name != 'a?b' /* ? */ ORDER BY name"
                save: found
              empty:
                query: "SELECT name FROM items WHERE name NOT IN ({{none}}) AND name IN ({{none}})"
                save: nothing
              json:
                query: "SELECT count(*) AS n FROM json_each({{skus}}) WHERE value = 'Yerba'"
                save: counted
              done:
                end: "{{len(found)}}: {{found[0].name}}, {{found[1].name}}; {{len(nothing)}}; {{counted[0].n}}"
            """)
        defer { folder.remove() }
        let report = try await TestRunner.run(paths: [folder.path])
        #expect(report.failed == 0, "\(report.outcomes.compactMap(\.failure))")
    }
}
