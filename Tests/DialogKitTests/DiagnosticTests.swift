// DiagnosticTests: every diagnostic code, each triggered by a bad dialog, with its position.

import DialogKit
import Testing

@Suite("Diagnostics")
struct DiagnosticTests {
    /// (code, dialog text, expected line) — each text triggers the code at that line.
    static let loadErrors: [(String, String, Int)] = [
        ("IN002", "dialog: t\nflow: [\n", 3),
        ("IN003", "   \n\n", 1),
        ("IN003", "- just\n- a list\n", 1),
        ("IN004", Fixtures.source(flow: "  - end: done", extra: "outcomez: {}"), 13),
        ("IN005", "dialog: t\ntitle: T\nflow:\n  - end: done\n", 1),
        ("IN006", Fixtures.source(flow: "  - say: [1, 2]\n  - end: done"), 5),
        ("IN007", Fixtures.source(flow: "  - ask: a\n    kind: yesno\n    text: A?\n  - ask: a\n    kind: yesno\n    text: B?\n  - end: done"), 8),
        ("IN008", Fixtures.source(flow: "  - ask: pain\n    kind: yesno\n    text: A?\n  - if: pian\n    end: done\n  - end: done"), 8),
        ("IN009", Fixtures.source(flow: "  - ask: pain\n    kind: yesno\n    text: A?\n  - if: pain > 3\n    end: done\n  - end: done"), 8),
        ("IN010", Fixtures.source(flow: "  - ask: pain\n    kind: yesno\n    text: A?\n  - if: pain and\n    end: done\n  - end: done"), 8),
        ("IN011", Fixtures.source(flow: "  - end: dnoe"), 5),
        ("IN012", Fixtures.source(flow: "  - goto: nowhere\n  - end: done"), 5),
        ("IN013", Fixtures.source(flow: "  - ask: a\n    kind: yesnoo\n    text: A?\n  - end: done"), 6),
        ("IN014", Fixtures.source(flow: "  - if: " + String(repeating: "[", count: 70) + "\n    end: done"), 5),
        ("IN015", Fixtures.source(flow: "  - if: " + String(repeating: "(", count: 70) + "true" + String(repeating: ")", count: 70) + "\n    end: done\n  - end: done"), 5),
        ("IN016", Fixtures.source(flow: String(repeating: "  - say: hi\n", count: 10_001) + "  - end: done"), 10_005),
        ("IN017", Fixtures.source(flow: "  - ask: n\n    kind: number\n    min: 5\n    max: 1\n    text: N?\n  - end: done"), 5),
        ("IN018", Fixtures.source(flow: "  - say: Hello {nmae}\n  - end: done"), 5),
        ("IN019", Fixtures.source(flow: "  - sya: hello\n  - end: done"), 5),
    ]

    @Test("each load error has its code and line", arguments: loadErrors.indices)
    func loadError(index: Int) {
        let (code, source, line) = Self.loadErrors[index]
        let result = Fixtures.load(source)
        #expect(result.dialog == nil, "a dialog with an error must not load")
        let match = result.diagnostics.first { $0.code == code }
        #expect(match != nil, "expected \(code), got \(result.diagnostics.map(\.description))")
        #expect(match?.location.line == line, "\(code) at \(String(describing: match?.location))")
        #expect(match?.severity == .error)
    }

    @Test func fileErrors() {
        let big = DialogLoader.load(bytes: [UInt8](repeating: UInt8(ascii: "#"), count: DialogLoader.maximumFileSize + 1), file: "big.yaml")
        #expect(big.diagnostics.map(\.code) == ["IN001"])
        #expect(big.diagnostics[0].message.contains("1 MiB"))
        let binary = DialogLoader.load(bytes: [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01], file: "a.out")
        #expect(binary.diagnostics.map(\.code) == ["IN001"])
        #expect(binary.diagnostics[0].message.contains("NUL"))
        let latin1 = DialogLoader.load(bytes: Array("dialog: t\ntitle: caf".utf8) + [0xE9] + Array("\n".utf8), file: "l.yaml")
        #expect(latin1.diagnostics.map(\.code) == ["IN001"])
        #expect(latin1.diagnostics[0].location.line == 2)
        #expect(latin1.diagnostics[0].location.column == 11)
    }

    @Test("unknown keys and names suggest the near miss")
    func didYouMean() {
        let key = Fixtures.load(Fixtures.source(flow: "  - ask: a\n    kind: yesno\n    txet: A?\n  - end: done"))
        #expect(key.diagnostics.contains { $0.code == "IN004" && $0.notes == ["did you mean `text`?"] })
        let name = Fixtures.load(Fixtures.source(flow: "  - ask: location\n    kind: yesno\n    text: A?\n  - if: locaton\n    end: done\n  - end: done"))
        #expect(name.diagnostics.contains { $0.code == "IN008" && $0.notes == ["did you mean `location`?"] })
        let option = Fixtures.load(Fixtures.source(flow: """
              - ask: where
                kind: choice
                text: Where?
                options:
                  - {id: one_side, text: One side}
                  - {id: both_sides, text: Both}
              - if: where == one_sid
                end: done
              - end: done
            """))
        #expect(option.diagnostics.contains { $0.code == "IN008" && $0.notes == ["did you mean `one_side`?"] })
    }

