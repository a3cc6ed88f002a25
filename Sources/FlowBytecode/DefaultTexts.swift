/// Texts the bot sends when its author wrote none.
public enum DefaultTexts {
    /// The message a runtime error ends the conversation with when the bot has no `error_message`,
    /// or when its own `error_message` fails to render: in the bot's language, with voseo where
    /// people use it (Argentina, Uruguay) and `tú` in the other Spanish locales.
    public static func errorMessage(locale: String) -> String {
        if locale.hasPrefix("en") { return "Sorry, something went wrong. Please try again later." }
        if locale.hasPrefix("pt") { return "Desculpe, algo deu errado. Tente novamente mais tarde." }
        return ["es-AR", "es-UY"].contains(locale) ? "Uy, algo salió mal. Probá de nuevo más tarde." : "Uy, algo salió mal. Intenta de nuevo más tarde."
    }
}
