// ResumeAttemptTests: the store's limit on wrong resume codes, per address and per code, shared by two stores on one database.

import AssessmentStore
import DialogKit
import Foundation
import GRDB
import Testing

@Suite("Wrong resume codes counted in the store")
struct ResumeAttemptTests {
    static func options(_ clock: ManualClock) -> AssessmentStore.Options {
        var options = clock.options
        options.attemptLimits.perAddress = 4
        options.attemptLimits.perCode = 3
        options.attemptLimits.window = 60
        return options
    }

    /// A new connection from `address` that tries `code` at once; what it was told.
    static func tryCode(_ code: String, from address: String, on store: AssessmentStore) throws -> String {
        var conversation = StoredConversation(dialog: try StoreFixtures.example, store: store, channel: .plain, address: address)
        return conversation.start(resuming: code).spokenText
    }

    /// A code of the right form that no session has.
    static func wrongCode(startingWith prefix: String = "") -> String {
        prefix + ReadableCode.random(length: ReadableCode.resumeCodeLength - prefix.count)
    }

    static let refused = "Too many resume codes that did not work came from here"

    @Test("wrong codes from one address, alternated between two stores, reach the limit; another address still resumes; the window passing lets it try again",
          arguments: StoreFixtures.backends)
    func perAddressAcrossStores(_ backend: StoreBackendKind) async throws {
        let clock = ManualClock()
        let (one, folder) = try await StoreFixtures.store(backend, options: Self.options(clock))
        defer { try? FileManager.default.removeItem(at: folder) }
        let two = try AssessmentStore(one.location, options: Self.options(clock))
        var owner = StoredConversation(dialog: try StoreFixtures.example, store: one, channel: .plain, address: "10.0.0.9")
        _ = owner.start()
        _ = owner.receive("no")
        let code = try #require(owner.resumeCode)

        for attempt in 0..<4 {
            let told = try Self.tryCode(Self.wrongCode(), from: "10.0.0.1", on: attempt.isMultiple(of: 2) ? one : two)
            #expect(told.contains("not known"), "attempt \(attempt + 1) is checked: \(told)")
        }
        // The fifth, on either store, is refused before the code is looked at: even the right one.
        #expect(try Self.tryCode(Self.wrongCode(), from: "10.0.0.1", on: one).contains(Self.refused))
        let refusedRight = try Self.tryCode(code, from: "10.0.0.1", on: two)
        #expect(refusedRight.contains(Self.refused) && refusedRight.contains("Try again in 1 minute"))
        // Another address is not held back.
        #expect(try Self.tryCode(code, from: "10.0.0.2", on: two).contains("Welcome back. Your 1 answer is kept"))

        clock.advance(by: 61)
        #expect(try Self.tryCode(Self.wrongCode(), from: "10.0.0.1", on: one).contains("not known"), "the window passed")
    }

    @Test("wrong tries of codes that begin like one code, from many addresses, stop that code for the window", arguments: StoreFixtures.backends)
    func perCodeFromManyAddresses(_ backend: StoreBackendKind) async throws {
        let clock = ManualClock()
        let (one, folder) = try await StoreFixtures.store(backend, options: Self.options(clock))
        defer { try? FileManager.default.removeItem(at: folder) }
        let two = try AssessmentStore(one.location, options: Self.options(clock))
        var owner = StoredConversation(dialog: try StoreFixtures.example, store: one, channel: .plain, address: "10.0.0.9")
        _ = owner.start()
        let code = try #require(owner.resumeCode).replacingOccurrences(of: "-", with: "")
        let prefix = String(code.prefix(4))

        for (index, address) in ["10.1.0.1", "10.1.0.2", "10.1.0.3"].enumerated() {
            #expect(try Self.tryCode(Self.wrongCode(startingWith: prefix), from: address, on: index == 1 ? two : one).contains("not known"))
        }
        #expect(try Self.tryCode(Self.wrongCode(startingWith: prefix), from: "10.1.0.4", on: two).contains(Self.refused))
        #expect(try Self.tryCode(code, from: "10.1.0.5", on: one).contains(Self.refused), "the code's group is held for the window")
        #expect(try Self.tryCode(Self.wrongCode(), from: "10.1.0.4", on: two).contains("not known"), "codes of other groups are not")
        clock.advance(by: 61)
        #expect(try Self.tryCode(code, from: "10.1.0.5", on: one).contains("Welcome back"))
    }

    @Test("the attempts table keeps four characters of a code and the address, never the code")
    func nothingUsableKept() async throws {
        let clock = ManualClock()
        let (store, folder) = try await StoreFixtures.store(options: Self.options(clock))
        defer { try? FileManager.default.removeItem(at: folder) }
        let wrong = Self.wrongCode()
        _ = try Self.tryCode(wrong, from: "192.0.2.7", on: store)
        let rows = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM resume_attempt")
        }
        #expect(rows.count == 1)
        #expect(rows.first?["codePrefix"] == String(wrong.prefix(4)))
        #expect(rows.first?["address"] == "192.0.2.7")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: store.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(wrong.utf8)) == nil, "the whole code is nowhere in the file")
    }

    @Test("a terminal's conversation (no address) counts nothing in the store")
    func noAddressNoCount() async throws {
        let clock = ManualClock()
        let (store, folder) = try await StoreFixtures.store(options: Self.options(clock))
        defer { try? FileManager.default.removeItem(at: folder) }
        for _ in 0..<6 {
            var conversation = StoredConversation(dialog: try StoreFixtures.example, store: store, channel: .chat)
            #expect(conversation.start(resuming: Self.wrongCode()).spokenText.contains("not known"))
        }
    }
}
