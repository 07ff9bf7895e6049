// MutationTesterTests: mutants of each kind are made, a weak suite lets threshold mutants survive, a strong one does not.

import DialogKit
@testable import DialogTesting
import Foundation
import TestSupport
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

    /// A drinks question where some `also` words add nothing and some matter only inside a whole
    /// answer: "coffee" alone still starts "Coffee or tea", but "I would say coffee" needs the word.
    static let drinks = """
        dialog: drinks
        title: Drinks
        flow:
          - ask: drink
            kind: choice
            text: What do you drink most?
            help: Choose one.
            options:
              - id: coffee_tea
                text: Coffee or tea
                also: [coffee]
              - id: water
                text: Water
                also: [water]
          - ask: extras
            kind: multi
            text: What else do you drink?
            help: Choose all that apply.
            options:
              - id: juice
                text: Fruit juice
                also: [fruit]
              - id: soda
                text: Soda
              - id: none
                text: Nothing else
          - ask: hours
            kind: number
            min: 0
            max: 24
            unit: hours
            text: How many hours do you sleep?
            help: A number of hours.
          - ask: note
            kind: text
            text: Anything else?
            help: Any text.
          - if: hours >= 20
            end: odd
          - end: fine
        outcomes:
          odd:
            code: consult
            text: Please talk to someone.
          fine:
            code: self_care
            text: Thank you.
        """

    /// Each dropped word, whether it is equivalent, and the whole answer that tells it apart.
    @Test("a dropped also word is equivalent only when every whole answer that uses it reads the same", arguments: [
        // "coffee" alone still starts the option's text; in a sentence only the word names it.
        ("\"coffee\" no longer names `coffee_tea`", false, "I would say coffee"),
        // "fruit" alone starts "Fruit juice"; beside another option it needs the word.
        ("\"fruit\" no longer names `juice`", false, "I would say fruit"),
        // "water" is the option's own text: nothing is lost.
        ("\"water\" no longer names `water`", true, ""),
    ])
    func wordsInContext(change: String, equivalent: Bool, witness: String) throws {
        let dialog = try ToolFixtures.dialog(Self.drinks, file: "drinks.yaml")
        let mutant = try #require(MutantGenerator.mutants(of: dialog).first { $0.kind == .alsoWord && $0.change.hasSuffix(change) })
        let verdict = MutantExplainer.verdict(for: mutant, of: dialog)
        #expect(verdict.isEquivalent == equivalent, "\(verdict.text)")
        if !equivalent {
            guard case .wordReadDifferently(let found) = verdict else { Issue.record("expected a witness, got \(verdict.text)"); return }
            #expect(found.word == witness)
            #expect(found.mutantReading == "refuses it")
        }
    }

    @Test("equivalent mutants are listed apart from survivors, and the score leaves out only those")
    func equivalentListedApart() throws {
        let dialog = try ToolFixtures.dialog(Self.drinks, file: "drinks.yaml")
        let transcripts = try [
            "> coffee\n> soda\n> 8\n> fine\noutcome fine\n",
            "> 2\n> none\n> 21\n> ok\noutcome odd\n",
        ].map { try ToolFixtures.transcript($0) }
        let report = MutationTester.run(dialog, transcripts: transcripts, explain: true)
        let text = report.text
        let survivorsAt = try #require(text.range(of: "mutants no transcript notices:"))
        let equivalentAt = try #require(text.range(of: "equivalent mutants (they behave exactly like the dialog"))
        let water = try #require(text.range(of: "the word \"water\" no longer names `water`"))
        let coffee = try #require(text.range(of: "the word \"coffee\" no longer names `coffee_tea`"))
        #expect(survivorsAt.lowerBound < coffee.lowerBound && coffee.lowerBound < equivalentAt.lowerBound, "\(text)")
        #expect(water.lowerBound > equivalentAt.lowerBound, "\(text)")
        let equivalentCount = report.survivors.filter { $0.verdict?.isEquivalent == true }.count
        #expect(equivalentCount == 1)
        #expect(text.contains("mutation score \(report.killed)/\(report.results.count - 1) "), "\(text)")
        // The suggestion for the word types the whole answer and checks what it was read as.
        let words = try #require(report.suggestedTranscripts.first { $0.name == "words_drink" })
        #expect(words.text.contains("> I would say coffee\n> summary\nsays What do you drink most? Coffee or tea"), "\(words.text)")
        let parsed = try ToolFixtures.transcript(words.text)
        #expect(TranscriptRunner.run(parsed, dialog: dialog).passed)
        #expect(!TranscriptRunner.passes(parsed, dialog: try #require(MutantGenerator.mutants(of: dialog).first { $0.change.hasSuffix("\"coffee\" no longer names `coffee_tea`") }).dialog))
    }

    @Test("suggested transcripts type option words, a number inside the range in its unit, a plausible text")
    func typicalSuggestions() throws {
        let dialog = try ToolFixtures.dialog(Self.drinks, file: "drinks.yaml")
        // `hours >= 20` moved to 21: told apart only by 20 hours; every other answer may be anything.
        let mutant = try #require(MutantGenerator.mutants(of: dialog).first { $0.change == "if: `hours >= 20` -> `hours >= 21`" })
        guard case .distinguishable(let example) = MutantExplainer.verdict(for: mutant, of: dialog) else {
            Issue.record("expected answers that notice the mutant")
            return
        }
        let typed = Dictionary(uniqueKeysWithValues: example.steps.map { ($0.question, $0.typed) })
        #expect(typed["drink"] == "Coffee or tea", "an option's own words, not its number: \(typed)")
        #expect(typed["extras"].map { !$0.contains(where: \.isNumber) } == true, "\(typed)")
        #expect(typed["hours"] == "20 hours", "the edge itself, in the question's unit: \(typed)")
        #expect(typed["note"] == "Nothing else, thank you.", "\(typed)")
        // Still a real counter-example: passes on the dialog, fails on the mutant.
        let parsed = try ToolFixtures.transcript(example.transcript)
        #expect(TranscriptRunner.run(parsed, dialog: dialog).passed, "\(example.transcript)")
        #expect(!TranscriptRunner.passes(parsed, dialog: mutant.dialog))
        // A value the explorer took at the range's end because any value would do becomes one inside it.
        let outcome = try #require(MutantGenerator.mutants(of: dialog).first { $0.kind == .outcome && $0.change.contains("fine") && $0.change.contains("odd") && !$0.change.contains("if") })
        guard case .distinguishable(let swapped) = MutantExplainer.verdict(for: outcome, of: dialog) else {
            Issue.record("expected answers that notice the swapped outcome")
            return
        }
        let hours = try #require(swapped.steps.first { $0.question == "hours" }?.typed)
        #expect(hours != "0" && hours != "0 hours" && hours.hasSuffix("hours"), "\(swapped.transcript)")
    }
}

