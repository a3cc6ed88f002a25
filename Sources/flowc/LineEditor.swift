#if canImport(Glibc)
import Glibc
#endif

/// The line `flowc chat` reads in a terminal: typed with echo off, so that a bot message that
/// arrives while the person types (a question's timeout) is printed above the half-typed line,
/// which is then drawn again as it was; with the keys people expect (arrows, Home/End, Delete,
/// Backspace, Ctrl-A/E/U/K/W/L, Up/Down for the lines already sent) instead of their escape
/// codes ending up in the message.
final class LineEditor {
    enum Outcome: Equatable {
        /// A line (Enter).
        case line(String)
        /// Ctrl-D on an empty line, or the end of input.
        case end
        /// Ctrl-C.
        case interrupt
    }

    private let prompt: String
    private let promptWidth: Int
    private var original = termios()
    private var chars: [Character] = []
    private var cursor = 0
    private var history: [String] = []
    private var historyIndex = 0
    private var draft: [Character] = []
    private var pending: [UInt8] = []
    /// Where the drawn line's cursor was, in columns from the prompt's start.
    private var drawnCursor = 0
    private var shown = false

    /// A line editor on the terminal, or nil when standard input or output is not one.
    init?(prompt: String, promptWidth: Int) {
        guard isatty(0) == 1, isatty(1) == 1, tcgetattr(0, &original) == 0 else { return nil }
        self.prompt = prompt
        self.promptWidth = promptWidth
        var raw = original
        // No echo, no line buffering, and Ctrl-C / Ctrl-Z as keys (the terminal is given back
        // as it was however the chat ends).
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(0, TCSAFLUSH, &raw) == 0 else { return nil }
        LineEditor.saved = original
        atexit { LineEditor.restoreTerminal() }
        for sig in [SIGTERM, SIGHUP, SIGQUIT, SIGINT] {
            signal(sig) { number in
                LineEditor.restoreTerminal()
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    deinit { Self.restoreTerminal() }

    nonisolated(unsafe) private static var saved: termios?

    private static func restoreTerminal() {
        guard var t = saved else { return }
        tcsetattr(0, TCSAFLUSH, &t)
    }

    /// Whether keys already read wait to be taken (a pasted block's next lines): input has arrived.
    var hasPending: Bool { !pending.isEmpty }

    /// Draws the prompt and the line as far as it is typed.
    func show() {
        drawnCursor = 0
        shown = true
        refresh()
    }

    /// Takes the drawn line off the screen (the cursor at the start of its first row), so that
    /// a message can be printed where it was; `show()` draws it again below.
    func hide() {
        guard shown else { return }
        let up = drawnCursor / Self.columns()
        write((up > 0 ? "\u{1B}[\(up)A" : "") + "\r\u{1B}[J")
        shown = false
    }

    /// Reads what is waiting on standard input (at least one byte: it blocks until then) and
    /// edits the line; returns what ended it, or nil while the line goes on.
    func readAvailable() -> Outcome? {
        // Keys already read (the rest of a pasted block after its first line) come first.
        if !hasPending {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = read(0, &buffer, buffer.count)
            if n <= 0 {
                if n < 0, errno == EINTR || errno == EAGAIN { return nil }
                return .end
            }
            pending.append(contentsOf: buffer[0..<n])
        }
        while !pending.isEmpty {
            guard let (consumed, outcome) = key(pending) else { break }
            pending.removeFirst(consumed)
            if let outcome { return outcome }
        }
        refresh()
        return nil
    }

    /// One key at the start of `bytes`: how many bytes it took and what it ended, or nil when
    /// the key is not all there yet (a UTF-8 character or an escape sequence cut in two).
    private func key(_ bytes: [UInt8]) -> (Int, Outcome?)? {
        let b = bytes[0]
        switch b {
        case 0x0D, 0x0A:
            let line = String(chars)
            if !line.allSatisfy(\.isWhitespace), history.last != line { history.append(line) }
            historyIndex = history.count
            cursor = chars.count
            refresh()
            write("\r\n")
            chars = []
            cursor = 0
            shown = false
            return (1, .line(line))
        case 0x03:
            refresh()
            write("^C\r\n")
            return (1, .interrupt)
        case 0x04:
            if chars.isEmpty {
                refresh()
                write("\r\n")
                return (1, .end)
            }
            if cursor < chars.count { chars.remove(at: cursor) }
        case 0x7F, 0x08:
            if cursor > 0 { chars.remove(at: cursor - 1); cursor -= 1 }
        case 0x01: cursor = 0
        case 0x05: cursor = chars.count
        case 0x02: cursor = max(0, cursor - 1)
        case 0x06: cursor = min(chars.count, cursor + 1)
        case 0x15: chars.removeFirst(cursor); cursor = 0
        case 0x0B: chars.removeLast(chars.count - cursor)
        case 0x17:
            var start = cursor
            while start > 0, chars[start - 1].isWhitespace { start -= 1 }
            while start > 0, !chars[start - 1].isWhitespace { start -= 1 }
            chars.removeSubrange(start..<cursor)
            cursor = start
        case 0x0C:
            write("\u{1B}[H\u{1B}[2J")
            drawnCursor = 0
        case 0x1B:
            return escape(bytes)
        case 0x00..<0x20:
            break  // other control keys: nothing
        default:
            // A UTF-8 character: as many bytes as its first one says.
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            guard bytes.count >= length else { return nil }
            let text = String(decoding: bytes[0..<length], as: UTF8.self)
            // Bytes that are no character (a stray continuation byte) are dropped.
            if text.unicodeScalars.contains("\u{FFFD}"), Array(bytes[0..<length]) != [0xEF, 0xBF, 0xBD] { return (length, nil) }
            for c in text {
                // A combining mark joins the character before it.
                if cursor > 0, let last = String(chars[cursor - 1]).unicodeScalars.last,
                   String(String(chars[cursor - 1]) + String(c)).count == 1, last != "\n" {
                    chars[cursor - 1] = Character(String(chars[cursor - 1]) + String(c))
                } else {
                    chars.insert(c, at: cursor)
                    cursor += 1
                }
            }
            return (length, nil)
        }
        return (1, nil)
    }

    /// An escape sequence: `ESC [ … final` or `ESC O x`; arrows, Home, End, Delete; others skipped.
    private func escape(_ bytes: [UInt8]) -> (Int, Outcome?)? {
        guard bytes.count >= 2 else { return nil }
        // A lone Esc (or Alt with a key): the Esc is dropped, the key after it still counts.
        guard bytes[1] == UInt8(ascii: "[") || bytes[1] == UInt8(ascii: "O") else { return (1, nil) }
        var i = 2
        while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
        guard i < bytes.count else { return bytes.count > 16 ? (bytes.count, nil) : nil }
        let parameter = String(decoding: bytes[2..<i], as: UTF8.self)
        switch bytes[i] {
        case UInt8(ascii: "D"): cursor = max(0, cursor - 1)
        case UInt8(ascii: "C"): cursor = min(chars.count, cursor + 1)
        case UInt8(ascii: "H"): cursor = 0
        case UInt8(ascii: "F"): cursor = chars.count
        case UInt8(ascii: "A"): recall(-1)
        case UInt8(ascii: "B"): recall(1)
        case UInt8(ascii: "~"):
            switch parameter {
            case "1", "7": cursor = 0
            case "4", "8": cursor = chars.count
            case "3": if cursor < chars.count { chars.remove(at: cursor) }
            default: break
            }
        default: break
        }
        return (i + 1, nil)
    }

    /// Up (`-1`) and Down (`1`) through the lines already sent; the line being typed is kept.
    private func recall(_ step: Int) {
        let target = historyIndex + step
        guard target >= 0, target <= history.count else { return }
        if historyIndex == history.count { draft = chars }
        historyIndex = target
        chars = target == history.count ? draft : Array(history[target])
        cursor = chars.count
    }

    /// Draws the prompt and the line over what was drawn before, the cursor in its place
    /// (a line longer than the terminal is wide takes several rows).
    private func refresh() {
        let cols = Self.columns()
        let length = promptWidth + Self.width(chars[...])
        let position = promptWidth + Self.width(chars[..<cursor])
        var out = ""
        // Up to the first row the line took, then everything below it cleared.
        let up = shown ? drawnCursor / cols : 0
        if up > 0 { out += "\u{1B}[\(up)A" }
        out += "\r\u{1B}[J" + prompt + String(chars)
        // The row the terminal's cursor is on after the text: the last character's, or, when the
        // text ends a row exactly and the cursor is at its end, the next one (the terminal would
        // only wrap on the next character, so the line is broken here).
        var lastRow = (max(length, 1) - 1) / cols
        if length % cols == 0, cursor == chars.count {
            out += "\r\n"
            lastRow = length / cols
        }
        let cursorRow = position / cols
        if lastRow > cursorRow { out += "\u{1B}[\(lastRow - cursorRow)A" }
        let column = position % cols
        out += "\r" + (column > 0 ? "\u{1B}[\(column)C" : "")
        write(out)
        drawnCursor = position
        shown = true
    }

    private func write(_ s: String) {
        fflushStdout()  // what was printed before comes first
        var s = s
        s.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(1, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }

    static func columns() -> Int {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Terminal columns of text: 2 for wide characters and emoji, 1 for the rest.
    static func width(_ chars: ArraySlice<Character>) -> Int {
        chars.reduce(0) { $0 + width($1) }
    }

    static func width(_ c: Character) -> Int {
        if c.isASCII { return 1 }
        for scalar in c.unicodeScalars {
            let v = scalar.value
            if scalar.properties.isEmojiPresentation || v == 0xFE0F { return 2 }
            if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v) { return 2 }
        }
        return 1
    }
}
