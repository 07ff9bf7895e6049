// StoredRunner: a server connection's dialog kept in the assessment store (`intake serve` without --no-store).

import AssessmentStore
import ChatServer
import DialogKit
import Foundation

/// Adapts `StoredConversation` to the server's `DialogRunner`: each step that writes hands the
/// connection the store's write to wait for, and the server closes the connection once it has
/// given `StoredConversation.wrongCodeLimit` wrong resume codes.
struct StoredRunner: DialogRunner {
    private var conversation: StoredConversation

    init(dialog: Dialog, store: AssessmentStore, protocol chatProtocol: ChatProtocol, address: String) {
        let channel: Channel =
            switch chatProtocol {
            case .irc: .irc
            case .json: .json
            case .plain, .auto: .plain
            }
        conversation = StoredConversation(
            dialog: dialog, store: store, channel: channel,
            today: CalendarDay(unixTime: Int(Date().timeIntervalSince1970), utcOffset: TimeZone.current.secondsFromGMT()),
            address: address)
    }

    mutating func startStep() -> RunnerStep { Self.runnerStep(conversation.startStep()) }
    mutating func receiveStep(_ line: String) -> RunnerStep { Self.runnerStep(conversation.receiveStep(line)) }
    mutating func continueAfterWrite() -> RunnerStep { Self.runnerStep(conversation.continueAfterWrite()) }
    var isOver: Bool { conversation.isOver }
    var outcome: OutcomeReport? { conversation.outcome }
    var mustCloseConnection: Bool { conversation.hasTooManyWrongCodes }
    var language: LanguageTag { conversation.language }

    private static func runnerStep(_ step: StoredConversation.Step) -> RunnerStep {
        switch step {
        case .ready(let events): .ready(events)
        case .waiting(let write): .waiting(StoreWrite(write: write))
        }
    }
}

/// The store's pending write, as the server waits for it.
private final class StoreWrite: DurableWrite {
    let write: any StoreCompletion

    init(write: any StoreCompletion) {
        self.write = write
    }

    func whenDone(_ body: @escaping @Sendable () -> Void) {
        write.whenDone(body)
    }
}
