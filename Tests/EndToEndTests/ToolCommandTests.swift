// ToolCommandTests: the dialog authors' tools through the built binary: check, graph, chat --record,
// and the coverage, JUnit and mutation outputs of test.

import Foundation
import Testing
import TestSupport

@Suite("intake check, graph, chat --record and test reports (built binary)")
struct ToolCommandTests {
    static let plantedViolation = """
        dialog: planted
        title: Planted
        flow:
          - ask: thunderclap
            code: redflag.thunderclap
            kind: yesno
            text: Did a headache reach its worst within a minute?
          - if: thunderclap
            end: consult
          - end: consult
        outcomes:
          consult: {code: consult, text: Please book.}
          emergency: {code: emergency, text: Call now.}
        checks:
          - name: a red flag always ends in emergency
            if: thunderclap
            then: outcome == emergency
        """

    @Test("check proves the shipped dialogs and exits 0")
    func checkShipped() async throws {
        let result = try await IntakeBinary.run(["check", "Dialogs/example.yaml"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("explored every path"))
        #expect(result.stdout.contains("Dialogs/example.yaml: no violations"))
    }

    @Test("check exits 1 on a planted violation and prints the counter-example transcript")
    func checkViolation() async throws {
        let path = try IntakeBinary.temporaryFile(Self.plantedViolation)
        let result = try await IntakeBinary.run(["check", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("error: the check \"a red flag always ends in emergency\" fails"))
        #expect(result.stdout.contains("    ask thunderclap\n    > yes\n    outcome consult\n"))
    }

    @Test("check refuses a file that does not load, and bad options, with a message")
    func checkBadInput() async throws {
        let missing = try await IntakeBinary.run(["check", "/nonexistent.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("does not load"))
        let options = try await IntakeBinary.run(["check", "--max-states", "0", "Dialogs/example.yaml"])
        #expect(options.status != 0)
        #expect(options.stderr.contains("--max-states must be at least 1"))
    }

    @Test("chat --record writes a transcript that test passes as it stands")
    func recordRoundTrip() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("session.transcript").path
        let chat = try await IntakeBinary.run(
            ["chat", "--dialog", "Dialogs/example.yaml", "--record", file], stdin: "no\nlower back\nmaybe\n2 weeks\n3\nnone\nhelp\nskip\n".data)
        #expect(chat.status == 0, "\(chat.stdout)\(chat.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("> maybe\nretry\n"))
        #expect(text.contains("outcome self_care"))
        let test = try await IntakeBinary.run(["test", file])
        #expect(test.status == 0, "\(test.stdout)\n\(text)")
        #expect(test.stdout.contains("1 passed, 0 failed"))
    }

    @Test("graph writes dot that Graphviz renders, and Mermaid")
    func graph() async throws {
        let dot = try await IntakeBinary.run(["graph", "Dialogs/example.yaml", "--coverage", "Dialogs/tests/example"])
        #expect(dot.status == 0)
        #expect(dot.stdout.contains("saddle_numbness (yesno)"))
        #expect(dot.stdout.contains("o_see_doctor"))
        let mermaid = try await IntakeBinary.run(["graph", "Dialogs/example.yaml", "--format", "mermaid"])
        #expect(mermaid.stdout.contains("flowchart TD"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") else { return }
        let input = try IntakeBinary.temporaryFile(dot.stdout, name: "g.dot")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        process.arguments = ["-Tsvg", "-o", input + ".svg", input]
        try process.run()
        await process.exited()
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOfFile: input + ".svg", encoding: .utf8).contains("<svg"))
    }

    @Test("test --coverage, --coverage-json and --junit write their reports")
    func reports() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("coverage.json").path
        let junit = folder.appendingPathComponent("junit.xml").path
        let result = try await IntakeBinary.run(["test", "Dialogs/tests/example", "--coverage", "--coverage-json", json, "--junit", junit])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("coverage by"))
        #expect(result.stdout.contains("threshold bands"))
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect((decoded?["dialogs"] as? [Any])?.count == 1)
        #expect(try String(contentsOfFile: junit, encoding: .utf8).contains("<testsuites name=\"intake test\""))
    }
}
