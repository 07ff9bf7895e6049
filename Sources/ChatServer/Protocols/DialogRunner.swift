// DialogRunner: what a conversation runs: a bare Session, or one kept in a store (supplied by intake serve).
import DialogKit

/// The dialog side of a connection. A bare `Session` is one; `intake serve` supplies a runner that
/// keeps every answer in the assessment store and understands `resume CODE`, so the server itself
/// does no storage and imports nothing but DialogKit. Each connection gets its own runner from
/// `ServerConfiguration.makeRunner`.
public protocol DialogRunner {
    /// The opening: intro and first question (and, for a kept session, its resume code).
    mutating func start() -> [Event]
    /// One line the person typed.
    mutating func receive(_ line: String) -> [Event]
    var isOver: Bool { get }
    var outcome: OutcomeReport? { get }
    /// The outcome's code, once reached (the server logs it); `outcome?.code` unless a runner has it cheaper.
    var outcomeCode: String? { get }
    /// Set when the connection must be closed now: it gave too many wrong resume codes.
    var mustCloseConnection: Bool { get }
}

extension DialogRunner {
    public var outcomeCode: String? { outcome?.code }
}

/// `Session.outcomeCode` reads the code without building the outcome's report.
extension Session: DialogRunner {
    public var mustCloseConnection: Bool { false }
}