/// Data/mutation/: a dialog whose `also` words include a misspelling, a date and an amount in hours.
@Suite("Mutation testing: what a transcript sees, typed as a person would")
struct MutationSuggestionTests {
    static func load() throws -> (Dialog, [Transcript]) {
        let dialog = try RepositoryDialogs.load("Tests/DialogTestingTests/Data/mutation/treatments.yaml")
        let folder = Repository.path("Tests/DialogTestingTests/Data/mutation/tests/treatments")
        let transcripts = try TranscriptSuite.transcriptFiles(under: [folder]).map { file in
            try ToolFixtures.transcript(try String(contentsOfFile: file, encoding: .utf8), file: file)
        }
        return (dialog, transcripts)
    }

    @Test("a dropped misspelling the bot still reads by guessing is no equivalent: the guess is said, and a transcript sees it")
    func guessedWordIsNotEquivalent() throws {
        let (dialog, transcripts) = try Self.load()
        let mutant = try #require(MutantGenerator.mutants(of: dialog).first { $0.change.hasSuffix("\"rayvow\" no longer names `ditan`") })
        let verdict = MutantExplainer.verdict(for: mutant, of: dialog)
        #expect(!verdict.isEquivalent)
        guard case .wordReadDifferently(let witness) = verdict else { Issue.record("expected a witness, got \(verdict.text)"); return }
        #expect(witness.saidByMutantOnly?.contains("\"rayvow\" read as Lasmiditan (Reyvow)") == true, "\(verdict.text)")
        #expect(verdict.text.contains("only by guessing"), "\(verdict.text)")
        // The transcript that checks only the summary reads alike on both: it does not notice the mutant.
        #expect(transcripts.allSatisfy { TranscriptRunner.passes($0, dialog: mutant.dialog) })
    }

    @Test("a number where any would do is typed inside its gap: a little past the lower side of a wide one, the middle of a narrow one",
        arguments: [(1200.0, [3.0], 13.0), (0, [18], 9), (1199, [4], 14), (600, [4], nil), (0, [0.25, 0.5], nil as Double?), (7, [3, 7], nil)])
    func typicalNumbers(number: Double, thresholds: [Double], typical: Double?) throws {
        let dialog = try ToolFixtures.dialog("""
            dialog: n
            title: N
            flow:
              - ask: months
                kind: number
                min: 0
                max: 1200
                text: How many?
                help: A number.
              - end: done
            outcomes:
              done: {code: consult, level: consult, text: Done.}
            """)
        #expect(TypicalAnswers.typicalNumber(replacing: number, question: dialog.questions[0], thresholds: thresholds) == typical)
    }

    @Test("every suggested transcript passes on the dialog and fails on the mutant it was written for, typed with typical values")
    func suggestionsNoticeTheirMutants() throws {
        let (dialog, transcripts) = try Self.load()
        let report = MutationTester.run(dialog, transcripts: transcripts, explain: true)
        let suggestions = report.suggestedTranscripts
        #expect(suggestions.count >= 4)
        let survivors = report.survivors.map(\.mutant)
        for suggestion in suggestions {
            let parsed = try ToolFixtures.transcript(suggestion.text, file: suggestion.name)
            #expect(TranscriptRunner.passes(parsed, dialog: dialog), "\(suggestion.text)")
            #expect(survivors.contains { !TranscriptRunner.passes(parsed, dialog: $0.dialog) }, "notices none: \(suggestion.text)")
            // Not the explorer's stand-ins: no day 0, no 0 or 24 hours, no "something else".
            #expect(!suggestion.text.contains("1970-01-01") && !suggestion.text.contains("> 0\n") && !suggestion.text.contains("something else"),
                "\(suggestion.text)")
        }
        // With the suggestions added, every mutant is noticed.
        let all = transcripts + (try suggestions.map { try ToolFixtures.transcript($0.text, file: $0.name) })
        let after = MutationTester.run(dialog, transcripts: all, explain: true)
        #expect(after.survivors.isEmpty, "\(after.text)")
        let threshold = try #require(suggestions.first { $0.name.hasPrefix("mutant_line") })
        #expect(threshold.text.contains("> 3 weeks ago\n"), "\(threshold.text)")
    }
}
