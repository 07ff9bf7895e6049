// CoverageTests: what transcripts reach, counted per category, and what none reached, listed.

import DialogKit
@testable import DialogTesting
import Foundation
import Testing

@Suite("Coverage")
struct CoverageTests {
    @Test("one transcript: counts per category and the items missed")
    func oneTranscript() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let coverage = CoverageCollector.coverage(of: dialog, transcripts: [try ToolFixtures.transcript(ToolFixtures.weakSuite[1])])
        func counts(_ name: String) -> (Int, Int)? { coverage.category(name).map { ($0.reached, $0.total) } }
        #expect(counts("questions")! == (3, 3))
        #expect(counts("answers")! == (2, 4))      // thunderclap no, location one_side
        #expect(counts("outcomes")! == (1, 3))
        #expect(counts("flags")! == (0, 2))
        #expect(counts("threshold bands")! == (2, 4))  // `days >= 15` below 15, twice (flow and flag)
        #expect(counts("branches")! == (2, 4))
        #expect(counts("steps")! == (6, 6))
        let missing = coverage.category("answers")!.missing.map(\.item)
        #expect(missing == ["thunderclap = yes", "location = both_sides"])
        #expect(coverage.category("threshold bands")!.missing.map(\.item) == ["days >= 15: 15 or more", "days >= 15: 15 or more"])
        #expect(!coverage.isFull)
        #expect(coverage.text.contains("answer: location = both_sides"))
    }

    @Test("answers given before going back count too")
    func commandsCount() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        // Answers both, going back in between: both answers of `location` count.
        let transcript = try ToolFixtures.transcript("> no\n> 20\n> 1\noutcome consult\n")
        let back = try ToolFixtures.transcript("> no\n> 3\n> /back\n> /back\n> yes\noutcome emergency\n")
        let coverage = CoverageCollector.coverage(of: dialog, transcripts: [transcript, back])
        #expect(coverage.category("outcomes")!.reached == 2)
        #expect(coverage.category("threshold bands")!.reached == 2)
        #expect(coverage.category("answers")!.missing.map(\.item) == ["location = both_sides"])
    }

    @Test("the JSON report decodes to the same counts")
    func json() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let transcripts = try ToolFixtures.strongSuite.map { try ToolFixtures.transcript($0) }
        let report = CoverageReport(dialogs: [CoverageCollector.coverage(of: dialog, transcripts: transcripts)])
        #expect(report.isFull, "\(report.text)")
        let decoded = try JSONDecoder().decode(CoverageReport.self, from: Data(report.json.utf8))
        #expect(decoded.dialogs[0].categories.map(\.reached) == report.dialogs[0].categories.map(\.reached))
        #expect(report.json.contains("\"name\" : \"threshold bands\""))
    }

    @Test("coverage follows the interpreter: a `let` decides a goto, and the steps after it are reached")
    func throughLetAndGoto() throws {
        let dialog = try ToolFixtures.dialog("""
            dialog: jumps
            title: Jumps
            flow:
              - ask: days
                kind: number
                min: 0
                max: 31
                text: On how many days?
                help: A number from 0 to 31.
              - let: often
                be: days >= 15
              - if: often
                goto: far
              - end: done
              - label: far
              - say: That is often.
              - end: soon
            outcomes:
              done: {code: consult, text: Done.}
              soon: {code: consult, text: Soon.}
            """, file: "jumps.yaml")
        let coverage = CoverageCollector.coverage(of: dialog, transcripts: [try ToolFixtures.transcript("> 20\noutcome soon\n")])
        #expect(coverage.category("branches")!.missing.map(\.item) == ["`often` does not hold"])
        #expect(coverage.category("steps")!.missing.map(\.item) == ["end done"])
        #expect(coverage.category("steps")!.covered.map(\.item).contains("say \"That is often.\""))
        #expect(coverage.category("outcomes")!.missing.map(\.item) == ["done"])
        #expect(coverage.category("threshold bands")!.missing.map(\.item) == ["days >= 15: below 15"])
    }
}
