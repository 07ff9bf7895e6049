// UserTexts: every sentence the engine itself says to a person, in one table (the way to a second language).

/// The engine's own words: retries, notices, what was understood. A dialog's texts (questions, help,
/// outcomes) are the dialog's (and its translations'); these are the ones every dialog shares, each
/// written in every language the engine speaks, side by side.
enum UserTexts {
    /// The text in the language the engine speaks now (`EngineLanguage.current`).
    static func text(_ english: @autoclosure () -> String, es spanish: @autoclosure () -> String) -> String {
        EngineLanguage.current == .spanish ? spanish() : english()
    }

    /// `body` with the engine speaking `language` (`EngineLanguage.speaking`).
    static func speaking<T>(_ language: LanguageTag, _ body: () throws -> T) rethrows -> T {
        try EngineLanguage.speaking(language, body)
    }

    // MARK: Yes and no

    static var answerYesOrNo: String { text("Please answer yes or no.", es: "Por favor, responda sí o no.") }

    static func yesAndNo(yes: String, no: String) -> String {
        text("You said both \"\(yes)\" and \"\(no)\". Please answer just yes or no (or \"not sure\").",
            es: "Ha dicho \"\(yes)\" y también \"\(no)\". Por favor, responda solo sí o no (o \"no sé\").")
    }

    static func yesNoWithUnplacedWords(understood: String, unplaced: [String]) -> String {
        let words = unplaced.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
        return text("I understood \"\(understood)\" but not \(words). Please answer just yes or no (or \"not sure\").",
            es: "He entendido \"\(understood)\", pero no \(words). Por favor, responda solo sí o no (o \"no sé\").")
    }

    static var partlyYesPartlyNo: String {
        text("Part of that sounds like a yes and part like a no. Please answer just yes or no (or \"not sure\").",
            es: "Una parte suena a sí y otra a no. Por favor, responda solo sí o no (o \"no sé\").")
    }

    // MARK: Choices and lists

