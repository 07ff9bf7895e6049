// LintCommand: `intake lint PATH...`: every diagnostic of each dialog; exit 1 when any has an error.

import ArgumentParser
import DialogTesting
import Foundation

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check dialog files: load errors and lint warnings, with positions and source excerpts.",
        discussion: "Exit status: 1 when any file has an error, else 0 (warnings are printed either way)."
    )

    @Argument(help: "Dialog files (.yaml), or folders: each folder's *.yaml dialogs, sorted.")
    var paths: [String]

    func run() throws {
        var totalErrors = 0
        var totalWarnings = 0
        for path in try dialogFiles(paths) {
            let file = DialogFile.load(path: path)
            let (text, errors, warnings) = file.report(includingLint: true)
            if !text.isEmpty { print(text) }
            print("\(path): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            totalErrors += errors
            totalWarnings += warnings
        }
        if totalErrors > 0 { throw ExitCode(1) }
    }
}
