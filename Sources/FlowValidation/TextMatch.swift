/// Matching of what users type against keywords, menu options and choices: case- and
/// accent-insensitive, by whole words.
public enum TextMatch {
    /// A menu reply → the index (0-based, into `ids`/`labels`) of the option it names, or nil.
    ///
    /// Tried in this order (flow-format.md §2: "its 1-based number, its id …, or its label"):
    /// its 1-based number (`2`, `2.`, ` 2 `, `#2`, `2)`), so with options `2: Uno` and `1: Dos`
    /// a typed `1` is `Uno`, the first line of the numbered menu the user sees (a tapped button
    /// or list row comes as a payload and is matched by id before this), except that a number
    /// typed alone to a menu of up to 10 options (buttons or a list on WhatsApp, no numbers shown)
    /// among two or more labels that lead with an amount is the one option whose label leads with
    /// it (`2` of `[2 personas, 4 personas]`, `12` of `[10:00, 12:00]`); exactly an option's
    /// id; an id or label, case- and
    /// accent-insensitive, ignoring punctuation and emoji around and between words
    /// (`"🍕 Pizza grande!"` is `pizza grande`); the number followed by that option's label, as
    /// in a copied line of a numbered menu (`2. Mediano`). The first option that matches wins.
    /// When nothing matches as written, the same without what people wrap an answer in
    /// (`opción 2`, `la 2`, `el mediano`, `mediano por favor`), and the number in words or as an
    /// ordinal (`dos`, `la segunda`); then a word of the question (`topic`, the prompt's
    /// `menuTopic`) or of where and which colour before a label (`talla M`, `en negro`, `de color
    /// negro`), and a colour of the other gender (`negra` for `Negro`).
    public static func menuChoice(_ reply: String, ids: [String], labels: [String], topic: String = "", locale: FlowLocale? = nil) -> Int? {
        let count = Swift.max(ids.count, labels.count)
        // (Full-width digits, as Japanese and Chinese keyboards type them, are digits: `２`.)
        let raw = trim(withASCIIDigits(reply))
        // A negative number (`-1`; a list dash `- 1` is fine) is no option's number.
        if let first = raw.unicodeScalars.first, first == "-" || first == "\u{2212}",
           raw.unicodeScalars.dropFirst().first.map({ ("0"..."9").contains($0) }) == true {
            return ids.firstIndex(of: raw) ?? labels.firstIndex(of: raw)
        }
        let replyWords = words(raw)
        if replyWords.count == 1, let n = smallNumber(replyWords[0]) {
            // A number typed alone to buttons or a list (no numbers shown) among labels that lead
            // with amounts (two or more) is the option whose label leads with it, when one does:
            // `2` of `2 personas`, `12` of `12:00`, `3` of `3 cuotas` or `3 de marzo`. With a single
            // such label it is the position (`2` of `[Ver productos, Hacer pedido, 2 empanadas]` is
            // `Hacer pedido`), as a numbered menu shows it.
            if count <= 10, isBareNumber(raw), labels.lazy.filter({ leadingNumber($0) != nil }).prefix(2).count == 2 {
                let led = labels.indices.filter { leadingNumber(labels[$0]) == n }
                if led.count == 1 { return led[0] }
            }
            if n >= 1, n <= count { return n - 1 }
        }
        if let exact = ids.firstIndex(of: raw) { return exact }
        // A label written as it is, or differing only in case and accents (`S+` is not `S`).
        if let exact = labels.firstIndex(of: raw) { return exact }
        let foldedRaw = fold(raw)
        if let same = labels.firstIndex(where: { fold($0) == foldedRaw }) { return same }
        // A label as the shop decorated it (`1️⃣ Ver productos`, `ℹ️ Información`, `2) Hacer pedido`)
        // is also read without its marker: people type the words.
        let labels = labels.map(withoutMarker)
        if !replyWords.isEmpty {
            for (i, id) in ids.enumerated() where words(id) == replyWords { return i }
            for (i, label) in labels.enumerated() where words(label) == replyWords { return i }
            if replyWords.count > 1, let n = smallNumber(replyWords[0]), n >= 1, n <= count,
               n - 1 < labels.count, words(labels[n - 1]) == Array(replyWords.dropFirst()) {
                return n - 1
            }
        }
        if let i = joinedLabel(replyWords, labels: labels) { return i }
        // Options without letters or digits (emoji labels): compare the folded texts.
        let folded = fold(raw)
        guard !folded.isEmpty else { return nil }
        for (i, label) in labels.enumerated() where words(label).isEmpty && fold(label) == folded { return i }
        let leading = locale?.language == "pt" ? menuLeading.union(portugueseLeading) : menuLeading
        if let i = looseMenuChoice(replyWords, ids: ids, labels: labels, leading: leading)
            ?? topicLedChoice(replyWords, ids: ids, labels: labels, topic: topic, leading: leading) {
            return i
        }
        // A number and its unit written together, `500ml` for `500 ml — R$ 19,90`, as a choice reads `1kg`.
        let split = ChoiceAnswer.splitDigits(replyWords)
        if split != replyWords, let i = looseMenuChoice(split, ids: ids, labels: labels, leading: leading) { return i }
        // (Never past a negation: `no quiero hacer un pedido`, whose `no` a Portuguese menu reads as
        // "in the" and drops, is no `Hacer pedido`.)
        if !replyWords.contains(where: { Self.negations.contains($0) || $0 == "don" }),
           let i = labelWithoutArticles(menuCore(replyWords, count: count, leading: leading), labels: labels,
                                        portuguese: locale?.language == "pt") {
            return i
        }
        // A label said in the plural, `empanadas` for `Empanada`, `tacos de pollo` for `Taco de pollo`: only
        // when nothing matched as said (`tacos` of `[Taco, Tacos al pastor]` is the second), and only
        // words no option has.
        let optionWords = Set(labels.flatMap(words) + ids.flatMap(words))
        let singulars = replyWords.map { optionWords.contains($0) || !$0.allSatisfy(\.isLetter) ? $0 : singular($0) }
        guard singulars != replyWords else { return nil }
        let named = labels.indices.filter { words(labels[$0]) == singulars }
        if named.count == 1 { return named[0] }
        return looseMenuChoice(singulars, ids: ids, labels: labels, leading: leading)
            ?? topicLedChoice(singulars, ids: ids, labels: labels, topic: topic, leading: leading)
    }

