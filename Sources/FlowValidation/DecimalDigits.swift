/// A finite number as its shortest round-trip decimal digits: `digits` × 10^(`pointPosition` − `digits.count`),
/// e.g. 3751.5 is digits `37515`, point position 4. Zero has no digits.
struct DecimalDigits {
    var negative: Bool
    /// Significant digits (0…9), no leading or trailing zeros.
    var digits: [UInt8]
    /// Where the decimal point goes, counted from the start of `digits` (may be ≤ 0 or > count).
    var pointPosition: Int

    /// The decomposition of a finite double (nil for NaN and infinities).
    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        negative = value < 0
        digits = []
        pointPosition = 0
        if value == 0 { return }
        // Swift prints the shortest representation that round-trips: "3751.5", "1e-05", "1.5e+16".
        var mantissa = Substring(value.magnitude.description)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(mantissa[mantissa.index(after: e)...]) ?? 0
            mantissa = mantissa[..<e]
        }
        var intCount = 0
        var seenPoint = false
        for ch in mantissa.utf8 {
            if ch == UInt8(ascii: ".") {
                seenPoint = true
            } else if ch >= UInt8(ascii: "0"), ch <= UInt8(ascii: "9") {
                digits.append(ch - UInt8(ascii: "0"))
                if !seenPoint { intCount += 1 }
            }
        }
        pointPosition = intCount + exponent
        normalize()
    }

    private mutating func normalize() {
        var lead = 0
        while lead < digits.count, digits[lead] == 0 { lead += 1 }
        digits.removeFirst(lead)
        pointPosition -= lead
        while let last = digits.last, last == 0 { digits.removeLast() }
        if digits.isEmpty {
            pointPosition = 0
            negative = false
        }
    }

    var isZero: Bool { digits.isEmpty }

    /// Digits after the decimal point.
    var fractionCount: Int { Swift.max(0, digits.count - pointPosition) }

    /// Rounded half away from zero to `places` fraction digits.
    func rounded(toFractionDigits places: Int) -> DecimalDigits {
        let keep = pointPosition + places  // digits kept
        guard keep < digits.count else { return self }
        var copy = self
        if keep < 0 {
            copy.digits = []
            copy.normalize()
            return copy
        }
        let roundUp = digits[keep] >= 5
        copy.digits = Array(digits[0..<keep])
        if roundUp {
            var i = copy.digits.count - 1
            while i >= 0 {
                if copy.digits[i] == 9 {
                    copy.digits[i] = 0
                    i -= 1
                } else {
                    copy.digits[i] += 1
                    break
                }
            }
            if i < 0 {
                copy.digits.insert(1, at: 0)
                copy.pointPosition += 1
            }
        }
        copy.normalize()
        return copy
    }

    /// The integer-part digits as text (`"0"` when there are none).
    var integerText: String {
        guard pointPosition > 0 else { return "0" }
        var s = ""
        for i in 0..<pointPosition { s.append(Self.char(i < digits.count ? digits[i] : 0)) }
        return s
    }

    /// Exactly `count` fraction digits as text, zero-padded.
    func fractionText(_ count: Int) -> String {
        var s = ""
        for k in 0..<count {
            let i = pointPosition + k
            s.append(Self.char(i >= 0 && i < digits.count ? digits[i] : 0))
        }
        return s
    }

    /// All digits as text (for exponent notation).
    var digitText: String { String(digits.map(Self.char)) }

    private static func char(_ d: UInt8) -> Character { Character(Unicode.Scalar(d + UInt8(ascii: "0"))) }
}
