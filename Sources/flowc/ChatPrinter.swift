import FlowBytecode
import FlowRuntime
import FlowVM

/// How `flowc chat` shows a conversation: a terminal, plain lines, or JSON lines.
struct ChatPrinter {
    let jsonl: Bool
    let interactive: Bool
    let colour: Bool
    /// The conversation's key (the contact's id), named with a run-time error as the daemon logs it.
    var conversation = ""

    func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func out(_ s: String) {
        print(s)
        fflushStdout()
    }

    func banner(bundle: Bundle, resumed: Bool) {
        out(paint("Chatting with \(bundle.botName.isEmpty ? bundle.botId : bundle.botName)", "1") + paint("  (/help for commands)", "2"))
    }

    /// What the person's line starts with, and how many columns it takes.
    var promptText: String { paint("you › ", "1;32") }
    static let promptWidth = 6

    func prompt() {
        print(promptText, terminator: "")
        fflushStdout()
    }

    func note(_ s: String) {
        // In JSON lines and in plain piped output, stdout holds only the bot's messages (and turn
        // events) (flow-format.md §6): notes go to stderr.
        if jsonl {
            writeStandardError(Value.object(JSONObject([("note", .text(s))])).json + "\n")
        } else if interactive {
            out(paint("· " + s, "2"))
        } else {
            writeStandardError("note: \(s)\n")
        }
    }

    func vars(_ vars: [String: Value]) {
        if jsonl {
            out(Value.object(JSONObject([("vars", .object(JSONObject(vars.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))])).json)
            return
        }
        if vars.isEmpty { note("no variables set"); return }
        for (k, v) in vars.sorted(by: { $0.key < $1.key }) {
            let shown = if case .text(let s) = v { Value.text(s).json } else { v.json }
            out(paint("  \(k)", "36") + " = \(shown)")
        }
    }

    /// `line` cut at spaces into pieces of at most `width` terminal columns (a word longer than
    /// that is cut where it must).
    static func wrapped(_ line: String, width: Int) -> [String] {
        guard LineEditor.width(Array(line)[...]) > width else { return [line] }
        var pieces: [String] = []
        var current: [Character] = []
        var currentWidth = 0
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            var word = Array(word)
            let wordWidth = LineEditor.width(word[...])
            if !current.isEmpty, currentWidth + 1 + wordWidth > width {
                pieces.append(String(current))
                current = []
                currentWidth = 0
            }
            if !current.isEmpty { current.append(" "); currentWidth += 1 }
            while LineEditor.width(word[...]) + currentWidth > width, !word.isEmpty {
                var cut = 0
                var w = currentWidth
                while cut < word.count, w + LineEditor.width(word[cut]) <= width { w += LineEditor.width(word[cut]); cut += 1 }
                if cut == 0, current.isEmpty { cut = 1 }
                current += word[..<cut]
                pieces.append(String(current))
                current = []
                currentWidth = 0
                word.removeFirst(cut)
            }
            current += word
            currentWidth += LineEditor.width(word[...])
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append(String(current)) }
        return pieces
    }

    static func trimmingTrailingNewlines(_ s: String) -> String {
        var s = Substring(s)
        while s.last == "\n" || s.last == "\r\n" || s.last == "\r" { s.removeLast() }
        return String(s)
    }

