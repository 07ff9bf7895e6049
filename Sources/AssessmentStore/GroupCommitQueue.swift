// GroupCommitQueue: the writes waiting for a backend's writer, taken a batch a transaction, and what the writer counted.

/// What a writer keeps under its lock: the writes handed in since its last batch, whether a commit is
/// under way, and its counts. While one transaction commits the next writes wait here; the next
/// transaction takes all of them (group commit), whatever the database.
struct GroupCommitQueue<Job> {
    private var jobs: [Job] = []
    private var committing = false
    private(set) var statistics = WriteStatistics()

    /// Queues `job`; true when no commit is under way, so the caller must start one.
    mutating func append(_ job: Job) -> Bool {
        jobs.append(job)
        if committing { return false }
        committing = true
        return true
    }

    /// The next transaction's writes: all that waited. Empty when none did, and the commit under way ends.
    mutating func takeBatch() -> [Job] {
        if jobs.isEmpty {
            committing = false
            return []
        }
        defer { jobs = [] }
        statistics.transactions += 1
        statistics.writes += jobs.count
        statistics.largestTransaction = max(statistics.largestTransaction, jobs.count)
        return jobs
    }
}
