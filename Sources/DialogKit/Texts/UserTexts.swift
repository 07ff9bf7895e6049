// UserTexts: every sentence the engine itself says to a person, in one table (the way to a second language).

/// The engine's own words: retries, notices, what was understood. A dialog's texts (questions, help,
/// outcomes) are the dialog's; these are the ones every dialog shares.
enum UserTexts {
    // MARK: Yes and no

    static let answerYesOrNo = "Please answer yes or no."

    static func yesAndNo(yes: String, no: String) -> String {
        "You said both \"\(yes)\" and \"\(no)\". Please answer just yes or no (or \"not sure\")."
    }

    static func yesNoWithUnplacedWords(understood: String, unplaced: [String]) -> String {
        let words = unplaced.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
        return "I understood \"\(understood)\" but not \(words). Please answer just yes or no (or \"not sure\")."
    }

    static let partlyYesPartlyNo = "Part of that sounds like a yes and part like a no. Please answer just yes or no (or \"not sure\")."

    // MARK: Choices and lists

    static func chooseOne(count: Int) -> String { "Please choose 1 to \(count), or type the words." }
    static func noSuchChoice(_ number: Int, count: Int) -> String { "There is no answer \(number) here. Please choose 1 to \(count)." }
    static func noChoiceMatched(count: Int) -> String { "I could not match that to an answer. Please choose 1 to \(count), or type the words." }
    static func onlyDenied(count: Int) -> String { "You said what it is not. Which is it, then? Please choose 1 to \(count)." }
    static func couldBeAny(count: Int) -> String { "That could be any of the answers. Please choose one: 1 to \(count)." }
    static func couldMean(_ options: String) -> String { "That could mean \(options). Please choose one." }
    static let noChoiceMatchedInList = "I could not match that to any of the answers. Type the numbers of the ones that apply (for example 1, 3), the words, or none."
    static let chooseNumbers = "Type the numbers of the answers that apply (for example 1, 3), or none."
    static func noSuchAnswer(_ number: Int, count: Int) -> String { "There is no answer \(number) here. Please choose from 1 to \(count)." }
    static func unmatchedItem(_ item: String) -> String {
        "I could not match \"\(item)\" to an answer. Type the numbers (for example 1, 3), the words, or none."
    }
    static func itemMatchesEverything(_ item: String) -> String { "\"\(item)\" could be any of the answers. Please type the numbers, for example 1, 3." }
    static func noneWithOthers(_ none: String) -> String {
        "You chose \"\(none)\" together with other answers. Please choose either none, or the ones that apply."
    }
    static func unclearDenial(_ item: String) -> String {
        "I am not sure whether \"\(item)\" is one you have or one you do not. Please list only the ones that apply (for example 1, 3), or say \"but\" before the ones you have."
    }
    static func unclearInability(_ word: String, _ item: String) -> String {
        "\"\(item)\": I cannot tell from \"\(word)\" whether that is one you have or one you do not. Please type the numbers of the ones that apply (for example 1, 3)."
    }
    static func chosenAndDenied(_ options: String) -> String { "You named \(options) both as yes and as no. Please list only the ones that apply." }
    static let allDenied = "That leaves none of the answers. Please list the ones that apply, or type none."
    static func doubtWithOptions(_ options: String) -> String {
        "You said you are not sure. If it is \(options), please type that again without the doubt; otherwise type \"not sure\"."
    }
    static func nearMissAmbiguous(_ word: String, _ options: [String]) -> String {
        "\"\(word)\" is close to more than one answer (\(options.joined(separator: "; "))). Please type the number."
    }
    static func readAs(_ word: String, _ option: String) -> String { " (\"\(word)\" read as \(option))" }

    // MARK: Said back

    /// "Noted: about 36 hours."
    static func noted(_ understanding: String) -> String { "Noted: \(understanding)." }
    static let notSure = "not sure"
    static let notSureTakenAsYes = "not sure (taken as yes)"
    static let takenAsYesToBeSafe = "I'll take that as a yes, to be safe."
    static func unsureAskAgain(help: String?) -> String {
        let hint = help.map { " " + $0 } ?? ""
        return "It's fine not to be sure.\(hint) Please give your best answer."
    }

