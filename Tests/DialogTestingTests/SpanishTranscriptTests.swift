// SpanishTranscriptTests: a transcript's `language:` line plays the dialog in its translation; the recorder writes it.

import DialogKit
@testable import DialogTesting
import Foundation
import Testing
import TestSupport

@Suite("Transcripts played in a dialog's translation")
struct SpanishTranscriptTests {
    static let clinic = "Tests/DialogKitTests/Data/translation/running/clinic.yaml"

    /// A folder holding the test dialog, its Spanish translation and one transcript; removed by `body`'s caller.
    func suite(running transcript: String) throws -> TranscriptSuite {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-transcript-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tests/clinic"), withIntermediateDirectories: true)
        for name in ["clinic.yaml", "clinic.es.po"] {
            try FileManager.default.copyItem(atPath: Repository.path("Tests/DialogKitTests/Data/translation/running/\(name)"),
                                             toPath: folder.appendingPathComponent(name).path)
        }
        try transcript.write(to: folder.appendingPathComponent("tests/clinic/played.transcript"), atomically: true, encoding: .utf8)
        return TranscriptSuite.run(paths: [folder.appendingPathComponent("tests").path])
    }

    static let spanishRedFlag = """
        ask sudden
        says ¿El dolor de cabeza llegó a lo peor en menos de un minuto?
        > no se
        says tomado como sí
        outcome emergency
        """

    @Test("`language: es` checks the Spanish texts and reads \"no se\" as the Spanish doubt; without it, the same transcript fails")
    func theTranslationIsPlayed() throws {
        let spanish = try suite(running: "language: es\n" + Self.spanishRedFlag)
        #expect(spanish.problems.isEmpty, "\(spanish.problems)")
        #expect(spanish.results.count == 1)
        #expect(spanish.results.first?.passed == true, "\(spanish.results.first?.failures ?? [])")

        let english = try suite(running: Self.spanishRedFlag)
        #expect(english.results.count == 1)
        #expect(english.results.first?.passed == false)
    }

    @Test("a transcript in a language the dialog has no translation for is a problem, not a pass")
    func aMissingTranslation() throws {
        let suite = try suite(running: "language: fr\nask sudden\n> oui\noutcome emergency\n")
        #expect(suite.results.isEmpty)
        #expect(suite.problems.contains { $0.message.contains("has no fr translation") }, "\(suite.problems)")
    }

    @Test("`language:` comes once, before the first step, and names a language", arguments: [
        ("language: es\nlanguage: es\nask sudden\n", "comes once"),
        ("ask sudden\nlanguage: es\n> sí\n", "before the first step"),
        ("language:\nask sudden\n", "names a language"),
        ("language: español\nask sudden\n", "is not a language tag"),
        ("language: es_ES\nask sudden\n", "is written es-ES"),
    ])
    func aBadLanguageLine(text: String, message: String) {
        guard case .failure(let error) = Transcript.parse(text, file: "x.transcript") else {
            Issue.record("parsed: \(text)")
            return
        }
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("a session recorded in Spanish is written with `language: es` and passes as recorded; an English one has no such line")
    func theRecorderWritesTheLanguage() throws {
        for (language, answer) in [("es", "sí"), ("en", "yes")] {
            let dialog = language == "en" ? try RepositoryDialogs.load(Self.clinic) : try RepositoryDialogs.load(Self.clinic, in: language)
            var session = Session(dialog: dialog)
            var recorder = TranscriptRecorder(dialog: dialog)
            recorder.opened(session.start())
            recorder.typed(answer, events: session.receive(answer))
            let text = recorder.transcript(savingTo: Repository.path("Tests/DialogKitTests/Data/translation/running/tests/clinic/recorded.transcript"))
            #expect(text.contains("language: es\n") == (language == "es"), "\(text)")
            let suite = try suite(running: text)
            #expect(suite.problems.isEmpty, "\(suite.problems)")
            #expect(suite.results.first?.passed == true, "\(text)\n\(suite.results.first?.failures ?? [])")
        }
    }
}
