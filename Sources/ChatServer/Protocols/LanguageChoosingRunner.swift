// LanguageChoosingRunner: asks the language question first, then runs the dialog in the language chosen.
import DialogKit

/// The runner of a connection to a dialog with several languages when the server forces none
/// (`intake serve` without `--language`): it asks `LanguageChoice`'s question, and once a language is
/// chosen hands every line to the runner `makeRunner` gives for the dialog in that language (kept in the
/// store or not), whose opening it shows at once.
public struct LanguageChoosingRunner: DialogRunner {
    private let choice: LanguageChoice
    private let makeRunner: (Dialog) -> any DialogRunner
    private var chosen: (any DialogRunner)?
    /// The person quit at the language question.
    private var quit = false

    public init(choice: LanguageChoice, makeRunner: @escaping (Dialog) -> any DialogRunner) {
        self.choice = choice
        self.makeRunner = makeRunner
    }

    public mutating func startStep() -> RunnerStep {
        guard chosen == nil else { return chosen!.startStep() }
        return .ready(choice.opening)
    }

    public mutating func receiveStep(_ line: String) -> RunnerStep {
        if chosen != nil { return chosen!.receiveStep(line) }
        switch choice.read(line) {
        case .again(let events):
            return .ready(events)
        case .quit(let events):
            quit = true
            return .ready(events)
        case .chosen(let dialog):
            chosen = makeRunner(dialog)
            return chosen!.startStep()
        }
    }

    public mutating func continueAfterWrite() -> RunnerStep {
        chosen?.continueAfterWrite() ?? .ready([])
    }

    public var isOver: Bool { chosen?.isOver ?? quit }
    public var outcome: OutcomeReport? { chosen?.outcome }
    public var outcomeCode: String? { chosen?.outcomeCode }
    public var mustCloseConnection: Bool { chosen?.mustCloseConnection ?? false }
    /// Until a language is chosen, English (the question itself is in every language).
    public var language: LanguageTag { chosen?.language ?? .english }
}
