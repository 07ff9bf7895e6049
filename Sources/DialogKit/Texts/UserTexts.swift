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
