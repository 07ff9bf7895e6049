// CheckCommand: `intake check PATH...`: explores every path of each dialog and proves its properties.

import ArgumentParser
import DialogKit
import DialogTesting
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prove a dialog's properties over every path: outcomes, dead ends, loops, reachability, `checks:`.",
        discussion: """
            Every answer of every yes/no, choice and multi question is tried (multi by the subsets its conditions \
            tell apart), and numbers at the boundaries of every comparison that reads them. States whose future \
            cannot differ are merged. A violation is printed with its shortest counter-example as a transcript. \
            When the space is too large, seeded random walks and boundary values are tried instead, and the \
            report says so. Exit status: 1 when a property is violated or a dialog does not load, else 0.
            """
    )

    @Argument(help: "Dialog files (.yaml), or folders: each folder's *.yaml dialogs, sorted.")
    var paths: [String]

    @Option(name: .long, help: "Stop exploring after this many distinct states and fall back to random walks.")
    var maxStates = 2_000_000

    @Option(name: .long, help: "Stop exploring after this many seconds and fall back to random walks.", transform: DurationArgument.seconds)
    var maxSeconds = 60.0

    @Option(name: .long, help: "Random walks in the fallback.")
    var walks = 20_000

    @Option(name: .long, help: "Seed of the random walks.")
    var seed: UInt64 = 1

    @Flag(name: .shortAndLong, help: "Also list each exploration: what it judged, its states and time.")
    var verbose = false

    func validate() throws {
        if maxStates < 1 { throw ValidationError("--max-states must be at least 1.") }
        if maxSeconds <= 0 { throw ValidationError("--max-seconds must be more than 0.") }
        if walks < 0 { throw ValidationError("--walks cannot be negative.") }
    }

    func run() throws {
        var failed = false
        let options = PathChecker.Options(
            limits: ExplorationLimits(maximumStates: maxStates, maximumSeconds: maxSeconds), walks: walks, seed: seed)
        for path in try dialogFiles(paths) {
            let file = DialogFile.load(path: path)
            guard let dialog = file.result.dialog else {
                print(file.report(includingLint: false).text)
                print("\(path): does not load; nothing checked")
                failed = true
                continue
            }
            let report = PathChecker.check(dialog, options: options)
            print(report.text)
            if verbose { print(report.explorationText) }
            if !report.passed { failed = true }
        }
        if failed { throw ExitCode(1) }
    }
}
