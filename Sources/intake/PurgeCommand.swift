// PurgeCommand: `intake purge --older-than 90d`: deletes old finished assessments and abandoned sessions and says how many.

import ArgumentParser
import AssessmentStore
import Foundation

struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete finished assessments and abandoned sessions older than an age.",
        discussion: """
            A finished assessment's age counts from when it finished; an unfinished session's from its \
            last answer. Deleted rows are overwritten in the file (SQLite secure_delete).
            """
    )

    @Option(name: .long, help: ArgumentHelp("Delete what is older than this: 90d, 12w, 48h.", valueName: "age"))
    var olderThan: String

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard TimeArgument.age(olderThan) != nil else {
            throw ValidationError("--older-than \(olderThan): give an age such as 90d (days), 12w (weeks) or 48h (hours).")
        }
    }

    func run() throws {
        let age = TimeArgument.age(olderThan)!
        let opened = try store.openExisting()
        let result: AssessmentStore.PurgeResult
        do {
            result = try opened.purge(before: Date().addingTimeInterval(-age))
        } catch {
            StandardError.write("intake: \(error)\n")
            throw ExitCode(1)
        }
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        print("Deleted \(count(result.finished, "finished assessment")) and \(count(result.abandoned, "abandoned session")) older than \(olderThan) (\(count(result.answers, "answer")) in all).")
    }
}