    static func chooseOne(count: Int) -> String {
        text("Please choose 1 to \(count), or type the words.", es: "Por favor, elija del 1 al \(count), o escriba las palabras.")
    }
    static func noSuchChoice(_ number: Int, count: Int) -> String {
        text("There is no answer \(number) here. Please choose 1 to \(count).", es: "Aquí no hay respuesta \(number). Por favor, elija del 1 al \(count).")
    }
    static func noChoiceMatched(count: Int) -> String {
        text("I could not match that to an answer. Please choose 1 to \(count), or type the words.",
            es: "No he podido relacionar eso con ninguna respuesta. Por favor, elija del 1 al \(count), o escriba las palabras.")
    }
    static func onlyDenied(count: Int) -> String {
        text("You said what it is not. Which is it, then? Please choose 1 to \(count).",
            es: "Ha dicho lo que no es. ¿Cuál es, entonces? Por favor, elija del 1 al \(count).")
    }
    static func couldBeAny(count: Int) -> String {
        text("That could be any of the answers. Please choose one: 1 to \(count).",
            es: "Eso podría ser cualquiera de las respuestas. Por favor, elija una: del 1 al \(count).")
    }
    static func couldMean(_ options: String) -> String { text("That could mean \(options). Please choose one.", es: "Eso podría ser \(options). Por favor, elija una.") }
    static var noChoiceMatchedInList: String {
        text("I could not match that to any of the answers. Type the numbers of the ones that apply (for example 1, 3), the words, or none.",
            es: "No he podido relacionar eso con ninguna respuesta. Escriba los números de las que correspondan (por ejemplo 1, 3), las palabras, o ninguna.")
    }
    static var chooseNumbers: String {
        text("Type the numbers of the answers that apply (for example 1, 3), or none.",
            es: "Escriba los números de las respuestas que correspondan (por ejemplo 1, 3), o ninguna.")
    }
    static func noSuchAnswer(_ number: Int, count: Int) -> String {
        text("There is no answer \(number) here. Please choose from 1 to \(count).", es: "Aquí no hay respuesta \(number). Por favor, elija del 1 al \(count).")
    }
    static func unmatchedItem(_ item: String) -> String {
        text("I could not match \"\(item)\" to an answer. Type the numbers (for example 1, 3), the words, or none.",
            es: "No he podido relacionar \"\(item)\" con ninguna respuesta. Escriba los números (por ejemplo 1, 3), las palabras, o ninguna.")
    }
    static func itemMatchesEverything(_ item: String) -> String {
        text("\"\(item)\" could be any of the answers. Please type the numbers, for example 1, 3.",
            es: "\"\(item)\" podría ser cualquiera de las respuestas. Por favor, escriba los números, por ejemplo 1, 3.")
    }
    static func noneWithOthers(_ none: String) -> String {
        text("You chose \"\(none)\" together with other answers. Please choose either none, or the ones that apply.",
            es: "Ha elegido \"\(none)\" junto con otras respuestas. Por favor, elija ninguna, o las que correspondan.")
    }
    static func unclearDenial(_ item: String) -> String {
        text("I am not sure whether \"\(item)\" is one you have or one you do not. Please list only the ones that apply (for example 1, 3), or say \"but\" before the ones you have.",
            es: "No sé si \"\(item)\" es algo que tiene o algo que no tiene. Por favor, diga solo las que correspondan (por ejemplo 1, 3), o escriba \"pero\" antes de las que tiene.")
    }
    static func unclearInability(_ word: String, _ item: String) -> String {
        text("\"\(item)\": I cannot tell from \"\(word)\" whether that is one you have or one you do not. Please type the numbers of the ones that apply (for example 1, 3).",
            es: "\"\(item)\": por \"\(word)\" no sé si es algo que tiene o algo que no tiene. Por favor, escriba los números de las que correspondan (por ejemplo 1, 3).")
    }
    static func chosenAndDenied(_ options: String) -> String {
        text("You named \(options) both as yes and as no. Please list only the ones that apply.",
            es: "Ha dicho \(options) a la vez como sí y como no. Por favor, diga solo las que correspondan.")
    }
    static var allDenied: String {
        text("That leaves none of the answers. Please list the ones that apply, or type none.",
            es: "Así no queda ninguna respuesta. Por favor, diga las que correspondan, o escriba ninguna.")
    }
    static func doubtWithOptions(_ options: String) -> String {
        text("You said you are not sure. If it is \(options), please type that again without the doubt; otherwise type \"not sure\".",
            es: "Ha dicho que no lo sabe con seguridad. Si es \(options), escríbalo otra vez sin la duda; si no, escriba \"no sé\".")
    }
    static func nearMissAmbiguous(_ word: String, _ options: [String]) -> String {
        text("\"\(word)\" is close to more than one answer (\(options.joined(separator: "; "))). Please type the number.",
            es: "\"\(word)\" se parece a más de una respuesta (\(options.joined(separator: "; "))). Por favor, escriba el número.")
    }
    static func readAs(_ word: String, _ option: String) -> String {
        text(" (\"\(word)\" read as \(option))", es: " (\"\(word)\" entendido como \(option))")
    }

    // MARK: Said back

    /// "Noted: about 36 hours."
    static func noted(_ understanding: String) -> String { text("Noted: \(understanding).", es: "Anotado: \(understanding).") }
    static var notSure: String { text("not sure", es: "no sé") }
    static var notSureTakenAsYes: String { text("not sure (taken as yes)", es: "no sé (tomado como sí)") }
    static var takenAsYesToBeSafe: String { text("I'll take that as a yes, to be safe.", es: "Por seguridad, lo tomo como un sí.") }
    static func unsureAskAgain(help: String?) -> String {
        let hint = help.map { " " + $0 } ?? ""
        return text("It's fine not to be sure.\(hint) Please give your best answer.",
            es: "No pasa nada si no lo sabe con seguridad.\(hint) Por favor, dé la respuesta que le parezca más cercana.")
    }

    // MARK: The session

