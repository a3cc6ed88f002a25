import FlowDiagnostics

/// What an `order` step's keys must hold (flow-format.md §5): its action, status, customer and items.
extension StepDecoder {
    /// Words for an order's `action`, and the action each means.
    static let orderActionWords: [String: String] = [
        "new": "create", "crear": "create", "criar": "create", "nuevo": "create", "novo": "create",
        "actualizar": "update", "atualizar": "update", "modificar": "update", "edit": "update", "editar": "update",
        "confirmar": "confirm", "cancelar": "cancel", "anular": "cancel", "delete": "cancel", "borrar": "cancel",
    ]

    /// Checks an `order` step's fields `g`, written at `kindNode`.
    func checkOrder(_ g: Fields, kindNode: YAMLNode) {
        if let n = g["action"], let t = d.text(n, what: "`action`"),
           !["create", "update", "confirm", "cancel"].contains(t.text) {
            d.error("wrong-type", "`action` must be `create`, `update`, `confirm` or `cancel`, not `\(t.text)`", n.range,
                    help: Self.meant(t.text, in: ["create", "update", "confirm", "cancel"], words: Self.orderActionWords))
        }
        // A status is a word the shop reads back (`paid`, `shipped`): `status: 3` or `true` is a code of
        // some other system, saved as the text `3`.
        if let n = g["status"], let s = n.scalar, s.style == .plain {
            switch s.value {
            case .int, .float, .bool:
                d.wrongType(n, expected: "a word such as `paid` or `shipped`", what: "an order's `status`",
                            help: "write the status as the shop reads it, e.g. `status: paid`; quote it to keep `\(s.text)`: `status: \"\(s.text)\"`")
            default: break
            }
        }
        if let n = g["customer"] {
            _ = d.fields(n, allowed: ["name", "phone", "email", "address"], what: "`customer`")
        }
        if let items = g["items"]?.sequence {
            // `items: [A, B]`: an item is a mapping, or a `{{ }}` that gives one.
            for item in items where item.mapping == nil && !(item.scalar.map { TemplateText.hasHole($0.text) } ?? false) {
                d.wrongType(item, expected: "a mapping `{sku, name, qty, price}`", what: "an order item",
                            help: "write each item as `- {sku: \(item.scalar?.text.isEmpty == false ? item.scalar?.text ?? "X1" : "X1"), qty: 1, price: 3500}`")
            }
            for item in items where item.mapping != nil {
                guard let h = d.fields(item, allowed: ["sku", "name", "qty", "price"], what: "an order item") else { continue }
                if !h.has("sku"), !h.has("name"), !h.mayMean(["sku", "name"]) {
                    d.error("missing-key", "an order item needs a `sku` or a `name`", item.range,
                            help: "write e.g. `{sku: MATE-01, qty: 2, price: 3500}`")
                }
                orderAmount(h["qty"], what: "`qty`", positive: true)
                orderAmount(h["price"], what: "`price`", positive: false)
            }
        }
        // A new order (`action: create`, or no `action` and no `id`) needs its items; no order is left with none.
        let creates = g["action"]?.scalar?.text == "create" || !g.has("action") && !g.has("id") && !g.mayMean(["action", "id"])
        if let n = g["items"], n.sequence?.isEmpty == true {
            d.error("missing-key", "`items` is empty: " + (creates ? "a new order needs at least one item" : "an order keeps at least one item"), n.range,
                    help: creates ? "list them, e.g. `items: [{sku: MATE-01, qty: 2, price: 3500}]`" : "to drop every item, cancel the order: `action: cancel`")
        } else if creates, g["items"].map({ $0.scalar?.value == .null && !$0.isBroken }) ?? !g.mayMean(["items"]) {
            d.error("missing-key", "a new `order` needs `items`", g["items"]?.range ?? kindNode.range,
                    help: "list them, e.g. `items: [{sku: MATE-01, qty: 2, price: 3500}]`; to change an order, give its `id`")
        }
        if let n = g["items"]?.scalar, !TemplateText.hasHole(n.text), n.value != .null {
            d.wrongType(g["items"] ?? kindNode, expected: "a list of `{sku, name, qty, price}`", what: "`items`",
                        help: "write the items as a list: `items: [{sku: \(n.text.isEmpty ? "X1" : n.text), qty: 1}]`, or `items: \"{{carrito}}\"` for a list in a variable")
        }
        if g["action"]?.scalar?.text == "create", let n = g["id"] {
            d.warning("order-create-id", "`action: create` makes a new order with a number of its own: this `id` is not used", n.range,
                      help: "to change the order `id` names, write `action: update`; for a new order, leave `id` out")
        }
        if let n = g["action"]?.scalar?.text, ["update", "confirm", "cancel"].contains(n), !g.has("id") {
            d.error("missing-key", "`order` with `action: \(n)` needs `id`: the order to \(n)", kindNode.range,
                    help: "save the order when you create it (`save: order`) and write `id: \"{{order.id}}\"`")
        }
    }

    /// An order item's literal `qty` (above 0) or `price` (0 or more); a template is checked when the order is made.
    func orderAmount(_ node: YAMLNode?, what: String, positive: Bool) {
        guard let node, let scalar = node.scalar, !node.isBroken, !TemplateText.hasHole(scalar.text) else { return }
        let bound = positive ? "above 0" : "0 or more"
        switch scalar.value {
        case .int(let i) where positive ? i > 0 : i >= 0: return
        case .float(let x) where x.isFinite && (positive ? x > 0 : x >= 0): return
        case .int, .float:
            d.error("wrong-type", "\(what) must be \(bound), not \(scalar.text)", node.range,
                    help: positive ? "an item is ordered at least once: `qty: 1`" : "a price is never negative; a discount is its own line or a lower price")
        case .null: return
        // A quoted amount (`"2"`, `"1.500,50"`) is read by the bot's locale (checked against it by
        // the checker); only words are refused here.
        case .string(let text) where text.contains(where: \.isNumber): return
        default:
            d.wrongType(node, expected: "a number \(bound) (or `{{ }}` that gives one)", what: what,
                        help: "write the number, e.g. `\(what.dropFirst().dropLast()): \(positive ? "2" : "3500")`, or `\(what.dropFirst().dropLast()): \"{{qty}}\"`")
        }
    }
}
