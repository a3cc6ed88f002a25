/// The reference bot, written as real flow YAML: greeting, a validated e-mail, a
/// 3-option menu, a branch, and an end. The same shape as the anchor bots (botbuilder-dialogs,
/// chatsky, Rasa, `transitions`).
///
/// A conversation takes 4 turns: `hola` (greeting and the e-mail question), an invalid e-mail
/// (re-asked), a valid e-mail (the menu), an option (branch, end). Conversations cycle through
/// the 3 options so both arms of the branch run.
public enum FiveStepBot {
    public static let botYAML = """
        bot: signup
        name: Signup
        start: main
        locale: es-AR
        timezone: America/Argentina/Buenos_Aires

        """

    public static let flowYAML = """
        flow: main
        description: Greeting, validated e-mail, 3-option menu, branch, end.
        vars:
          email: email
          plan: text
        steps:
          greet:
            say: "¡Hola {{contact.name}}! Te ayudo a elegir un plan."
          ask_email:
            ask: "¿Cuál es tu e-mail?"
            save: email
            invalid: "Ese e-mail no parece válido. Probá de nuevo, por ejemplo ana@gmail.com."
          pick:
            menu: "¿Qué plan querés?"
            options:
              basic: Básico
              pro: Pro
              team: Equipo
            save: plan
          route:
            branch:
              - if: plan == "team"
                goto: team
              - else: done
          team:
            end: "¡Gracias! Te escribimos a {{email}} por el plan Equipo."
          done:
            end: "¡Listo! Quedaste en el plan {{plan}}; el comprobante va a {{email}}."

        """

    /// The user's `turn`-th message (0-based) in conversation `conversation`.
    public static func message(conversation: Int, turn: Int) -> String {
        switch turn {
        case 0: "hola"
        case 1: "ana en gmail"
        case 2: "cliente\(conversation)@example.com"
        default: ["1", "2", "3"][conversation % 3]
        }
    }

    /// The next message for a conversation resumed at `step` (random turns over stored ones).
    public static func next(afterStep step: String, ended: Bool, conversation: Int) -> String {
        if ended { return "hola" }
        switch step {
        case "main.ask_email": return "cliente\(conversation)@example.com"
        case "main.pick": return ["1", "2", "3"][conversation % 3]
        default: return "hola"
        }
    }
}
