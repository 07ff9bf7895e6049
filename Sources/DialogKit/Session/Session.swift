// Session: the dialog state machine. STUB: the public API is final; the engine lands in the next commits.

/// One person's way through a dialog: a value, cheap to copy; `receive` is its whole interface.
public struct Session: Sendable {
    public let dialog: Dialog

    public init(dialog: Dialog) {
        self.dialog = dialog
    }

    /// The opening: the intro and the first question.
    public mutating func start() -> [Event] { fatalError("engine not landed yet") }

    /// One line the person typed, exactly as typed (without the line terminator).
    public mutating func receive(_ line: String) -> [Event] { fatalError("engine not landed yet") }

    /// Whether the session has ended (an outcome, or quit).
    public var isOver: Bool { false }

    /// The outcome, once reached.
    public var outcome: OutcomeReport? { nil }

    /// The id of the question being asked, if any.
    public var currentQuestionID: String? { nil }

    /// What Tab may complete to now: the current options' texts and `also` words, and the commands.
    public var completionCandidates: [String] { [] }
}
