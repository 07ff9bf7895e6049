// QuantityReaderTests: every line of Data/amounts.tsv read at its question, and the dialog parts that feed
// the reader (`per:`, the thresholds the flow compares with).

@testable import DialogKit
import Foundation
import Testing
import TestSupport

@Suite("Quantity reading")
struct QuantityReaderTests {
    /// One line of Data/amounts.tsv: a question's unit, bounds, `per:` and thresholds, what was typed, and
    /// the value it must give (nil: asked again).
    struct Row: Sendable, CustomTestStringConvertible {
        let line: Int
        let unit: String?
        let min: Double?
        let max: Double?
        let per: String?
        let thresholds: [QuantityThreshold]
        let typed: String
        let expected: Double?

        var testDescription: String { "amounts.tsv:\(line) \"\(typed.prefix(60))\"" }
    }

    static let rows: [Row] = {
        let url = Repository.root.appendingPathComponent("Tests/DialogKitTests/Data/amounts.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var rows: [Row] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 7 else {
                rows.append(Row(line: offset + 1, unit: nil, min: nil, max: nil, per: nil, thresholds: [], typed: "(malformed line)", expected: -1))
                continue
            }
            func field(_ index: Int) -> String? { fields[index] == "-" ? nil : fields[index] }
            rows.append(Row(
                line: offset + 1, unit: field(0), min: field(1).flatMap(Double.init), max: field(2).flatMap(Double.init), per: field(3),
                thresholds: field(4).map(thresholds) ?? [], typed: expand(fields[5]),
                expected: fields[6] == "again" ? nil : Double(fields[6])))
        }
        return rows
    }()

    /// ">=4,<=72" as thresholds.
    static func thresholds(_ text: String) -> [QuantityThreshold] {
        text.split(separator: ",").compactMap { part in
            let comparison = part.prefix { "<>=!".contains($0) }
            guard let op = BinaryOperator(rawValue: String(comparison)), let value = Double(part.dropFirst(comparison.count)) else { return nil }
            return QuantityThreshold(comparison: op, value: value)
        }
    }

    /// «TEXT×N» as TEXT repeated N times: the file stays small while it holds megabyte lines.
    static func expand(_ typed: String) -> String {
        guard let open = typed.firstIndex(of: "«"), let close = typed.firstIndex(of: "»"), let times = typed[open..<close].lastIndex(of: "×"),
            let count = Int(typed[typed.index(after: times)..<close])
        else { return typed }
        let piece = String(typed[typed.index(after: open)..<times])
        return String(typed[..<open]) + String(repeating: piece, count: count) + String(typed[typed.index(after: close)...])
    }

    @Test("the amounts file has at least 150 lines, every one well formed")
    func fileSize() {
        #expect(Self.rows.count >= 150)
        #expect(Self.rows.allSatisfy { $0.expected != -1 }, "\(Self.rows.filter { $0.expected == -1 }.map(\.line))")
    }

    @Test("an amount is read as people mean it, or asked again", arguments: rows)
    func amount(row: Row) throws {
        let period = try row.per.map { try #require(QuantityReader.periodHours($0), "per: \($0)") }
        let question = QuantityQuestion(unit: row.unit, min: row.min, max: row.max, period: period, thresholds: row.thresholds)
        let reading = QuantityReader.read(row.typed, question: question)
        let place = "amounts.tsv:\(row.line) \"\(row.typed.prefix(60))\" at \(row.unit ?? "no unit")"
        // A session passes the folded line too, for the fast paths ("34", "12 hours"): they must agree.
        #expect(QuantityReader.read(row.typed, question: question, folded: TextFolding.fold(row.typed)) == reading, "\(place): the fast path differs")
        switch (row.expected, reading) {
        case (let expected?, .amount(let value, _)):
            #expect(abs(value - expected) < 0.01, "\(place): expected \(expected), got \(value)")
        case (nil, .notUnderstood(let reason)):
            #expect(!reason.isEmpty, "\(place): asked again without a reason")
        case (let expected, let reading):
            Issue.record("\(place): expected \(expected.map { "\($0)" } ?? "again"), got \(reading)")
        }
    }

    static let days = QuantityQuestion(unit: "days", min: 0, max: 31, period: 24 * 30.4375, thresholds: thresholds(">=8,>=15"))
    static let hours = QuantityQuestion(unit: "hours", min: 0, max: 720, thresholds: thresholds(">=4,<=72"))

    @Test("what is said back when an answer is not taken literally")
    func noted() {
        #expect(QuantityReader.read("3 days a week", question: Self.days) == .amount(13, noted: "13 days a month (3 a week)"))
        #expect(QuantityReader.read("every day", question: Self.days) == .amount(30, noted: "30 days a month (every day)"))
        #expect(QuantityReader.read("15 days a month", question: Self.days) == .amount(15, noted: nil))
        #expect(QuantityReader.read("a day or two", question: Self.hours) == .amount(36, noted: "about 36 hours"))
        #expect(QuantityReader.read("an hour and a half", question: Self.hours) == .amount(1.5, noted: "1.5 hours"))
        #expect(QuantityReader.read("6 hours", question: Self.hours) == .amount(6, noted: nil))
        #expect(QuantityReader.read("forty-one", question: Self.hours) == .amount(41, noted: nil))
        #expect(QuantityReader.read("34", question: Self.hours) == .amount(34, noted: nil))
        #expect(QuantityReader.read("none", question: Self.days) == .amount(0, noted: "0 days"))
    }

    @Test("a range across a threshold asks which end is nearer, in the words it was typed in")
    func nearer() {
        #expect(QuantityReader.read("3-4 days a week", question: Self.days)
            == .notUnderstood("Is it nearer 3 or 4 days a week? The answer changes what I ask next, so please give the one number that is closer."))
        guard case .notUnderstood(let reason) = QuantityReader.read("2-4 days", question: Self.hours) else {
            Issue.record("2-4 days straddles 72 hours")
            return
        }
        #expect(reason.hasPrefix("Is it nearer 2 or 4 days?"))
    }

    @Test("per: is read in hours, and refused where it makes no sense")
    func period() throws {
        #expect(QuantityReader.periodHours("month") == 730.5)
        #expect(QuantityReader.periodHours("week") == 168)
        #expect(QuantityReader.periodHours("90 days") == 2160)
        #expect(QuantityReader.periodHours("a year") == 8766)
        #expect(QuantityReader.periodHours("fortnightly") == nil)
        #expect(QuantityReader.periodHours("0 days") == nil)
        #expect(QuantityReader.periodHours("3 apples") == nil)
        let bad = Fixtures.load(Fixtures.source(flow: """
              - ask: days
                kind: number
                per: forever
                text: How many?
              - ask: yn
                kind: yesno
                per: month
                text: Yes?
              - end: done
            """))
        #expect(bad.diagnostics.filter { $0.code == "IN021" }.count == 2, "\(bad.diagnostics)")
        let good = Fixtures.load(Fixtures.source(flow: """
              - ask: days
                kind: number
                unit: days
                per: 90 days
                text: How many?
              - end: done
            """))
        #expect(try #require(good.dialog).question(withID: "days")?.period == 2160)
    }

    @Test("the thresholds of a question are the constants the flow, its lets and flags compare it with")
    func thresholdsFromTheFlow() throws {
        let dialog = try Fixtures.dialog("Dialogs/migraine.yaml")
        func form(_ id: String) throws -> AnswerForm { dialog.answerForms[try #require(dialog.questionIndex[id])] }
        #expect(Set(try form("days_per_month").thresholds.map(\.value)) == [8, 15])
        #expect(Set(try form("acute_days").thresholds.map(\.value)) == [10, 15])
        #expect(try form("duration").thresholds.contains(QuantityThreshold(comparison: .greaterOrEqual, value: 4)))
        #expect(try form("duration").thresholds.contains(QuantityThreshold(comparison: .lessOrEqual, value: 72)))
        #expect(try form("age").thresholds.contains(QuantityThreshold(comparison: .greaterOrEqual, value: 50)), "GCA counts from 50 (issue 14)")
        #expect(try form("days_per_month").period == 24 * 30.4375)
        #expect(try form("midas_q1").period == 24 * 90)
        // "4 < x" is "x > 4"; a `let` that is only the question's value compares as the question.
        let flipped = try #require(Fixtures.load(Fixtures.source(flow: """
              - ask: n
                kind: number
                text: How many?
              - let: m
                be: n
              - if: 4 < n or m <= 9
                end: done
              - end: done
            """)).dialog)
        #expect(flipped.answerForms[0].thresholds == [
            QuantityThreshold(comparison: .greater, value: 4), QuantityThreshold(comparison: .lessOrEqual, value: 9),
        ])
    }

    @Test("lines made of the reader's own words never crash it, and an amount is always within the bounds")
    func randomLines() {
        let pieces = [
            "1", "2", "15", "0.5", "1,5", "-", "−", "/", "a", "an", "and", "half", "few", "couple", "of", "dozen", "hundred",
            "twenty", "one", "forty-one", "days", "day", "hours", "h", "week", "a week", "month", "year", "every", "other",
            "twice", "once", "times", "x", "daily", "between", "to", "or", "out", "not", "none", "no", "never", "about", "maybe",
            "not sure", "per", "each", "٤", "７", "½", "'", ",", ".", " ", "zzz", "several",
        ]
        var random = SeededGenerator(seed: 13)
        for question in [Self.days, Self.hours, QuantityQuestion(unit: nil, min: 0, max: 10, thresholds: Self.thresholds(">=4,<=6"))] {
            for _ in 0..<3_000 {
                let line = (0..<Int.random(in: 1...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined(separator: " ")
                guard case .amount(let value, _) = QuantityReader.read(line, question: question) else { continue }
                #expect(value.isFinite && value >= question.min! && value <= question.max!, "\"\(line)\" gave \(value)")
            }
        }
    }
}
