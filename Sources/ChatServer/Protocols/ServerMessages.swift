// ServerMessages: every sentence the server itself says (refusals, warnings, goodbyes), in one place.
import DialogKit

/// One of the server's sentences in each language the channels speak; the connection says it in the
/// session's language once one is known (the dialog's, or the one the person chose), else in the
/// language of the dialog the server was given.
public struct ServerSentence: Sendable, Equatable {
    public let english: String
    public let spanish: String

    init(_ english: String, es spanish: String) {
        self.english = english
        self.spanish = spanish
    }

    /// The sentence in `language` (English in a language the channels do not speak).
    public func text(in language: LanguageTag) -> String {
        language.sentence(english, es: spanish)
    }
}

/// The service's own sentences, kept together so they read alike and are easy to review.
enum ServerMessages {
    static func tooManySessions(limit: Int) -> ServerSentence {
        ServerSentence("Sorry, the service is full (\(limit) sessions). Please try again in a few minutes.",
                       es: "Lo sentimos, el servicio está completo (\(limit) sesiones). Por favor, vuelva a intentarlo dentro de unos minutos.")
    }

    static func tooManyFromAddress(limit: Int) -> ServerSentence {
        ServerSentence("Sorry, there are already \(limit) sessions from your address. Please finish one and try again.",
                       es: "Lo sentimos, ya hay \(limit) sesiones abiertas desde su dirección. Por favor, termine una y vuelva a intentarlo.")
    }

    /// A connection's PROXY header (or its missing one) refused, with what was wrong. Said only to a
    /// load balancer that is set up wrong, never to a person, so in English.
    static func proxyHeaderRefused(_ reason: String) -> String {
        "Connection refused: \(reason)."
    }

    static func idleWarning(remaining: Duration) -> ServerSentence {
        ServerSentence("Are you still there? This session closes in \(describe(remaining)) unless you answer.",
                       es: "¿Sigue ahí? Esta sesión se cerrará dentro de \(describe(remaining, spanish: true)) si no responde.")
    }

    static func idleTimeout(after idle: Duration) -> ServerSentence {
        ServerSentence("This session was closed after \(describe(idle)) without an answer. Goodbye.",
                       es: "Esta sesión se ha cerrado tras \(describe(idle, spanish: true)) sin respuesta. Adiós.")
    }

    static func sessionTooLong(limit: Duration) -> ServerSentence {
        ServerSentence("This session has reached its time limit of \(describe(limit)). Goodbye.",
                       es: "Esta sesión ha llegado a su límite de tiempo de \(describe(limit, spanish: true)). Adiós.")
    }

    static let slowDown = ServerSentence("You are sending lines faster than anyone types; they will be read slowly.",
                                         es: "Está enviando líneas más rápido de lo que nadie escribe; se leerán despacio.")

    static let flood = ServerSentence("Too much input too fast. This session is closed.",
                                      es: "Demasiado texto demasiado rápido. Esta sesión se ha cerrado.")

    static func lineTooLong(limit: Int) -> ServerSentence {
        ServerSentence("That line was too long (over \(limit) bytes) and was ignored.",
                       es: "Esa línea era demasiado larga (más de \(limit) bytes) y no se ha tenido en cuenta.")
    }

    /// IRC's reason for closing a client that did not answer a PING: read by IRC clients, which show
    /// it as the protocol's words, so the same in every language.
    static let pingTimeout = ServerSentence("Ping timeout", es: "Ping timeout")

    static let interrupted = ServerSentence("Interrupted. Goodbye.", es: "Interrumpido. Adiós.")

    static let endOfInput = ServerSentence("End of input. Goodbye.", es: "Fin de la entrada. Adiós.")

    static let stopping = ServerSentence("The service is stopping now. Goodbye.", es: "El servicio se está deteniendo. Adiós.")

    static let finished = ServerSentence("This assessment is finished. Goodbye.", es: "Este cuestionario ha terminado. Adiós.")

    /// After the third resume code that did not work on one connection.
    static let tooManyWrongCodes = ServerSentence(
        "Three resume codes did not work, so this connection closes. Connect again to try once more.",
        es: "Tres códigos para continuar no han funcionado, así que esta conexión se cierra. Conéctese de nuevo para intentarlo otra vez.")

    /// A kiosk, under the last screen of a person's session (`intake serve --kiosk`).
    static let kioskReading = ServerSentence("Press Enter when you have read this.", es: "Pulse Intro cuando lo haya leído.")

    /// After `quit`, or a dialog that stopped without an outcome.
    static let goodbye = ServerSentence("Goodbye.", es: "Adiós.")

    /// What the IRC bot says once a session is over, and to every line after it but the restart.
    static let ircFinished = ServerSentence("This assessment is finished. Type restart to begin again, or /quit to leave.",
        es: "Este cuestionario ha terminado. Escriba reiniciar para empezar de nuevo, o /quit para salir.")

    /// The last line of an IRC client's message of the day: where to answer.
    static func ircQueryNotice(bot: String) -> ServerSentence {
        ServerSentence("\(bot) will open a query with you; answer there. Type help, back or quit at any time.",
            es: "\(bot) abrirá una conversación privada con usted; responda allí. Escriba ayuda, atrás o salir en cualquier momento.")
    }

    /// "10 minutes", "1 minute", "90 seconds", "2 seconds" (in Spanish "10 minutos", "1 segundo").
    static func describe(_ duration: Duration, spanish: Bool = false) -> String {
        let seconds = Int((Double(duration.components.seconds)
            + Double(duration.components.attoseconds) / 1e18).rounded())
        if seconds >= 60, seconds % 60 == 0 {
            let minutes = seconds / 60
            return minutes == 1 ? (spanish ? "1 minuto" : "1 minute") : "\(minutes) \(spanish ? "minutos" : "minutes")"
        }
        return seconds == 1 ? (spanish ? "1 segundo" : "1 second") : "\(seconds) \(spanish ? "segundos" : "seconds")"
    }
}
