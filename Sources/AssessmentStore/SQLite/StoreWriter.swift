// StoreWriter: the one writer of a store in this process: writes handed to it from any thread are committed together (group commit).

import Foundation
import GRDB
import Synchronization

/// A write handed to the store's writer, done once its transaction has committed (or failed).
/// Whoever handed it in may wait for it (`wait()`, for a terminal chat) or be called back
/// (`whenDone`, for a server connection that goes on serving others meanwhile).
public protocol StoreCompletion: AnyObject, Sendable {
    /// Calls `body` once the write is durable or has failed: at once if it already is, otherwise
    /// on the writer's thread. `body` must not block; a server hops to its own thread from there.
    func whenDone(_ body: @escaping @Sendable () -> Void)
    /// Blocks the calling thread until the write is durable or has failed.
    func wait()
}

/// One write's result, set by the writer after its commit, read by whoever handed it in.
final class PendingWrite<Value: Sendable>: StoreCompletion {
    private struct State {
        var result: Result<Value, StoreError>?
        var waiters: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)

    /// The result, once the write is done.
    var result: Result<Value, StoreError>? { state.withLock { $0.result } }

    func whenDone(_ body: @escaping @Sendable () -> Void) {
        let isDone = state.withLock { state in
            if state.result != nil { return true }
            state.waiters.append(body)
            return false
        }
        if isDone { body() }
    }

    func wait() {
        guard result == nil else { return }
        whenDone { [done] in done.signal() }
        done.wait()
    }

    /// Waits, then gives the result.
    func value() throws(StoreError) -> Value {
        wait()
        return try result!.get()
    }

    func finish(_ result: Result<Value, StoreError>) {
        let waiters = state.withLock { state in
            state.result = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter() }
    }
}

/// Counts of the store's writer: how many writes went into how many transactions.
public struct WriteStatistics: Sendable, Equatable {
    /// Transactions begun (each commits, or fails as a whole).
    public var transactions = 0
    /// Writes handed in and run.
    public var writes = 0
    /// The most writes one transaction held.
    public var largestTransaction = 0
}

/// Owns the write side of the database for this process. Writes arrive from every connection; while
/// one transaction commits, the next ones wait in a queue, and then all of them go into the next
/// transaction. One fsync is shared by every write that arrived during the last one, which is what
/// lets a thousand connections each wait for their own answer to be durable.
///
/// Each write runs inside a savepoint, so one that fails (a session continued elsewhere) is undone
/// alone; an error that ends the whole transaction (a full disk) fails every write in it. Results
/// are published only after COMMIT returns: nothing is reported done that is not on disk.
final class StoreWriter: Sendable {
    /// One write: runs in the transaction and returns what publishes its result after the commit.
    private struct Job: Sendable {
        let run: @Sendable (Database) throws -> @Sendable () -> Void
        let fail: @Sendable (StoreError) -> Void
    }

    private let pool: DatabasePool
    private let queue = Mutex(GroupCommitQueue<Job>())

    /// What the writer has done since the store was opened.
    var statistics: WriteStatistics { queue.withLock { $0.statistics } }

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Hands `body` to the writer; it runs in the next transaction. Never blocks.
    func submit<Value: Sendable>(_ body: @escaping @Sendable (Database) throws -> Value) -> PendingWrite<Value> {
        let pending = PendingWrite<Value>()
        let job = Job(
            run: { db in
                let value = try body(db)
                return { pending.finish(.success(value)) }
            },
            fail: { error in pending.finish(.failure(error)) })
        let startsCommitting = queue.withLock { $0.append(job) }
        if startsCommitting {
            pool.asyncWriteWithoutTransaction { [self] db in commitUntilEmpty(db) }
        }
        return pending
    }

    /// Hands `body` to the writer and waits for its commit.
    func write<Value: Sendable>(_ body: @escaping @Sendable (Database) throws -> Value) throws(StoreError) -> Value {
        try submit(body).value()
    }

    /// Blocks until every write handed in so far has been committed or has failed.
    func waitForWrites() {
        submit { _ in () }.wait()
    }

    /// On the database's writer thread: one transaction per batch of what queued up, until none is left.
    private func commitUntilEmpty(_ db: Database) {
        while true {
            let batch = queue.withLock { $0.takeBatch() }
            if batch.isEmpty { return }
            commit(batch, db)
        }
    }

    private func commit(_ batch: [Job], _ db: Database) {
        var published: [@Sendable () -> Void] = []
        published.reserveCapacity(batch.count)
        var failed: [(Job, StoreError)] = []
        do {
            // IMMEDIATE: the write lock is taken at once, so what a job reads stays true until it
            // writes, even with another process writing the same file.
            try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
        } catch {
            fail(batch, error)
            return
        }
        for job in batch {
            do {
                try db.cachedStatement(sql: "SAVEPOINT job").execute()
                published.append(try job.run(db))
                try db.cachedStatement(sql: "RELEASE job").execute()
            } catch {
                let reason = error as? StoreError ?? .database(SQLiteBackend.describe(error))
                guard db.isInsideTransaction else {
                    // SQLite rolled the whole transaction back (disk full, I/O error): nothing in it is kept.
                    fail(batch, error)
                    return
                }
                do {
                    try db.cachedStatement(sql: "ROLLBACK TO job").execute()
                    try db.cachedStatement(sql: "RELEASE job").execute()
                } catch {
                    rollBack(db)
                    fail(batch, error)
                    return
                }
                failed.append((job, reason))
            }
        }
        do {
            try db.cachedStatement(sql: "COMMIT").execute()
        } catch {
            rollBack(db)
            fail(batch, error)
            return
        }
        for publish in published { publish() }
        for (job, reason) in failed { job.fail(reason) }
    }

    /// Every write of a transaction that did not commit fails with its cause.
    private func fail(_ batch: [Job], _ error: any Error) {
        let reason = StoreError.database(SQLiteBackend.describe(error))
        for job in batch { job.fail(reason) }
    }

    private func rollBack(_ db: Database) {
        if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
    }
}
