// DiagnosticCatalogTests: the catalog of codes is the one docs/dialog-language.md lists, and the only place codes are written.

import DialogKit
import Foundation
import TestSupport
import Testing

@Suite("Diagnostic catalog")
struct DiagnosticCatalogTests {
    @Test("docs/dialog-language.md lists exactly the catalog")
    func documentationMatchesCatalog() throws {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("docs/dialog-language.md"), encoding: .utf8)
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "| code | severity | meaning |"), "the Diagnostics table's header")
        let table = lines[start...].prefix { $0.hasPrefix("|") }.joined(separator: "\n")
        #expect(table == DiagnosticCode.documentationTable, "paste this table into docs/dialog-language.md:\n\(DiagnosticCode.documentationTable)")
    }

    @Test("codes are listed in order, load errors before lint findings")
    func codesAreInOrder() {
        let codes = DiagnosticCode.allCases.map(\.code)
        #expect(codes == codes.sorted())
        for code in DiagnosticCode.allCases where code.code < "IN100" {
            #expect(code.severity == .error, "\(code.code): a load problem keeps the dialog from loading")
        }
        #expect(DiagnosticCode.allCases.allSatisfy { !$0.meaning.isEmpty && !$0.meaning.contains("\n") })
    }

    @Test("a diagnostic takes its code and severity from the catalog")
    func diagnosticUsesTheCatalog() {
        let diagnostic = Diagnostic(.missingHelp, "the question `a` has no `help`", at: .unknown)
        #expect(diagnostic.code == "IN105")
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.description == "<none>:0:0: warning[IN105]: the question `a` has no `help`")
    }

    @Test("no source file but the catalog writes a diagnostic code as a string")
    func noCodeLiteralsOutsideTheCatalog() throws {
        let sources = Repository.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var offenders: [String] = []
        var count = 0
        for case let url as URL in files where url.pathExtension == "swift" && url.lastPathComponent != "DiagnosticCode.swift" {
            count += 1
            let text = try String(contentsOf: url, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(/"IN[0-9]{3}/) {
                offenders.append("\(url.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(count > 50, "the Sources folder was found")
        #expect(offenders.isEmpty, "use a DiagnosticCode case:\n\(offenders.joined(separator: "\n"))")
    }
}
