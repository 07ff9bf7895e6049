// PostgresWriter: the one writer of a PostgreSQL store in this process: writes handed to it from any thread are committed together (group commit).

#if PostgreSQL
import Foundation
import Synchronization

/// The PostgreSQL counterpart of `StoreWriter`, with the same rules: while one transaction commits,
/// the writes that arrive wait (`GroupCommitQueue`); the next transaction takes all of them; each runs
/// in a savepoint, so one that fails (its session claimed by another server, a constraint) is undone
/// alone; results are given out only after COMMIT returned. A write is acknowledged only once it is
/// in the database, on whichever server it was made.
final class PostgresWriter: Sendable {
    private struct Job: Sendable {
        let run: @Sendable (PostgresLink.Statements) throws -> @Sendable () -> Void
        let fail: @Sendable (StoreError) -> Void
    }

    private let link: PostgresLink
    private let queue = Mutex(GroupCommitQueue<Job>())
    private let thread = DispatchQueue(label: "AssessmentStore.PostgresWriter")

    var statistics: WriteStatistics { queue.withLock { $0.statistics } }

    init(link: PostgresLink) {
        self.link = link
    }

    /// Hands `body` to the writer; it runs in the next transaction. Never blocks.
    func submit<Value: Sendable>(_ body: @escaping @Sendable (PostgresLink.Statements) throws -> Value) -> PendingWrite<Value> {
        let pending = PendingWrite<Value>()
        let job = Job(
            run: { statements in
                let value = try body(statements)
                return { pending.finish(.success(value)) }
            },
            fail: { error in pending.finish(.failure(error)) })
        if queue.withLock({ $0.append(job) }) {
            thread.async { [self] in commitUntilEmpty() }
        }
        return pending
    }

    /// Blocks until every write handed in so far has been committed or has failed.
    func waitForWrites() {
        submit { _ in () }.wait()
    }

    private func commitUntilEmpty() {
        while true {
            let batch = queue.withLock { $0.takeBatch() }
            if batch.isEmpty { return }
            commit(batch)
        }
    }

    private func commit(_ batch: [Job]) {
        var published: [@Sendable () -> Void] = []
        var failed: [(Job, StoreError)] = []
        do {
            try link.run { statements in
                try statements.query("BEGIN")
                do {
                    for job in batch {
                        try statements.query("SAVEPOINT job")
                        do {
                            published.append(try job.run(statements))
                            try statements.query("RELEASE SAVEPOINT job")
                        } catch {
                            // The connection is gone, or the transaction with it: nothing in it is kept.
                            if statements.connection.isClosed { throw error }
                            try statements.query("ROLLBACK TO SAVEPOINT job")
                            try statements.query("RELEASE SAVEPOINT job")
                            failed.append((job, error as? StoreError ?? .database(PostgresLink.describe(error))))
                        }
                    }
                    try statements.query("COMMIT")
                } catch {
                    if !statements.connection.isClosed { _ = try? statements.query("ROLLBACK") }
                    throw error
                }
            }
        } catch {
            // Connecting failed, or the transaction did not commit: every write in it fails with the cause.
            let reason = StoreError.database(PostgresLink.describe(error))
            for job in batch { job.fail(reason) }
            return
        }
        for publish in published { publish() }
        for (job, reason) in failed { job.fail(reason) }
    }
}
#endif
