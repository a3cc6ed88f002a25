import FlowChecker
import FlowDiagnostics
import Testing

/// The `help:` a mistake gets fits it: what was meant, in the words of the field it is in.
struct HintTests {
    /// `rule@line:col` → help, for every diagnostic of checking `text` as a lone flow.
    static func hints(_ text: String, file: String = "main.yaml") throws -> [String: String] {
        let dir = try BadInputTests.TempDir()
        let path = try dir.write(file, text)
        let report = try CheckRun.check(paths: [path])
        return Dictionary(report.diagnostics.map { ("\($0.rule)@\($0.range.start.line):\($0.range.start.column)", $0.help ?? "") }) { a, _ in a }
    }

    /// `qty ?? 0 > 5` is `qty ?? (0 > 5)`: the fix puts the default in parentheses (the hint
    /// used to add `> 0` after the whole, which led to the same error again).
    @Test func aDefaultComparedNeedsParentheses() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a: {ask: "¿Cuántos?", save: qty, expect: number}
              n: {ask: "¿Nombre?", save: name}
              b:
                branch:
                  - if: qty ?? 0 > 5
                    goto: c
                  - if: name ?? ""
                    goto: c
                  - else: c
              c: {end: "{{qty}} {{name}}"}

            """)
        #expect(hints["type-mismatch@7:13"] == "`??` binds loosest: write `(qty ?? 0) > 5`")
        #expect(hints["type-mismatch@7:20"] == "`??` binds loosest: write `(qty ?? 0) > 5`")
        #expect(hints["type-mismatch@9:13"] == "compare it, e.g. `(name ?? \"\") != \"\"`")
    }

    /// A choice set in another case or without its accents is stored as written, so it never
    /// equals what an answer saves: the help names the choice as listed.
    @Test func choiceSetInAnotherCase() throws {
        let hints = try Self.hints("""
            flow: main
            vars:
              talle: {type: choice, choices: [S, M, L]}
              pago: {type: choice, choices: [Efectivo, Mercado Pago, Débito]}
            steps:
              a: {set: {talle: m, pago: debito}}
              b: {set: {talle: XL}}
              c: {end: "{{talle}} {{pago}}"}

            """)
        #expect(hints["invalid-value@6:20"] == "write `M`, as an answer is saved: a set value is stored as written", "\(hints)")
        #expect(hints["invalid-value@6:29"] == "write `Débito`, as an answer is saved: a set value is stored as written", "\(hints)")
        #expect(hints["invalid-value@7:20"] == "set a value the declaration allows, or change the declaration", "\(hints)")
    }

    /// `[{item: x}]` as JSON writes it: the help says expressions have no objects, not only that a
    /// hole holds one expression.
    @Test func objectLiteralInAnExpression() throws {
        let hints = try Self.hints("""
            flow: main
            vars: {cart: list, item: text}
            steps:
              a:
                set:
                  cart: "{{cart + [{item: item}]}}"
              b: {end: "{{cart}}"}

