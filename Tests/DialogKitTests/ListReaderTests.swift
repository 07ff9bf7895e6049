// ListReaderTests: the list reader's byte path agrees with its Character path on every corpus line.

import Foundation
import Testing

@testable import DialogKit
import TestSupport

@Suite("List reading")
struct ListReaderTests {
    /// Every typed answer of the repository's answer corpora.
    static func corpusLines() throws -> [String] {
        let folder = Repository.root.appendingPathComponent("Dialogs/tests")
        var lines: [String] = []
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) ?? .init()
        where url.pathExtension == "answers" {
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                guard let arrow = line.range(of: " => ", options: .backwards) else { continue }
                lines.append(String(line[..<arrow.lowerBound]))
            }
        }
        return lines
    }

    @Test("ASCII lines are cut into the same tokens on bytes as on Characters")
    func byteAndCharacterTokensAgree() throws {
        let lines = try Self.corpusLines() + ["Nausea, NO vomiting!", "a/b;c&d+e", "'quoted' - dash -", "x.y. z.", "...", ""]
        #expect(lines.count > 1_000)
        for line in lines where line.utf8.allSatisfy({ $0 < 0x80 }) {
            #expect(ListReader.tokenize(line) == ListReader.tokenizeCharacters(line), "\(line)")
        }
    }
}
