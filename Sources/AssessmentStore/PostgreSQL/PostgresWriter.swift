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
        /// The write as a row of the batch statement, and what publishes its result when that statement did it.
        var batched: PostgresBatch.Item?
        var publishBatched: (@Sendable () -> Void)?
    }

    private let link: PostgresLink
    private let queue = Mutex(GroupCommitQueue<Job>())
    private let thread = DispatchQueue(label: "AssessmentStore.PostgresWriter")

    var statistics: WriteStatistics { queue.withLock { $0.statistics } }
    /// Writes the batch statement did (the others were made one at a time), for tests.
    var batchedWrites: Int { batched.withLock { $0 } }
    private let batched = Mutex(0)

    init(link: PostgresLink) {
        self.link = link
    }

    /// Hands `body` to the writer; it runs in the next transaction. Never blocks.
    func submit<Value: Sendable>(_ body: @escaping @Sendable (PostgresLink.Statements) throws -> Value) -> PendingWrite<Value> {
        submit(batched: nil, as: nil, body)
    }

    /// Hands `item` to the writer: the next transaction writes it with the others of the batch statement,
    /// and `value` is its result; when the statement leaves it out, `body` writes it alone in its savepoint.
    func submit<Value: Sendable>(
        batched item: PostgresBatch.Item?, as value: Value?, _ body: @escaping @Sendable (PostgresLink.Statements) throws -> Value
    ) -> PendingWrite<Value> {
        let pending = PendingWrite<Value>()
        var publish: (@Sendable () -> Void)?
        if let value { publish = { pending.finish(.success(value)) } }
        let job = Job(
            run: { statements in
                let value = try body(statements)
                return { pending.finish(.success(value)) }
            },
            fail: { error in pending.finish(.failure(error)) },
            batched: publish == nil ? nil : item,
            publishBatched: publish)
        enqueue(job)
        return pending
    }

    private func enqueue(_ job: Job) {
        if queue.withLock({ $0.append(job) }) {
            thread.async { [self] in commitUntilEmpty() }
        }
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
                    // The batch statement first, so that when it fails nothing else of the transaction is lost
                    // with it: it is rolled back, and every write is then made alone.
                    var done = Set<Int>()
                    let eligible = PostgresBatch.eligible(batch.map(\.batched))
                    if !eligible.isEmpty {
                        do {
                            let ids = try PostgresBatch.run(eligible.map { batch[$0].batched! }, statements)
                            done = Set(eligible.filter { ids.contains(batch[$0].batched!.assessmentID) })
                        } catch {
                            if statements.connection.isClosed { throw error }
                            try statements.query("ROLLBACK")
                            try statements.query("BEGIN")
                        }
                    }
                    if !done.isEmpty { batched.withLock { $0 += done.count } }
                    for (index, job) in batch.enumerated() {
                        if done.contains(index) {
                            published.append(job.publishBatched!)
                            continue
                        }
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
                    // A transaction that failed unseen would end in ROLLBACK here, without an error.
                    guard try statements.query("COMMIT").metadata.command == "COMMIT" else {
                        throw StoreError.database("the transaction was rolled back instead of committed")
                    }
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
