// LanguageOptionTests: `intake chat --language` and `intake serve --language` through the built binary.

import Foundation
import Testing

@Suite("--language: a dialog run in its translation (built binary)")
struct LanguageOptionTests {
    static let dialog = "Tests/DialogKitTests/Data/translation/running/clinic.yaml"
    static let answers = Data("no\nun lado\n4\nnáuseas\n".utf8)

    @Test func chatRunsTheDialogInSpanish() async throws {
        let result = try await IntakeBinary.run(["chat", "--dialog", Self.dialog, "--language", "es"], stdin: Self.answers)
        #expect(result.status == 0, "\(result.stderr)")
        for text in ["Bienvenido a Clínica Ribera", "¿El dolor de cabeza llegó a lo peor", "Ha elegido: Un lado de la cabeza.", "Pida una consulta en Clínica Ribera"] {
            #expect(result.stdout.contains(text), "\(text) not in: \(result.stdout)")
        }
        #expect(!result.stdout.contains("Riverside Clinic"))
        #expect(result.stderr.isEmpty, "a complete translation needs no word: \(result.stderr)")
    }

    @Test("a region falls back to its language: es-MX runs the es translation; en runs the English")
    func regionsAndEnglish() async throws {
        let mexican = try await IntakeBinary.run(["chat", "--dialog", Self.dialog, "--language", "es-MX"], stdin: Self.answers)
        #expect(mexican.status == 0 && mexican.stdout.contains("Bienvenido a Clínica Ribera"), "\(mexican.stderr)")
        let english = try await IntakeBinary.run(["chat", "--dialog", Self.dialog, "--language", "en"], stdin: Data("no\none side\n4\nnausea\n".utf8))
        #expect(english.status == 0 && english.stdout.contains("Welcome to Riverside Clinic"), "\(english.stderr)")
    }

    /// What people type for a language that cannot be run, and what they are told.
    @Test(arguments: [
        ("fr", "has no fr translation", "it can be run in: en, es"),
        ("es_ES.UTF-8", "is written es-ES as a language tag", ""),
        ("Spanish", "is not a language tag", ""),
        ("español", "is not a language tag", ""),
        ("", "is not a language tag", ""),
        ("es es", "is not a language tag", ""),
        ("e", "is not a language tag", ""),
        ("../../etc/passwd", "is not a language tag", ""),
    ])
    func aLanguageThatCannotBeRunIsRefused(given: String, said: String, also: String) async throws {
        let result = try await IntakeBinary.run(["chat", "--dialog", Self.dialog, "--language", given], stdin: Self.answers)
        #expect(result.status == 64, "\(given): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(said) && (also.isEmpty || result.stderr.contains(also)), "\(given): \(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing is asked: \(result.stdout)")
    }

    @Test("a translation that lacks texts is run with those in English, and says so once on standard error")
    func anIncompleteTranslation() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-lang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = IntakeBinary.repositoryRoot.appendingPathComponent(Self.dialog)
        try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent("clinic.yaml"))
        let po = try String(contentsOf: source.deletingPathExtension().appendingPathExtension("es.po"), encoding: .utf8)
            .replacingOccurrences(of: "msgstr \"¿Dónde está el dolor?\"", with: "msgstr \"\"")
        try po.write(to: folder.appendingPathComponent("clinic.es.po"), atomically: true, encoding: .utf8)
        let result = try await IntakeBinary.run(["chat", "--dialog", folder.appendingPathComponent("clinic.yaml").path, "--language", "es"], stdin: Self.answers)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Where is the pain?") && result.stdout.contains("Un lado de la cabeza"), "\(result.stdout)")
        #expect(result.stderr.contains("1 of the dialog's texts have no current es translation"), "\(result.stderr)")
    }

    @Test("with its standard input not a terminal, chat is not switched by LANG (scripts get the dialog as written)")
    func langDoesNotSwitchAPipe() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "es_ES.UTF-8"
        environment["LC_ALL"] = nil
        let result = try await IntakeBinary.run(["chat", "--dialog", Self.dialog], stdin: Data("no\none side\n4\nnausea\n".utf8), environment: environment)
        #expect(result.status == 0 && result.stdout.contains("Welcome to Riverside Clinic"), "\(result.stderr)")
    }
}