    static var questionnaireOver: String { text("This questionnaire is over.", es: "Este cuestionario ha terminado.") }
    static func answerTooLong(_ count: Int, limit: Int) -> String {
        text("That is \(count) characters; please answer in fewer than \(limit).", es: "Eso son \(count) caracteres; por favor, responda con menos de \(limit).")
    }
    static var invalidText: String {
        text("Some of what you typed could not be read (it was not valid text). Please type your answer again.",
            es: "Parte de lo que ha escrito no se ha podido leer (no era texto válido). Por favor, escriba su respuesta otra vez.")
    }
    static func answerAndCommand(_ word: String, answer: String, howToAnswer: String, command: String) -> String {
        text("\"\(word)\" is both an answer here (\(answer)) and a command. To answer, type \(howToAnswer); for the command, type /\(command).",
            es: "\"\(word)\" es aquí una respuesta (\(answer)) y también una orden. Para responder, escriba \(howToAnswer); para la orden, escriba /\(command).")
    }
    static var noConclusion: String {
        text("The questionnaire has no conclusion for these answers. Please ask a member of staff for help.",
            es: "El cuestionario no tiene una conclusión para estas respuestas. Por favor, pida ayuda a un miembro del personal.")
    }
    static var loopStopped: String {
        text("The questionnaire went round in a loop and had to stop. Please ask a member of staff for help.",
            es: "El cuestionario se quedó dando vueltas y tuvo que parar. Por favor, pida ayuda a un miembro del personal.")
    }
    static var nothingToGoBackTo: String {
        text("There is nothing to go back to: this is the first question.", es: "No hay nada a lo que volver: esta es la primera pregunta.")
    }
    static var goingBack: String { text("Going back one question.", es: "Volvemos a la pregunta anterior.") }
    static var restarting: String {
        text("Starting again from the beginning. Your earlier answers are cleared.", es: "Empezamos de nuevo desde el principio. Sus respuestas anteriores se han borrado.")
    }
    static var noMoreHelp: String { text("There is no more help for this question.", es: "No hay más ayuda para esta pregunta.") }
    static var commandsReminder: String {
        text("You can also type: back, restart, summary, why, quit.", es: "También puede escribir: atrás, reiniciar, resumen, por qué, salir.")
    }
    static var noAnswersYet: String { text("You have not answered any questions yet.", es: "Todavía no ha respondido a ninguna pregunta.") }
    static var answersSoFar: String { text("Your answers so far:", es: "Sus respuestas hasta ahora:") }
    static var quitNotice: String {
        text("You stopped the questionnaire. Nothing has been concluded from your answers. If you feel very unwell, call your local emergency number.",
            es: "Ha detenido el cuestionario. No se ha sacado ninguna conclusión de sus respuestas. Si se encuentra muy mal, llame al número de emergencias de su zona.")
    }
    static var askedOfEveryone: String {
        text("Every person is asked this question; no earlier answer changed the way here.",
            es: "Esta pregunta se hace a todas las personas; ninguna respuesta anterior ha cambiado el camino hasta aquí.")
    }
    static var askedBecause: String { text("You are asked this because of these answers:", es: "Se le pregunta esto por estas respuestas:") }

    /// One answer as `why` names it: what was answered, to which question (its text, shortened).
    static func answer(_ answer: String, to question: String) -> String { text("\(answer) to \"\(question)\"", es: "\(answer) a \"\(question)\"") }
    static func unanswered(_ question: String) -> String { text("no answer to \"\(question)\"", es: "ninguna respuesta a \"\(question)\"") }
    /// The answers a decision read, as `why` says them: `you answered yes to "A?" and 3 to "B?"`.
    static func youAnswered(_ answers: [String]) -> String {
        let and = text(" and ", es: " y ")
        return text("you answered ", es: "respondió ") + (answers.count < 2 ? answers.joined() : answers.dropLast().joined(separator: ", ") + and + answers.last!)
    }
    /// A branch the answers took, with its condition when that is more than one question.
    static func held(_ answers: String, condition: String?) -> String {
        condition.map { text("\(answers): \($0) holds", es: "\(answers): se cumple \($0)") } ?? answers
    }
    static func didNotHold(_ answers: String, condition: String?) -> String {
        condition.map { text("\(answers): \($0) does not hold", es: "\(answers): no se cumple \($0)") } ?? answers
    }
    /// An early exit the answers did not take, which is why the questionnaire went on to this question.
    static func didNotEnd(_ answers: String, condition: String?, outcome: String) -> String {
        text("because \(answers)\(condition.map { " (\($0))" } ?? ""), the questionnaire did not end at \"\(outcome)\"",
            es: "como \(answers)\(condition.map { " (\($0))" } ?? ""), el cuestionario no terminó en \"\(outcome)\"")
    }
    static var typeNumbersOrNone: String {
        text("Please type the numbers of the answers that apply (for example 1, 3), or none.",
            es: "Por favor, escriba los números de las respuestas que correspondan (por ejemplo 1, 3), o ninguna.")
    }
    static var typeNumber: String { text("Please type a number.", es: "Por favor, escriba un número.") }
    static var typeAnswer: String { text("Please type an answer.", es: "Por favor, escriba una respuesta.") }
    static var cannotSkip: String { text("This question needs an answer; it cannot be skipped.", es: "Esta pregunta necesita una respuesta; no se puede saltar.") }

