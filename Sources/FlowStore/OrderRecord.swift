/// One line of an order: what, how many, at what unit price.
public struct OrderLine: Sendable, Equatable {
    public var sku: String?
    public var name: String?
    /// How many (may be fractional: kilos).
    public var qty: Double
    /// Unit price; nil when the flow gave none (the line then adds nothing to the total).
    public var price: Double?

    /// Creates a line.
    public init(sku: String? = nil, name: String? = nil, qty: Double, price: Double? = nil) {
        self.sku = sku
        self.name = name
        self.qty = qty
        self.price = price
    }

    /// `qty × price`, or 0 without a price.
    public var subtotal: Double { qty * (price ?? 0) }
}

/// Who an order is for, as the flow gave it.
public struct OrderCustomer: Sendable, Equatable {
    public var name: String?
    public var phone: String?
    public var email: String?
    public var address: String?

    /// Creates a customer.
    public init(name: String? = nil, phone: String? = nil, email: String? = nil, address: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
        self.address = address
    }

    /// These fields, with `other`'s where it has one.
    public func merged(with other: OrderCustomer) -> OrderCustomer {
        OrderCustomer(name: other.name ?? name, phone: other.phone ?? phone, email: other.email ?? email, address: other.address ?? address)
    }
}

/// An order kept in the runtime's store (`order` steps): the contact's, of one bot.
///
/// SQLite keeps it in `orders` and `order_items` (and the contact's latest details in
/// `customers`), written in the transaction of the turn that placed or changed it.
public struct OrderRecord: Sendable, Equatable {
    public var id: Int64
    public var bot: String
    public var contact: String
    /// `created`, `updated`, `confirmed`, `cancelled`, or what the flow set.
    public var status: String
    public var lines: [OrderLine]
    public var customer: OrderCustomer
    /// As the flow gave it (an ISO date from a `date` question, usually).
    public var deliveryDate: String?
    public var notes: String?
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64
    public var updatedAt: Int64

    /// Creates an order.
    public init(id: Int64, bot: String, contact: String, status: String, lines: [OrderLine], customer: OrderCustomer = OrderCustomer(),
                deliveryDate: String? = nil, notes: String? = nil, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.bot = bot
        self.contact = contact
        self.status = status
        self.lines = lines
        self.customer = customer
        self.deliveryDate = deliveryDate
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The sum of the lines' subtotals.
    public var total: Double { lines.reduce(0) { $0 + $1.subtotal } }
}
