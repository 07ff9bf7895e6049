// LanguageChoiceTests: the language question read as people type at it (Data/translation/language-choice/typed.tsv).

import Foundation
import Testing
import TestSupport

@testable import DialogKit

@Suite("The language question")
struct LanguageChoiceTests {
    static func choice() throws -> LanguageChoice {
        let english = try TranslatedDialogTests.english()
        return try #require(LanguageChoice(dialogs: [english, try TranslatedDialogTests.spanish()]))
    }

    /// The typed lines and their expected readings, from the data file.
    static func typedLines() throws -> [(typed: String, expected: String)] {
        let text = try String(contentsOfFile: Repository.path("Tests/DialogKitTests/Data/translation/language-choice/typed.tsv"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 2 else { return nil }
            return (String(columns[0]), String(columns[1]))
        }
    }

    static func reading(_ reading: LanguageChoice.Reading) -> String {
        switch reading {
        case .chosen(let dialog): return dialog.language.description
        case .quit: return "quit"
        case .again(let events):
            let said = events.compactMap { event -> String? in if case .retry(let retry) = event { retry.text } else { nil } }.joined()
            return said.contains("resume") ? "resume" : "again"
        }
    }

    @Test("every line of the data file reads as written there")
    func typedAnswers() throws {
        let choice = try Self.choice()
        let lines = try Self.typedLines()
        #expect(lines.count > 70, "the data file was read: \(lines.count) lines")
        var wrong: [String] = []
        for (typed, expected) in lines {
            let got = Self.reading(choice.read(typed))
            if got != expected { wrong.append("\(typed.debugDescription): \(got), expected \(expected)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) read wrongly:\n\(wrong.joined(separator: "\n"))")
    }

    @Test("the question is written in both languages, each option in its own, with no progress step")
    func theQuestion() throws {
        let ask = try Self.choice().ask
        #expect(ask.id == "language" && ask.text == "Which language? / ¿En qué idioma?")
        #expect(ask.options.map(\.text) == ["English", "Español"] && ask.options.map(\.id) == ["en", "es"])
        let shown = TextRenderer(width: 80, color: false).render([.ask(ask)])
        #expect(!shown.contains("step") && !shown.contains("paso"), "\(shown)")
        #expect(shown.contains("or the language's name") && shown.contains("o el nombre del idioma"), "\(shown)")
    }

    @Test("after a wrong line the question is asked again, and the retry says what to type in both languages")
    func aWrongLineAsksAgain() throws {
        guard case .again(let events) = try Self.choice().read("klingon") else { Issue.record("klingon chose something"); return }
        #expect(events.count == 2)
        guard case .retry(let retry) = events[0], case .ask(let ask) = events[1] else { Issue.record("\(events)"); return }
        #expect(retry.text.contains("1 to 2") && retry.text.contains("del 1 al 2") && ask.id == "language")
    }

    @Test("the Spanish dialog chosen runs in Spanish")
    func theChosenDialogRunsInItsLanguage() throws {
        guard case .chosen(let dialog) = try Self.choice().read("español") else { Issue.record("not chosen"); return }
        var session = Session(dialog: dialog)
        let shown = TextRenderer(width: 80, color: false).render(session.start())
        #expect(shown.contains("Bienvenido a Clínica Ribera"), "\(shown)")
    }

    @Test("one language is no choice")
    func oneLanguageIsNoChoice() throws {
        #expect(LanguageChoice(dialogs: [try TranslatedDialogTests.english()]) == nil)
        #expect(LanguageChoice(dialogs: []) == nil)
    }

    @Test("with a preferred language, Enter (or only spaces) chooses it, and the hint says so in it; other lines read as without")
    func enterChoosesThePreferred() throws {
        let english = try TranslatedDialogTests.english()
        let choice = try #require(LanguageChoice(dialogs: [english, try TranslatedDialogTests.spanish()], preferred: try LanguageTag.parse("es-AR").get()))
        for empty in ["", "   ", "\t"] { #expect(Self.reading(choice.read(empty)) == "es", "\(empty.debugDescription)") }
        #expect(Self.reading(choice.read("1")) == "en" && Self.reading(choice.read("zz")) == "again")
        #expect(choice.ask.hint?.hasSuffix("Pulse Intro para Español.") == true, "\(choice.ask.hint ?? "")")
        let none = try #require(LanguageChoice(dialogs: [english, try TranslatedDialogTests.spanish()], preferred: try LanguageTag.parse("fr").get()))
        #expect(none.preferred == nil && Self.reading(none.read("")) == "again")
    }
}
