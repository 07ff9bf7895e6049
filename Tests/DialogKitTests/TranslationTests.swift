// TranslationTests: PO files as translators' tools write them (and as they should not), and what lint finds in a translation.

import Foundation
import Testing
import TestSupport

@testable import DialogKit

@Suite("Translations: PO files and their checks")
struct TranslationTests {
    static let folder = "Tests/DialogKitTests/Data/translation/"

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path(folder + relative))))
    }

    /// Each row of po-cases.tsv: a file that is no PO file, the line of its first problem, and what is said.
    static func malformedCases() throws -> [(file: String, line: Int, message: String)] {
        let text = try String(contentsOfFile: Repository.path(folder + "po-cases.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { row in
            let columns = row.split(separator: "\t", maxSplits: 2).map(String.init)
            return (columns[0], Int(columns[1]) ?? 0, columns[2])
        }
    }

    @Test("a broken PO file gets one clear error at its first problem, never a crash", arguments: try malformedCases())
    func malformed(file: String, line: Int, message: String) throws {
        let po = POFile(bytes: try Self.bytes("po/" + file), file: file)
        #expect(po.diagnostics.count == 1)
        let diagnostic = try #require(po.diagnostics.first)
        #expect(diagnostic.problem == .unreadableTranslation)
        #expect(diagnostic.location.line == line, "\(diagnostic)")
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
    }

    @Test("what Poedit writes reads back: continued lines, escapes, flags, comments, obsolete entries, CRLF")
    func readsPoedit() throws {
        let text = """
            msgid ""\r
            msgstr ""\r
            "Language: es\\n"\r
            "Content-Type: text/plain; charset=UTF-8\\n"\r
            \r
            #. the question\r
            #, fuzzy, python-brace-format\r
            msgctxt "a.text"\r
            msgid ""\r
            "Two\\n"\r
            "lines {x}"\r
            msgstr "Dos \\"líneas\\"\\t\\\\ {x}\\101"\r
            \r
            #~ msgctxt "gone"\r
            #~ msgid "Gone"\r
            #~ msgstr "Ido"\r
            msgctxt "b"\r
            msgid "B"\r
            msgstr ""\r

            """
        let po = POFile(bytes: Array(text.utf8), file: "x.po")
        #expect(po.diagnostics.isEmpty, "\(po.diagnostics)")
        #expect(po.header["Language"] == "es")
        #expect(po.entries == [
            POFile.Entry(context: "a.text", source: "Two\nlines {x}", translation: "Dos \"líneas\"\t\\ {x}A", isFuzzy: true,
                location: SourceLocation(file: "x.po", line: 8, column: 1)),
            POFile.Entry(context: "b", source: "B", translation: "", isFuzzy: false, location: SourceLocation(file: "x.po", line: 17, column: 1)),
        ])
    }

    @Test("what POCatalog writes, POFile reads back as it was, whatever the text holds")
    func roundTrip() throws {
        let dialog = try TextCatalogTests.awkward()
        let catalog = TextCatalog(dialog)
        let po = POFile(bytes: Array(POCatalog.render(catalog, language: "es", dialogVersion: "1", generator: "test").utf8), file: "x.po")
        #expect(po.diagnostics.isEmpty)
        #expect(po.entries.map(\.context) == catalog.entries.map(\.id))
        #expect(po.entries.map(\.source) == catalog.entries.map(\.text))
    }

    @Test("extracting the migraine dialog again over its Spanish translation gives the file back as it is: its glossary, its warning, who translated it")
    func extractingAgainChangesNothing() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path("Dialogs/migraine.es.po"))))
        let existing = POFile(bytes: bytes, file: "Dialogs/migraine.es.po")
        let loaded = DialogLoader.load(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path("Dialogs/migraine.yaml")))), file: "Dialogs/migraine.yaml")
        let dialog = try #require(loaded.dialog)
        #expect(existing.headerComments.contains { $0.contains("AVISO") }, "the clinician-review warning is a header comment")
        let again = POCatalog.render(TextCatalog(dialog), language: "es", dialogVersion: dialog.version,
            generator: existing.header["X-Generator"] ?? "", existing: existing)
        #expect(again == String(decoding: bytes, as: UTF8.self))
    }

    @Test("the translator's comments stay with their texts, even with one that left the dialog; who translated it and when are kept")
    func translatorsCommentsAreKept() throws {
        let dialog = try TranslatedDialogTests.english()
        let first = POCatalog.render(TextCatalog(dialog), language: "es", dialogVersion: "1", generator: "test")
        // What a translator adds in Poedit: a comment at the top, one on a text, their name and the date.
        var edited = first.replacingOccurrences(of: "# The texts of the dialog", with: "# Revisado por la Dra. Ruiz.\n#\n# The texts of the dialog")
        edited = edited.replacingOccurrences(of: "Last-Translator: FULL NAME <EMAIL@ADDRESS>", with: "Last-Translator: Ana Pérez <ana@example.org>")
        edited = edited.replacingOccurrences(of: "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE", with: "PO-Revision-Date: 2026-12-01 10:00+0100")
        edited = edited.replacingOccurrences(of: "\n#. the dialog's title", with: "\n# «Revisión», no «Chequeo».\n#. the dialog's title")
        edited += "\n# Una nota del texto quitado.\nmsgctxt \"gone\"\nmsgid \"Gone\"\nmsgstr \"Ido\"\n"
        let existing = POFile(bytes: Array(edited.utf8), file: "clinic.es.po")
        #expect(existing.diagnostics.isEmpty, "\(existing.diagnostics)")
        let again = POFile(bytes: Array(POCatalog.render(TextCatalog(dialog), language: "es", dialogVersion: "2", generator: "test", existing: existing).utf8), file: "again.po")
        #expect(again.headerComments.prefix(2) == ["Revisado por la Dra. Ruiz.", ""])
        #expect(again.header["Last-Translator"] == "Ana Pérez <ana@example.org>")
        #expect(again.header["PO-Revision-Date"] == "2026-12-01 10:00+0100")
        #expect(again.header["Project-Id-Version"] == "clinic_run 2", "the dialog's version is the new one")
        #expect(again.entries.first { $0.context == "title" }?.translatorComments == ["«Revisión», no «Chequeo»."])
        #expect(again.entries.filter { $0.context != "title" }.allSatisfy { $0.translatorComments.isEmpty })
        let rendered = POCatalog.render(TextCatalog(dialog), language: "es", dialogVersion: "2", generator: "test", existing: existing)
        #expect(rendered.contains("# Una nota del texto quitado.\n#. no longer in the dialog\n#~ msgctxt \"gone\""), "\(rendered.suffix(300))")
    }

    @Test("lint finds each translation problem at its line; only the current translations are used")
    func eachProblem() throws {
        let loaded = DialogLoader.load(bytes: try Self.bytes("problems/clinic.yaml"), file: "clinic.yaml")
        let dialog = try #require(loaded.dialog, "\(loaded.diagnostics)")
        let translation = DialogTranslation(
            catalog: TextCatalog(dialog), file: POFile(bytes: try Self.bytes("problems/clinic.es.po"), file: "clinic.es.po"),
            language: try LanguageTag.parse("es").get(), fileName: "clinic.es.po")
        let found = translation.diagnostics.map { "\($0.code) \($0.location.line)" }
        #expect(Set(found) == [
            "IN055 13", "IN122 18", "IN124 27", "IN055 32", "IN122 38", "IN020 43", "IN123 48", "IN121 1",
        ], "\(translation.diagnostics)")
        #expect(translation.texts == ["title": "Control de la clínica", "side.option.left": "El lado", "side.option.right": "el LADO"])
        let missing = try #require(translation.diagnostics.first { $0.problem == .missingTranslation })
        #expect(missing.message.hasPrefix("3 of the dialog's 11 texts"), "\(missing.message)")
        #expect(missing.notes.first == "intro, setting.clinic_name, say.thank_you")
    }

    @Test("a file that says another language than its name is refused")
    func languageDisagrees() throws {
        let loaded = DialogLoader.load(bytes: try Self.bytes("problems/clinic.yaml"), file: "clinic.yaml")
        let po = POFile(bytes: Array("msgid \"\"\nmsgstr \"Language: fr\\n\"\n".utf8), file: "clinic.es.po")
        let translation = DialogTranslation(catalog: TextCatalog(try #require(loaded.dialog)), file: po,
            language: try LanguageTag.parse("es").get(), fileName: "clinic.es.po")
        #expect(translation.diagnostics.contains { $0.problem == .unreadableTranslation && $0.message.contains("says it is in fr") })
    }
}
