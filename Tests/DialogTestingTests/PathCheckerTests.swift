// PathCheckerTests: the checker proves a sound dialog, and finds planted violations with their shortest counter-examples.

import DialogKit
@testable import DialogTesting
import Testing

@Suite("Path checker")
struct PathCheckerTests {
    @Test("a sound dialog: every path explored, every outcome and flag reached, every check holds")
    func soundDialog() throws {
        let report = PathChecker.check(try ToolFixtures.dialog(ToolFixtures.headache()))
        #expect(report.passed, "\(report.text)")
        #expect(report.isComplete)
        #expect(report.outcomesReached == ["emergency", "consult", "self_care"])
        #expect(Set(report.flagsRaised) == ["redflag.thunderclap", "frequent"])
        #expect(report.checks.allSatisfy { $0.holds })
        #expect(report.text.contains("explored every path"))
    }

    @Test("a red flag that leads to consult: the check fails, with the shortest counter-example as a transcript that replays")
    func plantedRedFlagViolation() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache(plantedViolation: true))
        let report = PathChecker.check(dialog)
        #expect(!report.passed)
        let violation = try #require(report.violations.first { $0.kind == .check(name: "a red flag always ends in emergency") })
        let example = try #require(violation.counterExample)
        #expect(example.transcript.contains("ask thunderclap\n> yes\noutcome consult\nflags exactly redflag.thunderclap\n"))
        #expect(example.steps.count == 1, "the shortest: one answer")
        #expect(violation.replays)
        let replayed = TranscriptRunner.run(try ToolFixtures.transcript(example.transcript), dialog: dialog)
        #expect(replayed.passed)
        #expect(report.text.contains("shortest counter-example"))
        #expect(report.text.contains("    > yes"))
        // Emergency is now reached by no answers: also a violation, without an example.
        #expect(report.violations.contains { $0.kind == .unreachableOutcome("emergency") })
    }

    @Test("a path that runs off the end of the flow is a dead end, shown by its answers")
    func deadEnd() throws {
        let source = """
            dialog: d
            title: D
            flow:
              - ask: a
                kind: scale
                text: How bad?
              - when: a >= 3
                flow:
                  - end: done
            outcomes:
              done: {code: consult, text: ok}
            """
        let report = PathChecker.check(try ToolFixtures.dialog(source))
        let violation = try #require(report.violations.first { $0.kind == .deadEnd })
        #expect(violation.counterExample?.transcript.contains("ask a\n> 0\n# ends without an outcome: here the flow runs out") == true)
        #expect(report.text.contains("every path ends in an outcome: NO"))
    }

    @Test("a loop with no way out is found, and the checker ends")
    func loopWithoutExit() throws {
        let source = """
            dialog: d
            title: D
            flow:
              - ask: a
                kind: yesno
                text: A?
              - if: a
                end: done
              - label: again
              - ask: b
                kind: yesno
                text: B?
              - goto: again
            outcomes:
              done: {code: consult, text: ok}
            """
        let report = PathChecker.check(try ToolFixtures.dialog(source))
        let violation = try #require(report.violations.first { $0.kind == .noExit })
        #expect(violation.counterExample?.transcript.contains("ask a\n> no\nask b\n") == true)
        #expect(report.paths == nil)
    }

    @Test("thresholds are tried at their edges: a check that fails only at exactly 15 is caught")
    func boundaryValue() throws {
        let source = ToolFixtures.headache().replacingOccurrences(of: "  - if: days >= 15\n    end: consult", with: "  - if: days > 15\n    end: consult")
        let report = PathChecker.check(try ToolFixtures.dialog(source))
        let violation = try #require(report.violations.first { $0.kind == .check(name: "frequent headaches are never self care") })
        #expect(violation.counterExample?.transcript.contains("ask days\n> 15\n") == true)
    }

    @Test("too large a space: says so, falls back to seeded random walks, and still finds the violation")
    func fallback() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache(plantedViolation: true))
        let options = PathChecker.Options(limits: ExplorationLimits(maximumStates: 1, maximumSeconds: 10), walks: 50, seed: 7)
        let report = PathChecker.check(dialog, options: options)
        #expect(!report.isComplete)
        #expect(report.walks?.count ?? 0 >= 50)
        #expect(report.text.contains("too large to explore whole"))
        #expect(report.violations.contains { $0.kind == .check(name: "a red flag always ends in emergency") })
        // Not a proof: nothing is called unreachable.
        #expect(!report.violations.contains { if case .unreachableOutcome = $0.kind { true } else { false } })
        let again = PathChecker.check(dialog, options: options)
        #expect(again.walks?.branchesTaken == report.walks?.branchesTaken)
    }

    @Test("states whose future cannot differ are merged: many answers, few states")
    func merging() throws {
        var source = "dialog: d\ntitle: D\nflow:\n"
        for index in 0..<30 { source += "  - ask: q\(index)\n    kind: yesno\n    text: Q?\n" }
        let all = (0..<30).map { "q\($0)" }.joined(separator: ", ")
        source += "  - if: count(\(all)) >= 15\n    end: a\n  - end: b\noutcomes:\n  a: {code: consult, text: ok}\n  b: {code: self_care, text: ok}\n"
        let report = PathChecker.check(try ToolFixtures.dialog(source))
        #expect(report.passed)
        #expect(report.states < 600, "2^30 answer sequences, but only how many yes so far matters: \(report.states)")
        #expect(report.paths == 1_073_741_824)
    }
}
