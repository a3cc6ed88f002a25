import FlowDiagnostics

/// One diagnostic rule: its id, what it means, a mistake that triggers it and the fix.
public struct RuleEntry: Sendable {
    /// The stable id shown in brackets.
    public var id: String
    /// Error or warning (before `--strict`).
    public var severity: Severity
    /// One line on what it finds.
    public var summary: String
    /// YAML that triggers it.
    public var example: String
    /// The same YAML, fixed.
    public var fix: String
}

/// Every rule `flowc check` reports (`flowc explain RULE`, grammar/rules.md).
public enum RuleCatalog {
    private static func r(_ id: String, _ summary: String, _ example: String, _ fix: String) -> RuleEntry {
        RuleEntry(id: id, severity: .error, summary: summary, example: example, fix: fix)
    }

    private static func w(_ id: String, _ summary: String, _ example: String, _ fix: String) -> RuleEntry {
        RuleEntry(id: id, severity: .warning, summary: summary, example: example, fix: fix)
    }

    /// The rules, grouped as the checker runs them: files, YAML, schema, names, types, graph, limits.
    public static let rules: [RuleEntry] = [
        r("file-too-large", "A file is larger than 8 MiB; flows are never that big.", "(a 100 MB file)", "split the bot into one file per flow"),
        r("binary-file", "The file is not text (it holds NUL bytes).", "(an image saved as flows/menu.yaml)", "save the flow as UTF-8 text"),
        r("invalid-utf8", "The file is not valid UTF-8.", "say: \"Hola\\xE1\"  (Latin-1 bytes)", "save the file as UTF-8"),
        r("empty-file", "The file has no YAML document.", "(empty file)", "flow: main\nsteps:\n  hi: {say: Hola}"),
        r("yaml-syntax", "The YAML cannot be parsed: bad indentation, a tab, an unclosed quote, a stray `:`.",
          "steps:\n  hi:\n\tsay: Hola", "steps:\n  hi:\n    say: Hola"),
        r("yaml-multiple-documents", "A file holds more than one YAML document (`---`).", "flow: a\n---\nflow: b", "one flow per file"),
        r("yaml-undefined-alias", "An alias `*name` has no anchor `&name` before it.", "hi: {say: &greeting Hola}\nbye: {say: *greting}", "hi: {say: &greeting Hola}\nbye: {say: *greeting}"),
        r("yaml-alias-limit", "Aliases expand to more than 100,000 nodes (a billion-laughs bomb).", "a: &a [x, x]\nb: &b [*a, *a]  # … nested", "write values out"),
        r("yaml-unknown-tag", "A value starts with `!`, which YAML reads as a tag (only the core `!!str`, `!!int`, … are known).",
          "if: !ok", "if: not ok"),
        r("yaml-too-deep", "Collections nest more than 128 levels deep.", "json: [[[[[[ … ]]]]]]", "flatten the value"),
        r("yaml-complex-key", "A mapping key is a list or a mapping.", "? [a, b]\n: x", "a_b: x"),
        r("yaml-merge", "`<<` merges something that is not a mapping.", "<<: 3", "<<: *defaults"),
        r("duplicate-key", "A key appears twice in one mapping (also duplicate step ids and menu option ids).",
          "steps:\n  hi: {say: Hola}\n  hi: {say: Chau}", "steps:\n  hi: {say: Hola}\n  bye: {say: Chau}"),
        r("unknown-key", "A key the format does not have, usually a typo.", "ask: ¿Cuántos?\ntimout: 5m", "ask: ¿Cuántos?\ntimeout: 5m"),
        r("wrong-type", "A value of the wrong YAML type.", "retries: tres", "retries: 3"),
        r("missing-key", "A required key is missing.", "menu: ¿Talle?", "menu: ¿Talle?\noptions: {s: Chico, m: Mediano}"),
        r("bot-file-name", "The bot's file is named `bot.yml`: flowc reads `bot.yaml`.", "shop/bot.yml", "shop/bot.yaml"),
        r("missing-flows", "A bot folder has no flows/ folder.", "shop/bot.yaml only", "shop/flows/main.yaml"),
        w("file-not-read", "A flow or test file the bot never reads: flowc reads the YAML files right in `flows/` and the `NAME.test.yaml` files right in `tests/` (not in their subfolders, nor a test file named without `.test`); a flow or test file beside bot.yaml is not read either.",
          "shop/flows/ventas/mayorista.yaml", "shop/flows/mayorista.yaml"),
        r("invalid-id", "A name is not written as its kind needs: bot ids are lower-case letters, digits and `_`; flow and step ids letters (accents too), digits, `_` and `-`, starting with a letter (no dots or spaces); option ids the same, also starting with a digit; variables ASCII letters, digits and `_`.", "bot: Mi-Tienda", "bot: mi_tienda"),
        r("invalid-duration", "A duration is not like `30s`, `15m`, `2h`, `1d`, `1h30m`.", "timeout: 15 minutes", "timeout: 15m"),
        r("invalid-target", "A target is not `step`, `flow` or `flow.step`.", "goto: support/agent", "goto: support.agent"),
        r("invalid-range", "`min` is larger than `max`.", "qty: {type: number, min: 20, max: 1}", "qty: {type: number, min: 1, max: 20}"),
        r("invalid-region", "A phone `region` is not a two-letter country code.", "region: Argentina", "region: AR"),
        r("invalid-date", "A date option is not an ISO date or today/tomorrow.", "after: 31/12/2026", "after: 2026-12-31"),
        r("invalid-email", "An email address written in the flow is not one.", "email: {to: ventas, …}", "email: {to: ventas@cocolu.com.ar, …}"),
        r("invalid-url", "An http URL the runtime always refuses: it does not start with http:// or https://, has no host or a port out of 1–65535, or has a space in the flow's own text (values spliced into it are encoded).", "get: api.test/items", "get: https://api.test/items"),
        r("invalid-header-name", "An http header name is not an HTTP token: ASCII letters, digits and a few marks such as `-` and `_`, no spaces or accents.",
          "headers: {Autorización: \"Bearer 1\"}", "headers: {Authorization: \"Bearer 1\"}"),
        r("invalid-data-source", "A data source is not a SQLite file.", "data: {catalog: data/catalog.csv}", "data: {catalog: data/catalog.sqlite}"),
        r("missing-data-file", "A declared data source file does not exist.", "data: {catalog: data/catalgo.sqlite}", "data: {catalog: data/catalog.sqlite}"),
        r("invalid-date-format", "A date question's `format` cannot read a date: no day or month, or a letter that is not a date field.",
          "expect: {type: date, format: MM/yyyy}", "expect: {type: date, format: dd/MM/yyyy}"),
        r("reserved-name", "A variable named like a namespace or keyword (`contact`, `message`, `env`, `and` …).", "save: message", "save: note"),
        r("unknown-type", "A variable type that does not exist.", "qty: integer", "qty: {type: number, integer: true}"),
        r("unknown-locale", "A locale flowc has no formats for (case and `_` do not matter: `es_ar` is `es-AR`; `es`, `pt`, `en` are `es-ES`, `pt-BR`, `en-US`, and `es-419` is `es-MX`).", "locale: fr-FR", "locale: es-AR"),
        r("unknown-timezone", "A time zone flowc does not know.", "timezone: Buenos_Aires", "timezone: America/Argentina/Buenos_Aires"),
        r("step-no-kind", "A step has no kind key: only modifiers such as `delay` or `save`.", "hi:\n  delay: 2s", "hi:\n  say: Hola\n  delay: 2s"),
        r("step-kinds", "A step has two kind keys.", "hi:\n  say: Hola\n  ask: ¿Nombre?", "hi: {say: Hola}\nname: {ask: ¿Nombre?, save: name}"),
        r("goto-after-end", "`goto` on an `end` step never runs.", "bye: {end: Chau, goto: main}", "bye: {say: Chau, goto: main}"),
        r("goto-after-return", "`goto` on a `return` step never runs.", "back: {return: ~, goto: main}", "back: {goto: main}"),
        r("trigger-kinds", "A trigger has both `keywords` and `regex`.", "- {keywords: [hola], regex: '^hi'}", "- keywords: [hola]\n- regex: '^hi'"),
        r("branch-arm", "A branch arm mixes `if` and `else`, or gives `else` a `goto`.", "- else: true\n  goto: x", "- else: x"),
        r("else-not-last", "`else` is not the last arm of a branch.", "- else: a\n- if: x\n  goto: b", "- if: x\n  goto: b\n- else: a"),
        r("branch-no-else", "A branch has no `else` and its conditions may all be false.",
          "branch:\n  - if: qty > 10\n    goto: bulk", "branch:\n  - if: qty > 10\n    goto: bulk\n  - else: create"),
        r("http-methods", "An http action has two methods.", "http: {get: URL, post: URL}", "http: {post: URL}"),
        r("http-body", "An http action sends both json and form, or a GET sends a body.", "http: {get: URL, json: {a: 1}}", "http: {post: URL, json: {a: 1}}"),
        r("interrupt-actions", "An interrupt has more than one action.", "- keywords: [x]\n  goto: main\n  end: Chau", "- keywords: [x]\n  goto: main"),
        r("turn-kinds", "A test turn is not exactly one of user, bot, wait or release.", "- user: hola\n  bot: Hola", "- user: hola\n- bot: Hola"),
        r("duplicate-flow", "Two flow files have the same `flow:` id.", "flows/a.yaml and flows/b.yaml both `flow: order`", "rename one"),
        r("unknown-flow", "A `call`, `start` or test names a flow that does not exist.", "call: wholesael", "call: wholesale"),
        r("unknown-target", "A `goto`, `on_*`, branch or option target does not exist.", "goto: remnd", "goto: remind"),
        r("unknown-data-source", "A query names a data source bot.yaml does not declare.", "db: catalgo", "db: catalog"),
        r("missing-braces", "An unquoted `set` value that computes (arithmetic, a comparison, a function of variables) without `{{ }}` is stored as that text.",
          "set: {total: qty * 1500}", "set: {total: \"{{qty * 1500}}\"}"),
        w("single-braces", "A variable in single braces (`{name}`, `${name}`), or a Liquid or Jinja tag (`{% if … %}`), is sent as written: values go in `{{ }}`.",
          "say: \"Hola {name}\"", "say: \"Hola {{name}}\""),
        w("duplicate-keyword", "A keyword an earlier interrupt or an earlier flow's trigger already has: it never fires.",
          "interrupts:\n  - {keywords: [agente], goto: support}\n  - {keywords: [agente, humano], handoff: ventas}",
          "interrupts:\n  - {keywords: [agente], goto: support}\n  - {keywords: [humano], handoff: ventas}"),
        w("comment-in-text", "An unquoted text is cut by ` #`, or a quoted one by a `#` right after its closing quote: either starts a YAML comment.",
          "say: Tu pedido #{{num}} está listo", "say: \"Tu pedido #{{num}} está listo\""),
        w("duplicate-test", "Two tests of one test file have the same name: the report and --junit cannot tell them apart.",
          "tests:\n  - name: compra\n    …\n  - name: compra", "tests:\n  - name: compra con envío\n    …\n  - name: compra retirando"),
        w("misspelt-variable", "A variable set but never read beside a declared one of a close name that is read but never set.",
          "vars: {qty: number}\nsteps:\n  q: {ask: \"¿Cuántos?\", save: qyt}\n  bye: {end: \"{{qty}}\"}",
          "vars: {qty: number}\nsteps:\n  q: {ask: \"¿Cuántos?\", save: qty}\n  bye: {end: \"{{qty}}\"}"),
        r("unexpected-template", "`{{ }}` where text is not evaluated (bot name, keywords).", "keywords: ['{{x}}']", "keywords: [pedido]"),
        r("recursive-call", "Flows `call` each other in a circle, so the call stack grows without end.", "pick: {menu: ¿Qué?, options: {a: A}}\nagain: {call: menu}  # in flow menu", "pick: {menu: ¿Qué?, options: {a: A}}\nagain: {goto: menu}"),
        r("unreachable-step", "No path leads to a step.", "bye: {end: Chau}\nlost: {say: Nunca}", "remove `lost`, or jump to it"),
        w("unused-flow", "A flow is never entered: no trigger, not `start`, never called.", "flows/old.yaml", "delete it or call it"),
        r("cycle-without-wait", "Steps loop without an `ask`, `menu` or `handoff`, so the bot would spin.",
          "a: {say: Hola, goto: b}\nb: {goto: a}", "a: {ask: ¿Otra vez?, save: again}\nb: {say: 'Dijiste {{again}}', goto: a}"),
        r("used-before-set", "A variable is read where some path a conversation can take has not set it (a path that passes one condition, or one menu choice, both ways is not one: `if: delivery` asks the address, `if: delivery` later reads it).",
          "greet: {say: 'Hola {{name}}'}\nask_name: {ask: ¿Nombre?, save: name}", "ask_name: {ask: ¿Nombre?, save: name}\ngreet: {say: 'Hola {{name}}'}"),
        w("never-set", "A declared variable that no step sets is read: it is null unless a test, `--var` or the runtime gives it.",
          "vars: {nickname: text}\n… say: 'Hola {{nickname}}'", "ask_nick: {ask: ¿Tu apodo?, save: nickname}"),
        w("maybe-unset", "A json value (an `http` or `query` result) is read where some path has not set it: it is null there.",
          "create: {http: {post: URL}, save: order}\n… bulk: {call: wholesale, goto: done}\ndone: {end: 'Pedido #{{order.id}}'}",
          "done: {end: 'Pedido #{{order.id ?? \"(mayorista)\"}}'}"),
        w("maybe-null", "`contact.name` or `contact.phone` is used where null stops the conversation (`+`, `<`): it is null for a contact whose channel gives no name or phone.",
          "say: \"{{'¡Hola ' + contact.name}}\"", "say: \"{{'¡Hola ' + (contact.name ?? '')}}\""),
        w("unused-variable", "A variable is declared or set but never read.", "set: {gift: true}  # never read", "remove it, or use it"),
        r("invalid-value", "A value set as is breaks the variable's declared limits.", "vars: {qty: {type: number, max: 20}}\n… set: {qty: 50}", "set: {qty: 20}"),
        r("var-type-conflict", "A variable is given two types.", "vars: {qty: number}\n… set: {qty: tres}", "set: {qty: 3}"),
        r("expr-syntax", "An expression cannot be parsed.", "if: qty > 10 && size == 'l'", "if: qty > 10 and size == 'l'"),
        r("template-syntax", "A template has an unclosed or empty `{{ }}`.", "say: 'Hola {{contact.name'", "say: 'Hola {{contact.name}}'"),
        r("unknown-variable", "An expression reads a variable no flow declares or saves.", "say: '{{qtty}}'", "say: '{{qty}}'"),
        r("unknown-field", "A field that `contact`, `message` or `bot` does not have, or a column a `query`'s rows do not have (checked against the bot's data file when only queries save the variable).", "'{{contact.nombre}}'", "'{{contact.name}}'"),
        r("secret-exposed", "A `secret.*` value in what is sent to the contact or stored (a message, a `set`, an `order`, a `track`): secrets go only into `http` and `email` actions.",
          "say: 'Tu clave: {{secret.API_TOKEN}}'", "http: {get: \"{{env.API_URL}}/x\", headers: {Authorization: \"Bearer {{secret.API_TOKEN}}\"}}"),
        r("unknown-function", "A function that does not exist.", "'{{upcase(name)}}'", "'{{upper(name)}}'"),
        r("wrong-arity", "A function called with the wrong number of arguments.", "'{{round()}}'", "'{{round(total, 2)}}'"),
        r("type-mismatch", "A value of the wrong type in an expression or assignment, or a text compared with a variable that never holds it (a menu's option label for its id).", "if: name", "if: name != \"\""),
        w("thousands-dot", "A number written `2.500` (a dot, three digits, the last a 0) in a bot whose locale writes a decimal comma (es-AR, pt-BR, …): in a flow (and in a test's `vars` and `expect: vars`) the `.` is always the decimal point, so it is 2.5, not two thousand five hundred (a decimal has no use for its trailing zeros).",
          "set: {envio: 2.500}", "set: {envio: 2500}"),
        r("division-by-zero", "An expression divides by the literal 0 (`/ 0`, `% 0`): it fails every time it runs.",
          "set: {each: \"{{total / 0}}\"}", "set: {each: \"{{total / qty}}\"}"),
        r("invalid-argument", "A literal argument a function does not accept (date unit, currency, date pattern letter), or hours added to a date.", "money(total, \"PESOS\")", "money(total, \"ARS\")"),
        r("invalid-regex", "A regular expression does not compile.", "regex: '^(?<item>.+$'", "regex: '^(?<item>.+)$'"),
        w("regex-backtracking", "A pattern repeats a group that can match the same text in many ways (`(a+)+`, `(\\w+\\s?)+`): a long answer that does not match takes the regex engine exponential time.",
          "pattern: '^([A-Za-z]+ ?)+$'", "pattern: '^[A-Za-z]+( [A-Za-z]+)*$'"),
        w("regex-slashes", "A pattern written between slashes, as in JavaScript (`/^hola$/i`): the slashes are characters to match, so it never matches what was meant.",
          "regex: '/^hola$/i'", "regex: '(?i)^hola$'"),
        w("interrupt-group", "A named group in an interrupt's regex: interrupts set no variables, so the flow it goes to reads an earlier value of that name, or none.",
          "- regex: '^estado (?<folio>\\d+)$'\n  goto: status", "- regex: '^estado \\d+$'\n  goto: status   # status asks for the folio, or reads {{message.text}}"),
        w("group-same-as-save", "A question's pattern has a named group of the same name as the variable it saves: the whole answer is saved there, and the group's part is lost.",
          "pattern: '^(?<cod>[A-Z]{3})-[0-9]+$'\nsave: cod", "pattern: '^(?<prefijo>[A-Z]{3})-[0-9]+$'\nsave: cod"),
        r("query-not-select", "A `query` is not a SELECT.", "query: DELETE FROM items", "query: SELECT * FROM items"),
        r("query-sql", "The data source's SQLite file (when it has tables) refuses the query: a syntax error, a table or column that is not there.",
          "query: \"SELECT nome FROM produto WHERE nome LIKE %{{termo}}%\"", "query: \"SELECT nome FROM produtos WHERE nome LIKE '%' || {{termo}} || '%'\""),
        r("query-parameter", "A parameter in SQL that gets no value: a hand-written `?`, `:name`, `@name` or `$name`, or a `{{ }}` inside an SQL comment (every hole is bound).",
          "WHERE name = ?  -- or: -- by {{name}}", "WHERE name = {{name}}"),
        w("order-create-id", "An `order` with `action: create` and an `id`: a new order gets a number of its own, and the `id` is not used.",
          "order: {action: create, id: \"{{order.id}}\", items: …}", "order: {action: update, id: \"{{order.id}}\", items: …}"),
        w("query-list", "A list in a query compared as one value (`sku = {{skus}}`): outside `IN ( )` a list is bound as its JSON text, which matches no row.",
          "WHERE sku = {{skus}}", "WHERE sku IN ({{skus}})"),
        w("query-constant-order", "A `{{ }}` that is a whole `ORDER BY` or `GROUP BY` term: it is bound as a value, the same for every row, so the rows are not sorted (or grouped) by the column its text names.",
          "ORDER BY {{orden}}", "ORDER BY CASE {{orden}} WHEN 'precio' THEN price ELSE name END"),
        r("query-quoted-hole", "A `{{ }}` inside quotes in SQL (it is bound, not spliced).", "WHERE name = '{{name}}'", "WHERE name = {{name}}"),
        r("duplicate-option", "Two menu options have the same label, or two buttons of a message the same title.", "options: {a: Rojo, b: rojo}", "options: {a: Rojo, b: Azul}"),
        r("misplaced-key", "A key at the wrong depth: a menu's own key (`save` with a variable of the bot or a name read elsewhere in it, `goto`/`on_fail`/`on_timeout` with a step, `retries`, `timeout`) indented under `options:`, where it is an option; or a step's key (`say: Hola`, `goto: bye`) indented like a step id, where it is a step.",
          "options:\n  s: Chico\n  l: Grande\n  save: size\n… end: \"Talle {{size}}\"", "options:\n  s: Chico\n  l: Grande\nsave: size"),
        r("text-too-long", "A message is longer than WhatsApp allows (4096; captions 1024).", "say: (5,000 characters)", "split it"),
        w("unknown-option", "A test presses a button (`user: {button: …}`) that no menu option or button of the bot has (a warning: a stale button tapped late is a real case to test).",
          "- user: {button: compar}", "- user: {button: comprar}"),
        r("empty-value", "A message, option label, button, keyword or trigger regex is empty: nothing to send, or it would match every message.",
          "say: \"\"\n- keywords: [\"\"]", "say: \"¡Hola!\"\n- keywords: [hola]"),
        r("too-many-buttons", "More than 3 reply buttons on a `say` message.", "say: {text: Elegí, buttons: [a, b, c, d]}", "a `menu` (a list from 4 options)"),
        r("button-title-too-long", "A button title (or a ≤3-option menu label, when no option has a description) over 20 characters.",
          "options: {a: Quiero hablar con un vendedor}", "options: {a: Hablar con vendedor}"),
        r("too-many-list-rows", "A `style: list` menu with more than 10 options.", "style: list  # 12 options", "drop `style`, or split"),
        r("list-row-too-long", "A list row title over 24 characters (or a description over 72).",
          "(a 4–10 option menu) x: Remera oversize algodón peinado", "x: {label: Remera oversize, description: algodón peinado}"),
        w("description-not-shown", "A `style: buttons` menu with option descriptions: a reply button shows only its title, so the descriptions are lost on WhatsApp.",
          "style: buttons\noptions:\n  a: {label: Golden 15kg, description: \"R$ 189,90\"}", "options:\n  a: {label: Golden 15kg, description: \"R$ 189,90\"}"),
    ]

