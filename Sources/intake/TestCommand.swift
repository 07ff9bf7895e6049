// TestCommand: `intake test PATH...`: runs the transcripts of dialogs and reports each failure with file:line.

import ArgumentParser
import DialogTesting
import Foundation

struct TestDialogs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run transcript tests and answer corpora (*.transcript and *.answers under Dialogs/tests/).",
        discussion: "Exit status: 1 when any transcript fails or cannot be run, else 0."
    )

    @Argument(help: "Folders, dialog files or transcript files.")
    var paths: [String]

    @Flag(name: .shortAndLong, help: "List every transcript, not only failures.")
    var verbose = false

    @Flag(name: .long, help: "Report what the transcripts reach: steps, questions, answers, branches, outcomes, flags, threshold bands.")
    var coverage = false

    @Option(name: .long, help: "Write the coverage report as JSON to this file.")
    var coverageJson: String?

    @Option(name: .long, help: "Write the results as JUnit XML to this file.")
    var junit: String?

    @Flag(name: .long, help: "Mutation testing: change each dialog in small ways and list the changes no transcript notices.")
    var mutate = false

    @Option(name: .long, help: "With --mutate: exit 1 when a dialog's mutation score is below this percentage.")
    var minScore: Double?

    @Option(name: .long, help: "With --mutate: write transcripts that would notice the surviving mutants into this folder, to review.")
    var suggest: String?

    @Option(name: .long, help: ArgumentHelp("Write each dialog's FHIR Questionnaire and, per transcript, its answers as a QuestionnaireResponse with what the bot asked and computed, into this folder (for scripts/fhir-check.py).", valueName: "folder"))
    var fhirOut: String?

    func run() throws {
        let files = TranscriptSuite.transcriptFiles(under: paths)
        let corpora = AnswerCorpusSuite.corpusFiles(under: paths)
        if files.isEmpty && corpora.isEmpty {
            print("No transcripts or answer corpora found under \(paths.joined(separator: " ")).")
            throw ExitCode(1)
        }
        let started = Date()
        let suite = TranscriptSuite.run(paths: paths)
        let seconds = Date().timeIntervalSince(started)
        for problem in suite.problems { print(problem) }
        for result in suite.results {
            if result.passed {
                if verbose { print("PASS \(result.transcript.file)") }
            } else {
                print("FAIL \(result.transcript.file)")
                for failure in result.failures { print(failure) }
            }
        }
        print("transcripts: \(suite.passedCount) passed, \(suite.failedCount) failed")
        var corpusFailed = false
        if !corpora.isEmpty {
            let answers = AnswerCorpusSuite.run(paths: paths)
            for problem in answers.problems { print(problem) }
            for failure in answers.failures { print("FAIL \(failure)") }
            print("answers: \(answers.passedCount) passed, \(answers.failures.count + answers.problems.count) failed")
            corpusFailed = !answers.failures.isEmpty || !answers.problems.isEmpty
        }
        let reportsFailed = try writeReports(suite, seconds: seconds)
        if suite.failedCount > 0 || reportsFailed || corpusFailed { throw ExitCode(1) }
    }
}
