// JUnitReportTests: the JUnit XML is well-formed, counts right, and carries each failure's text.

import DialogKit
@testable import DialogTesting
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("JUnit XML")
struct JUnitReportTests {
    /// Counts elements and keeps the `failure` texts while parsing; any XML error is kept.
    final class Reader: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var attributes: [String: [String: String]] = [:]
        var failureText = ""
        var inFailure = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            elements[name, default: 0] += 1
            self.attributes[name] = attributes
            inFailure = name == "failure"
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inFailure { failureText += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "failure" { inFailure = false }
        }
    }

    @Test("passing, failing and unrunnable transcripts: well-formed XML with the right counts")
    func wellFormed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString)")
        let tests = folder.appendingPathComponent("tests/headache")
        try FileManager.default.createDirectory(at: tests, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(ToolFixtures.headache().utf8).write(to: folder.appendingPathComponent("headache.yaml"))
        try Data(ToolFixtures.weakSuite[0].utf8).write(to: tests.appendingPathComponent("pass.transcript"))
        try Data("> no\n> 3\n> 1\nsays <b>&\"odd\" \u{1}text\noutcome consult\n".utf8).write(to: tests.appendingPathComponent("fail.transcript"))
        try Data("asks nothing\n".utf8).write(to: tests.appendingPathComponent("broken.transcript"))
        let suite = TranscriptSuite.run(paths: [folder.path])
        let xml = JUnitReport.xml(for: suite, seconds: 0.25)

        let reader = Reader()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "\(String(describing: parser.parserError))\n\(xml)")
        #expect(reader.elements["testsuites"] == 1)
        #expect(reader.elements["testcase"] == 3)
        #expect(reader.elements["failure"] == 1)
        #expect(reader.elements["error"] == 1)
        #expect(reader.attributes["testsuites"]?["tests"] == "3")
        #expect(reader.attributes["testsuites"]?["failures"] == "1")
        #expect(reader.attributes["testsuites"]?["errors"] == "1")
        #expect(reader.failureText.contains("expected the bot to say \"<b>&\"odd\" text\""))
    }
}
