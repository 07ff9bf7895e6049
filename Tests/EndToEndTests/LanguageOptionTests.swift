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

    @Test("--language ask on piped chat: the question first, a wrong line asked again, then the dialog in Spanish")
    func chatAsksTheLanguage() async throws {
        let result = try await IntakeBinary.run(["chat", "--dialog", Self.dialog, "--language", "ask"], stdin: Data("klingon\nespañol\n".utf8) + Self.answers)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        let question = try #require(out.range(of: "Which language? / ¿En qué idioma?"), "\(out)")
        let retry = try #require(out.range(of: "o el nombre del idioma."), "\(out)")
        let welcome = try #require(out.range(of: "Bienvenido a Clínica Ribera"), "\(out)")
        #expect(question.lowerBound < retry.lowerBound && retry.lowerBound < welcome.lowerBound)
        #expect(out.contains("Pida una consulta en Clínica Ribera") && !out.contains("Riverside Clinic"), "\(out)")
    }

    @Test("--language ask: quitting at the question ends the chat with status 3; a JSON chat gets the question as an ask event")
    func quitAtTheQuestionAndJSON() async throws {
        let quit = try await IntakeBinary.run(["chat", "--dialog", Self.dialog, "--language", "ask"], stdin: Data("salir\n".utf8))
        #expect(quit.status == 3 && quit.stdout.replacingOccurrences(of: "\n", with: " ").contains("Ha detenido el cuestionario"), "\(quit.stdout)")
        let ended = try await IntakeBinary.run(["chat", "--dialog", Self.dialog, "--language", "ask"], stdin: Data())
        #expect(ended.status == 3 && ended.stdout.contains("before a language was chosen"), "\(ended.stdout)")
        let json = try await IntakeBinary.run(["chat", "--dialog", Self.dialog, "--language", "ask", "--json"], stdin: Data("es\n".utf8) + Self.answers)
        let lines = json.stdout.split(separator: "\n").map(String.init)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(lines.contains { $0.hasPrefix(#"{"type":"ask","id":"language""#) }, "\(json.stdout)")
        #expect(json.stdout.contains("Bienvenido a Clínica Ribera"), "\(json.stdout)")
        let untranslated = try await IntakeBinary.run(["chat", "--dialog", "Dialogs/example.yaml", "--language", "ask"], stdin: Data())
        #expect(untranslated.stderr.contains("has no translation to choose"), "\(untranslated.stderr)")
        #expect(!untranslated.stdout.contains("Which language"), "\(untranslated.stdout)")
    }

    @Test("serve without --language: each plain connection chooses; a resume code typed first is told to wait for the choice")
    func serveAsksEachConnection() async throws {
        let server = try await LiveServer(["--dialog", Self.dialog, "--no-store"])
        defer { server.stopInBackground() }
        let spanish = try LineSocket(port: server.port)
        #expect(await spanish.read(until: "o el nombre del idioma."), "\(spanish.received)")
        spanish.send("resume k7px r2m4 qh9t")
        #expect(await spanish.read(until: "elija primero un idioma"), "\(spanish.received)")
        spanish.send("2")
        #expect(await spanish.read(until: "¿El dolor de cabeza llegó a lo peor"), "\(spanish.received)")
        spanish.send("no sé")
        #expect(await spanish.read(until: "Llame ahora"), "doubt at the red flag is no no, in Spanish too: \(spanish.received)")
        let english = try LineSocket(port: server.port)
        #expect(await english.read(until: "or the language's name"), "\(english.received)")
        english.send("English")
        #expect(await english.read(until: "Did the headache reach its worst"), "\(english.received)")
        #expect(!english.received.contains("Bienvenido"))
        #expect(server.stderr.contains("(asking: en, es)"), "\(server.stderr)")
    }

    @Test("serve without --language asks JSON programs too (an ask of id language, answered like any other); --language en asks nothing")
    func serveJSONIsAsked() async throws {
        let server = try await LiveServer(["--dialog", Self.dialog, "--no-store", "--protocol", "json"])
        defer { server.stopInBackground() }
        let program = try LineSocket(port: server.port)
        #expect(await program.read(until: #""id":"language""#), "\(program.received)")
        #expect(program.received.contains(#""options":[{"n":1,"id":"en""#), "\(program.received)")
        program.send("es")  // input is plain text, as a person types it
        #expect(await program.read(until: "¿El dolor de cabeza llegó a lo peor"), "\(program.received)")
        let forced = try await LiveServer(["--dialog", Self.dialog, "--no-store", "--protocol", "json", "--language", "en"])
        defer { forced.stopInBackground() }
        let english = try LineSocket(port: forced.port)
        #expect(await english.read(until: "Did the headache reach its worst"), "\(english.received)")
        #expect(!english.received.contains(#""id":"language""#), "\(english.received)")
        #expect(forced.stderr.contains("(in en)"), "\(forced.stderr)")
    }
}
