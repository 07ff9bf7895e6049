// SpanishCorpusTests: the Spanish answer corpus of a dialog run in its translation, and the corpus's `language` line.

import DialogKit
import DialogTesting
import Foundation
import Testing
import TestSupport

@Suite("Answers typed in Spanish, read in a dialog's Spanish translation")
struct SpanishCorpusTests {
    static let folder = "Tests/DialogKitTests/Data/translation/running/tests"

    @Test("every line of the Spanish corpus is read as it says (and English lines mixed in too)")
    func theCorpusPasses() {
        let suite = AnswerCorpusSuite.run(paths: [Repository.path(Self.folder)])
        #expect(suite.problems.isEmpty, "\(suite.problems)")
        #expect(suite.checked >= 140)
        #expect(suite.failures.isEmpty, "\(suite.failures.map(\.description).joined(separator: "\n"))")
    }

    @Test("`language` comes once, before the answers, and names a language", arguments: [
        ("language es\nlanguage es\n", "`language` comes once"),
        ("question sudden\nsí => yes\nlanguage es\n", "before the first answer"),
        ("language español\n", "is not a language tag"),
        ("language es_ES\n", "is written es-ES"),
    ])
    func aBadLanguageLine(text: String, message: String) {
        guard case .failure(let error) = AnswerCorpus.parse(text, file: "x.answers") else {
            Issue.record("parsed: \(text)")
            return
        }
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("a corpus in a language the dialog has no translation for is a problem, not a pass")
    func aMissingTranslation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tests/clinic"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Repository.path("Tests/DialogKitTests/Data/translation/running/clinic.yaml"), toPath: folder.appendingPathComponent("clinic.yaml").path)
        try "language fr\nquestion sudden\noui => yes\n".write(to: folder.appendingPathComponent("tests/clinic/fr.answers"), atomically: true, encoding: .utf8)
        let suite = AnswerCorpusSuite.run(paths: [folder.appendingPathComponent("tests").path])
        #expect(suite.checked == 0)
        #expect(suite.problems.contains { $0.message.contains("has no fr translation") }, "\(suite.problems)")
    }
}
