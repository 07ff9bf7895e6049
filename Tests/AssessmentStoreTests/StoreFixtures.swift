// StoreFixtures: temporary folders, the repository's dialogs, a clock tests can move, and answer scripts.

@testable import AssessmentStore
import DialogKit
import Foundation
import Testing
import TestSupport

enum StoreFixtures {
    static func dialog(_ path: String, replacing: (String, String)? = nil) throws -> Dialog {
        try RepositoryDialogs.load(path, replacing: replacing)
    }

    static var migraine: Dialog { get throws { try dialog("Dialogs/migraine.yaml") } }
    static var example: Dialog { get throws { try dialog("Dialogs/example.yaml") } }

    /// The migraine dialog's longest path (Dialogs/tests/migraine/longest_path_47_questions.transcript):
    /// 47 answers, ending in `consult`.
    static let migraineLongest = [
        "no", "no", "no", "no", "no", "no", "no", "no", "yes", "1, 5", "no", "34", "no", "yes", "no", "no", "no",
        "no", "no", "no", "1", "throbbing", "7", "12 hours", "16", "1 year", "2 years", "no", "yes", "yes", "1, 3, 4",
        "2", "3", "1", "2", "0", "ibuprofen and sumatriptan", "5", "propranolol",
        "no", "no", "no", "no", "no", "no", "no", "no",
    ]

    /// The example dialog to its `self_care` outcome: 6 answers (the last question skipped).
    static let exampleSelfCare = ["no", "1", "10 days", "4", "rest", "skip"]

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The backends the store tests run on: SQLite, and PostgreSQL in a build with the trait (`make test`).
    static let backends: [StoreBackendKind] = StoreLocation.postgresIsBuilt ? [.sqlite, .postgres] : [.sqlite]

    /// A new empty store: a file in a new temporary folder, or a new database in the process's throwaway
    /// PostgreSQL cluster (`PostgresTestCluster`), reached over TCP with its password. The folder is for
    /// whatever else the test writes.
    static func store(_ backend: StoreBackendKind = .sqlite, options: AssessmentStore.Options = .init()) async throws -> (AssessmentStore, URL) {
        let folder = try temporaryFolder()
        switch backend {
        case .sqlite:
            let path = folder.appendingPathComponent("assessments.sqlite").path
            return (try AssessmentStore(path: path, options: options), folder)
        case .postgres:
            let cluster = try #require(await PostgresTestCluster.shared, "no PostgreSQL for the tests: \(PostgresTestCluster.sharedFailure)")
            let location = try StoreLocation.parse(cluster.url(try await cluster.makeDatabase()), environment: [:])
            return (try AssessmentStore(location, options: options), folder)
        }
    }

    /// Runs `lines` through a new stored conversation; returns it and every event.
    static func converse(
        _ lines: [String], dialog: Dialog, store: AssessmentStore, channel: Channel = .plain
    ) -> (StoredConversation, [Event]) {
        var conversation = StoredConversation(dialog: dialog, store: store, channel: channel)
        var events = conversation.start()
        for line in lines { events += conversation.receive(line) }
        return (conversation, events)
    }
}

/// What a store test runs on.
enum StoreBackendKind: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A clock a test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current.addTimeInterval(seconds)
        lock.unlock()
    }

    var options: AssessmentStore.Options {
        var options = AssessmentStore.Options()
        options.now = { [self] in now }
        return options
    }
}

extension [Event] {
    /// The text of every `say` and `retry`, joined.
    var spokenText: String {
        compactMap { event -> String? in
            switch event {
            case .say(let say): say.text
            case .retry(let retry): retry.text
            default: nil
            }
        }.joined(separator: "\n")
    }

    var lastAskID: String? {
        for event in reversed() { if case .ask(let ask) = event { return ask.id } }
        return nil
    }

    var outcome: OutcomeReport? {
        for event in self { if case .outcome(let outcome) = event { return outcome } }
        return nil
    }
}

extension AssessmentStore {
    /// The SQLite backend of a store the fixtures made on a file, for the tests of what only SQLite has
    /// (its writer, its pool, its pragmas).
    var sqlite: SQLiteBackend {
        guard let backend = backend as? SQLiteBackend else { fatalError("the store is not kept in a SQLite file") }
        return backend
    }
}