            """)
        #expect(hints["expr-syntax@6:24"]?.hasPrefix("expressions have lists (`[a, b]`) but no objects `{…}`") == true, "\(hints)")
    }

    /// A step named as another flow catches the `goto` meant for the flow: the loop's help says so.
    @Test func stepNamedAsAFlowCatchesTheGoto() throws {
        let dir = try BadInputTests.TempDir()
        _ = try dir.write("bot.yaml", "bot: farmacia\nstart: main\n")
        _ = try dir.folder("flows")
        _ = try dir.write("flows/main.yaml", "flow: main\nsteps:\n  hola: {say: Hola}\n  receta:\n    say: Mandame la receta\n    goto: receta\n")
        _ = try dir.write("flows/receta.yaml", "flow: receta\nsteps:\n  pedir: {ask: Foto, save: foto, expect: image}\n  fin: {end: \"{{foto.url}}\"}\n")
        let report = try CheckRun.check(paths: [dir.path])
        let loop = try #require(report.diagnostics.first { $0.rule == "cycle-without-wait" })
        #expect(loop.help == "the step `receta` has the name of the flow `receta`, and `goto: receta` goes to the step; to go to the flow, rename the step or write `goto: receta.pedir`")
    }

    /// A flow or test file the bot does not read is told where it would be read; when a file is
    /// there already (a backup in `flows/old/`), the help says so instead of "move it" onto it.
    @Test func fileNotReadWhoseNameIsTakenIsNotToldToMoveOntoIt() throws {
        let dir = try BadInputTests.TempDir()
        _ = try dir.write("bot.yaml", "bot: shop\nstart: main\n")
        _ = try dir.folder("flows")
        _ = try dir.folder("flows/old")
        _ = try dir.folder("tests")
        let flow = "flow: main\nsteps:\n  hi: {end: \"¡Hola!\"}\n"
        let test = "flow: main\ntests:\n  - name: saluda\n    conversation:\n      - user: hola\n      - bot: \"¡Hola!\"\n"
        _ = try dir.write("flows/main.yaml", flow)
        _ = try dir.write("flows/old/main.yaml", flow)
        _ = try dir.write("flows/old/extra.yaml", "flow: extra\nsteps:\n  a: {end: Extra}\n")
        _ = try dir.write("main.yaml", flow)
        _ = try dir.write("tests/main.test.yaml", test)
        _ = try dir.write("main.test.yaml", test)
        _ = try dir.write("otro.test.yaml", test)
        // In tests/, only the `NAME.test.yaml` files right there run: a subfolder's and a name without `.test` are reported.
        _ = try dir.folder("tests/old")
        _ = try dir.folder("tests/pedidos")
        _ = try dir.write("tests/old/main.test.yaml", test)
        _ = try dir.write("tests/pedidos/falla.test.yaml", test)
        _ = try dir.write("tests/cobros.yaml", test)
        _ = try dir.write("tests/main.yaml", test)
        _ = try dir.write("tests/mocks.yaml", "- match: {method: GET}\n  json: {ok: true}\n")
        let report = try CheckRun.check(paths: [dir.path])
        var help: [String: String] = [:]
        for d in report.diagnostics where d.rule == "file-not-read" {
            #expect(d.severity == .warning)
            help[String(d.file.dropFirst(dir.path.count + 1))] = d.help ?? ""
        }
        #expect(help == [
            "flows/old/main.yaml": "flows/main.yaml exists: if this is an old copy, keep it outside flows/ (or delete it); a flow to run needs its own file in flows/",
            "flows/old/extra.yaml": "move it to flows/extra.yaml",
            "main.yaml": "flows/main.yaml exists: if this is an old copy, keep it in a folder of its own (or delete it); a flow to run needs its own file in flows/",
            "main.test.yaml": "tests/main.test.yaml exists: if this is an old copy, keep it in a folder of its own (or delete it); tests to run need their own file in tests/",
            "otro.test.yaml": "move it to tests/otro.test.yaml",
            "tests/old/main.test.yaml": "tests/main.test.yaml exists: if this is an old copy, keep it outside tests/ (or delete it); tests to run need their own file in tests/",
            "tests/pedidos/falla.test.yaml": "move it to tests/falla.test.yaml",
            "tests/cobros.yaml": "rename it to tests/cobros.test.yaml",
            "tests/main.yaml": "tests/main.test.yaml exists: if this is an old copy, keep it outside tests/ (or delete it); tests to run need their own file in tests/",
        ], "\(report.diagnostics)")
    }

    @Test func stepKindNamedByMeaning() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a: {message: "Hola"}
              b: {send: "¿Todo bien?"}
              c: {text: "Te cuento"}
              d: {reply: "Dale"}
              e: {question: "¿Nombre?", save: name}
              f: {prompt: "¿Talle?", options: {s: Chico, m: Mediano}}
              g: {next: fin}
              h: {mensaje: "Hola", save: apodo}
              fin: {end: "Chau {{name}} {{apodo}}"}

            """)
        #expect(hints == [
            "unknown-key@3:7": "did you mean `say`?",
            "unknown-key@4:7": "did you mean `say`?",
            "unknown-key@5:7": "did you mean `say`?",
            "unknown-key@6:7": "did you mean `say`?",
            "unknown-key@7:7": "did you mean `ask`?",
            "unknown-key@8:7": "did you mean `menu`? (a step with `options` is a menu)",
            "unknown-key@9:7": "did you mean `goto`?",
            "unknown-key@10:7": "did you mean `ask`? (a step that saves the answer asks)",
        ])
    }
}

extension HintTests {
    @Test func commaInsideSetMapping() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              g: {set: {precio: 1.500,50, envio: 2500}}
              h: {set: {total: 1,500}}
              i: {set: {nota: Hola, ¿qué tal?}}
              j: {end: "{{precio}} {{envio}} {{total}} {{nota}}"}