    /// Words that join two things in a label, as `&` and `+` do: `Chips & Queso` is also `chips
    /// and queso` or `chips y queso`, `Mac & Cheese` is `mac n cheese`, `Rice and Beans` is `rice
    /// & beans`.
    static let joiningWords: Set<String> = ["and", "y", "e", "n"]

    /// The one label that joins two things (with `&`, `+` or a joining word) whose other words are
    /// the reply's, joined another way or not at all (`chips and queso` for `Chips & Queso`).
    static func joinedLabel(_ replyWords: [String], labels: [String]) -> Int? {
        let bare = replyWords.filter { !joiningWords.contains($0) }
        guard bare.count >= 2, bare.count <= 8 else { return nil }
        let found = labels.indices.filter { i in
            let labelWords = words(labels[i])
            let joins = labels[i].unicodeScalars.contains { $0 == "&" || $0 == "+" } || labelWords.contains(where: joiningWords.contains)
            return joins && labelWords.filter { !joiningWords.contains($0) } == bare
        }
        return found.count == 1 ? found[0] : nil
    }

    /// Articles and possessives said inside a label's words, or left out of them: `hacer un pedido`
    /// for `Hacer pedido`, `ver catálogo` for `Ver el catálogo`, `seguir el pedido` for `Seguir mi
    /// pedido`, `see the catalog` for `See catalog`. (`o` and `a` only in Portuguese: in Spanish
    /// they are "or" and "to".)
    static let innerArticles: Set<String> = [
        "el", "la", "los", "las", "un", "una", "unos", "unas", "the", "an", "um", "uma",
        "mi", "mis", "tu", "tus", "su", "sus", "my", "your", "meu", "minha", "meus", "minhas", "seu", "sua", "seus", "suas",
    ]
    static let portugueseInnerArticles: Set<String> = ["o", "a", "os", "as"]

    /// The one label whose words are the reply's once the articles after their first word are
    /// left out of both (a first word stays: `Una caja` is not `caja`).
    static func labelWithoutArticles(_ replyWords: [String], labels: [String], portuguese: Bool) -> Int? {
        let dropped = portuguese ? innerArticles.union(portugueseInnerArticles) : innerArticles
        func bare(_ w: [String]) -> [String] {
            guard let first = w.first else { return [] }
            return [first] + w.dropFirst().filter { !dropped.contains($0) }
        }
        let reply = bare(replyWords)
        guard reply.count >= 2 else { return nil }
        let found = labels.indices.filter { bare(words(labels[$0])) == reply }
        return found.count == 1 ? found[0] : nil
    }