    // MARK: Answers in words

    static var yes: String { text("yes", es: "sí") }
    static var no: String { text("no", es: "no") }
    static var skipped: String { text("skipped", es: "sin responder") }
    static var notAnswered: String { text("(not answered)", es: "(sin responder)") }
    static var noneChosen: String { text("none", es: "ninguna") }

    // MARK: The language question (`LanguageChoice`)

    static var whichLanguage: String { text("Which language?", es: "¿En qué idioma?") }
    static func chooseLanguage(count: Int) -> String {
        text("Please type a number from 1 to \(count), or the name of the language.", es: "Por favor, escriba un número del 1 al \(count), o el nombre del idioma.")
    }

    static func hintLanguage(count: Int) -> String {
        text("Type a number from 1 to \(count), or the language's name.", es: "Escriba un número del 1 al \(count), o el nombre del idioma.")
    }
    static func enterChooses(_ name: String) -> String {
        text("Press Enter for \(name).", es: "Pulse Intro para \(name).")
    }
    static var languageBeforeResume: String {
        text("Please choose a language first; then type resume and your code.", es: "Por favor, elija primero un idioma; después escriba resume y su código.")
    }

    // MARK: Units

    /// A question's unit as the person reads it: the dialog's word in English ("days", "day" for one); in
    /// Spanish the Spanish name of a time unit, other units as the dialog writes them.
    static func unitName(_ unit: String, singular: Bool = false) -> String {
        let english = singular && unit.hasSuffix("s") ? String(unit.dropLast()) : unit
        guard EngineLanguage.current == .spanish, let spanish = spanishTimeUnits[unit.hasSuffix("s") ? unit : unit + "s"] else { return english }
        return singular ? spanish.one : spanish.many
    }

    private static let spanishTimeUnits: [String: (one: String, many: String)] = [
        "seconds": ("segundo", "segundos"), "minutes": ("minuto", "minutos"), "hours": ("hora", "horas"), "days": ("día", "días"),
        "weeks": ("semana", "semanas"), "months": ("mes", "meses"), "years": ("año", "años"),
    ]

    // MARK: Drawn by the text renderer

    /// The hint under a question, by its kind; `range` is "from 0 to 31 days" and the like.
    static var hintYesNo: String { text("Answer yes or no.", es: "Responda sí o no.") }
    static func hintChoice(count: Int) -> String { text("Type a number from 1 to \(count), or the words.", es: "Escriba un número del 1 al \(count), o las palabras.") }
    static var hintMulti: String {
        text("Type one or more numbers (for example 1, 3), the words, or none.", es: "Escriba uno o más números (por ejemplo 1, 3), las palabras, o ninguna.")
    }
    static func hintNumber(min: String, max: String, unit: String, whole: Bool) -> String {
        whole ? text("A whole number from \(min) to \(max)\(unit).", es: "Un número entero del \(min) al \(max)\(unit).")
            : text("A number from \(min) to \(max)\(unit).", es: "Un número del \(min) al \(max)\(unit).")
    }
    static func hintNumber(unit: String, whole: Bool) -> String {
        let number = whole ? text("A whole number", es: "Un número entero") : text("A number", es: "Un número")
        return number + (unit.isEmpty ? "" : text(" of", es: " de") + unit) + "."
    }
    static var hintText: String { text("Type your answer.", es: "Escriba su respuesta.") }
    static var hintDate: String { text("A date, such as 24 November 2026.", es: "Una fecha, por ejemplo 24 November 2026.") }
    static var hintTime: String { text("A time, such as 11 pm or 23:30.", es: "Una hora, por ejemplo 23:30.") }
    static var hintSkip: String { text(" Or type skip.", es: " O escriba saltar.") }
    static var hintHelp: String { text(" Type help for more.", es: " Escriba ayuda para saber más.") }
    /// "step 4 of about 18"
    static func progress(step: Int, of total: Int) -> String { text("step \(step) of about \(total)", es: "paso \(step) de unos \(total)") }
    static var yourAnswers: String { text("Your answers:", es: "Sus respuestas:") }
    static func yourReference(_ reference: String) -> String { text("Your reference: \(reference)", es: "Su referencia: \(reference)") }
    /// The options of a yes/no question, as an `ask` lists them.
    static var yesOption: String { text("Yes", es: "Sí") }
    static var noOption: String { text("No", es: "No") }
}

