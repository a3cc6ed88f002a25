import FlowDiagnostics
import FlowSyntax

/// Function calls: arity and argument types against the library's signatures, literal arguments
/// (regexes, date units and patterns, currency codes, decimal counts), names other tools use.
extension ExpressionTypeChecker {
    // MARK: - Calls

    /// Names other languages give the library's functions (and common misspellings of them).
    static let otherNames: [String: String] = [
        "length": "len", "lenght": "len", "size": "len", "count": "len", "strlen": "len",
        "lowercase": "lower", "tolower": "lower", "tolowercase": "lower", "downcase": "lower", "lcase": "lower",
        "uppercase": "upper", "toupper": "upper", "touppercase": "upper", "upcase": "upper", "ucase": "upper",
        "strip": "trim", "startswith": "starts_with", "endswith": "ends_with", "includes": "contains",
        "has": "contains", "match": "matches", "regex": "matches", "tonumber": "number", "parsefloat": "number",
        "parseint": "number", "int": "number", "float": "number", "num": "number", "str": "text", "string": "text",
        "tostring": "text", "format": "format_number", "currency": "money", "formatdate": "format_date",
        "dateadd": "date_add", "date_format": "format_date", "total": "sum", "head": "first", "tail": "last",
        "concat": "join", "implode": "join", "explode": "split",
        "round_to": "round", "starts": "starts_with", "ends": "ends_with", "format_money": "money", "format_currency": "money",
        "currency_format": "money", "number_format": "format_number", "add_days": "date_add", "to_upper": "upper",
        "to_lower": "lower", "to_number": "number", "to_text": "text", "to_string": "text", "today_date": "today",
    ]

