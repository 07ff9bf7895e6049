// IncludeTests: `include:` of a shared block read through the loader layer (DialogFile), with the author
// mistakes of Data/include/mistakes: each gives its code at the position in the file it is in.

import DialogKit
import DialogTesting
import Foundation
import Testing
import TestSupport

@Suite("Include")
struct IncludeTests {
    static let folder = "Tests/DialogKitTests/Data/include"

    static func load(_ name: String) -> DialogFile {
        DialogFile.load(path: Repository.path("\(folder)/\(name)"))
    }

    /// A mistake file, and each diagnostic it must give: code, the file it is in (relative to the
    /// folder), line and column, and a part of the message.
    struct Mistake: Sendable, CustomTestStringConvertible {
        let file: String
        let expected: [(code: String, file: String, line: Int, column: Int, says: String)]
        var testDescription: String { file }
    }

    static let mistakes: [Mistake] = [
        Mistake(file: "mistakes/cycle.yaml", expected: [("IN049", "mistakes/blocks/b.yaml", 4, 14, "go round in a circle")]),
        Mistake(file: "mistakes/missing.yaml", expected: [("IN048", "mistakes/missing.yaml", 4, 14, "`blocks/red-flag.yaml` does not exist")]),
        Mistake(file: "mistakes/not-yaml.yaml", expected: [
            ("IN051", "mistakes/not-yaml.yaml", 4, 14, "is not a YAML file"),
            ("IN051", "mistakes/not-yaml.yaml", 5, 14, "not a text file"),
            ("IN051", "mistakes/not-yaml.yaml", 6, 14, "its top level must be a mapping"),
            ("IN051", "mistakes/not-yaml.yaml", 7, 14, "is a dialog, not a block"),
        ]),
        Mistake(file: "mistakes/outside.yaml", expected: [
            ("IN050", "mistakes/outside.yaml", 4, 14, "`../../etc/passwd` leads outside the dialog's folder"),
            ("IN050", "mistakes/outside.yaml", 5, 14, "not a path relative to this file"),
            ("IN050", "mistakes/outside.yaml", 6, 14, "leads outside"),
            ("IN050", "mistakes/outside.yaml", 7, 14, "leads outside"),
            ("IN050", "mistakes/outside.yaml", 8, 14, "names no file"),
        ]),
        Mistake(file: "mistakes/broken-block.yaml", expected: [
            // By position; the question of unknown kind is not reported again where `weakness` is read.
            ("IN013", "mistakes/blocks/broken.yaml", 6, 11, "unknown question kind `yesnoo`"),
            ("IN011", "mistakes/blocks/broken.yaml", 9, 10, "unknown outcome `emergecy`"),
            ("IN120", "mistakes/blocks/broken.yaml", 11, 3, "defines the outcome `emergency` differently"),
            ("IN004", "mistakes/blocks/broken.yaml", 12, 1, "unknown key `dialog_id` in a block"),
        ]),
        Mistake(file: "mistakes/extra-key.yaml", expected: [
            ("IN004", "mistakes/extra-key.yaml", 4, 5, "unknown key `note` in an `include` step"),
            ("IN019", "mistakes/extra-key.yaml", 6, 5, "none of the step keys (found `inclde`)"),
        ]),
        Mistake(file: "mistakes/no-emergency-number.yaml", expected: [
            ("IN053", "mistakes/blocks/needs-number.yaml", 2, 9, "needs the setting `emergency_number`"),
            ("IN053", "mistakes/blocks/needs-number.yaml", 2, 27, "needs the setting `{bad}`"),
            ("IN018", "mistakes/blocks/needs-number.yaml", 4, 10, "`{emergency_number}`"),
        ]),
    ]

