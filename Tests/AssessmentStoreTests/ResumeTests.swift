// ResumeTests: answers kept across a dropped session and resumed; wrong, expired, reused and foreign codes; takeovers; failed writes.

import AssessmentStore
import DialogKit
import Foundation
import GRDB
import Synchronization
import Testing
import TestSupport

@Suite("StoredConversation: keeping and resuming")
struct ResumeTests {
    /// Answer rows in the file, read through a connection of its own (as another process would).
    static func storedAnswerCount(_ path: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM answer") ?? 0 }
    }

    @Test("a session dropped at question 11 resumes there with every answer kept, and finishes with a reference")
    func dropAndResume() async throws {
        let (store, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.migraine
        let answers = StoreFixtures.migraineLongest

        var first = StoredConversation(dialog: dialog, store: store, channel: .plain)
        let opening = first.start()
        let code = try #require(first.resumeCode)
        #expect(opening.spokenText.contains("resume \(code)"), "the code is given at the start")
        for (index, line) in answers.prefix(10).enumerated() {
            let events = first.receive(line)
            #expect(events.lastAskID != nil)
            // Durable before the next question is shown: another connection already sees it.
            #expect(try Self.storedAnswerCount(store.path) == index + 1)
        }
        let question = try #require(first.currentQuestionID)
        let snapshot = first.session.snapshot
        // The connection drops: the conversation value is gone. A new process opens the file.
        let reopened = try AssessmentStore(path: store.path)
        var second = StoredConversation(dialog: dialog, store: reopened, channel: .irc)
        _ = second.start()
        let resumed = second.receive("resume \(code.lowercased().replacingOccurrences(of: "-", with: " "))")
        #expect(resumed.spokenText.contains("Welcome back. Your 10 answers are kept"))
        #expect(resumed.lastAskID == question)
        #expect(second.currentQuestionID == question)
        #expect(second.session.snapshot == snapshot)
        #expect(second.wrongCodes == 0)

        var last: [Event] = []
        for line in answers.dropFirst(10) { last = second.receive(line) }
        let outcome = try #require(last.outcome)
        let reference = try #require(outcome.reference)
        #expect(second.outcome?.reference == reference)
        #expect(ReadableCode.normalized(reference, length: 8) == reference)

        let kept = try #require(try reopened.assessment(reference: reference.lowercased()))
        #expect(kept.status == .finished)
        #expect(kept.outcomeCode == "consult")
        #expect(kept.flags == outcome.flags)
        #expect(kept.answers.count == answers.count)
        #expect(kept.answers.map(\.typed) == answers.map { Optional($0) })
        #expect(kept.answers.map(\.position) == Array(0..<answers.count))
        #expect(kept.channel == .plain, "the channel it was started on")
        #expect(kept.dialogID == "migraine" && kept.dialogVersion == dialog.version && kept.contentHash == dialog.contentHash)
        #expect(try reopened.allAssessments().count == 1, "the empty session of the second connection is gone")
    }

    @Test("back and restart rewrite the kept answers; the typed text stays with its answer", arguments: StoreFixtures.backends)
    func backAndRestart(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        var conversation = StoredConversation(dialog: try StoreFixtures.example, store: store, channel: .chat)
        _ = conversation.start()
        _ = conversation.receive("n")
        _ = conversation.receive("upper")
        _ = conversation.receive("help")
        _ = conversation.receive("back")
        _ = conversation.receive("1")
        var kept = try #require(try store.allAssessments().first)
        #expect(kept.answers.map(\.typed) == ["n", "1"])
        #expect(kept.answers.map(\.shown) == ["no", "Lower back"])
        _ = conversation.receive("restart")
        kept = try #require(try store.allAssessments().first)
        #expect(kept.answers.isEmpty)
        _ = conversation.receive("no")
        kept = try #require(try store.allAssessments().first)
        #expect(kept.answers.map(\.typed) == ["no"])
    }

    @Test("wrong codes are refused with a retry of the same question, counted, and limited to three", arguments: StoreFixtures.backends)
    func wrongCodes(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        var conversation = StoredConversation(dialog: try StoreFixtures.example, store: store, channel: .plain)
        _ = conversation.start()
        let first = conversation.currentQuestionID

        let bare = conversation.receive("resume")
        #expect(bare.spokenText.contains("Type resume and the code"))
        #expect(conversation.wrongCodes == 0, "no code given is not a wrong code")

        for (index, typed) in ["resume 1234", "resume K7PX-R2M4-QH9T", "RESUME k7pxr2m4qh9z"].enumerated() {
            let events = conversation.receive(typed)
            guard case .retry(let retry)? = events.first, case .ask(let ask)? = events.last else {
                Issue.record("expected retry then ask: \(events)")
                return
            }
            #expect(retry.id == first && ask.id == first)
            #expect(retry.text.contains("not known"))
            #expect(conversation.wrongCodes == index + 1)
        }
        #expect(conversation.hasTooManyWrongCodes)
        #expect(StoredConversation.wrongCodeLimit == 3)
        #expect(conversation.session.snapshot.answers.isEmpty, "nothing else changed")
    }

    @Test("an expired code is refused and counted", arguments: StoreFixtures.backends)
    func expiredCode(_ backend: StoreBackendKind) async throws {
        let clock = ManualClock()
        var options = clock.options
        options.resumeCodeLifetime = 3600
        let (store, folder) = try await StoreFixtures.store(backend, options: options)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let (dropped, _) = StoreFixtures.converse(["no", "1"], dialog: dialog, store: store)
        let code = try #require(dropped.resumeCode)

        clock.advance(by: 3599)
        var inTime = StoredConversation(dialog: dialog, store: store, channel: .plain)
        _ = inTime.start()
        #expect(inTime.receive("resume \(code)").spokenText.contains("Welcome back"))

        clock.advance(by: 3601)
        var late = StoredConversation(dialog: dialog, store: store, channel: .plain)
        _ = late.start()
        let events = late.receive("resume \(code)")
        #expect(events.spokenText.contains("That code has expired (a code works for 1 hour after the last answer)"))
        #expect(late.wrongCodes == 1)
        #expect(late.session.snapshot.answers.isEmpty)
    }

    @Test("a finished session's code does not work again; nor does a quit one's", arguments: StoreFixtures.backends)
    func reusedCodes(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let (finished, events) = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: dialog, store: store)
        #expect(events.outcome?.reference != nil)
        let (quit, _) = StoreFixtures.converse(["no", "quit"], dialog: dialog, store: store)

        var later = StoredConversation(dialog: dialog, store: store, channel: .plain)
        _ = later.start()
        let finishedCode = try #require(finished.resumeCode)
        let quitCode = try #require(quit.resumeCode)
        #expect(later.receive("resume \(finishedCode)").spokenText.contains("already finished"))
        #expect(later.receive("resume \(quitCode)").spokenText.contains("stopped with quit"))
        #expect(later.wrongCodes == 2)
        let statuses = try store.allAssessments().map(\.status)
        #expect(statuses.filter { $0 == .finished }.count == 1 && statuses.filter { $0 == .quit }.count == 1)
    }

