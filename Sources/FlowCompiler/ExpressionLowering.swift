import FlowBytecode
import FlowSyntax

/// Lowers expressions, templates and data values to stack code.
extension BundleCompiler {
    static let namespaces: [String: Namespace] = ["contact": .contact, "message": .message, "bot": .bot, "env": .env, "secret": .secret]

    func expression(_ e: Expr, _ b: inout CodeBuilder, _ pools: inout Pools) {
        switch e.kind {
        case .number(let n): b.emit(.const_, pools.constant(.number(n)))
        case .string(let s): b.emit(.const_, pools.constant(.text(s)))
        case .bool(let v): b.emit(v ? .true_ : .false_)
        case .null: b.emit(.null)
        case .list(let items):
            for item in items { expression(item, &b, &pools) }
            b.emit(.list, Int32(items.count))
        case .variable(let name):
            if let ns = Self.namespaces[name] { b.emit(.namespace, ns.rawValue, -1) } else { b.emit(.load, pools.string(name)) }
        case .member(let base, let name, _):
            if case .variable(let root) = base.kind, let ns = Self.namespaces[root] {
                b.emit(.namespace, ns.rawValue, pools.string(name))
            } else {
                expression(base, &b, &pools)
                b.emit(.field, pools.string(name))
            }
        case .index(let base, let i):
            expression(base, &b, &pools)
            expression(i, &b, &pools)
            b.emit(.index)
        case .unary(let op, let x):
            expression(x, &b, &pools)
            b.emit(op == .not ? .not : .neg)
        case .binary(let op, let l, let r):
            switch op {
            case .and, .or, .coalesce:
                expression(l, &b, &pools)
                let jump = b.emit(op == .and ? .jumpIfFalseKeep : op == .or ? .jumpIfTrueKeep : .jumpIfNotNullKeep)
                b.emit(.pop)
                expression(r, &b, &pools)
                b.patch(jump, a: b.pc)
            default:
                expression(l, &b, &pools)
                expression(r, &b, &pools)
                let code: Opcode = switch op {
                case .add: .add
                case .sub: .sub
                case .mul: .mul
                case .div: .div
                case .mod: .mod
                case .eq: .eq
                case .ne: .ne
                case .lt: .lt
                case .le: .le
                case .gt: .gt
                case .ge: .ge
                default: .in_
                }
                // `o.price + 100`: a json side takes the number type (checked when used), so an
                // API's text "1500" is an error there, never joined into "1500100".
                b.emit(code, op == .add && (isNumeric(l) || isNumeric(r)) ? 1 : 0)
            }
        case .call(let name, _, let args):
            for arg in args { expression(arg, &b, &pools) }
            b.emit(.call, Builtin.named(name)?.rawValue ?? 0, Int32(args.count))
        }
    }

    /// Whether `e` is a number whatever the values (the checker made sure of the rest): a number
    /// literal, arithmetic, a function that gives numbers, or a variable declared `number`.
    func isNumeric(_ e: Expr) -> Bool {
        switch e.kind {
        case .number: true
        case .unary(let op, _): op != .not
        case .binary(let op, let l, let r):
            switch op {
            case .sub, .mul, .div, .mod: true
            case .add: isNumeric(l) || isNumeric(r)
            default: false
            }
        case .call(let name, _, _): Self.numericBuiltins.contains(name)
        case .variable(let name): Self.namespaces[name] == nil && declared[name]?.kind.value == .number
        default: false
        }
    }

    static let numericBuiltins: Set<String> = ["len", "number", "round", "floor", "ceil", "abs", "min", "max", "sum"]

    /// A template: a lone `{{ }}` keeps its type (and true is returned); otherwise the parts are
    /// concatenated as text.
    @discardableResult
    func template(_ t: TextValue, _ b: inout CodeBuilder, _ pools: inout Pools) -> Bool {
        b.at(t.range)
        guard TemplateText.hasHole(t.text) else {
            b.emit(.const_, pools.constant(.text(t.text)))
            return false
        }
        let (parsed, _) = TemplateParser.parse(t.text)
        let map = currentSource.map { ScalarMap(t, source: $0) }
        if let single = parsed.singleExpression {
            if let map { b.at(map.range(start: single.span.start, end: single.span.end)) }
            expression(single, &b, &pools)
            b.at(t.range)
            return true
        }
        var count: Int32 = 0
        for part in parsed.parts {
            switch part {
            case .literal(let s):
                b.emit(.const_, pools.constant(.text(s)))
            case .hole(let e, _):
                if let e {
                    if let map { b.at(map.range(start: e.span.start, end: e.span.end)) }
                    expression(e, &b, &pools)
                } else {
                    b.emit(.null)
                }
            }
            count += 1
        }
        b.at(t.range)
        b.emit(.concat, count)
        return false
    }

