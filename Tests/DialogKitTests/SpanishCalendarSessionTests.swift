// SpanishCalendarSessionTests: a date and a time answered in a session in Spanish (Data/kinds/onset.yaml with a
// Spanish translation that has no texts yet): read in Spanish, asked back in Spanish, said back in Spanish; and
// its "other, please specify" follow-up.

import Foundation
import Testing
import TestSupport

@testable import DialogKit

@Suite("Dates and times in a session in Spanish")
struct SpanishCalendarSessionTests {
    /// onset.yaml in Spanish: the dialog's own texts stay English (none is translated), the engine's are Spanish.
    static func spanishOnset() throws -> Dialog {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path("Tests/DialogKitTests/Data/kinds/onset.yaml"))))
        let result = DialogLoader.load(bytes: bytes, file: "onset.yaml")
        let english = try #require(result.dialog, "\(result.diagnostics)")
        let po = "msgid \"\"\nmsgstr \"\"\n\"Language: es\\n\"\n"
        let translation = DialogTranslation(
            catalog: TextCatalog(english), file: POFile(bytes: Array(po.utf8), file: "onset.es.po"),
            language: try LanguageTag.parse("es").get(), fileName: "onset.es.po")
        return english.translated(translation)
    }

    @Test("a vague date and a time without its half of the day are asked back in Spanish; what was read is said back in Spanish")
    func aSessionInSpanish() throws {
        let today = try #require(CalendarDay(iso: "2026-12-03"))
        var session = Session(dialog: try Self.spanishOnset(), today: today)
        _ = session.start()
        let vague = TranslatedDialogTests.said(session.receive("la semana pasada"))
        #expect(vague.contains("¿Qué día fue?") && vague.contains("hace 3 días"), "\(vague)")
        #expect(session.value(of: "onset") == nil)
        let future = TranslatedDialogTests.said(session.receive("mañana"))
        #expect(future.contains("Esa fecha está en el futuro"), "\(future)")
        let noted = TranslatedDialogTests.said(session.receive("creo que hace 3 días"))
        #expect(noted.contains("Anotado: 30 de noviembre de 2026."), "\(noted)")
        #expect(session.value(of: "onset") == .number(Double(try #require(CalendarDay(iso: "2026-11-30")).dayNumber)))
        let which = TranslatedDialogTests.said(session.receive("a las 11"))
        #expect(which.contains("¿Es a las 11:00 o a las 23:00?"), "\(which)")
        _ = session.receive("a las 11 y media de la noche")
        #expect(session.value(of: "bedtime") == .number(23 * 60 + 30))
        let end = TranslatedDialogTests.said(session.receive("1"))
        #expect(end.contains("It started on 30 de noviembre de 2026 and you go to bed at 23:30"), "\(end)")
    }

    @Test("\"other, please specify\" asks again in Spanish when the person names no thing")
    func otherInSpanish() throws {
        let today: CalendarDay = try #require(CalendarDay(iso: "2026-12-03"))
        var session = Session(dialog: try Self.spanishOnset(), today: today)
        _ = session.start()
        _ = session.receive("ayer")
        _ = session.receive("a las 10 de la noche")
        _ = session.receive("3")
        for nothing in ["otra cosa", "algo más", "no sé"] {
            let again = TranslatedDialogTests.said(session.receive(nothing))
            #expect(again.contains("Por favor, diga en pocas palabras qué es (o escriba atrás"), "\(nothing): \(again)")
        }
        _ = session.receive("un té caliente")
        #expect(session.values.otherText(session.dialog.questionIndex["helped"]) == "un té caliente")
    }

    @Test("the same answers in an English session are not read as Spanish")
    func englishSessionsReadEnglish() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path("Tests/DialogKitTests/Data/kinds/onset.yaml"))))
        let dialog = try #require(DialogLoader.load(bytes: bytes, file: "onset.yaml").dialog)
        let today: CalendarDay = try #require(CalendarDay(iso: "2026-12-03"))
        var session = Session(dialog: dialog, today: today)
        _ = session.start()
        let again = TranslatedDialogTests.said(session.receive("hace 3 días"))
        #expect(again.contains("I could not read that as a date"), "\(again)")
        #expect(session.value(of: "onset") == nil)
    }
}
