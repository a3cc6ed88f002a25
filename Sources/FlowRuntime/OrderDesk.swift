import FlowBytecode
import FlowStore
import FlowValidation
import FlowVM

/// Why an `order` step failed (goes to its `on_error`).
struct OrderRefusal: Error {
    var reason: String
    /// The part of the request at fault (`items`, `0`, `price`), for the runtime error to point at.
    var path: [String]
    init(_ reason: String, at path: [String] = []) {
        self.reason = reason
        self.path = path
    }
}

/// Turns an `order` step's request into the order it leaves in the store (flow-format.md §5:
/// "creates or updates an order for the contact (items, quantities, totals) in the runtime's
/// store").
///
/// - `action: create` (the default without `id`) makes a new order, status `created` unless
///   the step sets `status`.
/// - `update` (the default with `id`), `confirm` and `cancel` change an order of this contact:
///   the one `id` names. `items` replace the lines, `customer`
///   fields replace the ones given, `confirm`/`cancel` set the status `confirmed`/`cancelled`.
///   An `update` sets the step's `status`, else a `created` order becomes `updated` and any other
///   keeps its status (`confirmed` stays confirmed after a change of its notes).
///   A cancelled order cannot be changed; an order of another contact is "not found".
///
/// The step's `save` gets the order as stored: `{id, status, items: [{sku, name, qty, price,
/// subtotal}], total, customer, delivery_date, notes}`. The order is written in the same
/// transaction as the rest of the turn.
enum OrderDesk {
    /// Where the order a request changes is read from.
    struct Books {
        /// Orders changed earlier in this turn (not committed yet), by id.
        var pending: [Int64: OrderRecord] = [:]
        let order: (Int64) async throws(StoreError) -> OrderRecord?
        let newId: () async throws(StoreError) -> Int64
    }

    /// A `qty` or `price` given as text (`"{{precio}}"` from an answer) is read by the bot's `locale`,
    /// as `number()` reads it: `"5.200"` is 5200 and `"1.500,50"` 1500.5 in es-AR.
    static func apply(_ request: EffectRequest, bot: String, contact: Contact, now: Int64, locale: FlowLocale,
                      books: inout Books) async -> Result<OrderRecord, OrderRefusal> {
        guard case .object(let spec) = request.payload else { return .failure(OrderRefusal("order: bad request")) }
        let id: Int64?
        switch spec["id"] {
        case nil, .null?: id = nil
        case .number(let n)? where n.rounded() == n && n >= 1 && n < 9e15: id = Int64(n)
        case .text(let t)? where Int64(t.trimmingPrefix("#")) != nil: id = Int64(t.trimmingPrefix("#"))
        case let other?: return .failure(OrderRefusal("order: `id` must be an order number, not `\(other.rendered)`", at: ["id"]))
        }
        let action = spec["action"]?.rendered ?? (id == nil ? "create" : "update")
        var lines: [OrderLine]?
        if let items = spec["items"], !items.isNull {
            switch parseLines(items, locale: locale) {
            case .success(let parsed): lines = parsed
            case .failure(let refusal): return .failure(OrderRefusal("order: \(refusal.reason)", at: ["items"] + refusal.path))
            }
        }
        // The customer is the contact unless the flow says otherwise (its name and phone fill
        // what `customer:` leaves out).
        let given = parseCustomer(spec["customer"], locale: locale)
        let fromContact = OrderCustomer(name: contact.name.isEmpty ? nil : contact.name, phone: contact.phone.isEmpty ? nil : contact.phone)
        // A date (`2026-03-01`) or a date and time, as a date variable renders: `mañana` or
        // `2026-02-30` is no day to deliver on.
        let delivery = text(spec["delivery_date"])
        if let delivery, CivilDate.parseISO(delivery) == nil, ISOInstant.parse(delivery) == nil {
            return .failure(OrderRefusal("order: `delivery_date` must be a date like `2026-03-01`, not `\(delivery.prefix(60))`", at: ["delivery_date"]))
        }
        let notes = text(spec["notes"])
        let status = text(spec["status"])
        do throws(StoreError) {
            if action == "create" {
                guard let lines, !lines.isEmpty else { return .failure(OrderRefusal("order: a new order needs `items`")) }
                let order = OrderRecord(id: try await books.newId(), bot: bot, contact: contact.id, status: status ?? "created", lines: lines,
                                        customer: fromContact.merged(with: given), deliveryDate: delivery, notes: notes, createdAt: now, updatedAt: now)
                books.pending[order.id] = order
                return .success(order)
            }
            // `flowc check` requires `id` here; it can still render empty at run time.
            guard let id else { return .failure(OrderRefusal("order: `\(action)` needs the order's `id`, and it is empty", at: ["id"])) }
            var found = books.pending[id]
            if found == nil { found = try await books.order(id) }
            guard var order = found, order.bot == bot, order.contact == contact.id else {
                return .failure(OrderRefusal("order: there is no order #\(id) for this contact"))
            }
            if order.status == "cancelled", action != "cancel" {
                return .failure(OrderRefusal("order: order #\(order.id) is cancelled and cannot be changed"))
            }
            if let lines {
                guard !lines.isEmpty else { return .failure(OrderRefusal("order: `items` is empty (cancel the order instead)", at: ["items"])) }
                order.lines = lines
            }
            order.customer = order.customer.merged(with: given)
            if let delivery { order.deliveryDate = delivery }
            if let notes { order.notes = notes }
            switch action {
            case "confirm": order.status = "confirmed"
            case "cancel": order.status = "cancelled"
            default:
                // A change that sets no status keeps the one the order has: a confirmed order stays
                // confirmed (and one the flow gave its own status, `paid`, keeps it); only a new one
                // becomes `updated`.
                order.status = status ?? (order.status == "created" ? "updated" : order.status)
            }
            order.updatedAt = now
            books.pending[order.id] = order
            return .success(order)
        } catch {
            return .failure(OrderRefusal("order: the store failed: \(error)"))
        }
    }

