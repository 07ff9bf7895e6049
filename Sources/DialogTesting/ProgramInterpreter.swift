// ProgramInterpreter: runs a dialog's compiled program the way Session does, for the tools that simulate it.

import DialogKit

/// Where running the program stopped.
enum ProgramStop: Equatable, Sendable {
    /// At this `ask` instruction, waiting for the answer to the question.
    case ask(position: Int, question: Int)
    /// The flow ended with this outcome at this instruction.
    case outcome(position: Int, outcome: Int)
    /// The flow ran out without an outcome.
    case deadEnd(position: Int)
    /// The flow went round without asking anything for as long as a session allows, then stopped.
    case loop(position: Int)
}

/// Told about every instruction executed; coverage and the graph use this, the path checker does not.
protocol ExecutionObserver {
    /// Before the instruction at `index` runs, with the values it will read.
    mutating func executing(_ index: Int, values: SlotValues)
    /// A conditional instruction decided: `holds` is whether its condition held.
    mutating func branched(_ index: Int, holds: Bool)
    /// The flow ended with an outcome; `values` are those its flags read.
    mutating func ended(outcome: Int, at index: Int, values: SlotValues)
}

/// An observer that observes nothing (the path checker's: it pays for no observation).
struct NoObserver: ExecutionObserver {
    func executing(_ index: Int, values: SlotValues) {}
    func branched(_ index: Int, holds: Bool) {}
    func ended(outcome: Int, at index: Int, values: SlotValues) {}
}

/// The program's semantics, as `Session.run` executes them, on a `SlotValues`.
enum ProgramInterpreter {
    /// Instructions one turn may execute before the session gives up on a loop (as `Session`).
    static let instructionBudget = 1_000_000

    /// Runs from `position` until a question waits, or the flow ends.
    static func run<Observer: ExecutionObserver>(
        _ dialog: Dialog, from position: Int, values: inout SlotValues, observer: inout Observer
    ) -> ProgramStop {
        let program = dialog.program
        var index = position
        var budget = instructionBudget
        while budget > 0 {
            budget -= 1
            observer.executing(index, values: values)
            switch program[index] {
            case .say, .section:
                index += 1
            case .ask(let question):
                return .ask(position: index, question: question)
            case .assign(let slot, let expression):
                values[slot] = expression.expression.evaluate(values)
                index += 1
            case .jumpUnless(let condition, let target):
                let holds = condition.holds(values)
                observer.branched(index, holds: holds)
                index = holds ? index + 1 : target
            case .jumpIf(let condition, let target):
                let holds = condition.holds(values)
                observer.branched(index, holds: holds)
                index = holds ? target : index + 1
            case .jump(let target):
                index = target
            case .endIf(let condition, let outcome):
                let holds = condition.holds(values)
                observer.branched(index, holds: holds)
                if holds {
                    observer.ended(outcome: outcome, at: index, values: values)
                    return .outcome(position: index, outcome: outcome)
                }
                index += 1
            case .end(let outcome):
                observer.ended(outcome: outcome, at: index, values: values)
                return .outcome(position: index, outcome: outcome)
            case .deadEnd:
                return .deadEnd(position: index)
            }
        }
        return .loop(position: index)
    }

    /// Runs without observing.
    static func run(_ dialog: Dialog, from position: Int, values: inout SlotValues) -> ProgramStop {
        var observer = NoObserver()
        return run(dialog, from: position, values: &values, observer: &observer)
    }

    /// The flags an outcome carries with these values, in the order `Session` lists them.
    static func flags(_ dialog: Dialog, outcome: Int, values: SlotValues) -> [String] {
        var flags: [String] = []
        for rule in dialog.flags + dialog.outcomes[outcome].flags where !flags.contains(rule.name) && rule.condition.holds(values) {
            flags.append(rule.name)
        }
        return flags
    }
}