            """)
        #expect(hints == [
            "invalid-id@3:27": #"a comma separates entries in `{…}`: write `precio: 1500.50`, or quote the value: `precio: "1.500,50"`"#,
            "invalid-id@4:22": #"a comma separates entries in `{…}`: write `total: 1500`, or quote the value: `total: "1,500"`"#,
            "invalid-id@5:25": #"a comma separates entries in `{…}`: quote the value: `nota: "Hola, ¿qué tal?"`"#,
        ])
    }
}

extension HintTests {
    @Test func menuStyleAndListButton() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              b: {menu: "¿Color?", style: botones, options: {r: Rojo, n: Negro}, save: c}
              c: {menu: "¿Cuál?", style: lista, options: {r: Rojo, n: Negro}, save: d}
              p:
                menu: "¿Producto?"
                style: list
                options:
                  a: {label: Remera, description: "Algodón peinado 24/1, cuello redondo, talles S a XXL, colores varios y más"}
                  b: Buzo
                button: "Ver todos los productos ya"
                save: p
              o: {order: {action: crear, items: [{name: Remera, qty: 1}]}}
              e: {end: "{{c}} {{d}} {{p}}"}

            """)
        #expect(hints["wrong-type@3:31"] == "did you mean `buttons`?")
        #expect(hints["wrong-type@4:30"] == "did you mean `list`?")
        #expect(hints["list-row-too-long@9:39"] == "shorten it to 72 characters, or put the details in the menu's text")
        #expect(hints["button-title-too-long@11:13"] == "shorten the text of the button that opens the list to 20 characters, e.g. `button: Ver opciones`")
        #expect(hints["wrong-type@13:23"] == "did you mean `create`?")
    }
}

extension HintTests {
    @Test func templateWhereTextIsFixed() throws {
        let dir = try BadInputTests.TempDir()
        try dir.write("bot.yaml", """
            bot: t
            name: "Tienda {{contact.name}}"
            start: main
            interrupts:
              - {keywords: ["{{x}}"], end: Chau}

            """)
        _ = try dir.folder("flows")
        try dir.write("flows/main.yaml", """
            flow: main
            triggers:
              - keywords: ["pedido {{x}}"]
            steps:
              a: {end: hi}

            """)
        let report = try CheckRun.check(paths: [dir.path])
        let hints = Dictionary(report.diagnostics.map { ("\(FileSystem.basename($0.file))@\($0.range.start.line)", $0.help ?? "") }) { a, _ in a }
        #expect(report.diagnostics.allSatisfy { $0.rule == "unexpected-template" })
        #expect(hints == [
            "bot.yaml@2": "the bot's name is fixed text, the same for every contact: write `name: Tienda`",
            "bot.yaml@5": "a keyword is matched as the contact types it: write the word itself, e.g. `keywords: [pedido]`",
            "main.yaml@3": "a keyword is matched as the contact types it: write the word itself, e.g. `keywords: [pedido]`",
        ])
    }
}

extension HintTests {
    @Test func menuLabelComparedForItsId() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              pick: {menu: "¿Qué tamaño?", options: {s: Chico, m: Mediano}, save: size}
              route:
                branch:
                  - {if: size == "Chico", goto: small}
                  - {if: size == "M", goto: small}
                  - {if: size == "xl", goto: small}
                  - {if: size == "mm", goto: small}
                  - else: small
              small: {end: "Listo"}

            """)
        #expect(hints == [
            "type-mismatch@6:22": #"`"Chico"` is the label of option `s`: compare with `"s"`"#,
            "type-mismatch@7:22": #"`==` tells case and accents apart: compare with `"m"`"#,
            "type-mismatch@8:22": #"compare with one of `"s"`, `"m"`"#,
            "type-mismatch@9:22": #"did you mean `"m"`?"#,
        ])
    }
}

extension HintTests {
    /// A bare number of 100 or more as a typing `delay` is milliseconds (`500ms`, not 500 seconds of
    /// "typing…"); a small one, or a `timeout`, seconds or minutes.
    @Test func bareNumberDurationByField() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a: {say: "Hola", delay: 500}
              b: {say: "Ya", delay: 2}
              c: {ask: "¿Nombre?", save: name, timeout: 500}
              fin: {end: "Chau {{name}}"}

            """)
        #expect(hints == [
            "invalid-duration@3:27": "add a unit, e.g. `500ms` or `500s`",
            "invalid-duration@4:25": "add a unit, e.g. `2s` or `2m`",
            "invalid-duration@5:45": "add a unit, e.g. `500s` or `500m`",
        ])
    }
}

extension HintTests {
    @Test func keysOtherBotToolsUse() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a:
                ask: "¿Cuántos?"
                save: n
                type: number
                error_message: "Un número, por favor"
                max_retries: 2
              b:
                ask: "¿Mail?"
                save: mail
                invalid_message: "No parece un mail"
                attempts: 3
              c:
                ask: "¿Edad?"
                save: edad
                error: "Un número"
              d: {end: "{{n}} {{mail}} {{edad}}"}

            """)
        #expect(hints == [
            "unknown-key@6:5": "did you mean `expect`?",
            "unknown-key@7:5": "did you mean `invalid`?",
            "unknown-key@8:5": "did you mean `retries`?",
            "unknown-key@12:5": "did you mean `invalid`?",
            "unknown-key@13:5": "did you mean `retries`?",
            "unknown-key@17:5": "did you mean `invalid`?",
        ])
    }
}

extension HintTests {
    @Test func misspeltFlowOfAFlowStepTarget() throws {
        let dir = try BadInputTests.TempDir()
        try dir.write("bot.yaml", """
            bot: t
            name: T
            start: main
            interrupts:
              - {keywords: [agente], goto: suport.agent}

