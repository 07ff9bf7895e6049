// DialogSyntax: a dialog as the reader found it in the YAML, with source positions; nothing resolved yet.

/// What `DialogReader` makes of a dialog file: every key read into its place, names and expressions
/// still as written. `DialogResolver` gives the names their meaning and checks the types.
struct DialogSyntax: Sendable {
    var file: String
    /// Nil when `dialog:` is missing or not text (the reader has said so).
    var id: String?
    var version = "1"
    var title: TextSyntax?
    var intro: TextSyntax?
    var settings: [(key: String, value: String)] = []
    /// The questions in file order, each at the index its `ask` step names. Their text is still as
    /// written (a literal `TextTemplate`): `{name}` is resolved with the rest of the names.
    var questions: [Question] = []
    /// Where each question's `text` value is, by question index (its `{name}` errors point there).
    var questionTextLocations: [Int: SourceLocation] = [:]
    /// The questions whose kind is missing or unknown (reported): their type is unknown, so an
    /// expression that reads one is refused without a second, misleading type error.
    var untypedQuestions: Set<Int> = []
    /// The names of `let` steps whose value is missing or not an expression (reported): a use of one is
    /// no unknown name, and is refused without a second diagnostic.
    var unreadLets: Set<String> = []
    /// The outcomes in file order; `end` names them by id.
    var outcomes: [OutcomeSyntax] = []
    var flow: [StepSyntax] = []
    var flags: [FlagSyntax] = []
    var checks: [CheckSyntax] = []
    /// `scores:`, name and number expression each (read as flags are).
    var scores: [FlagSyntax] = []
    /// Each question's `constraint:` as written, by question index; checked where the question is asked.
    var constraints: [Int: ExpressionText] = [:]
}

/// Expression text as written, and where its first character is in the file (after an opening quote).
struct ExpressionText: Sendable, Equatable {
    var source: String
    var origin: SourceLocation
}

/// A name that refers to something defined elsewhere (an outcome, a label), and where it is written.
struct NameReference: Sendable, Equatable {
    var name: String
    var location: SourceLocation
}

/// Text that may hold `{name}`, and where it is written.
struct TextSyntax: Sendable, Equatable {
    var text: String
    var location: SourceLocation
}

/// One step of the flow as read; the location is the step's own (its `- `), except for `say`, whose
/// location is its text's.
indirect enum StepSyntax: Sendable, Equatable {
    case say(String, SourceLocation)
    case section(String, SourceLocation)
    case ask(question: Int, SourceLocation)
    case assign(name: String, ExpressionText, SourceLocation)
    case when(ExpressionText, then: [StepSyntax], otherwise: [StepSyntax], SourceLocation)
    case endIf(ExpressionText, outcome: NameReference, SourceLocation)
    case gotoIf(ExpressionText, label: NameReference, SourceLocation)
    case goto(NameReference, SourceLocation)
    case label(NameReference, SourceLocation)
    case end(NameReference, SourceLocation)
}

/// A flag as read: its name (where it is written) and its condition.
struct FlagSyntax: Sendable, Equatable {
    var name: String
    var condition: ExpressionText
    var location: SourceLocation
}

/// An outcome as read.
struct OutcomeSyntax: Sendable, Equatable {
    var id: String
    var code: String?
    var text: String?
    var textLocation: SourceLocation
    var flags: [FlagSyntax] = []
    var location: SourceLocation
    /// `level:` as written; nil without one (or when it named no level, reported).
    var level: OutcomeLevel?
    var statesLevel = false
}

/// A `checks` property as read.
struct CheckSyntax: Sendable, Equatable {
    var name: String?
    var condition: ExpressionText?
    var requirement: ExpressionText?
    /// False when `if` held no expression: what is there is still checked, but the property is not
    /// kept, since without its condition it would claim more than the author wrote.
    var isComplete = true
    var location: SourceLocation
}