    /// A label without the marker a shop puts before it: a keycap (`1️⃣`), a symbol shown as an
    /// emoji (`ℹ️`, `Ⓜ️`), or its own numbering (`1.`, `2)`, `3 -`). The label itself when it has
    /// none, or is nothing else.
    static func withoutMarker(_ label: String) -> String {
        let scalars = Array(trim(label).unicodeScalars)
        var i = 0
        if scalars.count > 2, scalars[0].properties.numericType != nil || scalars[0] == "#" || scalars[0] == "*" {
            var j = 1
            if scalars[j] == "\u{FE0F}" { j += 1 }
            if j < scalars.count, scalars[j] == "\u{20E3}" { i = j + 1 }
        }
        if i == 0, scalars.count > 2, scalars[1] == "\u{FE0F}", !scalars[0].isASCII { i = 2 }
        if i == 0 {
            var j = 0
            while j < scalars.count, j < 2, ("0"..."9").contains(scalars[j]) { j += 1 }
            if j > 0, j < scalars.count {
                var k = j
                while k < scalars.count, scalars[k] == " " { k += 1 }
                // (`1 - 2 personas`, `6 - 12 cuotas` are ranges, not numbering.)
                if k < scalars.count, [".", ")", "-", "\u{2013}", ":"].contains(scalars[k]), k + 1 < scalars.count, isSpace(scalars[k + 1]) {
                    var m = k + 1
                    while m < scalars.count, isSpace(scalars[m]) { m += 1 }
                    let dash = scalars[k] == "-" || scalars[k] == "\u{2013}"
                    if m < scalars.count, !dash || !("0"..."9").contains(scalars[m]) { i = k + 1 }
                }
            }
        }
        guard i > 0, i < scalars.count else { return label }
        let rest = trim(String(String.UnicodeScalarView(scalars[i...])))
        return words(rest).isEmpty ? label : rest
    }

    /// What people wrap a menu answer in: `opción 2`, `la 2`, `el mediano`, `mediano por favor`,
    /// `dos`, `la segunda`. Tried only when nothing matched as written.
    /// The reply's words without what leads or trails an option's name (`opción`, `la`, `quiero`,
    /// `one`, `por favor`): what names the option.
    private static func menuCore(_ replyWords: [String], count: Int, leading: Set<String> = menuLeading) -> [String] {
        var core = replyWords[...]
        // A plural article only before a word (`los jeans`, `unas ofertas`): `los dos`, `las 2`,
        // `os dois`, `the two` mean both, not the second.
        // (So are Portuguese `nos`/`nas`, "in the": `nos dois`, `nas três` mean in both, in all three.)
        while let first = core.first, core.count > 1,
              leading.contains(first) && !pluralLeading.contains(first)
                || (pluralArticles.contains(first) || leading.contains(first)) && !namesNumber(core[core.startIndex + 1], count: count) {
            core = core.dropFirst()
        }
        // `the second one`, `la segunda opción`, `2nd option`: the word after an ordinal names no option.
        // `the blue one` too.
        if core.count >= 2, let last = core.last,
           last == "one" || ["option", "opcion", "opcao"].contains(last)
            && ordinal(core[core.index(before: core.endIndex - 1)], count: count) != nil {
            core = core.dropLast()
        }
        // `the third`, `the last`, `the blue` (but `the two` is both, not the second).
        if core.count == 2, core.first == "the", let next = core.last, smallNumber(next) == nil, NumberWords.parse(next) == nil {
            core = core.dropFirst()
        }
        while let last = core.last, core.count > 1, menuTrailing.contains(last) { core = core.dropLast() }
        if core.count > 1, core.suffix(2) == ["por", "favor"] { core = core.dropLast(2) }
        return Array(core)
    }