    // MARK: The session

    static let questionnaireOver = "This questionnaire is over."
    static func answerTooLong(_ count: Int, limit: Int) -> String { "That is \(count) characters; please answer in fewer than \(limit)." }
    static let invalidText = "Some of what you typed could not be read (it was not valid text). Please type your answer again."
    static func answerAndCommand(_ word: String, answer: String, howToAnswer: String, command: String) -> String {
        "\"\(word)\" is both an answer here (\(answer)) and a command. To answer, type \(howToAnswer); for the command, type /\(command)."
    }
    static let noConclusion = "The questionnaire has no conclusion for these answers. Please ask a member of staff for help."
    static let loopStopped = "The questionnaire went round in a loop and had to stop. Please ask a member of staff for help."
    static let nothingToGoBackTo = "There is nothing to go back to: this is the first question."
    static let goingBack = "Going back one question."
    static let restarting = "Starting again from the beginning. Your earlier answers are cleared."
    static let noMoreHelp = "There is no more help for this question."
    static let commandsReminder = "You can also type: back, restart, summary, why, quit."
    static let noAnswersYet = "You have not answered any questions yet."
    static let answersSoFar = "Your answers so far:"
    static let quitNotice = "You stopped the questionnaire. Nothing has been concluded from your answers. If you feel very unwell, call your local emergency number."
    static let askedOfEveryone = "Every person is asked this question; no earlier answer changed the way here."
    static let askedBecause = "You are asked this because of these answers:"

    /// One answer as `why` names it: what was answered, to which question (its text, shortened).
    static func answer(_ answer: String, to question: String) -> String { "\(answer) to \"\(question)\"" }
    static func unanswered(_ question: String) -> String { "no answer to \"\(question)\"" }
    /// The answers a decision read, as `why` says them: `you answered yes to "A?" and 3 to "B?"`.
    static func youAnswered(_ answers: [String]) -> String {
        "you answered " + (answers.count < 2 ? answers.joined() : answers.dropLast().joined(separator: ", ") + " and " + answers.last!)
    }
    /// A branch the answers took, with its condition when that is more than one question.
    static func held(_ answers: String, condition: String?) -> String {
        condition.map { "\(answers): \($0) holds" } ?? answers
    }
    static func didNotHold(_ answers: String, condition: String?) -> String {
        condition.map { "\(answers): \($0) does not hold" } ?? answers
    }
    /// An early exit the answers did not take, which is why the questionnaire went on to this question.
    static func didNotEnd(_ answers: String, condition: String?, outcome: String) -> String {
        "because \(answers)\(condition.map { " (\($0))" } ?? ""), the questionnaire did not end at \"\(outcome)\""
    }
    static let typeNumbersOrNone = "Please type the numbers of the answers that apply (for example 1, 3), or none."
    static let typeNumber = "Please type a number."
    static let typeAnswer = "Please type an answer."
    static let cannotSkip = "This question needs an answer; it cannot be skipped."

    // MARK: Answers in words

    static let yes = "yes"
    static let no = "no"
    static let skipped = "skipped"
    static let notAnswered = "(not answered)"
    static let noneChosen = "none"
}

extension UserTexts {
    /// How amounts are asked again and said back (`QuantityReader`).
    enum Amounts {
        /// "a number from 0 to 31 days"
        static func range(_ question: QuantityQuestion) -> String {
            let unit = question.unit.map { " \($0)" } ?? ""
            switch (question.min, question.max) {
            case let (min?, max?): return "a number from \(NumberFormatting.plain(min)) to \(NumberFormatting.plain(max))\(unit)"
            case let (min?, nil): return "a number of at least \(NumberFormatting.plain(min))\(unit)"
            case let (nil, max?): return "a number up to \(NumberFormatting.plain(max))\(unit)"
            default: return "a number\(unit.isEmpty ? "" : " of" + unit)"
            }
        }

