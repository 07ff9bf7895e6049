// TextCatalogTests: the ids and texts a translation is made of, and the PO file translators get.

import Foundation
import Testing
import TestSupport

@testable import DialogKit

@Suite("Text catalog and PO file")
struct TextCatalogTests {
    static func awkward() throws -> Dialog {
        let path = Repository.path("Tests/DialogKitTests/Data/translation/awkward-texts.yaml")
        let result = DialogLoader.load(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: "awkward-texts.yaml")
        return try #require(result.dialog, "\(result.diagnostics)")
    }

    @Test("every text a person sees has an id, once, and nothing that is not a text")
    func idsOfEveryText() throws {
        let catalog = TextCatalog(try Self.awkward())
        #expect(catalog.entries.map(\.id) == [
            "title", "intro", "setting.clinic_name", "section.about_you", "say.hello_from_clinic_name",
            "pain.text", "pain.help", "pain.option.left", "pain.option.right", "pain.option.other", "pain.option.other.prompt",
            "section.about_you_2", "say.hello_from_clinic_name_2", "score.text", "score.help", "score.scale.min", "score.scale.max",
            "outcome.done",
        ])
        #expect(Set(catalog.entries.map(\.id)).count == catalog.entries.count)
        // A phone number and a web address are not translated.
        #expect(!catalog.entries.contains { $0.text.contains("555") || $0.text.contains("example.org") })
        #expect(catalog["score.text"]?.interpolations == ["pain"])
        #expect(catalog["outcome.done"]?.interpolations == ["clinic_phone"])
        // The intro is shown as written: its braces are text, not a value to show.
        #expect(catalog["intro"]?.isTemplate == false)
        #expect(catalog["intro"]?.interpolations == [])
    }

    @Test("the migraine dialog: every question's text and every option is in the catalog")
    func migraineComplete() throws {
        let result = DialogLoader.load(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path("Dialogs/migraine.yaml")))), file: "migraine.yaml")
        let dialog = try #require(result.dialog)
        let catalog = TextCatalog(dialog)
        for question in dialog.questions {
            #expect(catalog["\(question.id).text"]?.text == question.text.source, "\(question.id)")
            for option in question.options { #expect(catalog["\(question.id).option.\(option.id)"]?.text == option.text) }
        }
        for outcome in dialog.outcomes { #expect(catalog["outcome.\(outcome.id)"] != nil, "\(outcome.id)") }
        #expect(Set(catalog.entries.map(\.id)).count == catalog.entries.count)
    }

    @Test("PO strings: quotes, backslashes, tabs, control characters and line breaks escaped as gettext reads them", arguments: [
        ("plain", "\"plain\""),
        ("say \"left\"", "\"say \\\"left\\\"\""),
        ("a \\ b", "\"a \\\\ b\""),
        ("tab\there", "\"tab\\there\""),
        ("bell\u{07}", "\"bell\\007\""),
        ("one\ntwo", "\"\"\n\"one\\n\"\n\"two\""),
        ("ends\n", "\"\"\n\"ends\\n\""),
        ("東京 Ñandú", "\"東京 Ñandú\""),
    ])
    func quoting(text: String, expected: String) {
        #expect(POCatalog.quoted(text) == expected)
    }

    @Test("the PO file names each text by msgctxt, marks brace formats and gives the context")
    func poFile() throws {
        let po = POCatalog.render(TextCatalog(try Self.awkward()), language: "es", dialogVersion: "1", generator: "test")
        #expect(po.contains("\"Language: es\\n\"\n"))
        #expect(po.contains("#, python-brace-format\nmsgctxt \"score.text\"\nmsgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"\"\n"))
        #expect(po.contains("#. the question: Where is the pain, {clinic_name} asks? Say \"left\" or 'right'.\n"))
        // The intro is not a template: its braces are text, so it is not marked for msgfmt to check.
        #expect(po.contains("#: awkward-texts.yaml:1\nmsgctxt \"intro\"\nmsgid \"\"\n\"First line, then a tab:\\there.\\n\"\n\"\\n\"\n\"A second paragraph with {literal braces}.\"\n"))
        #expect(po.components(separatedBy: "msgctxt ").count - 1 == TextCatalog(try Self.awkward()).entries.count)
    }

    @Test("language tags: BCP 47 accepted in its usual case; locales named; anything else refused", arguments: [
        ("es", "es"), ("ES", "es"), ("es-mx", "es-MX"), ("pt-BR", "pt-BR"), ("zh-hant", "zh-Hant"), (" es ", "es"),
    ])
    func languageTags(text: String, expected: String) throws {
        #expect(try LanguageTag.parse(text).get().description == expected)
    }

    @Test("not language tags", arguments: [
        ("Spanish", nil), ("", nil), ("e", nil), ("es-", nil), ("-es", nil), ("es--MX", nil), ("español", nil),
        ("es_ES", "es-ES"), ("es_ES.UTF-8", "es-ES"), ("C.UTF-8", nil), ("es-abcdefghi", nil), ("1e", nil),
    ] as [(String, String?)])
    func notLanguageTags(text: String, suggestion: String?) {
        guard case .failure(let error) = LanguageTag.parse(text) else {
            Issue.record("\"\(text)\" was taken as a tag")
            return
        }
        #expect(error.suggestion == suggestion)
    }
}