    /// The order as the flow sees it.
    static func value(_ order: OrderRecord) -> Value {
        func optional(_ s: String?) -> Value { s.map { .text($0) } ?? .null }
        let items: [Value] = order.lines.map { line in
            .object(JSONObject([("sku", optional(line.sku)), ("name", optional(line.name)), ("qty", .number(line.qty)),
                                ("price", line.price.map { .number($0) } ?? .null), ("subtotal", .number(line.subtotal))]))
        }
        let customer = Value.object(JSONObject([("name", optional(order.customer.name)), ("phone", optional(order.customer.phone)),
                                                ("email", optional(order.customer.email)), ("address", optional(order.customer.address))]))
        return .object(JSONObject([
            ("id", .number(Double(order.id))), ("status", .text(order.status)), ("items", .list(items)), ("total", .number(order.total)),
            ("customer", customer), ("delivery_date", optional(order.deliveryDate)), ("notes", optional(order.notes)),
        ]))
    }

    static func parseLines(_ items: Value, locale: FlowLocale) -> Result<[OrderLine], OrderRefusal> {
        let list: [Value]
        var lone = false
        switch items {
        case .list(let values): list = values
        case .object: list = [items]; lone = true
        default: return .failure(OrderRefusal("`items` must be a list of `{sku, name, qty, price}`"))
        }
        var lines: [OrderLine] = []
        for (i, item) in list.enumerated() {
            // (A lone item, `items: {sku: A}`, is the list's whole.)
            let at = lone ? [] : [String(i)]
            guard case .object(let fields) = item else { return .failure(OrderRefusal("item \(i + 1) must be `{sku, name, qty, price}`", at: at)) }
            let sku = text(fields["sku"]), name = text(fields["name"])
            guard sku != nil || name != nil else { return .failure(OrderRefusal("item \(i + 1) needs a `sku` or a `name`", at: at)) }
            guard let qty = number(fields["qty"] ?? .number(1), locale: locale), qty > 0, qty.isFinite else {
                return .failure(OrderRefusal("item \(i + 1) needs a `qty` above 0, not `\(fields["qty"]?.rendered ?? "")`",
                                             at: fields["qty"] == nil ? at : at + ["qty"]))
            }
            var price: Double?
            if let p = fields["price"], !p.isNull {
                guard let n = number(p, locale: locale), n.isFinite else {
                    return .failure(OrderRefusal("item \(i + 1) has a price that is not a number: `\(p.rendered)`", at: at + ["price"]))
                }
                guard n >= 0 else { return .failure(OrderRefusal("item \(i + 1) has a negative price: `\(p.rendered)`", at: at + ["price"])) }
                price = n
            }
            lines.append(OrderLine(sku: sku, name: name, qty: qty, price: price))
        }
        return .success(lines)
    }

    /// The customer the flow gives; a phone in E.164 (read with the bot's country) and an e-mail
    /// with its domain lower-cased, as their answers and `set` keep them (one that is none stays as written).
    static func parseCustomer(_ value: Value?, locale: FlowLocale) -> OrderCustomer {
        guard case .object(let fields)? = value else { return OrderCustomer() }
        func normal(_ written: String?, _ kind: ValidationKind) -> String? {
            guard let written, case .success(let valid) = Validator.validate(written, rule: ValidationRule(kind: kind), locale: locale,
                                                                              today: CivilDate(daysSinceEpoch: 0)),
                  case .text(let normal) = valid.value else { return written }
            return normal
        }
        return OrderCustomer(name: text(fields["name"]), phone: normal(text(fields["phone"]), .phone), email: normal(text(fields["email"]), .email),
                             address: text(fields["address"]))
    }

    /// Text of a value; nil for null or empty.
    static func text(_ value: Value?) -> String? {
        guard let value, !value.isNull else { return nil }
        let s = value.rendered
        return s.isEmpty ? nil : s
    }

    /// A number, also from text a template rendered (`"3"`, `"2,5"`), read by the locale as
    /// `number()` reads it.
    static func number(_ value: Value, locale: FlowLocale) -> Double? {
        switch value {
        case .number(let n): return n
        case .text(let t): return NumberText.read(t, locale: locale)
        default: return nil
        }
    }
}