    mutating func call(_ name: String, _ nameSpan: ExprSpan, _ arguments: [Expr], _ expr: Expr) -> ValueType {
        let types = arguments.map { infer($0) }
        guard let signature = FunctionLibrary.all[name] else {
            var help = Self.otherNames[name.lowercased()].map { "did you mean `\($0)`?" }
                ?? Suggestion.didYouMean(name, in: FunctionLibrary.names)
            if help == nil, scope.variableType(name) != nil || Namespace(rawValue: name) != nil {
                help = "`\(name)` is not a function; remove the parentheses"
            }
            // `if(urgente, 1.2, 1)` as spreadsheets write it: as the `? :` hint says.
            if ["if", "iif", "ifelse", "if_else", "iff"].contains(name.lowercased()) {
                help = "there is no `\(name)()`; choose with a `branch` step (a `set` on each arm), or use `??` for a default"
            }
            report(
                Self.unknownFunction, "unknown function `\(name)`", nameSpan,
                help: help ?? "see grammar/functions.md for the functions there are")
            return .json
        }
        let fitting = signature.forms.filter { $0.accepts(argumentCount: arguments.count) }
        guard !fitting.isEmpty else {
            let got = arguments.count == 1 ? "1 was given" : "\(arguments.count) were given"
            report(
                Self.wrongArity, "`\(name)` takes \(signature.arityDescription), but \(got)", expr.span,
                help: "usage: " + signature.signatures.joined(separator: " or "))
            return result(signature.forms[0].result, types)
        }
        // The form with the fewest mismatching arguments; the first on a tie.
        var best = fitting[0]
        var bestMismatches = Int.max
        for form in fitting {
            let mismatches = types.indices.filter { index in
                form.parameter(at: index).map { !$0.accepts(types[index]) } ?? true
            }.count
            if mismatches < bestMismatches {
                best = form
                bestMismatches = mismatches
            }
        }
        // One wrong argument is reported per call (`max("a", "b")` is one mistake).
        var mismatchReported = false
        for (index, argument) in arguments.enumerated() {
            guard let parameter = best.parameter(at: index) else { continue }
            // A literal `null` where only numbers will do fails at run time (`round(null)`).
            // So does one where a code or unit must be named (`money(5, null)`, `date_add(d, 1, null)`).
            let nullNumber = types[index] == .null && !parameter.accepts.isEmpty
                && (parameter.accepts.allSatisfy { $0 == .number || $0 == .list(.number) } || parameter.literalRule != nil)
            if !parameter.accepts(types[index]) || nullNumber {
                if mismatchReported { continue }
                mismatchReported = true
                let alternatives = fitting.count > 1 ? " (usage: " + signature.signatures.joined(separator: " or ") + ")" : ""
                report(
                    Self.typeMismatch,
                    "argument `\(parameter.name)` of `\(name)` must be \(parameter.typeDescription), "
                        + "but \(quote(argument)) is \(types[index])\(alternatives)",
                    argument.span, help: conversionHelp(argument, types[index], to: parameter.accepts.first))
            } else if let rule = parameter.literalRule, case .string(let value) = argument.kind {
                checkLiteral(rule, value, argument.span, function: name)
            }
        }
        // A date has no time of day: `dd/mm/yyyy` would print minutes (`30/00/2026`).
        if name == "format_date", arguments.count == 2, types[0] == .date, case .string(let pattern) = arguments[1].kind {
            var quoted = false
            var timeLetter: Character?
            for c in pattern {
                if c == "'" { quoted.toggle(); continue }
                if !quoted, "Hhmsa".contains(c) { timeLetter = c; break }
            }
            if let letter = timeLetter {
                let fixed = letter == "m" ? pattern.replacing("mm", with: "MM") : nil
                report(Self.invalidArgument,
                       letter == "m" ? "`mm` in a `format_date` pattern is minutes, and \(quote(arguments[0])) is a date (no time of day): months are `MM`"
                                     : "`\(letter)` in a `format_date` pattern is a time field, and \(quote(arguments[0])) is a date (no time of day)",
                       arguments[1].span,
                       help: fixed.map { "write \"\($0)\"" } ?? "format a datetime (`now()`) for the time, or leave the time letters out")
            }
        }
        // A literal count of decimals the function would not honour as written.
        if ["format_number", "round"].contains(name), arguments.count == 2, let literal = Checker.numberLiteral(arguments[1]) {
            let range = name == "round" ? -15...15 : 0...10
            let what = name == "round" ? "digits" : "decimals"
            if literal != literal.rounded() || literal < Double(range.lowerBound) || literal > Double(range.upperBound) {
                report(Self.invalidArgument, "`\(name)` takes a whole number of \(what) from \(range.lowerBound) to \(range.upperBound), not \(arguments[1].sourceText)",
                       arguments[1].span, help: "write `\(name)(\(arguments[0].sourceText), \(Int(max(Double(range.lowerBound), min(Double(range.upperBound), literal.rounded())))))`")
            }
        }
        // A date has no time of day: hours and minutes would not move it.
        if name == "date_add", arguments.count == 3, types[0] == .date, case .string(let unit) = arguments[2].kind,
           ["minute", "minutes", "hour", "hours"].contains(unit) {
            report(Self.invalidArgument, "\(quote(arguments[0])) is a date, which has no \(unit): `date_add` moves it by days, weeks, months or years",
                   arguments[2].span, help: "use a date-time (`date_add(now(), 36, \"hours\")`), or count in days")
        }
        // `contains(list, x)` means `x in list`: the same check of what can be in what.
        if name == "contains", arguments.count == 2, best.parameter(at: 0)?.accepts(types[0]) == true {
            let before = issues.count
            membership(arguments[1], types[1], arguments[0], types[0])
            // Worded for the call written, not for the `in` it means.
            for i in before..<issues.count {
                issues[i].message = issues[i].message.replacing("`in` on text looks for text", with: "`contains` on text looks for text")
                    .replacing("`in` needs", with: "`contains` needs")
            }
        }
        return result(best.result, types)
    }