    func turn(_ t: TurnOutput) {
        if t.startedOver {
            let text = "the bundle this conversation started on is gone (its .flowb was removed): a new conversation started"
            // Plain piped output holds only the bot's messages: the note goes to stderr there.
            if jsonl || interactive { note(text) } else { writeStandardError("note: \(text)\n") }
        }
        // An action that failed and the flow handled (`on_error`): said beside the conversation, so
        // that the author sees why the bot took that way (a runtime error says it already).
        if t.error == nil {
            for failure in t.failedEffects {
                let text = "\(failure.kind) \(failure.error)"
                if jsonl {
                    writeStandardError(Value.object(JSONObject([("failed", .text(failure.kind)), ("error", .text(failure.error))])).json + "\n")
                } else if interactive {
                    note(text)
                } else {
                    writeStandardError("note: \(text)\n")
                }
            }
        }
        // What the turn did besides talking, for the person at the terminal: e-mail is only recorded
        // here (`serve` sends it), and analytics events go nowhere else.
        if interactive {
            for effect in t.effects where effect.kind == "email" && !t.failedEffects.contains(where: { $0.kind == "email" }) {
                func field(_ key: String) -> String { effect.payload[member: key]?.rendered ?? "" }
                note("e-mail to \(field("to")): \(field("subject")) (recorded, not sent)")
            }
            for event in t.events { note("track \(event.name)") }
        }
        for m in t.messages { message(m) }
        if let error = t.error {
            if jsonl {
                writeStandardError(Value.object(JSONObject([("error", .text(error.message)), ("at", .text(error.location)),
                                                            ("conversation", .text(conversation))])).json + "\n")
            } else {
                writeStandardError("runtime error: \(error) [conversation \(conversation)]\n")
            }
        }
        if jsonl {
            let event = switch t.status {
            case .ended: "ended"
            case .handoff: "handoff"
            default: "waiting"
            }
            out(Value.object(JSONObject([("event", .text(event)), ("step", .text(t.step))])).json)
        } else if interactive {
            switch t.status {
            case .ended: note("conversation ended")
            case .handoff: note("handed off to a person; /release to give it back")
            default: break
            }
        }
    }

    func message(_ m: OutboundMessage) {
        if jsonl {
            // (A `|` block's final line break is no part of what the person reads, as in text mode.)
            var pairs: [(String, Value)] = [("text", .text(Self.trimmingTrailingNewlines(m.text)))]
            if let options = m.options {
                pairs.append(("options", .list(options.map(\.value))))
                pairs.append(("style", .text(m.style)))
            }
            // What the message sends besides its text (the text is `text` already).
            if case .object(var o) = m.attachments {
                o["text"] = nil
                if o.count > 0 { pairs.append(("attachments", .object(o))) }
            } else if !m.attachments.isNull {
                pairs.append(("attachments", m.attachments))
            }
            if m.delayMs > 0 { pairs.append(("delay_ms", .number(Double(m.delayMs)))) }
            out(Value.object(JSONObject(pairs)).json)
            return
        }
        if interactive {
            if m.delayMs > 0, isatty(1) == 1 {
                // `delay:` is shown as typing, as on WhatsApp (up to 3 s, so a long one does not stall the chat).
                print(paint("bot is typing…", "2"), terminator: "")
                fflushStdout()
                usleep(useconds_t(min(m.delayMs, 3_000)) * 1_000)
                print("\r\u{1B}[2K", terminator: "")
            }
            let text = Self.trimmingTrailingNewlines(m.text)
            var lines = text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if case .object(let o) = m.attachments {
                lines += OutboundMessage.attachmentLines(o)
                if case .list(let buttons)? = o["buttons"] { lines.append(buttons.map { "[ \($0.rendered) ]" }.joined(separator: " ")) }
            }
            lines = lines.map(Self.visible)
            // Long lines wrap at spaces under the text, not under `bot ›`.
            let width = max(20, LineEditor.columns() - 6)
            lines = lines.flatMap { Self.wrapped($0, width: width) }
            let first = paint("bot › ", "1;36") + (lines.first ?? "")
            out(([first] + lines.dropFirst().map { "      " + $0 }).joined(separator: "\n"))
            for (i, o) in (m.options ?? []).enumerated() {
                let option = Self.wrapped(Self.visible("\(i + 1). \(o.label)" + (o.description.map { " — " + $0 } ?? "")), width: width)
                let number = "\(i + 1)."
                out("      " + paint(number, "1;33") + String(option[0].dropFirst(number.count))
                    + option.dropFirst().map { "\n      " + String(repeating: " ", count: number.count + 1) + $0 }.joined())
            }
            return
        }
        // A `|` block's last line break is not a blank line of its own (one blank line ends a message).
        out(Self.visible(m.chatText))
        out("")
    }

    /// Text as it may reach a terminal: control characters that a user typed or an API sent (an
    /// escape that retitles the window or recolours the screen) shown as `^[`, `^G`, …, not obeyed.
    /// Line breaks and tabs stay.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09: out.append(scalar)
            case 0..<0x20: out.append("^"); out.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F: out.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

#if canImport(Glibc)
import Glibc
/// Flushes standard output (`fflush(nil)` flushes every stream without touching the global `stdout`).
func fflushStdout() { fflush(nil) }
#endif
