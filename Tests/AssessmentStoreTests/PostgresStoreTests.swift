// PostgresStoreTests: what only a shared PostgreSQL store has, against a real throwaway cluster: several processes' stores on one database, logins that fail, a database that goes away mid-session.

import AssessmentStore
import DialogKit
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite("The store on PostgreSQL", .enabled(if: StoreLocation.postgresIsBuilt, "built without the trait PostgreSQL"))
struct PostgresStoreTests {
    static func cluster() async throws -> PostgresTestCluster {
        try #require(await PostgresTestCluster.shared, "no PostgreSQL for the tests: \(PostgresTestCluster.sharedFailure)")
    }

    static func open(_ url: String, options: AssessmentStore.Options = .init()) throws -> AssessmentStore {
        try AssessmentStore(try StoreLocation.parse(url, environment: [:]), options: options)
    }

    @Test("two stores open one new database at the same moment: the migrations run once, under the advisory lock")
    func migrationsRace() async throws {
        let cluster = try await Self.cluster()
        let url = await cluster.url(try cluster.makeDatabase())
        async let first = Task.detached { try Self.open(url).schemaVersions() }.value
        async let second = Task.detached { try Self.open(url).schemaVersions() }.value
        let (a, b) = try await (first, second)
        #expect(a == ["v1", "v2", "v3"] && b == ["v1", "v2", "v3"])
    }

    @Test("a session started on one server resumes on the other; the first is told at its next answer; nothing twice")
    func resumeOnTheOther() async throws {
        let cluster = try await Self.cluster()
        let url = cluster.url(try await cluster.makeDatabase())
        let (one, two) = (try Self.open(url), try Self.open(url))
        let dialog = try StoreFixtures.example
        var first = StoredConversation(dialog: dialog, store: one, channel: .plain)
        _ = first.start()
        _ = first.receive("no")
        _ = first.receive("1")
        let code = try #require(first.resumeCode)
        var second = StoredConversation(dialog: dialog, store: two, channel: .chat)
        let welcome = second.start(resuming: code)
        #expect(welcome.spokenText.contains("Welcome back. Your 2 answers are kept"))
        let refused = first.receive("10 days")
        #expect(refused.spokenText.contains("continued on another connection"))
        for line in StoreFixtures.exampleSelfCare.dropFirst(2) { _ = second.receive(line) }
        let reference = try #require(second.outcome?.reference)
        // Found from either server.
        for store in [one, two] {
            let kept = try #require(try store.assessment(reference: reference))
            #expect(kept.answers.map(\.typed) == StoreFixtures.exampleSelfCare.map { Optional($0) })
            #expect(kept.channel == .plain, "it keeps the channel it was started on")
        }
    }

    /// A conversation and what it last gave, filled in on another thread.
    final class Slot: @unchecked Sendable {
        var conversation: StoredConversation?
        var events: [Event] = []
    }