    @Test("a rendered diagnostic shows the source line and a caret under the column")
    func rendering() {
        let source = Fixtures.source(flow: "  - ask: pain\n    kind: yesno\n    text: A?\n  - if: pain > 3\n    end: done\n  - end: done")
        let diagnostic = try! #require(Fixtures.load(source).diagnostics.first)
        let text = diagnostic.rendered(source: source)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("test.yaml:8:"))
        #expect(lines[0].contains("error[IN009]"))
        #expect(lines[2] == "8 |   - if: pain > 3")
        let caret = try! #require(lines[3].firstIndex(of: "^"))
        #expect(lines[3].distance(from: lines[3].startIndex, to: caret) == "8 | ".count + diagnostic.location.column - 1)
    }

    /// (code, dialog text) — each lint finding.
    static let lintFindings: [(String, String)] = [
        ("IN101", Fixtures.source(flow: "  - end: done\n  - say: never shown\n  - end: done")),
        ("IN102", Fixtures.source(flow: "  - end: done")),
        ("IN103", Fixtures.source(flow: "  - ask: a\n    kind: yesno\n    text: A?\n    help: h\n  - if: a\n    end: done")),
        ("IN104", Fixtures.source(flow: """
              - ask: where
                kind: choice
                text: Where?
                help: h
                options:
                  - {id: left, text: Left side, also: [side]}
                  - {id: right, text: Right side, also: [side]}
              - end: done
            """)),
        ("IN105", Fixtures.source(flow: "  - ask: a\n    kind: yesno\n    text: A?\n  - end: done")),
        ("IN106", Fixtures.source(flow: """
              - ask: mild
                kind: yesno
                text: Mild?
                help: h
              - if: mild
                end: done
              - ask: thunderclap
                code: redflag.thunderclap
                kind: yesno
                text: Sudden?
                help: h
              - if: thunderclap
                end: emergency
              - end: done
            """)),
        ("IN107", Fixtures.source(flow: "  - label: again\n  - say: round\n  - goto: again\n  - end: done")),
    ]

    @Test("each lint finding has its code", arguments: lintFindings.indices)
    func lintFinding(index: Int) throws {
        let (code, source) = Self.lintFindings[index]
        let result = Fixtures.load(source)
        let dialog = try #require(result.dialog, "\(result.diagnostics)")
        let findings = Linter.lint(dialog)
        #expect(findings.contains { $0.code == code }, "expected \(code), got \(findings.map(\.description))")
    }

    @Test("IN108: an emergency number the text shows must be set, and not blank")
    func emergencyNumberMustBeSet() throws {
        let flow = "  - say: If you feel very unwell, call {emergency_number}.\n  - end: done"
        for settings in ["settings:\n  emergency_number: \"\"", "settings:\n  emergency_number: \"  \""] {
            let dialog = try #require(Fixtures.load(Fixtures.source(flow: flow) + "\n" + settings).dialog)
            let finding = Linter.lint(dialog).first { $0.code == "IN108" }
            #expect(finding?.severity == .error, "\(settings)")
            #expect(finding?.location.line == 5)
        }
        let set = try #require(Fixtures.load(Fixtures.source(flow: flow) + "\nsettings:\n  emergency_number: \"112\"").dialog)
        #expect(!Linter.lint(set).contains { $0.code == "IN108" })
        // A dialog that never shows the number needs no setting.
        let none = try #require(Fixtures.load(Fixtures.source(flow: "  - say: Hello.\n  - end: done")).dialog)
        #expect(!Linter.lint(none).contains { $0.code == "IN108" })
        // Unset, the text cannot load at all (IN018).
        #expect(Fixtures.load(Fixtures.source(flow: flow)).diagnostics.contains { $0.code == "IN018" })
    }

    @Test("diagnostics are sorted by file, line and column; those at one position keep the order found")
    func sortedByPosition() {
        func at(_ file: String, _ line: Int, _ column: Int, _ problem: DiagnosticCode) -> Diagnostic {
            Diagnostic(problem, "\(file):\(line):\(column)", at: SourceLocation(file: file, line: line, column: column))
        }
        let found = [
            at("b.yaml", 1, 1, .missingHelp), at("a.yaml", 10, 2, .typeMismatch), at("a.yaml", 2, 30, .unknownName),
            at("a.yaml", 10, 2, .missingHelp), at("a.yaml", 2, 4, .unreachableStep), at("a.yaml", 10, 2, .unknownName),
        ]
        let sorted = Diagnostic.sortedByPosition(found)
        #expect(sorted.map(\.message) == ["a.yaml:2:4", "a.yaml:2:30", "a.yaml:10:2", "a.yaml:10:2", "a.yaml:10:2", "b.yaml:1:1"])
        #expect(sorted[2...4].map(\.problem) == [.typeMismatch, .missingHelp, .unknownName])
    }

    @Test("the example dialog lints clean")
    func exampleIsClean() throws {
        #expect(Linter.lint(try Fixtures.example).isEmpty)
    }
}
