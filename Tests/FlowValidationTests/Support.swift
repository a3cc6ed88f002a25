@testable import FlowValidation

/// The conversation's "today" in every date test: Saturday 14 March 2026.
let fixedToday = CivilDate(year: 2026, month: 3, day: 14)

func check(_ input: String, _ rule: ValidationRule, _ locale: FlowLocale = .esAR,
           today: CivilDate = fixedToday) -> Result<Validation, InvalidReason> {
    Validator.validate(input, rule: rule, locale: locale, today: today)
}

func locale(_ id: String) -> FlowLocale {
    FlowLocale.named(id) ?? .enUS
}

extension Result where Success == Validation, Failure == InvalidReason {
    /// The saved value, or nil when invalid.
    var value: ValidatedValue? {
        if case .success(let v) = self { return v.value }
        return nil
    }

    /// The reason, or nil when valid.
    var reason: InvalidReason? {
        if case .failure(let r) = self { return r }
        return nil
    }
}
