// AnswerCorpus: typed answers with the meaning each must get (`*.answers` files), and their check.

import DialogKit
import Foundation

/// A corpus of typed answers: for each, the question it is typed at and what it must mean. The
/// format (docs/testing-dialogs.md, "Answer corpora"): `question ID` sets the question for the lines
/// below it; `TEXT => MEANING` is one answer, split at its last " => "; `#` starts a comment;
/// `today YYYY-MM-DD` gives the answers below it that date (for relative dates), and at a date or time
/// question the meaning is written `2026-11-24` or `23:30`. `language es`, before the first answer, reads
/// them in the dialog's translation into that language.
public struct AnswerCorpus: Sendable {
    /// What an answer must be read as.
    public enum Meaning: Sendable, Equatable, CustomStringConvertible {
        case yes, no, unsure, again, skip
        case number(Double)
        /// Option ids: one for a choice question, any number for a multi (empty: `nothing`).
        case options([String])

        init(_ text: String) {
            switch text {
            case "yes": self = .yes
            case "no": self = .no
            case "unsure": self = .unsure
            case "again": self = .again
            case "skip": self = .skip
            case "nothing": self = .options([])
            default:
                if let number = Double(text) {
                    self = .number(number)
                } else {
                    self = .options(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                }
            }
        }

        public var description: String {
            switch self {
            case .yes: "yes"
            case .no: "no"
            case .unsure: "unsure"
            case .again: "asked again"
            case .skip: "skipped"
            case .number(let value): NumberFormatting.plain(value)
            case .options(let ids): ids.isEmpty ? "nothing" : ids.joined(separator: ", ")
            }
        }
    }

    public struct Entry: Sendable {
        public var line: Int
        public var question: String
        public var typed: String
        public var meaning: Meaning
        /// The date the answer is read on (`today` line); nil: none.
        public var today: CalendarDay?
    }

    public var file: String
    public var entries: [Entry]
    /// The language the answers are typed in (`language es`): the dialog's translation is read; nil: English.
    public var language: LanguageTag?

    /// Parses a corpus; a line that is neither a comment, a `question` line nor an answer is an error.
    public static func parse(_ text: String, file: String) -> Result<AnswerCorpus, Transcript.ParseError> {
        var entries: [Entry] = []
        var question: String?
        var today: CalendarDay?
        var language: LanguageTag?
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("question ") {
                question = String(trimmed.dropFirst("question ".count)).trimmingCharacters(in: .whitespaces)
                continue
            }
            if trimmed.hasPrefix("language ") {
                let given = trimmed.dropFirst("language ".count).trimmingCharacters(in: .whitespaces)
                guard entries.isEmpty, language == nil else {
                    return .failure(Transcript.ParseError(file: file, line: offset + 1, message: "`language` comes once, before the first answer"))
                }
                switch Transcript.readLanguage(given, file: file, line: offset + 1) {
                case .success(let tag): language = tag
                case .failure(let error): return .failure(error)
                }
                continue
            }
            if trimmed.hasPrefix("today ") {
                guard let day = CalendarDay(iso: trimmed.dropFirst("today ".count).trimmingCharacters(in: .whitespaces)) else {
                    return .failure(Transcript.ParseError(file: file, line: offset + 1, message: "`today` takes a date as YYYY-MM-DD"))
                }
                today = day
                continue
            }
            guard let arrow = line.range(of: " => ", options: .backwards) else {
                return .failure(Transcript.ParseError(file: file, line: offset + 1, message: "expected `question ID` or `TEXT => MEANING`"))
            }
            guard let question else {
                return .failure(Transcript.ParseError(file: file, line: offset + 1, message: "an answer before any `question ID` line"))
            }
            let meaning = line[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
            entries.append(Entry(line: offset + 1, question: question, typed: String(line[..<arrow.lowerBound]), meaning: Meaning(meaning), today: today))
        }
        var corpus = AnswerCorpus(file: file, entries: entries)
        corpus.language = language
        return .success(corpus)
    }

    /// One answer read otherwise than the corpus says.
    public struct Failure: Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var typed: String
        public var question: String
        public var expected: String
        public var actual: String
        public var description: String {
            "\(file):\(line): `\(typed)` at `\(question)`: expected \(expected), read as \(actual)"
        }
    }