    private static let byId: [String: RuleEntry] = {
        var table: [String: RuleEntry] = [:]
        for entry in rules { table[entry.id] = entry }
        return table
    }()

    /// The rule with `id`.
    public static func rule(_ id: String) -> RuleEntry? { byId[id] }

    /// The fix hint of a diagnostic reported without one of its own: the rule's fix, as an
    /// example when it is YAML, and where to read more. Every diagnostic then has a `help:`.
    public static func defaultHelp(_ id: String) -> String? {
        guard let rule = byId[id] else { return nil }
        // Broad rules cover many mistakes: one example would not fit most of them.
        if broadRules.contains(id) { return "`flowc explain \(id)` shows the rule with examples" }
        let fix = rule.fix.split(separator: "\n").map { String($0.drop(while: { $0 == " " })) }.joined(separator: "  ")
        let yaml = fix.contains(":") || fix.contains("{{") || fix.contains("[")
        return (yaml ? "for example `\(fix)`" : fix) + " (`flowc explain \(id)` shows the rule)"
    }

    /// Rules reported for many different mistakes, whose single example would mislead.
    static let broadRules: Set<String> = ["wrong-type", "missing-key", "type-mismatch", "yaml-syntax", "unknown-key"]

    /// `diagnostics` with every missing `help` filled from its rule.
    public static func withHelp(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { d in
            guard d.help == nil, let help = defaultHelp(d.rule) else { return d }
            var d = d
            d.help = help
            return d
        }
    }

