import Foundation
import Testing

/// `flowc build` → `flowc inspect` / `flowc chat bundle.flowb`, and `flowc graph` (spec §6).
struct BuildInspectGraphTests {
    /// Every step id of the shop bot, as `flow.step`, read from the YAML (a step is a key indented
    /// two spaces under `steps:`).
    static func shopSteps() throws -> [String] {
        let flows = FlowcRun.root.appendingPathComponent("examples/shop/flows")
        var out: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: flows.path).sorted() where file.hasSuffix(".yaml") {
            let text = try String(contentsOf: flows.appendingPathComponent(file), encoding: .utf8)
            var flow = "", inSteps = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("flow: ") { flow = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
                if !line.hasPrefix(" ") && !line.isEmpty && !line.hasPrefix("#") { inSteps = line.hasPrefix("steps:") ; continue }
                guard inSteps, line.hasPrefix("  "), !line.hasPrefix("   "), let colon = line.firstIndex(of: ":") else { continue }
                let id = line[line.index(line.startIndex, offsetBy: 2)..<colon]
                if !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { out.append("\(flow).\(id)") }
            }
        }
        return out
    }

    static let conversation = E2E.lines(["hola", "2", "4", "2", "Ana Pérez", "/vars", "/restart", "precios", "3", "no"])

    @Test func buildThenInspectAndChatTheBundle() throws {
        let dir = try E2E.temp()
        let bundle = dir.appendingPathComponent("shop.flowb").path
        let build = try E2E.flowc(["build", E2E.shop, "-o", bundle])
        #expect(build.exitedCleanly && build.status == 0, "\(build)")
        #expect(build.stdout.hasPrefix("wrote \(bundle): 4 flows, "), "\(build)")
        #expect(FileManager.default.fileExists(atPath: bundle))
        let graph = try E2E.flowc(["graph", bundle])
        #expect(graph.exitedCleanly && graph.status == 2 && graph.stderr.contains("not a .flowb bundle"), "\(graph)")

        let inspect = try E2E.flowc(["inspect", bundle])
        #expect(inspect.exitedCleanly && inspect.status == 0, "\(inspect)")
        #expect(inspect.stdout.hasPrefix("bundle shop \"Cocolu Ventas\" locale es-AR hash "), "\(inspect.stdout.prefix(300))")
        for flow in ["main", "order", "catalog", "support"] {
            #expect(inspect.stdout.contains("\nflow \(flow)"), "flow \(flow) is disassembled")
        }
        for step in try Self.shopSteps() {
            let id = String(step.split(separator: ".")[1])
            #expect(inspect.stdout.contains("  \(id):\n"), "step \(step) is labelled in the disassembly")
        }
        #expect(inspect.stdout.contains("constants ("), "constant pool")
        #expect(inspect.stdout.contains("strings ("), "string pool")
        #expect(inspect.stdout.contains("Bienvenido/a a *Cocolu*"), "the strings are there")

        // Source lines beside instructions, for a folder...
        let folder = try E2E.flowc(["inspect", E2E.shop])
        #expect(folder.status == 0, "\(folder)")
        #expect(folder.stdout.contains("; 9: say: \"{{trim('¡Hola ' + (contact.name ?? ''))}}!"), "\(folder.stdout.prefix(3000))")
        // ...and for the bundle built from it, given the folder (or run inside it); without them, no source lines.
        #expect(!inspect.stdout.contains("; 9: say:"), "\(inspect.stdout.prefix(3000))")
        let withSources = try E2E.flowc(["inspect", bundle, "--sources", E2E.shop])
        #expect(withSources.stdout.contains("; 9: say: \"{{trim('¡Hola ' + (contact.name ?? ''))}}!"), "\(withSources.stdout.prefix(3000))")
        let inside = try E2E.run(E2E.flowcPath, ["inspect", bundle], cwd: URL(fileURLWithPath: E2E.shop))
        #expect(inside.stdout == withSources.stdout)
        #expect(try E2E.flowc(["inspect", bundle, "--sources", "/nonexistent"]).status == 2)

        // The bundle runs the same conversation as the folder.
        let fromFolder = try E2E.flowc(["chat", E2E.shop, "--jsonl", "--name", "Ana"], input: Self.conversation)
        let fromBundle = try E2E.flowc(["chat", bundle, "--jsonl", "--name", "Ana"], input: Self.conversation)
        #expect(fromFolder.exitedCleanly && fromFolder.status == 0, "\(fromFolder)")
        #expect(fromBundle.exitedCleanly && fromBundle.status == 0, "\(fromBundle)")
        #expect(fromBundle.stdout == fromFolder.stdout, "bundle:\n\(fromBundle.stdout)\nfolder:\n\(fromFolder.stdout)")
        #expect(fromFolder.stdout.contains("Bombilla de alpaca"), "\(fromFolder)")
        #expect(fromFolder.stdout.contains("\"event\":\"ended\""), "\(fromFolder)")
        // Plain mode too.
        let plainFolder = try E2E.flowc(["chat", E2E.shop], input: Self.conversation)
        let plainBundle = try E2E.flowc(["chat", bundle], input: Self.conversation)
        #expect(plainBundle.stdout == plainFolder.stdout, "bundle:\n\(plainBundle.stdout)\nfolder:\n\(plainFolder.stdout)")
    }

    @Test func buildIsReproducible() throws {
        let dir = try E2E.temp()
        let a = dir.appendingPathComponent("a.flowb").path, b = dir.appendingPathComponent("b.flowb").path
        #expect(try E2E.flowc(["build", E2E.shop, "-o", a]).status == 0)
        #expect(try E2E.flowc(["build", E2E.shop, "-o", b]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)), "same sources, same bytes")
        // The same bot from another folder, and named another way: the same bundle (its hash pins conversations).
        let copy = dir.appendingPathComponent("checkout/shop")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: E2E.shop), to: copy)
        let c = dir.appendingPathComponent("c.flowb").path, d = dir.appendingPathComponent("d.flowb").path
        #expect(try E2E.flowc(["build", copy.path + "/", "-o", c]).status == 0)
        #expect(try E2E.run(E2E.flowcPath, ["build", ".", "-o", d], cwd: copy).status == 0)
        for other in [c, d] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: other)), "\(other)")
        }
    }

    /// Sources changed since the bundle was built would put wrong lines beside its instructions:
    /// `inspect` says so on stderr and shows none; the sources it was built from are shown.
    @Test func inspectShowsNoStaleSourceLines() throws {
        let dir = try E2E.temp()
        let copy = dir.appendingPathComponent("shop")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: E2E.shop), to: copy)
        let bundle = dir.appendingPathComponent("shop.flowb").path
        #expect(try E2E.flowc(["build", copy.path, "-o", bundle]).status == 0)
        let same = try E2E.flowc(["inspect", bundle, "--sources", copy.path])
        #expect(same.status == 0 && same.stderr.isEmpty, "\(same)")
        #expect(same.stdout.contains("; 9: say: \"{{trim('¡Hola ' + (contact.name ?? ''))}}!"), "\(same.stdout.prefix(3000))")
        // Two lines more at the top of main.yaml: line 9 is now two lines further down.
        let main = copy.appendingPathComponent("flows/main.yaml")
        try ("# a note\n# another\n" + String(contentsOf: main, encoding: .utf8)).write(to: main, atomically: true, encoding: .utf8)
        let stale = try E2E.flowc(["inspect", bundle, "--sources", copy.path])
        #expect(stale.exitedCleanly && stale.status == 0, "\(stale)")
        #expect(stale.stderr.contains("warning: the sources in \(copy.path) are not what \(bundle) was built from"), "\(stale)")
        #expect(!stale.stdout.contains("  ; "), "no source line is shown: \(stale.stdout.prefix(3000))")
        #expect(stale.stdout.contains("\nflow main"), "the disassembly is still there")
        // Beside the bundle (no --sources) the same.
        let beside = try E2E.run(E2E.flowcPath, ["inspect", bundle], cwd: copy)
        #expect(beside.stderr.contains("are not what \(bundle) was built from") && !beside.stdout.contains("  ; "), "\(beside)")
    }

    /// Interrupts go to steps by name; a flow's final `ret` (past its last step) has no source line.
    @Test func inspectNamesInterruptTargetsAndLeavesTheFinalReturnUntagged() throws {
        let r = try E2E.flowc(["inspect", E2E.shop])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("interrupt 0: agente,humano,agent → goto support.agent\n"), "\(r.stdout.prefix(12000))")
        #expect(r.stdout.contains("interrupt 1: menu,inicio → goto main.greet\n"), "\(r.stdout.prefix(12000))")
        #expect(r.stdout.contains("interrupt 2: cancelar,stop → end, (bot)@3\n"), "\(r.stdout.prefix(12000))")
        #expect(!r.stdout.contains("goto(flow:"), "\(r.stdout.prefix(12000))")
        // The last instruction of each flow: `ret` alone, not beside the first step's line.
        let flows = r.stdout.components(separatedBy: "\nflow ").dropFirst().filter { !$0.hasPrefix("(bot)") }
        #expect(flows.count == 4)
        for flow in flows {
            let last = flow.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            #expect(last.hasSuffix("  ret") && !last.contains(";"), "flow \(flow.prefix(20)): `\(last)`")
        }
    }

    /// A bundle that does not decode is a file that cannot be read: exit 2, with what is wrong.
    @Test func aTruncatedOrAlteredBundleCannotRun() throws {
        let dir = try E2E.temp()
        let good = dir.appendingPathComponent("shop.flowb").path
        #expect(try E2E.flowc(["build", E2E.shop, "-o", good]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let cut = dir.appendingPathComponent("cut.flowb")
        try bytes.prefix(100).write(to: cut)
        var flipped = bytes
        flipped[flipped.count - 10] ^= 0xFF
        let altered = dir.appendingPathComponent("altered.flowb")
        try flipped.write(to: altered)
        for bad in [cut.path, altered.path] {
            for command in [["inspect", bad], ["chat", bad]] {
                let r = try E2E.flowc(command, input: "hola\n")
                #expect(r.exitedCleanly && r.status == 2, "\(command): \(r)")
                #expect(r.stderr.contains(bad), "\(command): \(r)")
            }
        }
    }

    @Test func buildOfABrokenBotWritesNothing() throws {
        let bot = try ProbeBot.write()
        try E2E.write(ProbeBot.mainYAML.replacingOccurrences(of: "save: color", with: "save: colour\n    expect: nope"), to: bot, "flows/main.yaml")
        let out = bot.appendingPathComponent("out.flowb").path
        let r = try E2E.flowc(["build", bot.path, "-o", out])
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(r.stderr.contains("no bundle written"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let missing = try E2E.flowc(["build", "/nonexistent/bot", "-o", out])
        #expect(missing.exitedCleanly && missing.status == 2, "\(missing)")
        let unwritable = try E2E.flowc(["build", E2E.shop, "-o", "/nonexistent/dir/out.flowb"])
        #expect(unwritable.exitedCleanly && unwritable.status == 2, "\(unwritable)")
        // Never over a source (a typo in -o) nor over a file that is no bundle.
        let lone = try E2E.write("flow: solo\nsteps:\n  hi: {end: hola}\n", to: try E2E.temp(), "solo.yaml")
        let overSource = try E2E.flowc(["build", lone, "-o", lone])
        #expect(overSource.status == 2 && overSource.stderr.contains("one of the bot's own files"), "\(overSource)")
        #expect(try String(contentsOfFile: lone, encoding: .utf8).hasPrefix("flow: solo"), "the flow is as it was")
        let notes = try E2E.write("mis notas\n", to: try E2E.temp(), "notes.txt")
        let overText = try E2E.flowc(["build", lone, "-o", notes])
        #expect(overText.status == 2 && overText.stderr.contains("is not a bundle"), "\(overText)")
        // A bundle given to build: the folder is to be built, not checked.
        let bundle = try E2E.temp().appendingPathComponent("shop.flowb").path
        #expect(try E2E.flowc(["build", E2E.shop, "-o", bundle]).status == 0)
        let again = try E2E.flowc(["build", bundle, "-o", bundle + "2"])
        #expect(again.status == 2, "\(again)")
        #expect(again.stderr.contains("is a compiled bundle: build the bot folder it was built from"), "\(again)")
    }

    @Test func aBundleFromALoneFlowFileRuns() throws {
        let dir = try E2E.temp()
        let flow = try E2E.write("""
            flow: solo
            vars:
              n: number
            steps:
              ask_n:
                ask: "¿Un número?"
                save: n
              done:
                end: "El doble es {{n * 2}}"

            """, to: dir, "solo.yaml")
        let bundle = dir.appendingPathComponent("solo.flowb").path
        let build = try E2E.flowc(["build", flow, "-o", bundle])
        #expect(build.status == 0, "\(build)")
        let r = try E2E.flowc(["chat", bundle], input: E2E.lines(["hola", "21"]))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.stdout == "¿Un número?\n\nEl doble es 42\n\n", "\(r)")
    }

    /// `-o` through a symbolic link replaces the link's target (the link stays); `-o -` writes the
    /// bundle to standard output (the summary to stderr); a directory is refused.
    @Test func buildWritesThroughLinksAndToStandardOutput() throws {
        let dir = try E2E.temp()
        let target = dir.appendingPathComponent("real.flowb").path
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("link.flowb").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.flowb")
        let viaLink = try E2E.flowc(["build", E2E.shop, "-o", link])
        #expect(viaLink.status == 0, "\(viaLink)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "real.flowb", "the link is still a link")
        let written = try Data(contentsOf: URL(fileURLWithPath: target))
        #expect(written.starts(with: Array("FLOW".utf8)), "the target holds the bundle")
        let out = dir.appendingPathComponent("piped.flowb").path
        let piped = try E2E.run("/bin/sh", ["-c", "\"$0\" build \"$1\" -o - > \"$2\"", E2E.flowcPath, E2E.shop, out])
        #expect(piped.status == 0 && piped.stderr.contains("wrote -:"), "\(piped)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == written, "the same bundle, on stdout")
        let folder = try E2E.flowc(["build", E2E.shop, "-o", dir.path])
        #expect(folder.status == 2 && folder.stderr.contains("it is a directory"), "\(folder)")
    }

    /// Ids that would read the same once made safe for DOT (`a` + `b__c` and `a__b` + `c`; `ask-size`
    /// and `ask_x2Dsize`) are still one node per step.
    @Test func stepsWhoseIdsLookAlikeAreNodesOfTheirOwn() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: gc\nname: G\nstart: a\n", to: dir, "bot.yaml")
        try E2E.write("flow: a\nsteps:\n  x:\n    call: a__b\n  b__c:\n    say: uno\n  ask-size:\n    say: dos\n  ask_x2Dsize:\n    end: tres\n",
                      to: dir, "flows/a.yaml")
        try E2E.write("flow: a__b\nsteps:\n  c:\n    return: cuatro\n", to: dir, "flows/a__b.yaml")
        for format in ["dot", "mermaid"] {
            let r = try E2E.flowc(["graph", dir.path, "--format", format])
            #expect(r.status == 0, "\(r)")
            let declared = r.stdout.split(separator: "\n").compactMap { line -> String? in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard !t.contains("->"), !t.contains("-->"), t.contains(format == "dot" ? " [label=" : "[\"") || t.contains("((") else { return nil }
                // (`x_ended`, where `end` steps go, is no step's node.)
                guard !t.hasPrefix("subgraph"), !t.hasPrefix("label"), !t.hasPrefix("x_") else { return nil }
                return String(t.prefix { $0 != " " && $0 != "[" && $0 != "(" })
            }
            // (Flow `a` ends in an `end` step: only `a__b`, which returns, has an end node.)
            #expect(declared.count == 6 && Set(declared).count == 6, "\(format): 5 steps and 1 flow end, each once: \(declared)\n\(r.stdout)")
        }
        let dot = try E2E.flowc(["graph", dir.path])
        let file = try E2E.write(dot.stdout, to: dir, "g.dot")
        if let graphviz = E2E.which("dot") {
            let svg = try E2E.run(graphviz, ["-Tsvg", file])
            #expect(svg.status == 0, "\(svg.stderr)")
        }
    }

    @Test func aStepOrFlowNamedEndIsItsOwnNode() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: gb\nname: G\nstart: main\n", to: dir, "bot.yaml")
        try E2E.write("flow: main\nsteps:\n  sub:\n    call: end\n  end:\n    end: chau\n", to: dir, "flows/main.yaml")
        try E2E.write("flow: end\nsteps:\n  back:\n    return: y\n", to: dir, "flows/end.yaml")
        let dot = try E2E.flowc(["graph", dir.path])
        #expect(dot.status == 0, "\(dot)")
        let declared = dot.stdout.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.contains(" [label=") && !t.contains("->") ? String(t.prefix { $0 != " " }) : nil
        }
        #expect(Set(declared).count == declared.count, "every node declared once: \(declared)")
        #expect(dot.stdout.contains("s_main__end [label=\"end\\n(end)\"]"), "\(dot.stdout)")
        #expect(dot.stdout.contains("s_end__back -> s_end__0exit [label=\"return\"]"), "\(dot.stdout)")
        #expect(dot.stdout.contains("s_main__sub -> s_main__end [label=\"returned\"]"), "\(dot.stdout)")
        let mermaid = try E2E.flowc(["graph", dir.path, "--format", "mermaid"])
        #expect(mermaid.stdout.contains("subgraph flow_end[\"flow end\"]"), "\(mermaid.stdout)")
        #expect(!mermaid.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("end_") }, "\(mermaid.stdout)")
    }

    @Test(arguments: ["dot", "mermaid"])
    func graphMentionsEveryStep(format: String) throws {
        let r = try E2E.flowc(["graph", E2E.shop, "--format", format])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let steps = try Self.shopSteps()
        #expect(steps.count >= 30, "\(steps)")
        for step in steps {
            let id = String(step.split(separator: ".")[1])
            #expect(r.stdout.contains(id), "\(format) graph mentions \(step)")
        }
        if format == "dot" {
            #expect(r.stdout.hasPrefix("digraph"), "\(r.stdout.prefix(200))")
            #expect(r.stdout.contains("->"))
            #expect(r.stdout.occurrences(of: "{") == r.stdout.occurrences(of: "}"), "balanced braces")
        } else {
            let first = r.stdout.split(separator: "\n").first ?? ""
            #expect(first.hasPrefix("flowchart") || first.hasPrefix("graph"), "\(first)")
            #expect(r.stdout.contains("-->") || r.stdout.contains("-.->"))
        }
    }

    /// The bot's interrupts leave from one node (they fire at any wait), and `end` reaches "conversation ends".
    @Test func graphDrawsInterruptsAndEnds() throws {
        let dot = try E2E.flowc(["graph", E2E.shop])
        #expect(dot.stdout.contains("x_interrupts -> s_support__agent [label=\"agente, humano, agent\", style=dashed];"), "\(dot.stdout)")
        #expect(dot.stdout.contains("x_interrupts -> x_ended [label=\"cancelar, stop\", style=dashed];"), "\(dot.stdout)")
        #expect(dot.stdout.contains("s_main__bye -> x_ended;"), "\(dot.stdout)")
        let mermaid = try E2E.flowc(["graph", E2E.shop, "--format", "mermaid"])
        #expect(mermaid.stdout.contains("x_interrupts -.->|\"menu, inicio\"| s_main__greet"), "\(mermaid.stdout)")
        #expect(mermaid.stdout.contains("x_ended(((\"conversation ends\")))"), "\(mermaid.stdout)")
    }

    /// Every action's `on_error` is an edge, `email` and `track` included.
    @Test func graphDrawsOnErrorOfEveryAction() throws {
        let dir = try E2E.temp()
        try E2E.write("""
            flow: m
            steps:
              mail:
                email: {to: "a@b.co", subject: "Hola", body: "x"}
                on_error: mail_failed
              tr:
                track: visita
                on_error: track_failed
              ok:
                end: listo
              mail_failed:
                end: sin mail
              track_failed:
                end: sin track

            """, to: dir, "m.yaml")
        let dot = try E2E.flowc(["graph", dir.appendingPathComponent("m.yaml").path])
        #expect(dot.status == 0, "\(dot)")
        #expect(dot.stdout.contains("s_m__mail -> s_m__mail_failed [label=\"on_error\"];"), "\(dot.stdout)")
        #expect(dot.stdout.contains("s_m__tr -> s_m__track_failed [label=\"on_error\"];"), "\(dot.stdout)")
        #expect(dot.stdout.contains("s_m__mail -> s_m__tr;"), "\(dot.stdout)")
    }

    /// The Mermaid graph of a two-option menu with these option labels (a YAML flow mapping's values).
    static func mermaid(options: String) throws -> E2ERun {
        let dir = try E2E.temp()
        try E2E.write("""
            flow: m
            steps:
              pick:
                menu: "Elegí"
                options: \(options)
              bye:
                end: chau

            """, to: dir, "m.yaml")
        return try E2E.flowc(["graph", dir.appendingPathComponent("m.yaml").path, "--format", "mermaid"])
    }

    /// Mermaid reads `#…;` as an entity and `<…>` as HTML inside a label: both are written as entity codes.
    @Test func mermaidLabelsEscapeEntitiesAndMarkup() throws {
        let r = try Self.mermaid(options: #"{a: "Promo #1; {x} <z>", b: "Dos | tres"}"#)
        #expect(r.stdout.contains("|\"Promo #35;1; {x} #lt;z#gt;\"|"), "\(r.stdout)")
        #expect(r.stdout.contains("|\"Dos #124; tres\"|"), "\(r.stdout)")
    }

    /// `&` is written as an entity code too (`&lt;` would be shown as `<`), and so is a backtick
    /// (a label starting with one is Markdown); nothing of the label is left for Mermaid to read.
    @Test func mermaidLabelsEscapeAmpersandsAndBackticks() throws {
        let r = try Self.mermaid(options: #"{a: "B ]) }}<br/>&lt;#35;", b: "`**x**` & y"}"#)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("|\"B ]) }}#lt;br/#gt;#amp;lt;#35;35;\"|"), "\(r.stdout)")
        #expect(r.stdout.contains("|\"#96;**x**#96; #amp; y\"|"), "\(r.stdout)")
        let labels = r.stdout.split(separator: "\n").filter { $0.contains("-->|") }.map { $0.split(separator: "|")[1] }
        #expect(labels.allSatisfy { !$0.contains("&") && !$0.contains("<") && !$0.contains("`") }, "\(labels)")
    }

    /// A flow's end node is drawn only when something leads to it: a flow that falls off its last
    /// step or returns has one; one whose every path ends in `end` or jumps away has none.
    @Test(arguments: ["dot", "mermaid"])
    func aFlowsEndIsDrawnOnlyWhenReached(format: String) throws {
        let dir = try E2E.temp()
        try E2E.write("bot: ge\nname: G\nstart: main\n", to: dir, "bot.yaml")
        try E2E.write("flow: main\nsteps:\n  sub:\n    call: helper\n  loop:\n    goto: other\n", to: dir, "flows/main.yaml")
        try E2E.write("flow: helper\nsteps:\n  hi:\n    say: hola\n", to: dir, "flows/helper.yaml")
        try E2E.write("flow: other\nsteps:\n  ask:\n    ask: \"¿Seguimos?\"\n    save: seguir\n  bye:\n    end: chau\n", to: dir, "flows/other.yaml")
        let r = try E2E.flowc(["graph", dir.path, "--format", format])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("end of helper"), "helper falls off its last step: \(r.stdout)")
        #expect(!r.stdout.contains("end of main") && !r.stdout.contains("s_main__0exit"), "main ends in a goto: \(r.stdout)")
        #expect(!r.stdout.contains("end of other") && !r.stdout.contains("s_other__0exit"), "other ends in `end`: \(r.stdout)")
        #expect(r.stdout.contains(format == "dot" ? "s_helper__hi -> s_helper__0exit" : "s_helper__hi --> s_helper__0exit"), "\(r.stdout)")
    }

    /// The way in (the start flow, each trigger), where a question goes when its re-asks run out
    /// without `on_fail` (the conversation ends), and a handoff's timeout with its duration.
    @Test(arguments: ["dot", "mermaid"])
    func graphDrawsTheWayInRetriesExhaustedAndHandoffTimeouts(format: String) throws {
        let dir = try E2E.temp()
        try E2E.write("bot: gw\nname: G\nstart: main\nlocale: es-AR\n", to: dir, "bot.yaml")
        try E2E.write("""
            flow: main
            steps:
              q:
                ask: "¿Edad?"
                expect: number
                save: edad
                timeout: 10m
              stock:
                http: {get: "https://api.example.com/stock"}
                save: s
              pick:
                menu: "¿Qué?"
                options:
                  a: Uno
                  b: Dos
                save: o
              bye:
                end: chau

            """, to: dir, "flows/main.yaml")
        try E2E.write("""
            flow: help
            triggers:
              - keywords: [ayuda, socorro]
              - regex: "^necesito"
            steps:
              h:
                handoff: {queue: ventas, timeout: 5m, on_timeout: late}
              late:
                end: nadie

            """, to: dir, "flows/help.yaml")
        let r = try E2E.flowc(["graph", dir.path, "--format", format])
        #expect(r.status == 0, "\(r)")
        if format == "dot" {
            for edge in ["x_start -> s_main__q [label=\"start\", style=bold];",
                         "x_start -> s_help__h [label=\"ayuda, socorro\", style=bold];",
                         "x_start -> s_help__h [label=\"/^necesito/\", style=bold];",
                         "s_main__q -> x_ended [label=\"retries exhausted\"];",
                         "s_main__pick -> x_ended [label=\"retries exhausted\"];",
                         "s_help__h -> s_help__late [label=\"timeout 5m\"];",
                         // A timeout without `on_timeout`, an action without `on_error`: the end.
                         "s_main__q -> x_ended [label=\"timeout 10m\"];",
                         "s_main__stock -> x_ended [label=\"error\"];",
                         "x_start [label=\"new conversation\", shape=oval];"] {
                #expect(r.stdout.contains(edge), "\(edge)\n\(r.stdout)")
            }
            if let graphviz = E2E.which("dot") {
                let file = try E2E.write(r.stdout, to: dir, "g.dot")
                let svg = try E2E.run(graphviz, ["-Tsvg", file])
                #expect(svg.status == 0 && svg.stderr.isEmpty, "\(svg.stderr)")
            }
        } else {
            for edge in ["x_start([\"new conversation\"])", "x_start ==>|\"start\"| s_main__q", "x_start ==>|\"ayuda, socorro\"| s_help__h",
                         "x_start ==>|\"/^necesito/\"| s_help__h", "s_main__q -->|\"retries exhausted\"| x_ended",
                         "s_main__pick -->|\"retries exhausted\"| x_ended", "s_help__h -->|\"timeout 5m\"| s_help__late",
                         "s_main__q -->|\"timeout 10m\"| x_ended", "s_main__stock -->|\"error\"| x_ended"] {
                #expect(r.stdout.contains(edge), "\(edge)\n\(r.stdout)")
            }
        }
    }

    @Test(.enabled(if: E2E.which("dot") != nil))
    func graphvizAcceptsTheDotOutput() throws {
        let dir = try E2E.temp()
        let graph = try E2E.flowc(["graph", E2E.shop, "--format", "dot"])
        let dotFile = try E2E.write(graph.stdout, to: dir, "shop.dot")
        let svg = try E2E.run(try #require(E2E.which("dot")), ["-Tsvg", dotFile], timeout: 20)
        #expect(svg.exitedCleanly && svg.status == 0, "\(svg.stderr)")
        #expect(svg.stderr.isEmpty, "no Graphviz warnings: \(svg.stderr)")
        #expect(svg.stdout.contains("<svg"))
        for step in try Self.shopSteps().prefix(5) {
            #expect(svg.stdout.contains(String(step.split(separator: ".")[1])))
        }
    }

    @Test func graphOfAMissingOrBrokenBot() throws {
        let missing = try E2E.flowc(["graph", "/nonexistent/bot"])
        #expect(missing.exitedCleanly && missing.status == 2, "\(missing)")
        let badFormat = try E2E.flowc(["graph", E2E.shop, "--format", "png"])
        #expect(badFormat.exitedCleanly && badFormat.status == 2, "\(badFormat)")
    }
}
