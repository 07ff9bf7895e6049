// HostileAnswerTests: the free-text answers of Tests/Data/store/hostile-answers.txt (SQL, quotes, escapes, control
// characters, direction marks, emoji, a NUL, a long paste) given to a kept session on each backend and read back.

import AssessmentStore
import DialogKit
import Foundation
import Testing
import TestSupport

@Suite("Hostile free-text answers in the store")
struct HostileAnswerTests {
    /// One line of the file: `\u{HEX}` is that character, `\\` one backslash.
    static func decoded(_ line: Substring) -> String {
        var text = ""
        var rest = line[...]
        while let slash = rest.firstIndex(of: "\\") {
            text += rest[..<slash]
            let after = rest[rest.index(after: slash)...]
            if after.hasPrefix("\\") {
                text += "\\"
                rest = after.dropFirst()
            } else if after.hasPrefix("u{"), let close = after.firstIndex(of: "}"),
                      let value = UInt32(after[after.index(after.startIndex, offsetBy: 2)..<close], radix: 16),
                      let scalar = Unicode.Scalar(value) {
                text.unicodeScalars.append(scalar)
                rest = after[after.index(after: close)...]
            } else {
                text += "\\"
                rest = after
            }
        }
        return text + rest
    }

    static var answers: [String] {
        let file = Repository.root.appendingPathComponent("Tests/Data/store/hostile-answers.txt")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }.map(decoded)
    }

    /// The example dialog's self-care path, with `note` (its free-text question, the last) answered by `answer`;
    /// gives what the engine said to it and the session's kept rows.
    static func run(_ answer: String, on backend: StoreBackendKind) async throws -> (said: String, kept: [StoredAnswer], finished: Bool) {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        var conversation = StoredConversation(dialog: try StoreFixtures.example, store: store, channel: .json)
        _ = conversation.start()
        for line in StoreFixtures.exampleSelfCare.dropLast() { _ = conversation.receive(line) }
        let said = conversation.receive(answer).spokenText
        let assessment = try #require(try store.allAssessments().first)
        return (said, assessment.answers, assessment.status == .finished)
    }

    @Test("the file holds the cases it says")
    func fileIsRead() {
        #expect(Self.answers.count >= 18)
        #expect(Self.answers.contains { $0.unicodeScalars.contains("\u{0}") }, "the NUL is decoded")
        #expect(Self.answers.contains("C:\\Users\\anna\\notes.txt \\n \\t \\0 %s %d %n {0} ${HOME} `date`"))
    }

    /// What the engine takes out of a typed line before anything sees it: control characters (a terminal's escape
    /// sequences with them; a tab becomes a space) and the marks that reorder text on screen.
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    @Test("each is kept as typed, or refused with a reason and asked again, and the same on every backend", arguments: Self.answers)
    func keptAsTyped(_ answer: String) async throws {
        var results: [(said: String, kept: [StoredAnswer], finished: Bool)] = []
        for backend in StoreFixtures.backends { results.append(try await Self.run(answer, on: backend)) }
        let first = try #require(results.first)
        for result in results.dropFirst() {
            #expect(result.said == first.said && result.finished == first.finished, "another backend, another reply")
            #expect(result.kept == first.kept, "another backend, other rows")
        }
        guard first.finished else {
            #expect(!first.said.isEmpty, "a refusal says why")
            #expect(first.kept.count == StoreFixtures.exampleSelfCare.count - 1, "nothing kept of a refused answer")
            return
        }
        let typed = try #require(first.kept.last?.typed)
        if answer.unicodeScalars.contains(where: Self.isRemoved) {
            // Taken out, or a tab made a space; what is left is kept.
            #expect(!typed.unicodeScalars.contains(where: Self.isRemoved), "\(String(reflecting: typed))")
            #expect(!typed.isEmpty)
        } else {
            #expect(typed == answer, "kept character for character")
        }
    }
}
