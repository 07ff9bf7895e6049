// NameScope: the names an expression may use where it stands in the dialog, for the type checker.

/// The names an expression may use: questions, `let` values, and in `checks` the outcome and flags.
struct NameScope {
    var questions: [Question]
    var questionIndex: [String: Int]
    var lets: [String: (slot: Int, type: ValueType)]
    /// Outcome ids, when checking a `checks` property.
    var outcomes: [String: Int]?
    /// Flag names, when checking a `checks` property.
    var flagNames: Set<String>?
    /// The `let` values the flow computes further on, with where: a name among them is not unknown but
    /// used too early, and the checker says so where it is used (the resolver empties this as the flow
    /// passes each `let`).
    var laterLets: [String: SourceLocation] = [:]
    /// The `let` values whose definition has an error of its own: a use of one is refused without a
    /// second diagnostic, since the first already says what is wrong.
    var brokenLets: Set<String> = []
    /// The questions whose kind is missing or unknown: a use of one is refused without a diagnostic of
    /// its own (a text, which the reader assumed, would make `days >= 3` a type error).
    var untypedQuestions: Set<Int> = []
    /// In a question's `constraint:`, that question's slot: the name `.` is the answer being given.
    var answerSlot: Int?
    /// In `checks`, each outcome's level (by outcome index), so that `level == emergency` can be read.
    var outcomeLevels: [OutcomeLevel?]?

    func type(ofQuestion index: Int) -> ValueType {
        switch questions[index].kind {
        case .yesno: .bool
        case .choice: .option(question: index)
        case .multi: .options(question: index)
        case .number, .scale: .number
        case .text: .text
        case .date: .date
        case .time: .time
        }
    }

    /// Every name a near-miss suggestion may offer.
    var allNames: [String] {
        Array(questionIndex.keys) + Array(lets.keys) + (outcomes.map { _ in ["outcome"] } ?? [])
    }

    func isKnownName(_ name: String) -> Bool {
        questionIndex[name] != nil || lets[name] != nil || Self.booleanWords[name] != nil
            || (outcomes != nil && name == "outcome")
    }

    static let booleanWords: [String: Bool] = ["true": true, "yes": true, "false": false, "no": false]
}
