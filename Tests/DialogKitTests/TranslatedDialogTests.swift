// TranslatedDialogTests: a dialog run in its translation (Data/translation/running/clinic.yaml and clinic.es.po).

import Foundation
import Testing
import TestSupport

@testable import DialogKit

@Suite("A dialog run in its translation")
struct TranslatedDialogTests {
    static let folder = "Tests/DialogKitTests/Data/translation/running/"

    static func english() throws -> Dialog {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path(folder + "clinic.yaml"))))
        let result = DialogLoader.load(bytes: bytes, file: "clinic.yaml")
        return try #require(result.dialog, "\(result.diagnostics)")
    }

    static func translation(of dialog: Dialog, po: String? = nil) throws -> DialogTranslation {
        let bytes = try po.map { Array($0.utf8) }
            ?? Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path(folder + "clinic.es.po"))))
        let language = try LanguageTag.parse("es").get()
        return DialogTranslation(catalog: TextCatalog(dialog), file: POFile(bytes: bytes, file: "clinic.es.po"), language: language, fileName: "clinic.es.po")
    }

    static func spanish() throws -> Dialog {
        let english = try english()
        return english.translated(try translation(of: english))
    }

    /// Everything the session said, as one text.
    static func said(_ events: [Event]) -> String {
        events.map { event -> String in
            switch event {
            case .say(let say): say.text
            case .ask(let ask): ([ask.text] + ask.options.map(\.text)).joined(separator: "\n")
            case .retry(let retry): retry.text
            case .outcome(let outcome): outcome.text
            case .end: ""
            }
        }.joined(separator: "\n")
    }

    @Test func theTranslationIsCurrentAndComplete() throws {
        let english = try Self.english()
        let translation = try Self.translation(of: english)
        #expect(translation.diagnostics.isEmpty, "\(translation.diagnostics)")
        #expect(translation.texts.count == TextCatalog(english).entries.count)
    }

    @Test("every text a person sees is the translation's: title, intro, sections, questions, options, says, outcomes")
    func thePersonReadsTheTranslation() throws {
        var session = Session(dialog: try Self.spanish())
        let opening = Self.said(session.start())
        for text in ["Revisión del dolor de cabeza", "Bienvenido a Clínica Ribera", "Primero, la seguridad", "¿El dolor de cabeza llegó a lo peor"] {
            #expect(opening.contains(text), "\(opening)")
        }
        #expect(!opening.contains("Safety first") && !opening.contains("Did the headache"))
        let choice = Self.said(session.receive("no"))
        #expect(choice.contains("El dolor") && choice.contains("Un lado de la cabeza") && choice.contains("Ambos lados"), "\(choice)")
        // The say shows the answer in the translation's words, and the clinic's name as the translation writes it.
        let said = Self.said(session.receive("ambos lados"))
        #expect(said.contains("Ha elegido: Ambos lados. Clínica Ribera lo revisará."), "\(said)")
        _ = session.receive("4")
        let end = Self.said(session.receive("náuseas"))
        #expect(end.contains("Pida una consulta en Clínica Ribera"), "\(end)")
        #expect(session.value(of: "side") == .option(1))  // both_sides
        #expect(session.value(of: "symptoms") == .options(1 << 0))  // nausea
    }

    @Test("an option is chosen by its translated words, by its English text and by its `also` words", arguments: [
        ("un lado de la cabeza", 0), ("Un lado", 0), ("One side of the head", 0), ("left", 0),
        ("ambos lados", 1), ("Both sides", 1), ("2", 1),
    ])
    func optionsInEitherLanguage(typed: String, option: Int) throws {
        var session = Session(dialog: try Self.spanish())
        _ = session.start()
        _ = session.receive("no")
        _ = session.receive(typed)
        #expect(session.value(of: "side") == .option(option), "\(typed)")
    }

    @Test("an option whose English text is neither its id nor an `also` word is still chosen by it")
    func theEnglishTextStillChooses() throws {
        var session = Session(dialog: try Self.spanish())
        _ = session.start()
        for line in ["no", "1", "4", "feeling sick"] { _ = session.receive(line) }
        #expect(session.value(of: "symptoms") == .options(1 << 0))  // nausea
    }

    @Test("the flow, the ids and the hash are the English dialog's: a session kept in Spanish resumes in English")
    func theFlowStaysTheSame() throws {
        let (english, spanish) = (try Self.english(), try Self.spanish())
        #expect(spanish.contentHash == english.contentHash)
        #expect(spanish.language.description == "es" && english.language == .english)
        #expect(spanish.program.count == english.program.count)
        #expect(spanish.questions.map(\.id) == english.questions.map(\.id))
        #expect(spanish.questions.map(\.code) == english.questions.map(\.code))
        var session = Session(dialog: spanish)
        _ = session.start()
        _ = session.receive("no")
        _ = session.receive("un lado")
        let (resumed, events) = try Session.restore(session.snapshot, dialog: english)
        #expect(resumed.value(of: "side") == .option(0))  // one_side
        #expect(Self.said(events).contains("On how many days a month"))
        // And the other way round: kept in English, resumed in Spanish.
        let (again, spanishEvents) = try Session.restore(resumed.snapshot, dialog: spanish)
        #expect(again.value(of: "side") == .option(0))
        #expect(Self.said(spanishEvents).contains("¿Cuántos días al mes"))
    }

    @Test("a translated text that shows a name the English does not keeps the English; the others are used")
    func aBrokenTextStaysEnglish() throws {
        let english = try Self.english()
        let po = try String(contentsOfFile: Repository.path(Self.folder + "clinic.es.po"), encoding: .utf8)
            .replacingOccurrences(of: "msgstr \"Ha elegido: {side}.", with: "msgstr \"Ha elegido: {lado}.")
        let translation = try Self.translation(of: english, po: po)
        #expect(translation.diagnostics.contains { $0.problem == .translationInterpolation })
        var session = Session(dialog: english.translated(translation))
        _ = session.start()
        _ = session.receive("no")
        let said = Self.said(session.receive("1"))
        #expect(said.contains("¿Cuántos días al mes"), "\(said)")
        #expect(said.contains("You chose: Un lado de la cabeza. Clínica Ribera will look at this."), "\(said)")
    }
}