    /// The nearest rule id, for a mistyped `flowc explain`: a typo, or a shortened one whose words
    /// each start a word of the rule's (`unused-var`, `dup-key`).
    public static func closest(_ id: String) -> String? {
        if let near = Suggestion.closest(to: id, in: rules.map(\.id)) { return near }
        let words = id.lowercased().split(separator: "-")
        guard words.count > 1 else { return nil }
        let shortened = rules.map(\.id).filter { rule in
            let full = rule.split(separator: "-")
            return full.count == words.count && zip(words, full).allSatisfy { $1.hasPrefix($0) }
        }
        return shortened.count == 1 ? shortened.first : nil
    }

    /// One rule for the terminal.
    public static func text(_ e: RuleEntry) -> String {
        func indent(_ s: String) -> String { s.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") }
        return "\(e.severity.rawValue)[\(e.id)]: \(e.summary)\n\nFor example:\n\(indent(e.example))\n\nFix:\n\(indent(e.fix))\n"
    }

    /// The whole catalogue as Markdown.
    public static func markdown() -> String {
        var out = """
            # Diagnostic rules

            Every problem `flowc check` reports has a rule id, shown as `error[RULE]` or
            `warning[RULE]`. `flowc explain RULE` prints the entry below. `--strict` turns
            warnings into errors. This file is generated by `flowc explain --markdown`.

            | rule | severity | finds |
            |---|---|---|

            """
        for e in rules { out += "| [`\(e.id)`](#\(e.id)) | \(e.severity.rawValue) | \(e.summary.replacing("|", with: "\\|")) |\n" }
        for e in rules { out += "\n" + markdown(e) }
        return out
    }

    /// One rule's entry as Markdown, as in the catalogue.
    public static func markdown(_ e: RuleEntry) -> String {
        "## \(e.id)\n\n\(e.summary)\n\n```yaml\n# wrong\n\(e.example)\n```\n\n```yaml\n# right\n\(e.fix)\n```\n"
    }
}