            """)
        _ = try dir.folder("flows")
        try dir.write("flows/main.yaml", """
            flow: main
            steps:
              a: {ask: "¿Nombre?", save: x, on_fail: suport.agent}
              b: {goto: suport.nada}
              c: {end: "chau {{x}}"}

            """)
        try dir.write("flows/support.yaml", """
            flow: support
            steps:
              agent: {handoff: ventas}

            """)
        let report = try CheckRun.check(paths: [dir.path])
        let hints = Dictionary(report.diagnostics.map { ("\(FileSystem.basename($0.file))@\($0.range.start.line)", $0.help ?? "") }) { a, _ in a }
        #expect(hints == [
            "bot.yaml@5": "did you mean `support.agent`?",
            "main.yaml@3": "did you mean `support.agent`?",
            // `support` has no step `nada`: the flow alone.
            "main.yaml@4": "did you mean `support`?",
        ])
    }
}

extension HintTests {
    @Test func decimalCommaInACondition() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a: {ask: "¿Cuánto?", save: qty, expect: number}
              b:
                branch:
                  - if: qty > 3,5
                    goto: c
                  - if: qty > 3, 5
                    goto: c
                  - else: c
              c: {end: "{{qty}}"}

            """)
        #expect(hints["expr-syntax@6:20"] == "decimals are written with `.`: `3.5`")
        #expect(hints["expr-syntax@8:20"] == "is an operator missing (`and`, `or`, `==`, `+`), or a quote?")
    }
}

extension HintTests {
    @Test func numberComparedWithAMenuId() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              m:
                menu: "¿Cuántos?"
                options: {1: Uno, 2: Dos}
                save: n
              b:
                branch:
                  - if: n == 1
                    goto: uno
                  - if: n != 3
                    goto: dos
                  - else: dos
              uno: {end: "uno"}
              dos: {end: "dos"}

            """)
        #expect(hints["type-mismatch@9:13"] == #"`n` holds a menu option's id, which is a text: write `n == "1"`"#)
        // 3 is no id: the conversion stays the help.
        #expect(hints["type-mismatch@11:13"] == "convert one side: `number(n)` or `text(3)`")
    }
}

extension HintTests {
    @Test func commaInsideALabelKeptAsWritten() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a:
                menu: "¿Cuál?"
                options:
                  p: {label: Premier 2,5kg, goto: b}
                  q: {label: Nada, gracias, goto: b}
                save: x
              b: {end: "{{x}}"}

            """)
        #expect(hints["unknown-key@6:28"] == #"a `,` inside `{…}` ends a value: quote the text that holds one, e.g. `label: "Premier 2,5kg"`"#)
        #expect(hints["unknown-key@7:24"] == #"a `,` inside `{…}` ends a value: quote the text that holds one, e.g. `label: "Nada, gracias"`"#)
    }
}

extension HintTests {
    @Test func buttonLabelTooLongForAListRowToo() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a:
                menu: "¿Cuál?"
                options:
                  a: "Golden Adulto 15kg - R$ 189,90"
                  b: "Golden Adulto 15kg extra"
                save: x
              b: {end: "{{x}}"}

            """)
        #expect(hints["button-title-too-long@6:10"] == "shorten it to 20 characters, or add `style: text` (a numbered list in the message)")
        #expect(hints["button-title-too-long@7:10"] == "shorten it, or add `style: list` (row titles allow 24)")
    }
}

extension HintTests {
    @Test func severalDataSourcesFoundInTheDataFolder() throws {
        let dir = try BadInputTests.TempDir()
        try dir.write("bot.yaml", """
            bot: t
            name: T
            start: main

            """)
        _ = try dir.folder("flows")
        _ = try dir.folder("data")
        try dir.write("data/inventario.sqlite", "")
        try dir.write("data/ventas.db", "")
        try dir.write("flows/main.yaml", """
            flow: main
            steps:
              a: {query: "SELECT 1 AS n", save: rows}
              b: {end: "{{len(rows)}}"}

            """)
        let report = try CheckRun.check(paths: [dir.path])
        let missing = report.diagnostics.first { $0.rule == "missing-key" }
        #expect(missing?.help == "name the one it reads with `db:`: `db: inventario` or `db: ventas`")
    }
}

extension HintTests {
    @Test func boundOfAnotherTypeNamesEveryTypeThatTakesIt() throws {
        let hints = try Self.hints("""
            flow: main
            vars:
              hora: {type: time, min: "10:00"}
              mail: {type: email, max: 3}
              dia: {type: date, min: "2026-01-01"}
              cod: {type: yes_no, pattern: "^s$"}
            steps:
              a: {end: "{{hora}} {{mail}} {{dia}} {{cod}}"}

