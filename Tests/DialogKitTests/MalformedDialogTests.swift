// MalformedDialogTests: what a careless author writes (Data/malformed/*.yaml), each file with the diagnostics it must give.

import DialogKit
import Foundation
import TestSupport
import Testing

@Suite("Malformed dialogs")
struct MalformedDialogTests {
    static let folder = Repository.root.appendingPathComponent("Tests/DialogKitTests/Data/malformed")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    /// A diagnostic as the files' `# expect:` lines write it: `line:column: severity[CODE]: message`,
    /// then each note as `  = note` (the column is where the caret goes).
    static func lines(_ diagnostic: Diagnostic) -> [String] {
        let location = diagnostic.location
        return ["\(location.line):\(location.column): \(diagnostic.severity.rawValue)[\(diagnostic.code)]: \(diagnostic.message)"]
            + diagnostic.notes.map { "  = \($0)" }
    }

    /// The expectations at the end of a file: `# expect: ...` lines, each followed by its `#   = note` lines.
    static func expectations(in source: String) -> [String] {
        source.split(separator: "\n").compactMap { line -> String? in
            if line.hasPrefix("# expect: ") { return String(line.dropFirst("# expect: ".count)) }
            if line.hasPrefix("#   = ") { return "  " + line.dropFirst("#   ".count) }
            return nil
        }
    }

    /// What `intake lint` reports for a file: loading's diagnostics and lint's, in the one order it prints.
    static func diagnostics(source: String, file: String) -> [Diagnostic] {
        DialogLoader.load(source: source, file: file).lintReport
    }

    @Test("the folder has the cases") func folderIsFound() {
        #expect(Self.files.count >= 10, "\(Self.folder.path)")
    }

    @Test("each malformed dialog gives exactly its diagnostics, in order", arguments: files)
    func malformed(file: String) throws {
        let source = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
        let expected = Self.expectations(in: source)
        #expect(!expected.isEmpty, "\(file) says what it must report")
        let result = DialogLoader.load(source: source, file: file)
        let actual = Self.diagnostics(source: source, file: file).flatMap(Self.lines)
        #expect(actual == expected, "\(file):\n\(actual.joined(separator: "\n"))")
        if expected.contains(where: { $0.contains(": error[") }) { #expect(result.dialog == nil, "\(file) must not load") }
    }

    /// Issue 16: the message once said "`later` is used before the flow computes it" under `bogus`,
    /// because every unknown name was rewritten after the fact when a later `let` appeared in the text.
    @Test("an unknown option beside a later `let` is reported as the unknown option, at it")
    func unknownOptionBesideLaterLet() throws {
        let file = "issue-16-unknown-option-before-later-let.yaml"
        let source = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
        let diagnostics = DialogLoader.load(source: source, file: file).diagnostics
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostic.problem == .unknownName)
        #expect(diagnostic.message == "`pain` has no option `bogus`")
        #expect(!diagnostics.contains { $0.message.contains("later") || $0.problem == .usedBeforeComputed })
        let rendered = diagnostic.rendered(source: source).split(separator: "\n").map(String.init)
        #expect(rendered[2] == "13 |   - if: pain has bogus and later > 3")
        let caret = try #require(rendered[3].firstIndex(of: "^"))
        let bogus = try #require(rendered[2].range(of: "bogus"))
        #expect(rendered[3].distance(from: rendered[3].startIndex, to: caret) == rendered[2].distance(from: rendered[2].startIndex, to: bogus.lowerBound))
    }

    @Test("a `let` used before its step is reported by the type checker, with where the value is computed")
    func usedBeforeComputed() throws {
        let source = Fixtures.source(flow: """
              - ask: days
                kind: number
                text: Days?
              - if: later > 3
                end: done
              - let: later
                be: days * 2
              - end: done
            """)
        let diagnostics = Fixtures.load(source).diagnostics
        #expect(diagnostics.map(\.problem) == [.usedBeforeComputed])
        #expect(diagnostics.first?.message == "`later` is used before the flow computes it")
        #expect(diagnostics.first?.location == SourceLocation(file: "test.yaml", line: 8, column: 9))
        #expect(diagnostics.first?.notes == ["`let later` is at test.yaml:10:5"])
    }

    @Test("a multi question with more than 64 options")
    func tooManyOptions() {
        let options = (0...64).map { "      - {id: o\($0), text: Option \($0)}" }.joined(separator: "\n")
        let result = Fixtures.load(Fixtures.source(flow: "  - ask: m\n    kind: multi\n    text: M?\n    options:\n\(options)\n  - end: done"))
        #expect(result.diagnostics.map(\.problem) == [.tooManyOptions])
        #expect(result.diagnostics.first?.location.line == 5)
    }
}
