// StoredRunner: a server connection's dialog kept in the assessment store (`intake serve` without --no-store).

import AssessmentStore
import ChatServer
import DialogKit

/// Adapts `StoredConversation` to the server's `DialogRunner`: the server closes the connection once
/// it has given `StoredConversation.wrongCodeLimit` wrong resume codes.
struct StoredRunner: DialogRunner {
    private var conversation: StoredConversation

    init(dialog: Dialog, store: AssessmentStore, protocol chatProtocol: ChatProtocol) {
        let channel: Channel =
            switch chatProtocol {
            case .irc: .irc
            case .json: .json
            case .plain, .auto: .plain
            }
        conversation = StoredConversation(dialog: dialog, store: store, channel: channel)
    }

    mutating func start() -> [Event] { conversation.start() }
    mutating func receive(_ line: String) -> [Event] { conversation.receive(line) }
    var isOver: Bool { conversation.isOver }
    var outcome: OutcomeReport? { conversation.outcome }
    var mustCloseConnection: Bool { conversation.hasTooManyWrongCodes }
}