            """)
        #expect(hints["unknown-key@3:22"] == "`min` belongs to types `text` and `number`, not `time`")
        #expect(hints["unknown-key@4:23"] == "`max` belongs to types `text` and `number`, not `email`")
        #expect(hints["unknown-key@5:21"] == "`min` belongs to types `text` and `number`; a date is bounded with `after` and `before` (days left out)")
        #expect(hints["unknown-key@6:23"] == "`pattern` belongs to types `text` and `regex`, not `yes_no`")
    }
}

extension HintTests {
    @Test func typeNamedInSpanishOrPortuguese() throws {
        let hints = try Self.hints("""
            flow: main
            vars:
              tel: teléfono
              cel: {type: Telefone}
              dia: fecha
              hora_turno: hora
              n: número
              nota: texto
              mail: correo
              ok: sí_no
              ok2: sim_não
              foto: imagen
              lugar: ubicación
              talle: opciones
            steps:
              a: {ask: "¿Seguís?", expect: si_no, save: sigue}
              b: {end: "{{sigue}}"}

            """)
        #expect(hints["unknown-type@3:8"] == "did you mean `phone`?")
        #expect(hints["unknown-type@4:15"] == "did you mean `phone`?")
        #expect(hints["unknown-type@5:8"] == "did you mean `date`?")
        #expect(hints["unknown-type@6:15"] == "did you mean `time`?")
        #expect(hints["unknown-type@7:6"] == "did you mean `number`?")
        #expect(hints["unknown-type@8:9"] == "did you mean `text`?")
        #expect(hints["unknown-type@9:9"] == "did you mean `email`?")
        #expect(hints["unknown-type@10:7"] == "did you mean `yes_no`?")
        #expect(hints["unknown-type@11:8"] == "did you mean `yes_no`?")
        #expect(hints["unknown-type@12:9"] == "did you mean `image`?")
        #expect(hints["unknown-type@13:10"] == "did you mean `location`?")
        #expect(hints["unknown-type@14:10"] == "did you mean `choice`?")
        #expect(hints["unknown-type@16:32"] == "did you mean `yes_no`?")
    }

    @Test func testKeysInSpanishOrInTheWrongPlace() throws {
        let dir = try BadInputTests.TempDir()
        try dir.write("bot.yaml", "bot: t\nname: T\nstart: main\n")
        _ = try dir.folder("flows")
        _ = try dir.folder("tests")
        try dir.write("flows/main.yaml", """
            flow: main
            steps:
              a: {ask: "¿Nombre?", save: nombre}
              b: {end: "Hola {{nombre}}"}

            """)
        try dir.write("tests/main.test.yaml", """
            flow: main
            tests:
              - name: saluda
                flow: main
                conversation:
                  - usuario: hola
                  - bot: "¿Nombre?"
                  - usuário: Ana
                  - cliente: Ana

            """)
        let report = try CheckRun.check(paths: [dir.path])
        let hints = Dictionary(report.diagnostics.map { ("\($0.rule)@\($0.range.start.line):\($0.range.start.column)", $0.help ?? "") }) { a, _ in a }
        #expect(hints == [
            "unknown-key@4:5": "`flow` belongs to the top of the test file (`flow: NAME` above `tests:`), for all of its tests",
            "unknown-key@6:9": "did you mean `user`?",
            "unknown-key@8:9": "did you mean `user`?",
            "unknown-key@9:9": "did you mean `user`?",
        ])
    }
}

extension HintTests {
    @Test func namesAsTheAuthorMeantThem() throws {
        let dir = try BadInputTests.TempDir()
        try dir.write("bot.yaml", """
            bot: t
            name: T
            start: flows/main.yaml
            language: es-AR
            interrupts:
              - {keywords: [agente], goto: Support.Agent}

            """)
        _ = try dir.folder("flows")
        try dir.write("flows/main.yaml", """
            flow: main
            vars:
              año: number
            steps:
              a: {ask: "¿Talle?", expect: {type: regex, pattern: '^(?<tamaño>\\w+)$'}, save: talle}
              b: {call: flows/support.yml}
              c: {end: "{{talle}} {{tamanio}}"}

            """)
        try dir.write("flows/support.yaml", """
            flow: support
            steps:
              agent: {handoff: ventas}

