// CompletionInbox: store writes finished on the writer's thread, handed to one event loop in batches.
import NIOConcurrencyHelpers
import NIOCore

/// One per event loop. The store's writer finishes a whole transaction's writes at once, for
/// connections on every loop; posting each to its loop with `execute` would wake the loop once per
/// write. Here the first post after the loop last emptied the inbox wakes it, and the loop then runs
/// everything posted meanwhile in one go.
final class CompletionInbox: Sendable {
    private let loop: any EventLoop
    private let posted = NIOLockedValueBox<[@Sendable () -> Void]>([])

    init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Runs `body` on the loop soon; callable from any thread.
    func post(_ body: @escaping @Sendable () -> Void) {
        let wakes = posted.withLockedValue { posted in
            posted.append(body)
            return posted.count == 1
        }
        if wakes {
            loop.execute { [self] in runPosted() }
        }
    }

    private func runPosted() {
        let bodies = posted.withLockedValue { posted in
            defer { posted.removeAll(keepingCapacity: true) }
            return posted
        }
        for body in bodies { body() }
    }

    /// An inbox for each loop of `group`, by the loop's identity.
    static func forLoops(of group: any EventLoopGroup) -> [ObjectIdentifier: CompletionInbox] {
        var inboxes: [ObjectIdentifier: CompletionInbox] = [:]
        for loop in group.makeIterator() {
            inboxes[ObjectIdentifier(loop)] = CompletionInbox(loop: loop)
        }
        return inboxes
    }
}
