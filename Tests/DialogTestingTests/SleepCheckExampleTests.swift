// SleepCheckExampleTests: the complete small dialog of docs/dialog-language.md is docs/examples/sleep_check.yaml,
// byte for byte; it lints clean, its transcripts pass and reach every outcome, and the paragraph's claims hold.

import DialogKit
@testable import DialogTesting
import Foundation
import TestSupport
import Testing

@Suite("The documented sleep_check dialog")
struct SleepCheckExampleTests {
    static let file = "docs/examples/sleep_check.yaml"

    /// The fenced YAML block under "## A complete small dialog", as bytes between the fences.
    static func documentedBlock() throws -> String {
        let doc = try String(contentsOfFile: Repository.path("docs/dialog-language.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "\n## A complete small dialog\n"))
        let rest = doc[section.upperBound...]
        let open = try #require(rest.range(of: "\n```yaml\n"))
        let close = try #require(rest[open.upperBound...].range(of: "\n```\n"))
        return String(rest[open.upperBound..<close.lowerBound]) + "\n"
    }

    @Test("the doc's YAML block is the file, byte for byte")
    func documentIsTheFile() throws {
        let file = try String(contentsOfFile: Repository.path(Self.file), encoding: .utf8)
        #expect(try Self.documentedBlock() == file)
    }

    @Test("lint: 0 errors, 0 warnings")
    func lintsClean() {
        let report = DialogFile.load(path: Repository.path(Self.file)).report(includingLint: true)
        #expect(report.errors == 0 && report.warnings == 0, "\(report.text)")
    }

    @Test("its transcripts pass, and together reach every outcome")
    func transcriptsPassAndReachEveryOutcome() throws {
        let suite = TranscriptSuite.run(paths: [Repository.path("docs/examples/tests/sleep_check")])
        #expect(suite.problems.isEmpty, "\(suite.problems)")
        #expect(suite.results.count >= 3)
        for result in suite.results { #expect(result.passed, "\(result.failures.map(\.description))") }
        let dialog = try RepositoryDialogs.load(Self.file)
        let reached = Set(suite.results.compactMap { $0.passed ? $0.session.outcome?.id : nil })
        #expect(reached == Set(dialog.outcomes.map(\.id)))
    }

    @Test("coverage follows its transcripts past the relative date (each session on its `today:`): every step, outcome and branch")
    func coverageOnTheTranscriptsDate() throws {
        let dialog = try RepositoryDialogs.load(Self.file)
        let folder = Repository.path("docs/examples/tests/sleep_check")
        let transcripts = try TranscriptSuite.transcriptFiles(under: [folder]).map { file in
            try ToolFixtures.transcript(try String(contentsOfFile: file, encoding: .utf8), file: file)
        }
        let coverage = CoverageCollector.coverage(of: dialog, transcripts: transcripts)
        for name in ["steps", "questions", "outcomes", "branches"] {
            let category = try #require(coverage.category(name))
            #expect(category.reached == category.total, "\(name): \(category.reached)/\(category.total)")
        }
    }

    /// Types `lines` into a session of the dialog on the documented transcripts' date.
    static func session(_ lines: [String]) throws -> (Session, [Event]) {
        var session = Session(dialog: try RepositoryDialogs.load(file), today: CalendarDay(year: 2026, month: 12, day: 3))
        var events = session.start()
        for line in lines { events += session.receive(line) }
        return (session, events)
    }

    @Test("the paragraph's answers end at consult with insomnia 5, \"5.5 hours\" and \"Something else: warm milk\"")
    func documentedAnswers() throws {
        let (session, events) = try Self.session(["no", "3 weeks ago", "5 and a half hours", "very", "something else", "warm milk"])
        let outcome = try #require(session.outcome)
        #expect(outcome.id == "consult")
        #expect(outcome.scores == [Score(name: "insomnia", value: 5)])
        let json = events.map(JSONLines.line(for:)).joined(separator: "\n")
        #expect(json.contains(#""scores":{"insomnia":5}"#), "\(json)")
        let summary = outcome.summary.map { "\($0.question): \($0.answer)" }
        #expect(summary.contains { $0.hasSuffix(": 5.5 hours") }, "\(summary)")
        #expect(summary.contains { $0.hasSuffix(": Something else: warm milk") }, "\(summary)")
    }

    @Test("\"I don't know\" at the first question ends at crisis, asking nothing more")
    func doubtAtTheRedFlag() throws {
        let (session, _) = try Self.session(["I don't know"])
        #expect(session.outcome?.id == "crisis")
        #expect(session.isOver)
    }
}
