// PostgresWriter: the one writer of a PostgreSQL store in this process: writes handed to it from any thread are committed together (group commit).

#if PostgreSQL
import Foundation
import Synchronization

/// The PostgreSQL counterpart of `StoreWriter`, with the same rules: while one group commits, the
/// writes that arrive wait (`GroupCommitQueue`); the next group takes all of them, the batch statement's
/// in one transaction and the rest in a second, each in a savepoint, so one that fails (its session
/// claimed by another server, a constraint) is undone alone; results are given out only after the
/// COMMIT of their transaction returned. A write is acknowledged only once it is in the database, on
/// whichever server it was made.
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

    /// Commits `batch`: the writes the batch statement can do in one transaction of their own, and then those
    /// it could not do, or all of them when it failed, one at a time in a second transaction. The first
    /// transaction's writes are published as soon as it committed, so that nothing kept is reported lost
    /// when the second fails.
    private func commit(_ batch: [Job]) {
        var remaining = Array(batch.indices)
        var published: [@Sendable () -> Void] = []
        var failed: [(Job, StoreError)] = []
        do {
            try link.run { statements in
                let eligible = PostgresBatch.eligible(batch.map(\.batched))
                if !eligible.isEmpty, let ids = try PostgresBatch.commit(eligible.map { batch[$0].batched! }, statements) {
                    let done = eligible.filter { ids.contains(batch[$0].batched!.assessmentID) }
                    batched.withLock { $0 += done.count }
                    for index in done { batch[index].publishBatched!() }
                    remaining.removeAll { done.contains($0) }
                }
                if !remaining.isEmpty {
                    (published, failed) = try commitOneAtATime(remaining.map { batch[$0] }, statements)
                }
            }
        } catch {
            // Connecting failed, or a transaction did not commit: every write in it fails with the cause.
            let reason = StoreError.database(PostgresLink.describe(error))
            for index in remaining { batch[index].fail(reason) }
            return
        }
        for publish in published { publish() }
        for (job, reason) in failed { job.fail(reason) }
    }

    /// Runs each of `jobs` in its savepoint of one transaction; gives what publishes the results of those that
    /// were kept, to be called only once this returned (after COMMIT), and the failures of the others.
    private func commitOneAtATime(
        _ jobs: [Job], _ statements: PostgresLink.Statements
    ) throws -> (published: [@Sendable () -> Void], failed: [(Job, StoreError)]) {
        var published: [@Sendable () -> Void] = []
        var failed: [(Job, StoreError)] = []
        try statements.query("BEGIN")
        do {
            for job in jobs {
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
        return (published, failed)
    }
}
#endif