    /// A second hour field in a date pattern, with the seconds right after it: the `hs` of
    /// `HH:mm hs` (Argentina's `14:30 hs`, shown as `14:30 230`), the `h` of `HH:mm h` or
    /// `HHhmm`. Nil when the hour is written once. `fixed` is the pattern with them quoted.
    static func hourWrittenAgain(_ pattern: String) -> (letters: String, first: String, fixed: String)? {
        let chars = Array(pattern)
        var quoted = false
        var firstHour: String?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" { quoted.toggle(); i += 1; continue }
            guard !quoted, c == "H" || c == "h" else { i += 1; continue }
            var end = i
            while end < chars.count, chars[end] == c { end += 1 }
            guard let first = firstHour else {
                firstHour = String(chars[i..<end])
                i = end
                continue
            }
            // `hs`: the seconds right after, as one word, go into the quotes too.
            if end < chars.count, chars[end] == "s", end + 1 == chars.count || !chars[end + 1].isLetter { end += 1 }
            let letters = String(chars[i..<end])
            return (letters, first, String(chars[..<i]) + "'" + letters + "'" + String(chars[end...]))
        }
        return nil
    }

    /// The value of a number literal, negated or not (`2`, `-1`).
    func result(_ rule: FunctionSignature.ResultRule, _ types: [ValueType]) -> ValueType {
        switch rule {
        case .fixed(let type):
            return type
        case .sameAsArgument(let index):
            guard index < types.count, !types[index].isDynamic else { return .json }
            return types[index]
        case .elementOfArgument(let index):
            guard index < types.count, let element = types[index].elementType else { return .json }
            return element
        }
    }

    mutating func checkLiteral(
        _ rule: FunctionSignature.LiteralRule, _ value: String, _ span: ExprSpan, function: String
    ) {
        switch rule {
        case .regex:
            do {
                _ = try Regex(value)
                if let group = RegexBacktracking.nestedRepetition(value) {
                    report(RegexBacktracking.rule, RegexBacktracking.message(group), span, help: RegexBacktracking.help)
                }
            } catch {
                report(
                    Self.invalidRegex, "invalid regular expression: \(error)", span,
                    help: "check the pattern's brackets, groups and escapes")
            }
        case .dateUnit:
            guard !FunctionLibrary.dateUnits.contains(value) else { return }
            report(
                Self.invalidArgument, "`\(function)` has no unit \"\(value)\"", span,
                help: Suggestion.didYouMean(value, in: FunctionLibrary.dateUnits)
                    ?? "use one of minutes, hours, days, weeks, months, years")
        case .datePattern:
            // Letters outside '…' are fields; `YYYY` or `DD` (or Spanish `AAAA`) would be copied as they are.
            var quoted = false
            var letters: [Character] = []
            for c in value {
                if c == "'" { quoted.toggle(); continue }
                if !quoted, c.isASCII, c.isLetter, !"yMdEHhmsa".contains(c) { letters.append(c) }
            }
            // `EEEE d 'de MMMM`: a quote left open makes the rest text (`martes 1 de MMMM`).
            if quoted {
                report(
                    Self.invalidArgument, "a `'` in this `\(function)` pattern is never closed: what follows it is copied as text", span,
                    help: "close the quoted text, e.g. `EEEE d 'de' MMMM` (write `''` for an apostrophe)")
                return
            }
            guard let first = letters.first else {
                if let again = Self.hourWrittenAgain(value) {
                    report(
                        Self.invalidArgument,
                        "`\(again.letters)` in this `\(function)` pattern is \(again.letters.count > 1 ? "the hour again and the seconds" : "the hour again"), "
                            + "not text: the hour is already `\(again.first)`", span,
                        help: "quote text that is no field: write \"\(again.fixed)\"")
                }
                return
            }
            let fixes: [Character: String] = ["Y": "yyyy", "D": "dd", "A": "yyyy", "S": "ss", "e": "EEEE"]
            report(
                Self.invalidArgument, "`\(first)` is not a letter of `\(function)` patterns", span,
                help: (fixes[first].map { "did you mean `\($0)`? " } ?? "")
                    + "letters: yyyy yy MMMM MMM MM M dd d EEEE EEE HH H hh h mm ss a; quote other text: 'de'")
        case .currencyCode:
            guard !FunctionLibrary.currencyCodes.contains(value) else { return }
            let upper = value.uppercased()
            let help: String
            // Symbols and names people write for the currencies of the region.
            let symbols = ["R$": "BRL", "S/": "PEN", "S/.": "PEN", "US$": "USD", "U$S": "USD", "€": "EUR", "REAIS": "BRL", "REAL": "BRL",
                           "SOLES": "PEN", "SOL": "PEN", "DOLARES": "USD", "DÓLARES": "USD", "EUROS": "EUR", "Q": "GTQ", "BS": "BOB", "₲": "PYG",
                           "GS": "PYG", "₡": "CRC", "B/.": "PAB", "RD$": "DOP", "MXN$": "MXN", "COP$": "COP", "CLP$": "CLP", "$U": "UYU"]
            if FunctionLibrary.currencyCodes.contains(upper) {
                help = "currency codes are upper-case: \"\(upper)\""
            } else if let code = symbols[upper] {
                help = "write the currency's ISO 4217 code: \"\(code)\""
            } else if value.trimmingPrefix(" ") == "$" {
                help = "`$` is the sign of several currencies: write the ISO 4217 code, e.g. \"ARS\", \"MXN\", \"COP\", \"CLP\" or \"USD\""
            } else if let close = Suggestion.closest(to: upper, in: FunctionLibrary.currencyCodes.sorted()) {
                help = "did you mean \"\(close)\"?"
            } else {
                help = "use an ISO 4217 code such as \"ARS\", \"USD\" or \"EUR\""
            }
            report(Self.invalidArgument, "\"\(value)\" is not an ISO 4217 currency code", span, help: help)
        }
    }
}
