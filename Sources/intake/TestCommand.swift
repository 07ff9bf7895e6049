// TestCommand: `intake test PATH...`: runs the transcripts of dialogs and reports each failure with file:line.

import ArgumentParser
import DialogTesting
import Foundation

struct TestDialogs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run transcript tests (*.transcript under Dialogs/tests/).",
        discussion: "Exit status: 1 when any transcript fails or cannot be run, else 0."
    )

    @Argument(help: "Folders, dialog files or transcript files.")
    var paths: [String]

    @Flag(name: .shortAndLong, help: "List every transcript, not only failures.")
    var verbose = false

    func run() throws {
        let files = TranscriptSuite.transcriptFiles(under: paths)
        if files.isEmpty {
            print("No transcripts found under \(paths.joined(separator: " ")).")
            throw ExitCode(1)
        }
        let suite = TranscriptSuite.run(paths: paths)
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
        if suite.failedCount > 0 { throw ExitCode(1) }
    }
}