extension UserTexts {
    /// How amounts are asked again and said back (`QuantityReader`).
    enum Amounts {
        /// "a number from 0 to 31 days"
        static func range(_ question: QuantityQuestion) -> String {
            let unit = question.unit.map { " " + unitName($0) } ?? ""
            switch (question.min, question.max) {
            case let (min?, max?):
                return text("a number from \(NumberFormatting.plain(min)) to \(NumberFormatting.plain(max))\(unit)",
                    es: "un número del \(NumberFormatting.plain(min)) al \(NumberFormatting.plain(max))\(unit)")
            case let (min?, nil): return text("a number of at least \(NumberFormatting.plain(min))\(unit)", es: "un número de al menos \(NumberFormatting.plain(min))\(unit)")
            case let (nil, max?): return text("a number up to \(NumberFormatting.plain(max))\(unit)", es: "un número hasta \(NumberFormatting.plain(max))\(unit)")
            default: return text("a number", es: "un número") + (unit.isEmpty ? "" : text(" of", es: " de") + unit)
            }
        }

        static func tooLong(_ question: QuantityQuestion) -> String {
            text("That is too long to read as an amount. Please give \(range(question)).", es: "Es demasiado largo para leerlo como una cantidad. Por favor, indique \(range(question)).")
        }
        static func noAmount(_ question: QuantityQuestion) -> String {
            text("I could not read a number there. Please give \(range(question)).", es: "No he podido leer ningún número. Por favor, indique \(range(question)).")
        }
        static func unreadable(_ question: QuantityQuestion) -> String {
            text("I could not read that as one amount. Please give \(range(question)).", es: "No he podido leer eso como una sola cantidad. Por favor, indique \(range(question)).")
        }
        static func unknownWord(_ word: String, _ question: QuantityQuestion) -> String {
            text("I could not read \"\(word)\" as part of an amount. Please give \(range(question)).",
                es: "No he podido leer \"\(word)\" como parte de una cantidad. Por favor, indique \(range(question)).")
        }
        static func vague(_ word: String, _ question: QuantityQuestion) -> String {
            text("\"\(word)\" is not a number I can use. Please give your best guess as \(range(question)).",
                es: "\"\(word)\" no es un número que pueda usar. Por favor, calcule lo mejor que pueda: \(range(question)).")
        }
        static func severalNumbers(_ question: QuantityQuestion) -> String {
            text("I found more than one number there. Please give \(range(question)).", es: "He encontrado más de un número. Por favor, indique \(range(question)).")
        }
        static func negative(_ question: QuantityQuestion) -> String {
            text("The answer cannot be negative. Please give \(range(question)).", es: "La respuesta no puede ser negativa. Por favor, indique \(range(question)).")
        }
        static func timeUnitNotAsked(_ question: QuantityQuestion) -> String {
            text("This is not a length of time. Please give \(range(question)).", es: "Esto no es una duración. Por favor, indique \(range(question)).")
        }
        static func rateUnit(_ question: QuantityQuestion) -> String {
            text("I could not count that in \(question.unit.map { unitName($0) } ?? "numbers"). Please give \(range(question)).",
                es: "No he podido contar eso en \(question.unit.map { unitName($0) } ?? "números"). Por favor, indique \(range(question)).")
        }
        static func rateWithoutPeriod(_ question: QuantityQuestion) -> String {
            text("Please give one amount rather than how often: \(range(question)).", es: "Por favor, indique una cantidad y no con qué frecuencia: \(range(question)).")
        }
        static func outOf(_ denominator: Double, _ question: QuantityQuestion) -> String {
            text("Please give \(range(question)) (not out of \(NumberFormatting.display(denominator))).",
                es: "Por favor, indique \(range(question)) (no sobre \(NumberFormatting.display(denominator))).")
        }
        static func below(_ question: QuantityQuestion) -> String {
            text("That is below the range. Please give \(range(question)).", es: "Eso está por debajo del margen. Por favor, indique \(range(question)).")
        }
        static func above(_ question: QuantityQuestion) -> String {
            text("That is above the range. Please give \(range(question)).", es: "Eso está por encima del margen. Por favor, indique \(range(question)).")
        }
        static func nearer(_ low: Double, _ high: Double, unit: String, _ question: QuantityQuestion) -> String {
            let unit = unit.isEmpty ? "" : " " + unit
            return text("Is it nearer \(NumberFormatting.display(low)) or \(NumberFormatting.display(high))\(unit)? "
                + "The answer changes what I ask next, so please give the one number that is closer.",
                es: "¿Está más cerca de \(NumberFormatting.display(low)) o de \(NumberFormatting.display(high))\(unit)? "
                + "La respuesta cambia lo que pregunto después, así que indique el número que más se acerque.")
        }