            """)
        let report = try CheckRun.check(paths: [dir.path])
        let hints = Dictionary(report.diagnostics.map { ("\(FileSystem.basename($0.file))@\($0.range.start.line):\($0.range.start.column)", $0.help ?? "") }) { a, _ in a }
        #expect(hints == [
            "bot.yaml@3:8": "write `main`",
            "bot.yaml@4:1": "did you mean `locale`?",
            "bot.yaml@6:32": "did you mean `support.agent`?",
            "main.yaml@3:3": "write `anio`",
            "main.yaml@5:56": "write `(?<tamanio>…)` and read it as `{{tamanio}}`",
            "main.yaml@6:13": "write `support`",
        ])
    }

    @Test func localeWithAnEncoding() throws {
        for (written, meant) in [("es-AR.UTF-8", "es-AR"), ("es_AR.utf8", "es-AR"), ("pt_BR@latin", "pt-BR")] {
            let dir = try BadInputTests.TempDir()
            try dir.write("bot.yaml", "bot: t\nname: T\nstart: main\nlocale: \(written)\n")
            _ = try dir.folder("flows")
            try dir.write("flows/main.yaml", "flow: main\nsteps:\n  a: {end: hola}\n")
            let report = try CheckRun.check(paths: [dir.path])
            #expect(report.diagnostics.map(\.help) == ["did you mean `\(meant)`?"], "\(written)")
        }
    }
}

extension HintTests {
    @Test func sqlRefusalHintFitsTheMistake() throws {
        let dir = try BadInputTests.TempDir()
        try dir.write("bot.yaml", "bot: t\nname: T\nstart: main\ndata: {catalog: data/catalog.sqlite}\n")
        _ = try dir.folder("flows")
        _ = try dir.folder("data")
        let catalog = FileSystem.join(CorpusTests.corpus, "valid/query_row_columns/data/catalog.sqlite")
        try dir.write("data/catalog.sqlite", try FileSystem.read(catalog, limit: 1 << 20))
        try dir.write("flows/main.yaml", """
            flow: main
            steps:
              a: {query: "WITH x AS (DELETE FROM products RETURNING *) SELECT * FROM x", save: r1}
              b: {query: "SELECT name FROM products WHERE name LIKE %{{'mate'}}%", save: r2}
              c: {query: "SELECT name FROM products WHERE", save: r3}
              d: {query: "SELECT name FROM products WHERE name = {{'a'}}; -- by name", save: r4}
              e: {end: "{{len(r1)}} {{len(r2)}} {{len(r3)}} {{len(r4)}}"}

            """)
        let report = try CheckRun.check(paths: [dir.path])
        let hints = Dictionary(report.diagnostics.map { ("\($0.rule)@\($0.range.start.line)", $0.help ?? "") }) { a, _ in a }
        #expect(hints == [
            "query-sql@3": "queries only read data; orders and events have their own steps",
            "query-sql@4": "a `{{ }}` hole is a value (a bound parameter): for a pattern write `LIKE '%' || {{x}} || '%'`",
            "query-sql@5": "try the statement in `sqlite3 data/catalog.sqlite`, with a value for each `{{ }}`",
        ])
    }
}

extension HintTests {
    @Test func quotedNumberForANumberVariableAsTheLocaleReadsIt() throws {
        let flow = """
            flow: main
            vars:
              precio: number
            steps:
              a: {set: {precio: "25.000"}}
              b: {set: {precio: "2,5"}}
              c: {set: {precio: "1.500,50"}}
              d: {end: "{{precio}}"}

            """
        for (locale, expected) in [("es-CL", ["25000", "2.5", "1500.5"]), ("en-US", ["25.000", "2.5", nil])] {
            let dir = try BadInputTests.TempDir()
            try dir.write("bot.yaml", "bot: t\nname: T\nstart: main\nlocale: \(locale)\n")
            _ = try dir.folder("flows")
            try dir.write("flows/main.yaml", flow)
            let report = try CheckRun.check(paths: [dir.path])
            let hints = Dictionary(report.diagnostics.map { ("\($0.rule)@\($0.range.start.line)", $0.help ?? "") }) { a, _ in a }
            for (line, number) in zip(5..., expected) {
                if let number {
                    #expect(hints["var-type-conflict@\(line)"] == "drop the quotes: `precio: \(number)`", "\(locale) line \(line)")
                }
            }
        }
    }
}

extension HintTests {
    @Test func pipeFilterAsACallOfThePipedValue() throws {
        let flow = """
            flow: main
            vars:
              precio: number
              nombre: text
            steps:
              a: {say: "{{ precio | money }}"}
              b: {say: "{{ precio * 2 | money }}"}
              c: {say: "{{ nombre | upper }}"}
              d: {end: "{{precio}} {{nombre}}"}