    /// Whether a reply that matched no option names a position the menu does not have (`5` or
    /// `opción 4` or `la cuarta` of three, `0`): out of range rather than not allowed.
    public static func namesMissingPosition(_ reply: String, count: Int) -> Bool {
        let replyWords = words(trim(reply))
        guard !replyWords.isEmpty else { return false }
        let rest = menuCore(replyWords, count: count)
        guard rest.count == 1 else { return false }
        let digits = rest[0].utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let n = (digits ? Int(rest[0].prefix(18)) : nil) ?? ordinals[rest[0]] ?? ordinal(rest[0], count: count)
            ?? NumberWords.parse(rest[0]).flatMap { $0 < 100 && $0 == $0.rounded() ? Int($0) : nil }
        return n.map { $0 < 1 || $0 > count } ?? false
    }

    private static func looseMenuChoice(_ replyWords: [String], ids: [String], labels: [String], leading: Set<String>) -> Int? {
        let count = Swift.max(ids.count, labels.count)
        let rest = menuCore(replyWords, count: count, leading: leading)
        guard !rest.isEmpty else { return nil }
        if rest.count == 1 {
            // A word that starts exactly one label is that option before it is an ordinal:
            // `quarta` of Segunda-feira … Sexta-feira is Wednesday, not the fourth option.
            if !rest[0].allSatisfy(\.isNumber) {
                let starting = labels.indices.filter { words(labels[$0]).first == rest[0] }
                if starting.count == 1 { return starting[0] }
            }
            let n = smallNumber(rest[0]) ?? ordinal(rest[0], count: count) ?? NumberWords.parse(rest[0]).flatMap { $0 < 100 ? Int($0) : nil }
            if let n, n >= 1, n <= count { return n - 1 }
        }
        if rest != replyWords {
            for (i, id) in ids.enumerated() where words(id) == rest { return i }
            for (i, label) in labels.enumerated() where words(label) == rest { return i }
        }
        // A label's words run together or apart (`mercadopago` for `Mercado Pago`): when one label is.
        let together = rest.joined()
        if together.count >= 4 {
            let spelled = labels.indices.filter { i in let w = words(labels[i]); return w != rest && w.joined() == together }
            if spelled.count == 1 { return spelled[0] }
        }
        // The label's first words, what a person types of `Grande R$ 50,00` or `Pequena (4 fatias)`:
        // when they start exactly one label. A number alone is an option's number, never a label's
        // start (`opción 5` is not `5 kg` of a three-option menu; a bare `5` is, by `menuChoice`); a
        // time is (`13:00` of `13:00 a 14:00`).
        if rest.count < 2, rest.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return nil }
        let starting = labels.indices.filter { i in
            let label = words(labels[i])
            return label.count > rest.count && Array(label.prefix(rest.count)) == rest
        }
        return starting.count == 1 ? starting[0] : nil
    }

    static let menuLeading: Set<String> = [
        // Singular articles only (plural ones in ``pluralArticles``): `los dos`, `as duas`, `the two` mean both, not the second.
        "opcion", "opcao", "option", "numero", "nro", "nº", "number", "el", "la", "lo", "un", "una", "an", "de", "del",
        "o", "a", "um", "uma", "quiero", "prefiero", "elijo", "voy", "con", "eu", "quero", "i", "want", "choose",
        // The polite past and conditional: `quería hacer un pedido`, `quisiera ver precios`, `me gustaría…`.
        "queria", "quisiera", "me", "gustaria", "gostaria", "prefiro", "escolho", "mejor", "melhor", "necesito", "preciso",
        // How it is paid or had: `pago com pix`, `pelo pix`, `via pix`, `na entrega`, `I'll have the…`, `lemme get the…`.
        "com", "pelo", "pela", "via", "na", "pago", "pagar", "ll", "have", "lemme", "gimme", "get",
    ]
    /// Leading words only in Portuguese, where `no` is "in the" (`no pix`), not a refusal.
    static let portugueseLeading: Set<String> = ["no", "nos", "nas"]
    /// Leading words that are plural ("in the", Portuguese): not dropped before a number.
    static let pluralLeading: Set<String> = ["nos", "nas"]
    /// Articles that lead a reply's words but not a number: `los jeans`, not `los dos`.
    static let pluralArticles: Set<String> = ["los", "las", "unos", "unas", "os", "as", "the"]

    /// Whether `word` is a number or an ordinal (`2`, `dos`, `two`, `segunda`, `3rd`, `last`).
    private static func namesNumber(_ word: String, count: Int) -> Bool {
        word.allSatisfy(\.isNumber) || ordinal(word, count: count) != nil || NumberWords.parse(word) != nil
    }
    static let menuTrailing: Set<String> = ["gracias", "porfa", "please", "thanks", "obrigado", "obrigada", "pf", "pls", "mesmo"]
    private static let ordinals: [String: Int] = [
        "primero": 1, "primera": 1, "primer": 1, "segundo": 2, "segunda": 2, "tercero": 3, "tercera": 3, "tercer": 3,
        "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5, "sexto": 6, "sexta": 6, "septimo": 7, "septima": 7,
        "octavo": 8, "octava": 8, "noveno": 9, "novena": 9, "decimo": 10, "decima": 10,
        "primeiro": 1, "primeira": 1, "terceiro": 3, "terceira": 3, "quarto": 4, "quarta": 4, "setimo": 7, "setima": 7,
        "oitavo": 8, "oitava": 8, "nono": 9, "nona": 9,
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    ]

    /// The first choice the answer names, compared as `menuChoice` compares labels; nil if none.
    public static func choiceIndex(_ answer: String, _ choices: [String]) -> Int? {
        // As written, then differing only in case and accents: `C#` is not `C++`, `S+` not `S`.
        let trimmed = trim(answer)
        if let exact = choices.firstIndex(of: trimmed) { return exact }
        // Then differing in case only, so that `año` is `Año` before it is `Ano`.
        let lower = trimmed.lowercased()
        if let same = choices.firstIndex(where: { $0.lowercased() == lower }) { return same }
        let foldedAnswer = fold(trimmed)
        if let same = choices.firstIndex(where: { fold($0) == foldedAnswer }) { return same }
        let answerWords = words(answer)
        if answerWords.isEmpty {
            let folded = fold(answer)
            guard !folded.isEmpty else { return nil }
            return choices.firstIndex { words($0).isEmpty && fold($0) == folded }
        }
        if let exact = choices.firstIndex(where: { words($0) == answerWords }) { return exact }
        // `el grande`, `la roja`, `o azul`, `the big one` without `one`: an article before a choice.
        guard answerWords.count > 1, articles.contains(answerWords[0]) else { return nil }
        let rest = Array(answerWords.dropFirst())
        return choices.firstIndex { words($0) == rest }
    }

    private static let articles: Set<String> = ["el", "la", "los", "las", "lo", "un", "una", "o", "a", "an", "os", "as", "um", "uma", "the"]

    /// An ordinal word (`segunda`, `third`), written with digits (`2nd`, `1st`, `3º`; not `1a` or `2o`,
    /// which are as often a flat or a unit as the first or second), or the
    /// last of `count` (`last`, `ultimo`, `ultima`).
    static func ordinal(_ word: String, count: Int) -> Int? {
        if let n = ordinals[word] { return n }
        if ["last", "ultimo", "ultima"].contains(word) { return count > 0 ? count : nil }
        let digits = word.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2, let n = Int(digits) else { return nil }
        return ["st", "nd", "rd", "th", "º", "ª"].contains(String(word.dropFirst(digits.count))) ? n : nil
    }

    /// Whether a reply is digits alone, a full stop or `!` after them aside (`2`, `2.`, `2️⃣`; not
    /// `#2`, `2)`, `opción 2`, which point at a line).
    private static func isBareNumber(_ reply: String) -> Bool {
        let digits = fold(reply).reversed().drop { $0 == "." || $0 == "!" }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The number a label leads with, as a whole number: `2 personas`, `12:00`, `12 hs`, `12hs`,
    /// `3 cuotas`, `1. Ver productos`; nil for `1.5 kg`, `1,500`, `2x1`, `1️⃣ Ver` or a label
    /// without one.
    static func leadingNumber(_ label: String) -> Int? {
        let text = trim(label)
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, let n = Int(digits) else { return nil }
        let rest = text.dropFirst(digits.count)
        guard let next = rest.first, !next.isWhitespace, next != ":" else { return n }
        // What ends where a space or the label does: a numbering mark (`1.`, `2)`) or a unit (`12hs`, `3kg`).
        let word = rest.prefix { !$0.isWhitespace }
        if word == "." || word == ")" { return n }
        return NumberAnswer.units.contains(fold(String(word))) ? n : nil
    }

    private static func smallNumber(_ word: String) -> Int? {
        guard word.utf8.count <= 3, word.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(word)
    }
}
