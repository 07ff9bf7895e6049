// StoreTexts: what the store says to a person (resume codes, refusals, a store that fails), in the dialog's language.

import DialogKit

/// The store's own sentences, each written in every language the engine speaks, side by side; the
/// language is the dialog's, so a session in Spanish hears them in Spanish.
enum StoreTexts {
    static func resumeCodeNotice(_ code: String, in language: LanguageTag) -> String {
        language.sentence(
            "Your resume code is \(code). If you are cut off, start again and type: resume \(code)",
            es: "Su código para continuar es \(code). Si se corta la conexión, vuelva a empezar y escriba: resume \(code)")
    }

    static func typeTheCode(in language: LanguageTag) -> String {
        language.sentence(
            "Type resume and the code you were given, for example: resume K7PX-R2M4-QH9T.",
            es: "Escriba resume y el código que se le dio, por ejemplo: resume K7PX-R2M4-QH9T.")
    }

    static func unknownCode(in language: LanguageTag) -> String {
        language.sentence(
            "That resume code is not known. Check it and type resume and the code again, or answer the question below to start afresh.",
            es: "Ese código no se reconoce. Compruébelo y escriba de nuevo resume y el código, o responda a la pregunta de abajo para empezar de nuevo.")
    }

    static func unreadable(in language: LanguageTag) -> String {
        language.sentence(
            "Your earlier session could not be read just now. Please try again in a moment.",
            es: "Su sesión anterior no se ha podido leer en este momento. Por favor, inténtelo de nuevo dentro de un momento.")
    }

    static func expired(lifetime: String, in language: LanguageTag) -> String {
        language.sentence(
            "That code has expired (a code works for \(lifetime) after the last answer). Please start again: answer the question below.",
            es: "Ese código ha caducado (un código sirve durante \(lifetime) después de la última respuesta). Por favor, empiece de nuevo: responda a la pregunta de abajo.")
    }

    static func finished(in language: LanguageTag) -> String {
        language.sentence(
            "That questionnaire was already finished, so its code no longer works. To start a new one, answer the question below.",
            es: "Ese cuestionario ya se terminó, así que su código ya no sirve. Para empezar uno nuevo, responda a la pregunta de abajo.")
    }

    static func quit(in language: LanguageTag) -> String {
        language.sentence(
            "That questionnaire was stopped with quit, so it cannot be continued. Please start again: answer the question below.",
            es: "Ese cuestionario se detuvo antes de terminar, así que no se puede continuar. Por favor, empiece de nuevo: responda a la pregunta de abajo.")
    }

    static func differentDialog(found: String, this: String, in language: LanguageTag) -> String {
        language.sentence(
            "That session was started with \(found), and this is \(this), so it cannot be continued. Please start again: answer the question below.",
            es: "Esa sesión se empezó con \(found), y esta es \(this), así que no se puede continuar. Por favor, empiece de nuevo: responda a la pregunta de abajo.")
    }

    static func anotherVersion(in language: LanguageTag) -> String {
        language.sentence(
            "That session was started with another version of this questionnaire, so it cannot be continued. Please start again: answer the question below.",
            es: "Esa sesión se empezó con otra versión de este cuestionario, así que no se puede continuar. Por favor, empiece de nuevo: responda a la pregunta de abajo.")
    }

    static func welcomeBack(answers count: Int, code: String, in language: LanguageTag) -> String {
        language.sentence(
            "Welcome back. Your \(count) answer\(count == 1 ? " is" : "s are") kept; we carry on where you stopped. Your resume code is still \(code).",
            es: "Bienvenido de nuevo. \(count == 1 ? "Su respuesta está guardada" : "Sus \(count) respuestas están guardadas"); seguimos donde lo dejó. Su código para continuar sigue siendo \(code).")
    }

    static func tooManyAttempts(minutes: Int, in language: LanguageTag) -> String {
        language.sentence(
            "Too many resume codes that did not work came from here, so resume is refused for now. Try again in \(minutes) minute\(minutes == 1 ? "" : "s"), or answer the question below to start afresh.",
            es: "Desde aquí han llegado demasiados códigos que no funcionaron, así que resume no se acepta por ahora. Inténtelo de nuevo dentro de \(minutes) minuto\(minutes == 1 ? "" : "s"), o responda a la pregunta de abajo para empezar de nuevo.")
    }

    static func unsaved(in language: LanguageTag) -> String {
        language.sentence(
            "Your answers cannot be kept right now, so this questionnaire will not be saved. You can still answer it. If you can, ask a member of staff.",
            es: "Sus respuestas no se pueden guardar ahora mismo, así que este cuestionario no quedará guardado. Aun así puede responderlo. Si puede, avise a un miembro del personal.")
    }

    static func notSaved(in language: LanguageTag) -> String {
        language.sentence(
            "Your answer could not be saved just now, so it was not taken. Please type it again.",
            es: "Su respuesta no se ha podido guardar en este momento, así que no se ha tomado. Por favor, escríbala de nuevo.")
    }

    static func overtaken(in language: LanguageTag) -> String {
        language.sentence(
            "This questionnaire was continued on another connection, so it ends here.",
            es: "Este cuestionario se ha continuado en otra conexión, así que termina aquí.")
    }

    /// A length of time, in whole hours from one hour, else in minutes.
    static func duration(seconds: Double, in language: LanguageTag) -> String {
        let hours = Int((seconds / 3600).rounded())
        if hours >= 1 { return hours == 1 ? language.sentence("1 hour", es: "1 hora") : language.sentence("\(hours) hours", es: "\(hours) horas") }
        let minutes = max(1, Int((seconds / 60).rounded()))
        return minutes == 1 ? language.sentence("1 minute", es: "1 minuto") : language.sentence("\(minutes) minutes", es: "\(minutes) minutos")
    }
}