    /// Checks every entry against the dialog; returns the failures (an unknown question or option id is one).
    public func check(against dialog: Dialog) -> [Failure] {
        var failures: [Failure] = []
        for entry in entries {
            func fail(_ actual: String) {
                failures.append(Failure(file: file, line: entry.line, typed: entry.typed, question: entry.question, expected: entry.meaning.description, actual: actual))
            }
            guard let question = dialog.question(withID: entry.question),
                let reading = dialog.reading(of: entry.typed, atQuestion: entry.question, today: entry.today)
            else {
                fail("nothing: the dialog has no question `\(entry.question)`")
                continue
            }
            let actual = Self.meaning(of: reading, question: question)
            let expected = Self.calendarMeaning(entry.meaning, question: question)
            switch (expected, actual) {
            case (.number(let want), .number(let got)) where abs(want - got) <= 0.01: continue
            case (.options(let want), .options(let got)) where want.sorted() == got.sorted(): continue
            case _ where expected == actual: continue
            default: break
            }
            if case .notUnderstood(let reason) = reading {
                fail("asked again (\(reason))")
            } else if case .number(let number) = actual, question.kind == .date {
                fail(CalendarDay(dayNumber: Int(number)).iso)
            } else if case .number(let number) = actual, question.kind == .time, let time = ClockTime(minutes: Int(number)) {
                fail(time.iso)
            } else {
                fail(actual.description)
            }
        }
        return failures
    }

    /// `2026-11-24` at a date question and `23:30` at a time question, as the numbers a session holds.
    static func calendarMeaning(_ meaning: Meaning, question: Question) -> Meaning {
        guard case .options(let words) = meaning, words.count == 1 else { return meaning }
        if question.kind == .date, let day = CalendarDay(iso: words[0]) { return .number(Double(day.dayNumber)) }
        if question.kind == .time, let time = ClockTime(iso: words[0]) { return .number(Double(time.minutes)) }
        return meaning
    }

    static func meaning(of reading: AnswerMatch, question: Question) -> Meaning {
        switch reading {
        case .unsure: return .unsure
        case .notUnderstood: return .again
        case .value(nil, _): return .skip
        case .value(let value?, _):
            switch value {
            case .bool(let flag): return flag ? .yes : .no
            case .number(let number): return .number(number)
            case .text(let text): return .options([text])
            case .option(let index): return .options([question.options[index].id])
            case .options(let bits):
                return .options(question.options.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { question.options[$0].id })
            }
        }
    }
}

/// The corpora under some paths, each checked against its dialog.
public struct AnswerCorpusSuite: Sendable {
    public var checked = 0
    public var failures: [AnswerCorpus.Failure] = []
    public var problems: [TranscriptSuite.Problem] = []

    public var passedCount: Int { checked - failures.count }

    /// `*.answers` files at or under these paths (as `TranscriptSuite.transcriptFiles` finds transcripts).
    public static func corpusFiles(under paths: [String]) -> [String] {
        TranscriptSuite.files(withExtension: "answers", under: paths)
    }

    public static func run(paths: [String]) -> AnswerCorpusSuite {
        var suite = AnswerCorpusSuite()
        var dialogs: [String: DialogFile] = [:]
        for file in corpusFiles(under: paths) {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                suite.problems.append(.init(file: file, message: "cannot be read as UTF-8 text"))
                continue
            }
            let corpus: AnswerCorpus
            switch AnswerCorpus.parse(text, file: file) {
            case .failure(let error):
                suite.problems.append(.init(file: "\(error.file):\(error.line)", message: error.message))
                continue
            case .success(let parsed):
                corpus = parsed
            }
            let path = TranscriptSuite.dialogPath(for: file, header: nil)
            let dialogFile = dialogs[path] ?? DialogFile.load(path: path)
            dialogs[path] = dialogFile
            guard var dialog = dialogFile.result.dialog else {
                suite.problems.append(.init(file: file, message: "its dialog \(path) does not load"))
                continue
            }
            if let language = corpus.language {
                guard let translation = dialogFile.translation(for: language) else {
                    suite.problems.append(.init(file: file, message: "its dialog \(path) has no \(language) translation"))
                    continue
                }
                dialog = dialog.translated(translation)
            }
            suite.checked += corpus.entries.count
            suite.failures += corpus.check(against: dialog)
        }
        return suite
    }
}
