// ConcurrencyTests: two writers (two stores, as two server processes would have) on one database file.

import AssessmentStore
import DialogKit
import Foundation
import Testing

@Suite("Two writers on one file")
struct ConcurrencyTests {
    /// Collects results from threads.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var references: [String] = []
        private var failures: [String] = []

        func add(reference: String?, failure: String?) {
            lock.lock()
            defer { lock.unlock() }
            if let reference { references.append(reference) }
            if let failure { failures.append(failure) }
        }

        var all: (references: [String], failures: [String]) {
            lock.lock()
            defer { lock.unlock() }
            return (references, failures)
        }
    }

    @Test("two stores on one file, each running sessions on four threads: every answer and reference kept")
    func twoWriters() throws {
        let folder = try StoreFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("shared.sqlite").path
        let stores = [try AssessmentStore(path: path), try AssessmentStore(path: path)]
        let dialog = try StoreFixtures.migraine
        let results = Results()
        let sessionsPerThread = 5
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            let store = stores[thread % 2]
            for _ in 0..<sessionsPerThread {
                let (conversation, events) = StoreFixtures.converse(StoreFixtures.migraineLongest, dialog: dialog, store: store)
                let failure = events.spokenText.contains("could not be saved") ? "a write failed on thread \(thread)" : nil
                results.add(reference: conversation.outcome?.reference, failure: failure)
            }
        }
        let (references, failures) = results.all
        #expect(failures.isEmpty, "\(failures)")
        #expect(references.count == 8 * sessionsPerThread)
        #expect(Set(references).count == references.count, "references are unique")
        let kept = try AssessmentStore(path: path).finishedAssessments()
        #expect(kept.count == 8 * sessionsPerThread)
        for assessment in kept {
            #expect(assessment.answers.map(\.typed) == StoreFixtures.migraineLongest.map { Optional($0) })
        }
    }

    @Test("two processes opening a new file at the same moment both migrate it")
    func concurrentOpen() throws {
        for _ in 0..<5 {
            let folder = try StoreFixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("new.sqlite").path
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let store = try AssessmentStore(path: path)
                    results.add(reference: try store.schemaVersions().joined(separator: ","), failure: nil)
                } catch {
                    results.add(reference: nil, failure: "\(error)")
                }
            }
            #expect(results.all.failures.isEmpty, "\(results.all.failures)")
            #expect(results.all.references == Array(repeating: "v1,v2,v3,v4,v5,v6,v7", count: 4))
        }
    }
}