    /// A template that is a message's text: a lone `{{ }}` is rendered too (a json value as
    /// compact JSON), as any other hole is, not sent as the value itself.
    func text(_ t: TextValue, _ b: inout CodeBuilder, _ pools: inout Pools) {
        if template(t, &b, &pools) { b.emit(.concat, 1) }
    }

    /// An `http` URL: like ``template(_:_:_:)``, but a value spliced into the path, query or
    /// fragment is percent-encoded, so user text stays one path segment or query value (`a b&x=1`
    /// cannot add a parameter). The URL's start (`{{env.API_URL}}/…`), the host (`https://{{shop}}.example.com`)
    /// and `env`/`secret` values go in as written.
    func urlTemplate(_ t: TextValue, _ b: inout CodeBuilder, _ pools: inout Pools) {
        let (parsed, _) = TemplateParser.parse(t.text)
        guard TemplateText.hasHole(t.text), parsed.singleExpression == nil else {
            template(t, &b, &pools)
            return
        }
        b.at(t.range)
        var before = ""  // the URL up to this part, a hole standing as `x`
        for part in parsed.parts {
            switch part {
            case .literal(let s):
                b.emit(.const_, pools.constant(.text(s)))
                before += s
            case .hole(let e, _):
                defer { before += "x" }
                guard let e else { b.emit(.null); continue }
                expression(e, &b, &pools)
                guard !before.isEmpty, !Self.isConfiguration(e) else { continue }
                if Self.isInAuthority(before) {
                    // A host (and port) from user text stays one host: `/`, `?`, `#`, `@` are encoded.
                    b.emit(.const_, pools.constant(.text("host")))
                    b.emit(.call, Builtin.url_encode.rawValue, 2)
                } else {
                    b.emit(.call, Builtin.url_encode.rawValue, 1)
                }
            }
        }
        b.emit(.concat, Int32(parsed.parts.count))
    }

    /// Whether a URL that starts with `prefix` goes on in its scheme or host (`https://`, `http://api.`).
    static func isInAuthority(_ prefix: String) -> Bool {
        let chars = Array(prefix)
        var start = 0  // after the scheme's `://`, when there is one (not a `://` later, in a query)
        if chars.count >= 3 {
            for i in 0...(chars.count - 3) {
                if "/?#".contains(chars[i]) { break }
                if chars[i] == ":" && chars[i + 1] == "/" && chars[i + 2] == "/" {
                    start = i + 3
                    break
                }
            }
        }
        return !chars[start...].contains(where: { "/?#".contains($0) })
    }

    /// `env.NAME` or `secret.NAME`: set by whoever runs the bot, never by the user.
    static func isConfiguration(_ e: Expr) -> Bool {
        if case .member(let base, _, _) = e.kind, case .variable(let root) = base.kind { return root == "env" || root == "secret" }
        return false
    }

    func data(_ v: DataValue, _ b: inout CodeBuilder, _ pools: inout Pools) {
        switch v {
        case .template(let t): template(t, &b, &pools)
        case .number(let n, _): b.emit(.const_, pools.constant(.number(n)))
        case .bool(let x, _): b.emit(x ? .true_ : .false_)
        case .null: b.emit(.null)
        case .list(let items, _):
            for item in items { data(item, &b, &pools) }
            b.emit(.list, Int32(items.count))
        case .map(let pairs, _):
            object(pairs.map { ($0.key.value, $0.value) }, &b, &pools)
        }
    }

    func object(_ pairs: [(String, DataValue)], _ b: inout CodeBuilder, _ pools: inout Pools) {
        for (k, v) in pairs {
            b.emit(.const_, pools.constant(.text(k)))
            data(v, &b, &pools)
        }
        b.emit(.object, Int32(pairs.count))
    }

    /// A message: plain text, or an object with text, media, location and buttons.
    func message(_ m: Message, _ b: inout CodeBuilder, _ pools: inout Pools) {
        if m.media.isEmpty, m.location == nil, m.buttons.isEmpty, m.caption == nil, m.filename == nil, let text = m.text {
            self.text(text, &b, &pools)
            return
        }
        b.at(m.range)
        var n: Int32 = 0
        func field(_ key: String, _ build: (inout CodeBuilder, inout Pools) -> Void) {
            b.emit(.const_, pools.constant(.text(key)))
            build(&b, &pools)
            n += 1
        }
        if let text = m.text { field("text") { template(text, &$0, &$1) } }
        for (kind, url) in m.media { field(kind) { template(url, &$0, &$1) } }
        if let caption = m.caption { field("caption") { template(caption, &$0, &$1) } }
        if let filename = m.filename { field("filename") { template(filename, &$0, &$1) } }
        if let location = m.location { field("location") { object(location.map { ($0.key.value, $0.value) }, &$0, &$1) } }
        if !m.buttons.isEmpty {
            field("buttons") { builder, p in
                for button in m.buttons { template(button, &builder, &p) }
                builder.emit(.list, Int32(m.buttons.count))
            }
        }
        b.emit(.object, n)
    }
}
