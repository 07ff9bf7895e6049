// DialogRunner: what a conversation runs: a bare Session, or one kept in a store (supplied by intake serve).
import DialogKit

/// The dialog side of a connection. A bare `Session` is one; `intake serve` supplies a runner that
/// keeps every answer in the assessment store and understands `resume CODE`, so the server itself
/// does no storage and imports nothing but DialogKit. Each connection gets its own runner from
/// `ServerConfiguration.makeRunner`.
///
/// A kept runner must not block the event loop on its store: a step that had to write returns
/// `.waiting` with the write, the connection reads no further lines until the write is done, and
/// then asks `continueAfterWrite` for the events, so the reply to an answer is only sent once
/// the answer is durable.
public protocol DialogRunner {
    /// The opening: intro and first question (and, for a kept session, its resume code).
    mutating func startStep() -> RunnerStep
    /// One line the person typed.
    mutating func receiveStep(_ line: String) -> RunnerStep
    /// Called on the connection's event loop once the write of the last `.waiting` step is done.
    mutating func continueAfterWrite() -> RunnerStep
    var isOver: Bool { get }
    var outcome: OutcomeReport? { get }
    /// The outcome's code, once reached (the server logs it); `outcome?.code` unless a runner has it cheaper.
    var outcomeCode: String? { get }
    /// Set when the connection must be closed now: it gave too many wrong resume codes.
    var mustCloseConnection: Bool { get }
    /// The language the person reads the dialog in, which the server's own sentences follow.
    var language: LanguageTag { get }
}

/// What a runner gives for its start or a line.
public enum RunnerStep {
    /// The events to show now.
    case ready([Event])
    /// A write that must be durable before anything is shown; then `continueAfterWrite`.
    case waiting(any DurableWrite)
}

/// A write a runner handed to its store, which the connection waits for without blocking its loop.
public protocol DurableWrite: AnyObject, Sendable {
    /// Calls `body` once, from any thread, when the write is durable or has failed.
    func whenDone(_ body: @escaping @Sendable () -> Void)
}

extension DialogRunner {
    public var outcomeCode: String? { outcome?.code }
}

/// A bare session writes nothing, so it never waits. `Session.outcomeCode` reads the code without
/// building the outcome's report.
extension Session: DialogRunner {
    public mutating func startStep() -> RunnerStep { .ready(start()) }
    public mutating func receiveStep(_ line: String) -> RunnerStep { .ready(receive(line)) }
    public mutating func continueAfterWrite() -> RunnerStep { .ready([]) }
    public var mustCloseConnection: Bool { false }
    public var language: LanguageTag { dialog.language }
}
