// GraphTests: the graph export has the dialog's nodes, colours outcomes by code, dashes what no transcript takes.

import DialogKit
@testable import DialogTesting
import Foundation
import Testing
import TestSupport

@Suite("Graph export")
struct GraphTests {
    @Test("dot: questions, decisions with their conditions, outcomes coloured by code")
    func dot() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let text = GraphRenderer.render(DialogGraph(dialog: dialog), format: .dot)
        #expect(text.hasPrefix("digraph dialog {"))
        for node in ["thunderclap (yesno)", "days (number)", "location (choice)", "if days >= 15", "if thunderclap"] {
            #expect(text.contains(node), "missing \(node)")
        }
        #expect(text.contains("o_emergency [label=\"emergency\""))
        #expect(text.contains("fillcolor=\"#f8d0d0\""))
        #expect(text.contains("-> o_consult [label=\"yes\"]"))
        #expect(!text.contains("dashed"))
    }

    @Test("with coverage, the ways no transcript takes are dashed")
    func coverage() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let graph = DialogGraph(dialog: dialog, transcripts: [try ToolFixtures.transcript(ToolFixtures.weakSuite[0])])
        let uncovered = graph.edges.filter { !$0.covered }.map { "\($0.from)->\($0.to)" }
        #expect(uncovered.contains("d1->q2"))
        #expect(!uncovered.contains("d1->o_emergency"))
        let text = GraphRenderer.render(graph, format: .dot)
        #expect(text.contains("d1 -> q2 [label=\"no\", style=dashed"))
        let mermaid = GraphRenderer.render(graph, format: .mermaid)
        #expect(mermaid.contains("flowchart TD"))
        #expect(mermaid.contains("d1 -.->|no| q2"))
        #expect(mermaid.contains("d1 -->|yes| o_emergency"))
        #expect(mermaid.contains("classDef code_emergency fill:#f8d0d0"))
    }

    @Test("Graphviz renders the dot text to SVG", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")))
    func graphvizRenders() async throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("g.dot")
        let output = folder.appendingPathComponent("g.svg")
        try Data(GraphRenderer.render(DialogGraph(dialog: dialog), format: .dot).utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        process.arguments = ["-Tsvg", "-o", output.path, input.path]
        try process.run()
        await process.exited()
        #expect(process.terminationStatus == 0)
        let svg = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("thunderclap"))
    }

    /// Issue 17: the colour was chosen by the code alone, so a `crisis_line` outcome was grey.
    @Test("outcomes are coloured by their level, whatever their code; a path check reads `level == emergency`")
    func levels() throws {
        let source = """
            dialog: t
            title: T
            flow:
              - ask: harm
                kind: yesno
                unsure: yes
                text: Are you thinking of harming yourself?
                help: Yes or no.
              - if: harm
                end: crisis_line
              - end: home
            outcomes:
              crisis_line:
                code: crisis
                level: emergency
                text: Call the crisis line now.
              home:
                code: home_advice
                level: self_care
                text: Rest.
            checks:
              - name: thoughts of harm always reach an emergency
                if: harm
                then: level == emergency
            """
        let dialog = try ToolFixtures.dialog(source)
        #expect(GraphRenderer.colours(forLevel: .emergency, code: "crisis") == ("#f8d0d0", "#b00020"))
        let text = GraphRenderer.render(DialogGraph(dialog: dialog), format: .dot)
        let crisis = try #require(text.split(separator: "\n").first { $0.contains("o_crisis_line [") })
        #expect(crisis.contains("fillcolor=\"#f8d0d0\""), "\(crisis)")
        let home = try #require(text.split(separator: "\n").first { $0.contains("o_home [") })
        #expect(home.contains("fillcolor=\"#d7f0d7\""), "\(home)")
        let report = PathChecker.check(dialog)
        #expect(report.passed, "\(report.text)")
        let wrong = try ToolFixtures.dialog(source.replacingOccurrences(of: "level: emergency", with: "level: urgent"))
        #expect(!PathChecker.check(wrong).passed, "the check fails when the crisis line is not an emergency")
    }
}

@Suite("Path checker and whole numbers")
struct WholeNumberPathTests {
    /// A scale takes whole numbers only: the checker must try 3 and 4 around `pain > 3.5`, never 3.5.
    @Test("at a whole-number question the checker tries the whole numbers around each threshold")
    func wholeNumbersTried() throws {
        let source = """
            dialog: t
            title: T
            flow:
              - ask: pain
                kind: scale
                text: How bad?
                help: 0 to 10.
              - if: pain > 3.5
                end: consult
              - end: self_care
            outcomes:
              consult: {code: consult, text: Call us.}
              self_care: {code: self_care, text: Rest.}
            checks:
              - name: a 4 is seen
                if: pain == 4
                then: outcome == consult
              - name: only whole numbers are tried
                then: pain != 3.5
            """
        let report = PathChecker.check(try ToolFixtures.dialog(source))
        #expect(report.passed, "\(report.text)")
        #expect(report.outcomesReached == ["consult", "self_care"])
    }
}
