// ProgramObserver: what a run of the program tells those who watch it, and the state it runs on.

/// The values a run of the program reads (questions' answers, `let` values) and the `let` values it writes.
public protocol ProgramState: ValueLookup {
    /// Keeps the value a `let` just computed (nil when its expression read a missing value).
    mutating func setComputed(_ slot: Int, to value: Value?)
}

/// Told what a run of the program does, instruction by instruction. Every requirement has a default that
/// does nothing, so an observer writes only what it wants to know: a session renders what is said, `why`
/// keeps the branches that read answers, coverage keeps everything reached.
public protocol ProgramObserver<State> {
    associatedtype State: ProgramState

    /// Before the instruction at `index` runs, with the values it will read.
    mutating func executing(_ index: Int, state: State)
    /// A `say` or `section` instruction at `index` ran. Returning false stops the run there
    /// (`ProgramStop.loop`): a session that has said too much in one turn stops this way.
    mutating func showed(_ index: Int, state: State) -> Bool
    /// The run reached the `ask` of a question at `index`, and stops there for the answer.
    mutating func reached(question: Int, at index: Int, state: State)
    /// Whoever drives the runs answered the question asked at `index` (the interpreter itself never
    /// answers: the session, replaying its answers, or a tool simulating one, tells this).
    mutating func answered(question: Int, at index: Int, state: State)
    /// The `let` at `index` computed the value of `slot` (now in `state`).
    mutating func computed(_ slot: Int, at index: Int, state: State)
    /// A conditional instruction at `index` decided: `holds` is whether its condition held.
    mutating func branched(_ index: Int, holds: Bool, state: State)
    /// The flow ended with an outcome at `index`; `state` holds the values its flags read
    /// (`ProgramInterpreter.flags`).
    mutating func ended(outcome: Int, at index: Int, state: State)
}

extension ProgramObserver {
    @inlinable public mutating func executing(_ index: Int, state: State) {}
    @inlinable public mutating func showed(_ index: Int, state: State) -> Bool { true }
    @inlinable public mutating func reached(question: Int, at index: Int, state: State) {}
    @inlinable public mutating func answered(question: Int, at index: Int, state: State) {}
    @inlinable public mutating func computed(_ slot: Int, at index: Int, state: State) {}
    @inlinable public mutating func branched(_ index: Int, holds: Bool, state: State) {}
    @inlinable public mutating func ended(outcome: Int, at index: Int, state: State) {}
}

/// An observer that observes nothing: the path explorer's, which pays for no observation.
public struct NoObserver<State: ProgramState>: ProgramObserver {
    /// An observer of nothing.
    @inlinable public init() {}
}