            """
        for (locale, currency) in [("es-CL", "CLP"), ("pt-BR", "BRL"), ("es-ES", "EUR"), ("en-US", "USD"), (nil, "ARS")] {
            let dir = try BadInputTests.TempDir()
            try dir.write("bot.yaml", "bot: t\nname: T\nstart: main\n" + (locale.map { "locale: \($0)\n" } ?? ""))
            _ = try dir.folder("flows")
            try dir.write("flows/main.yaml", flow)
            let report = try CheckRun.check(paths: [dir.path])
            let hints = Dictionary(report.diagnostics.map { ("\($0.rule)@\($0.range.start.line)", $0.help ?? "") }) { a, _ in a }
            #expect(hints["expr-syntax@6"] == "a filter is a function here: write `{{money(precio, \"\(currency)\")}}`")
            #expect(hints["expr-syntax@7"] == "a filter is a function here: write `{{money(precio * 2, \"\(currency)\")}}`")
            #expect(hints["expr-syntax@8"] == "a filter is a function here: write `{{upper(nombre)}}`")
        }
    }
}

extension HintTests {
    /// A flow or step id of digits alone gets a fix of its own kind, not the bot id's example.
    @Test func digitIdsGetAFlowOrStepFix() throws {
        let hints = try Self.hints("""
            flow: "2"
            steps:
              "1": {say: Hola}
              "-": {end: Chau}

            """)
        #expect(hints["invalid-id@1:7"] == "start it with a letter: `flujo_2`")
        #expect(hints["invalid-id@3:3"] == "start it with a letter: `paso_1`")
        #expect(hints["invalid-id@4:3"] == "start it with a letter, e.g. `paso_1`")
    }
}

extension HintTests {
    /// An option's keys as WhatsApp's list rows and other tools shorten or name them.
    @Test func optionKeyShortenedOrNamedElsewhere() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              m:
                menu: "¿Qué?"
                options:
                  a: {label: Uno, desc: primero}
                  b: {title: Dos}
                save: x
              fin: {end: "{{x}}"}

            """)
        #expect(hints == [
            "unknown-key@6:23": "did you mean `description`?",
            "unknown-key@7:11": "did you mean `label`?",
        ])
    }
}

extension HintTests {
    /// `{choices: rojo, azul, verde}`: the help writes the whole list (following it checks), and
    /// text a `,` cut into several pieces is quoted whole.
    @Test func commasInsideBracesMeantAList() throws {
        let hints = try Self.hints("""
            flow: main
            vars:
              color: {type: choice, choices: rojo, azul, verde}
              cuotas: {type: choice, choices: 1, 3, 6}
            steps:
              a:
                menu: "¿Algo más?"
                options:
                  no: {label: Nada, gracias, amigo, goto: b}
                  si: Sí
              b: {ask: "¿Color?", save: color}
              c: {ask: "¿Cuotas?", save: cuotas}
              d: {end: "{{color}} {{cuotas}}"}

            """)
        #expect(hints["wrong-type@3:34"] == "write it as a list, e.g. `[rojo, azul, verde]`")
        #expect(hints["wrong-type@4:35"] == "write it as a list, e.g. `[1, 3, 6]`")
        #expect(hints["unknown-key@9:25"] == #"a `,` inside `{…}` ends a value: quote the text that holds one, e.g. `label: "Nada, gracias, amigo"`"#)
        #expect(hints.count == 3, "\(hints)")
    }
}

extension HintTests {
    /// `- si: … / - sino: …`: a branch arm's keys in Spanish or Portuguese, named in English.
    @Test func branchArmKeysInSpanish() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              q: {ask: "¿Cuántas?", expect: number, save: qty}
              b:
                branch:
                  - si: qty > 3
                    entonces: mucho
                  - sino: poco
              mucho: {end: "mucho"}
              poco: {end: "poco"}

            """)
        #expect(hints["unknown-key@6:9"] == "did you mean `if`?")
        #expect(hints["unknown-key@7:9"] == "did you mean `goto`?")
        #expect(hints["unknown-key@8:9"] == "did you mean `else`?")
        #expect(hints.count == 3, "\(hints)")
    }
}

extension HintTests {
    /// `{% if … %}`: the help names what flowc has instead of tags.
    @Test func liquidTagInAText() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              q: {ask: "¿Cuántas?", expect: number, save: qty}
              fin: {end: "{% if qty > 1 %}muchos{% endif %}"}

            """)
        #expect(hints["single-braces@4:15"]
            == "choose the text with a `branch` step (a `say` for each case), give a default with `??`, and put values in `{{ }}`, e.g. `{{qty}}`")
        #expect(hints.count == 1, "\(hints)")
    }
}

extension HintTests {
    /// A `choice` of numbers holds text too; the help says it is one of its `choices`, not a menu's id.
    @Test func numberComparedWithAChoice() throws {
        let hints = try Self.hints("""
            flow: main
            vars:
              cuotas: {type: choice, choices: [1, 3, 6]}
            steps:
              q: {ask: "¿Cuotas?", save: cuotas}
              b:
                branch:
                  - if: cuotas == 3
                    goto: c
                  - else: c
              c: {end: "{{cuotas}}"}

            """)
        #expect(hints["type-mismatch@8:13"] == #"`cuotas` holds one of its `choices`, which is a text: write `cuotas == "3"`"#, "\(hints)")
    }
}

