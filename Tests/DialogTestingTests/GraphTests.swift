// GraphTests: the graph export has the dialog's nodes, colours outcomes by code, dashes what no transcript takes.

import DialogKit
@testable import DialogTesting
import Foundation
import Testing

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
    func graphvizRenders() throws {
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
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let svg = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("thunderclap"))
    }
}
