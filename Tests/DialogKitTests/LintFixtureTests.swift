// LintFixtureTests: dialogs that load but that lint once judged wrongly (Data/lint/*.yaml), each with every diagnostic it must give.

import DialogKit
import Foundation
import TestSupport
import Testing

@Suite("Lint fixtures")
struct LintFixtureTests {
    static let folder = Repository.root.appendingPathComponent("Tests/DialogKitTests/Data/lint")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test("the folder has the cases") func folderIsFound() {
        #expect(Self.files.count >= 3, "\(Self.folder.path)")
    }

    /// Each file ends with `# expect:` lines as in Data/malformed, or `# expect: nothing` for a file
    /// that must give no diagnostic at all.
    @Test("each dialog gives exactly its diagnostics, sorted by position", arguments: files)
    func fixture(file: String) throws {
        let source = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
        var expected = MalformedDialogTests.expectations(in: source)
        #expect(!expected.isEmpty, "\(file) says what it must report")
        if expected == ["nothing"] { expected = [] }
        let actual = MalformedDialogTests.diagnostics(source: source, file: file).flatMap(MalformedDialogTests.lines)
        #expect(actual == expected, "\(file):\n\(actual.joined(separator: "\n"))")
    }
}