    @Test("one code typed on both servers at the same moment: both claims are taken in turn, then one carries the session on and the other is told; nothing interleaves")
    func sameCodeOnBoth() async throws {
        let cluster = try await Self.cluster()
        let url = cluster.url(try await cluster.makeDatabase())
        let stores = [try Self.open(url), try Self.open(url)]
        let dialog = try StoreFixtures.example
        var opening = StoredConversation(dialog: dialog, store: stores[0], channel: .plain)
        _ = opening.start()
        _ = opening.receive("no")
        let code = try #require(opening.resumeCode)
        let slots = [Slot(), Slot()]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            var conversation = StoredConversation(dialog: dialog, store: stores[index], channel: .plain)
            _ = conversation.start(resuming: code)
            slots[index].conversation = conversation
        }
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            slots[index].events = slots[index].conversation!.receive(index == 0 ? "1" : "2")
        }
        let refused = slots.filter { $0.events.spokenText.contains("continued on another connection") }
        #expect(refused.count == 1, "exactly one is told: \(slots.map(\.events.spokenText))")
        let kept = try #require(try stores[1].allAssessments().first { $0.answers.first?.typed == "no" })
        #expect(kept.answers.count == 2, "the first answer and one second answer, never both")
        #expect(Set(kept.answers.map(\.position)).count == kept.answers.count)
    }

    @Test("back typed twice on one server while the other resumes the session: each rewrite is kept before the claim or refused after it, and the resumed session has exactly the rows kept")
    func backRacesAResume() async throws {
        let cluster = try await Self.cluster()
        let dialog = try StoreFixtures.example
        let kept = try Regex(#"Your (\d+) answers? (is|are) kept"#)
        for round in 0..<12 {
            let url = cluster.url(try await cluster.makeDatabase())
            let stores = [try Self.open(url), try Self.open(url)]
            var opening = StoredConversation(dialog: dialog, store: stores[0], channel: .plain)
            _ = opening.start()
            for line in StoreFixtures.exampleSelfCare.prefix(3) { _ = opening.receive(line) }
            let code = try #require(opening.resumeCode)
            let slots = [Slot(), Slot()]
            slots[0].conversation = opening
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 {
                    // Later each round, so that the claim comes before, between and after them.
                    usleep(UInt32(round) * 1500)
                    // The two replacing writes: rows from 2, then from 1, deleted.
                    slots[0].events = slots[0].conversation!.receive("back") + slots[0].conversation!.receive("back")
                } else {
                    var resumed = StoredConversation(dialog: dialog, store: stores[1], channel: .plain)
                    slots[1].events = resumed.start(resuming: code)
                    slots[1].conversation = resumed
                }
            }
            let welcome = slots[1].events.spokenText
            let match = try #require(welcome.firstMatch(of: kept), "round \(round): \(welcome)")
            let replayed = try #require(Int(match.output[1].substring ?? ""))
            #expect((1...3).contains(replayed), "round \(round): none, one or both rewrites before the claim")
            let rows = try #require(try stores[0].allAssessments().first).answers
            #expect(rows.count == replayed, "round \(round): the resumed session has what is kept: \(welcome) / \(rows.map(\.typed))")
            #expect(rows.map(\.position) == Array(0..<rows.count), "round \(round)")
            #expect(rows.map(\.typed) == StoreFixtures.exampleSelfCare.prefix(replayed).map { Optional($0) }, "round \(round)")
            // Only the one who resumed carries on: the first was told at a back, or is told at its next answer.
            let told = slots[0].events.spokenText + slots[0].conversation!.receive("1").spokenText
            #expect(told.contains("continued on another connection"), "round \(round): \(told)")
        }
    }

    @Test("a wrong password, a server that is down, a database that does not exist: a clear reason, no password quoted")
    func refusedLogins() async throws {
        let cluster = try await Self.cluster()
        let database = try await cluster.makeDatabase()
        let wrong = cluster.url(database, password: "not the password ü")
        let refusal = try #require(throws: StoreError.self) { try Self.open(wrong) }
        #expect("\(refusal)".contains("password authentication failed"), "\(refusal)")
        #expect(!"\(refusal)".contains("not the password"))
        let none = cluster.url(database, password: nil)
        #expect(throws: StoreError.self) { try Self.open(none) }
        let down = "postgres://intake:x@127.0.0.1:\(try PostgresTestCluster.freePort())/intake?sslmode=disable&connect_timeout=2"
        let closed = try #require(throws: StoreError.self) { try Self.open(down) }
        #expect("\(closed)".contains("cannot open the assessment store postgres://intake@127.0.0.1:"), "\(closed)")
        let missing = try #require(throws: StoreError.self) { try Self.open(cluster.url("no_such_database")) }
        #expect("\(missing)".contains("does not exist"), "\(missing)")
        // Over the socket, as a local service would; trusted there.
        #expect(try Self.open(cluster.socketURL(database)).schemaVersions() == ["v1", "v2", "v3"])
    }

    @Test("sslmode=require against a server without TLS is refused; prefer goes on without it")
    func sslModes() async throws {
        let cluster = try await Self.cluster()
        let database = try await cluster.makeDatabase()
        let plain = cluster.url(database)
        let require = plain.replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")
        #expect(throws: StoreError.self) { try Self.open(require) }
        let prefer = plain.replacingOccurrences(of: "sslmode=disable", with: "sslmode=prefer")
        #expect(try Self.open(prefer).schemaVersions() == ["v1", "v2", "v3"])
    }

    @Test("the database goes away mid-session: the answer is not taken and the person is told; when it is back, nothing was lost")
    func databaseGoesAway() async throws {
        let cluster = try await PostgresTestCluster.start()
        defer { cluster.stopInBackground() }
        let url = await cluster.url(try cluster.makeDatabase())
        var options = AssessmentStore.Options()
        options.busyTimeout = 2
        let failures = Mutex<[StoreFailure]>([])
        options.onWrite = { report in if let failure = report.failure { failures.withLock { $0.append(failure) } } }
        let store = try Self.open(url, options: options)
        var conversation = StoredConversation(dialog: try StoreFixtures.example, store: store, channel: .plain)
        _ = conversation.start()
        _ = conversation.receive("no")
        #expect(failures.withLock { $0 }.isEmpty)
        try await cluster.pause()
        let events = conversation.receive("1")
        #expect(events.spokenText.contains("could not be saved just now"))
        // What the server's log and metrics are told (intake_store_failures_total{cause="unreachable"}).
        let seen = failures.withLock { $0 }
        #expect(seen.count == 1 && seen.allSatisfy { $0.cause == .unreachable }, "\(seen)")
        #expect(conversation.currentQuestionID == "where")
        try await cluster.resume()
        #expect(conversation.receive("1").lastAskID == "weeks")
        for line in StoreFixtures.exampleSelfCare.dropFirst(2) { _ = conversation.receive(line) }
        let reference = try #require(conversation.outcome?.reference)
        let kept = try #require(try store.assessment(reference: reference))
        #expect(kept.answers.map(\.typed) == StoreFixtures.exampleSelfCare.map { Optional($0) })
    }
}
