// CalendarReadingTests: every line of Data/dates-and-times.tsv read at its question, the calendar arithmetic,
// and date and time answers in sessions, expressions, summaries and snapshots.

@testable import DialogKit
import Foundation
import Testing
import TestSupport

@Suite("Dates and times")
struct CalendarReadingTests {
    /// One line of the file: the question's kind, `relative:`, `min`, `max`, the session's today, what was
    /// typed, and what it must give.
    struct Row: Sendable, CustomTestStringConvertible {
        /// The file it comes from, and so the language it is read in.
        var file = "dates-and-times.tsv"
        var language = EngineLanguage.english
        let line: Int
        let kind: QuestionKind
        let settings: CalendarSettings
        let today: CalendarDay?
        let typed: String
        /// "2026-11-24", "23:30", "unsure", or "again:" with a part of the reason.
        let expected: String

        var testDescription: String { "\(file):\(line) \"\(typed.prefix(50))\"" }
    }

    static let rows: [Row] = rows(in: "dates-and-times.tsv", language: .english)
    /// The same, typed in a dialog in Spanish.
    static let spanishRows: [Row] = rows(in: "dates-and-times.es.tsv", language: .spanish)

    static func rows(in file: String, language: EngineLanguage) -> [Row] {
        let url = Repository.root.appendingPathComponent("Tests/DialogKitTests/Data/\(file)")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var rows: [Row] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let kind = fields.first.flatMap { QuestionKind(rawValue: $0) }
            guard fields.count == 7, let kind, kind == .date || kind == .time else {
                rows.append(Row(line: offset + 1, kind: .date, settings: CalendarSettings(), today: nil, typed: "(malformed line)", expected: "malformed"))
                continue
            }
            func bound(_ text: String) -> CalendarSettings.Bound? {
                if text == "-" { return nil }
                if text == "today" { return .today }
                return CalendarDay(iso: text).map { .day($0) } ?? ClockTime(iso: text).map { .time($0) }
            }
            let settings = CalendarSettings(allowsRelative: fields[1] == "yes", earliest: bound(fields[2]), latest: bound(fields[3]))
            rows.append(Row(
                line: offset + 1, kind: kind, settings: settings, today: CalendarDay(iso: fields[4]),
                typed: QuantityReaderTests.expand(fields[5]), expected: fields[6]))
        }
        return rows.map { row in
            var row = row
            row.file = file
            row.language = language
            return row
        }
    }

    @Test("the files have their cases, every line well formed")
    func fileSize() {
        #expect(Self.rows.count >= 100)
        #expect(Self.spanishRows.count >= 80)
        let malformed = (Self.rows + Self.spanishRows).filter { $0.expected == "malformed" }
        #expect(malformed.isEmpty, "\(malformed.map(\.testDescription))")
    }

    @Test("a date or time is read as people mean it, or asked back", arguments: rows + spanishRows)
    func reading(row: Row) {
        var question = Question(id: "when", kind: row.kind, text: "When?")
        question.calendar = row.settings
        let match = EngineLanguage.$current.withValue(row.language) { AnswerMatcher.match(row.typed, question: question, today: row.today) }
        switch match {
        case .value(.number(let number)?, _):
            let shown = row.kind == .date ? CalendarDay(dayNumber: Int(number)).iso : ClockTime(minutes: Int(number))?.iso ?? "?"
            #expect(shown == row.expected, "read as \(shown)")
        case .unsure:
            #expect(row.expected == "unsure", "read as doubt")
        case .notUnderstood(let reason):
            #expect(row.expected.hasPrefix("again:"), "asked again: \(reason)")
            if row.expected.hasPrefix("again:") {
                #expect(reason.contains(row.expected.dropFirst("again:".count)), "asked again: \(reason)")
            }
        default:
            Issue.record("read as \(match)")
        }
    }

    @Test("days, weekdays and ISO forms round-trip over four centuries")
    func calendarArithmetic() throws {
        #expect(CalendarDay(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CalendarDay(year: 2000, month: 3, day: 1)?.dayNumber == 11_017)
        #expect(CalendarDay(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        #expect(try #require(CalendarDay(iso: "2026-12-03")).weekday == 3)  // a Thursday
        #expect(try #require(CalendarDay(iso: "1900-03-01")).weekday == 3)
        #expect(CalendarDay(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2000, month: 2, day: 29) != nil)
        var previous: CalendarDay?
        for number in stride(from: -200_000, through: 200_000, by: 7) {
            let day = CalendarDay(dayNumber: number)
            let (year, month, dayOfMonth) = day.components
            #expect(CalendarDay(year: year, month: month, day: dayOfMonth) == day)
            #expect(CalendarDay(iso: day.iso) == day)
            if let previous { #expect(previous.weekday == day.weekday) }
            previous = day
        }
        #expect(CalendarDay(unixTime: 0, utcOffset: 0).iso == "1970-01-01")
        #expect(CalendarDay(unixTime: -1, utcOffset: 0).iso == "1969-12-31")
        #expect(CalendarDay(unixTime: 1_796_256_000, utcOffset: -3600).iso == "2026-12-02")
        #expect(ClockTime(iso: "24:00") == nil && ClockTime(iso: "7:00") == nil && ClockTime(iso: "07:00")?.minutes == 420)
    }
}
