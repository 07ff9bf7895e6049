// MutationTesterTests: mutants of each kind are made, a weak suite lets threshold mutants survive, a strong one does not.

import DialogKit
@testable import DialogTesting
import Testing

@Suite("Mutation testing")
struct MutationTesterTests {
    @Test("every kind of mutant is made, each with its file:line")
    func mutantKinds() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let mutants = MutantGenerator.mutants(of: dialog)
        let kinds = Set(mutants.map(\.kind))
        #expect(kinds == [.threshold, .comparison, .outcome, .branch, .alsoWord])
        #expect(mutants.contains { $0.change == "if: `days >= 15` -> `days >= 16`" && $0.place == "headache.yaml:27" })
        #expect(mutants.contains { $0.change == "flag frequent: `days >= 15` -> `days > 15`" })
        #expect(mutants.contains { $0.kind == .alsoWord && $0.change.contains("\"left\"") })
        let logic = try ToolFixtures.dialog(ToolFixtures.headache().replacingOccurrences(of: "if: days >= 15", with: "if: days >= 15 and location == one_side"))
        #expect(MutantGenerator.mutants(of: logic).contains { $0.kind == .logic && $0.change.hasSuffix("`days >= 15 or location == one_side`") })
    }

    @Test("a planted weak suite: the threshold and also-word mutants survive, and the score says so")
    func weakSuite() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let transcripts = try ToolFixtures.weakSuite.map { try ToolFixtures.transcript($0) }
        let report = MutationTester.run(dialog, transcripts: transcripts, explain: true)
        #expect(report.score < 80)
        let survivors = report.survivors.map(\.mutant.change)
        #expect(survivors.contains("if: `days >= 15` -> `days >= 16`"))
        #expect(survivors.contains("if: `days >= 15` -> `days > 15`"))
        #expect(survivors.contains { $0.contains("\"left\"") })
        // Outcome swaps and removed branches are all noticed by a suite that reaches every outcome.
        #expect(report.results.filter { $0.mutant.kind == .outcome }.allSatisfy { $0.killed })
        // Each survivor comes with a way to notice it.
        let moved = try #require(report.survivors.first { $0.mutant.change == "if: `days >= 15` -> `days >= 16`" })
        guard case .distinguishable(let example)? = moved.verdict else {
            Issue.record("expected answers that notice the mutant, got \(String(describing: moved.verdict))")
            return
        }
        #expect(example.steps.contains { $0.question == "days" && $0.typed == "15" })
        #expect(report.text.contains("headache.yaml:27: threshold: if: `days >= 15` -> `days >= 16`"))
        #expect(report.text.contains("mutation score"))
    }

    @Test("the suite with the edges and the also words kills every mutant")
    func strongSuite() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let transcripts = try ToolFixtures.strongSuite.map { try ToolFixtures.transcript($0) }
        for transcript in transcripts { #expect(TranscriptRunner.run(transcript, dialog: dialog).passed) }
        let report = MutationTester.run(dialog, transcripts: transcripts)
        #expect(report.score == 100, "\(report.text)")
    }

    @Test("a mutant no answers can notice is called equivalent")
    func equivalentMutant() throws {
        // `days >= 0` always holds for 0...31, and so does `days >= -1`.
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache().replacingOccurrences(of: "frequent: days >= 15", with: "frequent: days >= 0"))
        let mutant = try #require(MutantGenerator.mutants(of: dialog).first { $0.change == "flag frequent: `days >= 0` -> `days >= -1`" })
        guard case .equivalent = MutantExplainer.verdict(for: mutant, of: dialog) else {
            Issue.record("expected equivalent")
            return
        }
    }

    @Test("a changed value that only a text shows is not called equivalent")
    func shownValue() throws {
        let source = ToolFixtures.headache().replacingOccurrences(
            of: "  - if: days >= 15\n    end: consult",
            with: "  - let: grade\n    be: count(days >= 0, days >= 15)\n  - say: Your grade is {grade}.\n  - if: days >= 15\n    end: consult")
        let dialog = try ToolFixtures.dialog(source)
        let mutant = try #require(MutantGenerator.mutants(of: dialog).first { $0.change == "let grade: `days >= 0` -> `days >= 1`" })
        guard case .shownValueMayDiffer("grade") = MutantExplainer.verdict(for: mutant, of: dialog) else {
            Issue.record("expected the shown value to be named")
            return
        }
    }
}