        static func tooLong(_ question: QuantityQuestion) -> String { "That is too long to read as an amount. Please give \(range(question))." }
        static func noAmount(_ question: QuantityQuestion) -> String { "I could not read a number there. Please give \(range(question))." }
        static func unreadable(_ question: QuantityQuestion) -> String { "I could not read that as one amount. Please give \(range(question))." }
        static func unknownWord(_ word: String, _ question: QuantityQuestion) -> String {
            "I could not read \"\(word)\" as part of an amount. Please give \(range(question))."
        }
        static func vague(_ word: String, _ question: QuantityQuestion) -> String {
            "\"\(word)\" is not a number I can use. Please give your best guess as \(range(question))."
        }
        static func severalNumbers(_ question: QuantityQuestion) -> String { "I found more than one number there. Please give \(range(question))." }
        static func negative(_ question: QuantityQuestion) -> String { "The answer cannot be negative. Please give \(range(question))." }
        static func timeUnitNotAsked(_ question: QuantityQuestion) -> String { "This is not a length of time. Please give \(range(question))." }
        static func rateUnit(_ question: QuantityQuestion) -> String {
            "I could not count that in \(question.unit ?? "numbers"). Please give \(range(question))."
        }
        static func rateWithoutPeriod(_ question: QuantityQuestion) -> String {
            "Please give one amount rather than how often: \(range(question))."
        }
        static func outOf(_ denominator: Double, _ question: QuantityQuestion) -> String {
            "Please give \(range(question)) (not out of \(NumberFormatting.display(denominator)))."
        }
        static func below(_ question: QuantityQuestion) -> String { "That is below the range. Please give \(range(question))." }
        static func above(_ question: QuantityQuestion) -> String { "That is above the range. Please give \(range(question))." }
        static func nearer(_ low: Double, _ high: Double, unit: String, _ question: QuantityQuestion) -> String {
            let unit = unit.isEmpty ? "" : " " + unit
            return "Is it nearer \(NumberFormatting.display(low)) or \(NumberFormatting.display(high))\(unit)? "
                + "The answer changes what I ask next, so please give the one number that is closer."
        }

        /// "36 hours", "1 hour", "12"
        static func amount(_ value: Double, unit: String?) -> String {
            guard let unit else { return NumberFormatting.display(value) }
            return NumberFormatting.display(value) + " " + (value == 1 && unit.hasSuffix("s") ? String(unit.dropLast()) : unit)
        }

        /// "about 36 hours"
        static func about(_ value: Double, unit: String?) -> String { "about " + amount(value, unit: unit) }

        /// "13 days a month (3 a week)", "30 days a month (every day)", "about 11 days a month (2 to 3 a week)"
        static func rate(
            _ value: Double, isRange: Bool, unit: String?, period: Double, typedCount: String, typedPeriod: Double, isOnce: Bool
        ) -> String {
            let typed = isOnce ? periodPhrase(typedPeriod, every: true) : typedCount + " " + periodPhrase(typedPeriod, every: false)
            return (isRange ? "about " : "") + amount(value, unit: unit) + " " + periodPhrase(period, every: false) + " (\(typed))"
        }

        /// A period in words: "a month", "in 90 days"; with `every`, "every day", "every 2 weeks".
        static func periodPhrase(_ hours: Double, every: Bool) -> String {
            for (name, size) in [("year", 24 * 365.25), ("month", 24 * 30.4375), ("week", 24.0 * 7), ("day", 24.0), ("hour", 1.0)] {
                let count = hours / size
                guard count >= 1, abs(count - count.rounded()) < 1e-9 else { continue }
                if count == 1 { return (every ? "every " : "a ") + name }
                return (every ? "every " : "in ") + NumberFormatting.display(count) + " " + name + "s"
            }
            return (every ? "every " : "in ") + NumberFormatting.display(hours) + " hours"
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
            return "That is not a whole number. Please give a whole " + range.dropFirst("a ".count) + "."
        }
        static let constraintFailed = "That answer is not accepted here. Please check it and answer again."
        static let patternNotMatched = "That is not in the form this question needs. Please check it and answer again."
    }
}