    @Test("each include mistake gives its diagnostics, positioned in the file they are in", arguments: mistakes)
    func mistake(_ mistake: Mistake) {
        let file = Self.load(mistake.file)
        #expect(file.result.dialog == nil)
        let found = file.result.diagnostics
        #expect(found.count == mistake.expected.count, "\(found.map(\.description))")
        for (diagnostic, expected) in zip(found, mistake.expected) {
            #expect(diagnostic.code == expected.code, "\(diagnostic)")
            #expect(diagnostic.location.file == Repository.path("\(Self.folder)/\(expected.file)"), "\(diagnostic)")
            #expect(diagnostic.location.line == expected.line && diagnostic.location.column == expected.column, "\(diagnostic)")
            #expect(diagnostic.message.contains(expected.says), "\(diagnostic)")
            // Whatever is in an included file says which `include:` brought it in.
            if expected.file != mistake.file {
                #expect(diagnostic.notes.contains { $0.contains("included at") }, "\(diagnostic)")
            }
        }
        // The excerpt under each diagnostic is the line of the file it is in.
        let report = file.report(includingLint: false).text
        if mistake.file == "mistakes/broken-block.yaml" { #expect(report.contains("6 |     kind: yesnoo")) }
    }

    @Test("one block serves two dialogs; each dialog's settings fill it in")
    func sharedBlock() throws {
        for (name, number) in [("headache.yaml", "112"), ("back-pain.yaml", "911")] {
            let dialog = try #require(Self.load(name).result.dialog, "\(Self.load(name).result.diagnostics)")
            #expect(dialog.questions.map(\.id).prefix(2) == ["weakness", "fever_stiff_neck"])
            #expect(dialog.questions[0].location.file.hasSuffix("include/blocks/red-flags.yaml"))
            #expect(Linter.lint(dialog).isEmpty, "\(Linter.lint(dialog))")
            var session = Session(dialog: dialog)
            _ = session.start()
            _ = session.receive("yes")
            #expect(session.outcome?.id == "emergency")
            #expect(session.outcome?.text.contains("Call \(number)") == true)
        }
        let back = try #require(Self.load("back-pain.yaml").result.dialog)
        #expect(back.settings.first { $0.key == "clinic_name" }?.value == "the clinic")
    }

    @Test("a block is linted and tested on its own, ending in `continue` where a dialog would go on")
    func blockOnItsOwn() throws {
        let file = Self.load("blocks/red-flags.yaml")
        let dialog = try #require(file.result.dialog, "\(file.result.diagnostics)")
        #expect(dialog.outcomes.map(\.id).contains("continue"))
        let results = TranscriptSuite.run(paths: [Repository.path("\(Self.folder)/tests")])
        #expect(results.failedCount == 0 && results.passedCount == 4, "\(results.problems) \(results.results.filter { !$0.passed })")
    }

    @Test("the content hash covers the included text, so a stored session does not resume under a changed block")
    func hashCoversBlocks() throws {
        let dialog = Array("dialog: d\ntitle: T\nflow:\n  - include: b.yaml\n  - end: done\noutcomes:\n  done: {code: self_care, text: Done.}\n".utf8)
        func hash(_ block: String) throws -> String {
            let result = DialogLoader.load(bytes: dialog, file: "d/d.yaml") { path in
                path == "d/b.yaml" ? .bytes(Array(block.utf8)) : .missing
            }
            return try #require(result.dialog, "\(result.diagnostics)").contentHash
        }
        #expect(try hash("block: b\nflow:\n  - say: one\n") != hash("block: b\nflow:\n  - say: two\n"))
        #expect(DialogLoader.load(bytes: dialog, file: "d/d.yaml").errors.first?.code == "IN048")
    }

    @Test("a block that is a link out of the dialog's folder, or a folder, is refused by the loader layer")
    func linkOutside() throws {
        let folder = try TemporaryDirectory()
        let outside = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder.path + "/blocks/dir.yaml", withIntermediateDirectories: true)
        try "block: secret\nflow:\n  - say: outside\n".write(toFile: outside.path + "/secret.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/blocks/link.yaml", withDestinationPath: outside.path + "/secret.yaml")
        let dialog = """
            dialog: d
            title: T
            flow:
              - include: blocks/link.yaml
              - include: blocks/dir.yaml
              - end: done
            outcomes:
              done: {code: self_care, text: Done.}
            """
        try dialog.write(toFile: folder.path + "/d.yaml", atomically: true, encoding: .utf8)
        let file = DialogFile.load(path: folder.path + "/d.yaml")
        #expect(file.result.diagnostics.map(\.code) == ["IN048", "IN048"], "\(file.result.diagnostics)")
        #expect(file.result.diagnostics.first?.message.contains("a link that leads outside the dialog's folder") == true)
        #expect(file.result.diagnostics.last?.message.contains("it is a folder") == true)
    }
}