    @Test("a session cannot be resumed under another version of the dialog: the person is told and starts again", arguments: StoreFixtures.backends)
    func otherDialogVersion(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let version1 = try StoreFixtures.example
        let version2 = try StoreFixtures.dialog("Dialogs/example.yaml", replacing: ("version: 1", "version: 2"))
        let (dropped, _) = StoreFixtures.converse(["no", "1"], dialog: version1, store: store)

        var conversation = StoredConversation(dialog: version2, store: store, channel: .plain)
        _ = conversation.start()
        let code = try #require(dropped.resumeCode)
        let events = conversation.receive("resume \(code)")
        #expect(events.spokenText.contains("started with example version 1, and this is example version 2"))
        #expect(conversation.wrongCodes == 0, "the code was right")
        #expect(events.lastAskID == "saddle_numbness")
        // Starting again works, under the new version.
        for line in StoreFixtures.exampleSelfCare { _ = conversation.receive(line) }
        let reference = try #require(conversation.outcome?.reference)
        #expect(try store.assessment(reference: reference)?.dialogVersion == "2")

        // Another text under the same version number is refused too.
        let edited = try StoreFixtures.dialog("Dialogs/example.yaml", replacing: ("Where is the pain worst?", "Where does it hurt most?"))
        var other = StoredConversation(dialog: edited, store: store, channel: .plain)
        _ = other.start()
        #expect(other.receive("resume \(code)").spokenText.contains("another text of it"))
    }

