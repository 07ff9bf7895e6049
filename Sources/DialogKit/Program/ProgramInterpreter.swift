// ProgramInterpreter: runs a dialog's compiled program; the one place that says what each instruction does.

/// Where a run of the program stopped.
public enum ProgramStop: Equatable, Sendable {
    /// At this `ask` instruction, waiting for the answer to the question.
    case ask(position: Int, question: Int)
    /// The flow ended with this outcome at this instruction.
    case outcome(position: Int, outcome: Int)
    /// The flow ran out without an outcome.
    case deadEnd(position: Int)
    /// The flow went round without asking anything until the instruction budget ran out, or the observer
    /// stopped it (a session that has said too much in one turn).
    case loop(position: Int)
}

extension ProgramStop {
    /// The instruction the run stopped at.
    public var position: Int {
        switch self {
        case .ask(let position, _), .outcome(let position, _), .deadEnd(let position), .loop(let position): position
        }
    }
}

/// Runs a dialog's compiled program (`Dialog.program`). A session's turns, its `why`, transcript coverage
/// and the path checker all run the flow through here, so what they see is what a session does; what
/// each of them wants to know of a run, it learns through its `ProgramObserver`.
public enum ProgramInterpreter {
    /// Instructions one run may execute (all the runs that replay a session's answers, together): a dialog
    /// that loops without asking stops here.
    public static let instructionBudget = 1_000_000

    /// Runs from `position` until a question waits for its answer, or the flow ends, reading and writing
    /// `state` and telling `observer` what happens. `budget` is what may still be executed; the caller
    /// keeps it across the runs of one turn, so answering from a list cannot reset it.
    // Inlinable so that the path checker, in another module, gets a copy specialized for its state and
    // observer: it runs the flow once for every answer of every state it explores.
    @inlinable
    public static func run<Observer: ProgramObserver>(
        _ dialog: Dialog, from position: Int, state: inout Observer.State, observer: inout Observer, budget: inout Int
    ) -> ProgramStop {
        let program = dialog.program
        var index = position
        while budget > 0 {
            budget -= 1
            observer.executing(index, state: state)
            switch program[index] {
            case .say, .section:
                index += 1
                guard observer.showed(index - 1, state: state) else { return .loop(position: index) }
            case .ask(let question):
                observer.reached(question: question, at: index, state: state)
                return .ask(position: index, question: question)
            case .assign(let slot, _):
                state.setComputed(slot, to: dialog.computedValue(at: index, in: state))
                observer.computed(slot, at: index, state: state)
                index += 1
            case .jumpUnless(_, let target):
                let holds = dialog.conditionHolds(at: index, in: state)
                observer.branched(index, holds: holds, state: state)
                index = holds ? index + 1 : target
            case .jumpIf(_, let target):
                let holds = dialog.conditionHolds(at: index, in: state)
                observer.branched(index, holds: holds, state: state)
                index = holds ? target : index + 1
            case .jump(let target):
                index = target
            case .endIf(_, let outcome):
                let holds = dialog.conditionHolds(at: index, in: state)
                observer.branched(index, holds: holds, state: state)
                if holds {
                    observer.ended(outcome: outcome, at: index, state: state)
                    return .outcome(position: index, outcome: outcome)
                }
                index += 1
            case .end(let outcome):
                observer.ended(outcome: outcome, at: index, state: state)
                return .outcome(position: index, outcome: outcome)
            case .deadEnd:
                return .deadEnd(position: index)
            }
        }
        return .loop(position: index)
    }

    /// Runs from `position` with a budget of its own: for a tool that gives each answer its own run.
    @inlinable
    public static func run<Observer: ProgramObserver>(
        _ dialog: Dialog, from position: Int, state: inout Observer.State, observer: inout Observer
    ) -> ProgramStop {
        var budget = instructionBudget
        return run(dialog, from: position, state: &state, observer: &observer, budget: &budget)
    }

    /// Runs from `position` with a budget of its own and nothing observing (the path explorer's way).
    @inlinable
    public static func run<State: ProgramState>(_ dialog: Dialog, from position: Int, state: inout State) -> ProgramStop {
        var observer = NoObserver<State>()
        return run(dialog, from: position, state: &state, observer: &observer)
    }

    /// The flags an outcome carries with these values: the dialog-wide rules, then the outcome's own, each
    /// name once, in that order. The outcome event, coverage and the checker's judge all read them here.
    public static func flags<State: ValueLookup>(_ dialog: Dialog, outcome: Int, state: State) -> [String] {
        var flags: [String] = []
        // The condition first: most do not hold, and comparing each name with those raised costs more.
        for (name, condition) in dialog.outcomeFlagConditions[outcome]
        where (condition.evaluate(state)?.isTrue ?? false) && !flags.contains(name) {
            flags.append(name)
        }
        return flags
    }
}

extension Dialog {
    /// Whether the condition of the instruction at `index` holds (a missing value makes it false).
    @usableFromInline
    func conditionHolds<State: ValueLookup>(at index: Int, in state: State) -> Bool {
        instructionExpressions[index]?.evaluate(state)?.isTrue ?? false
    }

    /// The value the `let` at `index` computes (nil when its expression reads a missing value).
    @usableFromInline
    func computedValue<State: ValueLookup>(at index: Int, in state: State) -> Value? {
        instructionExpressions[index]?.evaluate(state)
    }
}