        /// "36 hours", "1 hour", "12"
        static func amount(_ value: Double, unit: String?) -> String {
            guard let unit else { return NumberFormatting.display(value) }
            return NumberFormatting.display(value) + " " + unitName(unit, singular: value == 1)
        }

        /// "about 36 hours"
        static func about(_ value: Double, unit: String?) -> String { text("about ", es: "unos ") + amount(value, unit: unit) }

        /// "13 days a month (3 a week)", "30 days a month (every day)", "about 11 days a month (2 to 3 a week)"
        static func rate(
            _ value: Double, isRange: Bool, unit: String?, period: Double, typedCount: String, typedPeriod: Double, isOnce: Bool
        ) -> String {
            let typed = isOnce ? periodPhrase(typedPeriod, every: true) : typedCount + " " + periodPhrase(typedPeriod, every: false)
            return (isRange ? text("about ", es: "unos ") : "") + amount(value, unit: unit) + " " + periodPhrase(period, every: false) + " (\(typed))"
        }

        /// A period in words: "a month", "in 90 days"; with `every`, "every day", "every 2 weeks".
        static func periodPhrase(_ hours: Double, every: Bool) -> String {
            let names: [(english: String, spanish: String, spanishPlural: String, feminine: Bool, size: Double)] = [
                ("year", "año", "años", false, 24 * 365.25), ("month", "mes", "meses", false, 24 * 30.4375),
                ("week", "semana", "semanas", true, 24.0 * 7), ("day", "día", "días", false, 24.0), ("hour", "hora", "horas", true, 1.0),
            ]
            for name in names {
                let count = hours / name.size
                guard count >= 1, abs(count - count.rounded()) < 1e-9 else { continue }
                let number = NumberFormatting.display(count)
                if count == 1 {
                    return text((every ? "every " : "a ") + name.english,
                        es: (every ? "cada " : name.feminine ? "a la " : "al ") + name.spanish)
                }
                return text((every ? "every " : "in ") + number + " " + name.english + "s",
                    es: (every ? "cada " : "en ") + number + " " + name.spanishPlural)
            }
            return text((every ? "every " : "in ") + NumberFormatting.display(hours) + " hours", es: (every ? "cada " : "en ") + NumberFormatting.display(hours) + " horas")
        }
    }
}

extension UserTexts {
    /// What a person is told when an answer breaks a rule of the question (`AnswerRules`) that has no
    /// message of its own.
    enum Rules {
        /// "That is not a whole number. Please give a whole number from 0 to 10."
        static func wholeNumber(_ question: QuantityQuestion) -> String {
            let range = Amounts.range(question)
            return text("That is not a whole number. Please give a whole " + range.dropFirst("a ".count) + ".",
                es: "Eso no es un número entero. Por favor, indique un número entero" + range.dropFirst("un número".count) + ".")
        }
        static var constraintFailed: String {
            text("That answer is not accepted here. Please check it and answer again.", es: "Esa respuesta no se acepta aquí. Por favor, revísela y responda otra vez.")
        }
        static var patternNotMatched: String {
            text("That is not in the form this question needs. Please check it and answer again.",
                es: "Eso no tiene la forma que esta pregunta necesita. Por favor, revíselo y responda otra vez.")
        }
    }
}