extension HintTests {
    /// `mensaje:` in an `email` is its `body`; `properties:` beside `track:` goes inside it.
    @Test func emailAndTrackKeysOutOfPlace() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              n: {ask: "¿Nombre?", save: nombre}
              e:
                email:
                  to: "ventas@cocolu.com"
                  asunto: "Pedido"
                  mensaje: "De {{nombre}}"
                on_error: fin
              t:
                track: compra
                properties: {quien: "{{nombre}}"}
              u:
                say: "Listo"
                track: {event: listo}
                properties: {quien: "{{nombre}}"}
              fin:
                end: "Gracias"

            """)
        #expect(hints["unknown-key@7:7"] == "did you mean `subject`?")
        #expect(hints["unknown-key@8:7"] == "did you mean `body`?")
        #expect(hints["unknown-key@12:5"] == "`properties` belongs to the `track:` mapping: write `track: {event: compra, properties: {…}}`")
        #expect(hints["unknown-key@16:5"] == "`properties` belongs to the `track:` mapping: write `track: {event: listo, properties: {…}}`")
        #expect(hints.count == 4, "\(hints)")
    }
}

extension HintTests {
    /// A read of a name written as an invalid save was (`{{dirección}}`, `{{Cantidad Pedida}}`,
    /// `{{first-name}}`): the help gives the name to write, as the save's own help does.
    @Test func invalidNameReadAsWritten() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a: {ask: "¿Dirección?", save: dirección}
              b: {ask: "¿Cuántas?", save: Cantidad Pedida, expect: number}
              c: {ask: "¿Nombre?", save: first-name}
              d: {end: "{{dirección}} {{Cantidad Pedida}} {{first-name}}"}

            """)
        #expect(hints["invalid-id@3:33"] == "write `direccion`")
        #expect(hints["expr-syntax@6:15"] == "names use only ASCII letters, digits and `_`: write `direccion`")
        #expect(hints["expr-syntax@6:38"] == "is an operator missing (`and`, `or`, `==`, `+`), or a quote? (a variable name has no spaces: `cantidad_pedida`)")
        #expect(hints["unknown-variable@6:49"] == "did you mean `first_name`?")
        #expect(hints.count == 6)
    }

    /// A quote never closed before the end of the file: the help closes the text it opened (in a
    /// flow mapping before the next `,`; a quoted key before its `:`), not the rest of the line.
    @Test func aQuoteNeverClosedIsClosedWhereItsTextEnds() throws {
        #expect(try Self.hints("flow: main\nsteps:\n  a:\n    say: {text: \"hola, buttons: [a, b]}\n")["yaml-syntax@4:17"]
                == "close it where the text ends, e.g. `\"hola\"`")
        #expect(try Self.hints("flow: main\nsteps:\n  \"a:\n    say: hola\n")["yaml-syntax@3:3"]
                == "close it where the text ends, e.g. `\"a\":`")
    }

    /// A list item whose `-` is one column off is a list's mistake, not a mapping's.
    @Test func aMisalignedListItemGetsAListsHelp() throws {
        let hints = try Self.hints("flow: main\nsteps:\n  a:\n    branch:\n      - if: contact.name == \"a\"\n        goto: b\n       - else: b\n  b: {end: x}\n")
        #expect(hints["yaml-syntax@7:8"] == "the items of one list start with `-` in the same column")
    }

    /// `[Oferta] 2x1`: the help quotes the whole text, a list item's too, without its comment.
    @Test func aTextStartingWithABracketIsQuotedWhole() throws {
        #expect(try Self.hints("flow: main\nsteps:\n  a:\n    say: [Oferta] 2x1 # hoy\n")["yaml-syntax@4:19"]
                == "quote the whole text: `\"[Oferta] 2x1\"`")
        #expect(try Self.hints("flow: main\nsteps:\n  a:\n    say:\n      text: hola\n      buttons:\n        - [Sí] dale\n")["yaml-syntax@7:16"]
                == "quote the whole text: `\"[Sí] dale\"`")
    }

    /// `say: > Hola` (a reply quoted as in an e-mail): the text after a block's `>` belongs on the next
    /// lines, or the whole value in quotes.
    @Test func textAfterABlockIndicatorIsExplained() throws {
        #expect(try Self.hints("flow: main\nsteps:\n  a:\n    say: > Hola, ¿seguimos?\n")["yaml-syntax@4:12"]
                == "write the text on the lines below `>`, indented, or quote it: `\"> Hola, ¿seguimos?\"`")
    }
}