    @Test("--resume at the start: resumed at once, or the reason and a new session", arguments: StoreFixtures.backends)
    func resumeAtStart(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let (dropped, _) = StoreFixtures.converse(["no", "1"], dialog: dialog, store: store)
        var resumed = StoredConversation(dialog: dialog, store: store, channel: .chat)
        let code = try #require(dropped.resumeCode)
        let events = resumed.start(resuming: code)
        #expect(events.spokenText.hasPrefix("Welcome back. Your 2 answers are kept"))
        #expect(events.lastAskID == "weeks")
        #expect(resumed.resumeCode == dropped.resumeCode)

        var wrong = StoredConversation(dialog: dialog, store: store, channel: .chat)
        let fresh = wrong.start(resuming: "K7PX-R2M4-QH9T")
        #expect(fresh.spokenText.contains("not known"))
        let newCode = try #require(wrong.resumeCode)
        #expect(fresh.spokenText.contains("Your resume code is \(newCode)"))
        #expect(fresh.lastAskID == "saddle_numbness")
        #expect(wrong.wrongCodes == 1)
    }

    @Test("a session resumed on a second connection ends on the first at its next answer; nothing interleaves", arguments: StoreFixtures.backends)
    func takeover(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        var first = StoredConversation(dialog: dialog, store: store, channel: .plain)
        _ = first.start()
        _ = first.receive("no")
        var second = StoredConversation(dialog: dialog, store: store, channel: .plain)
        _ = second.start()
        let code = try #require(first.resumeCode)
        _ = second.receive("resume \(code)")
        let refused = first.receive("1")
        #expect(refused.spokenText.contains("continued on another connection"))
        #expect(refused.last == .end)
        #expect(first.isOver)
        for line in StoreFixtures.exampleSelfCare.dropFirst() { _ = second.receive(line) }
        let reference = try #require(second.outcome?.reference)
        let kept = try #require(try store.assessment(reference: reference))
        #expect(kept.answers.map(\.typed) == StoreFixtures.exampleSelfCare.map { Optional($0) })
    }

    @Test("an answer that cannot be written is not taken: the person is told and asked again; onWrite is told each write, the failure as locked")
    func failedWrite() async throws {
        var options = AssessmentStore.Options()
        options.busyTimeout = 0.1
        let reports = Mutex<[StoreWriteReport]>([])
        options.onWrite = { report in reports.withLock { $0.append(report) } }
        let (store, folder) = try await StoreFixtures.store(options: options)
        defer { try? FileManager.default.removeItem(at: folder) }
        var conversation = StoredConversation(dialog: try StoreFixtures.example, store: store, channel: .plain)
        _ = conversation.start()
        _ = conversation.receive("no")
        let kept = reports.withLock { $0 }
        #expect(kept.count == 2 && kept.allSatisfy { $0.failure == nil && $0.duration > .zero })

        // Another connection holds the write lock for longer than the store waits.
        let other = try DatabaseQueue(path: store.path)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        // A thread of its own: a Dispatch queue's threads may be as few as the CPUs.
        Thread {
            try? other.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    locked.signal()
                    release.wait()
                    return .rollback
                }
            }
            done.signal()
        }.start()
        await offThePool { locked.wait() }
        let events = conversation.receive("1")
        release.signal()
        await offThePool { done.wait() }
        #expect(events.spokenText.contains("could not be saved just now"))
        // What the server's log and metrics are told (intake_store_failures_total{cause="locked"}).
        let failure = reports.withLock { $0.last?.failure }
        #expect(failure?.cause == .locked, "\(String(describing: failure))")
        #expect(events.lastAskID == "where")
        #expect(conversation.currentQuestionID == "where")
        #expect(conversation.session.snapshot.answers.count == 1)

        #expect(conversation.receive("1").lastAskID == "weeks")
        #expect(try store.allAssessments().first?.answers.count == 2)
    }
}

@Suite("StoredConversation: the opening")
struct OpeningTests {
    @Test("a line before start() starts and stores the session first; start() twice opens one session", arguments: StoreFixtures.backends)
    func lineBeforeStart(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        var conversation = StoredConversation(dialog: try StoreFixtures.example, store: store, channel: .plain)
        let events = conversation.receive("no")
        #expect(events.spokenText.contains("Your resume code is"))
        #expect(events.lastAskID == "where")
        #expect(conversation.start().isEmpty)
        let kept = try store.allAssessments()
        #expect(kept.count == 1)
        #expect(kept.first?.answers.map(\.typed) == ["no"])
    }

    @Test("a resumed session shows the section its question stands under", arguments: StoreFixtures.backends)
    func sectionOnResume(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let (dropped, _) = StoreFixtures.converse(["no"], dialog: dialog, store: store)
        var resumed = StoredConversation(dialog: dialog, store: store, channel: .plain)
        let code = try #require(dropped.resumeCode)
        let events = resumed.start(resuming: code)
        #expect(events.dropFirst().first == .say(Say("The pain", style: .section)))
    }
}
