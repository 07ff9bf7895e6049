// Diagnostic: an error or warning about a dialog, with its code, position and a source excerpt.

/// An error or warning found while loading or linting a dialog.
/// Rendered as `file:line:column: error[IN012]: message`, the source line, a caret, and notes.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable { case error, warning }

    /// The problem, from the catalog (`DiagnosticCode`), which gives the code and the severity.
    public var problem: DiagnosticCode
    public var message: String
    public var location: SourceLocation
    /// Extra lines, such as "did you mean `location`?".
    public var notes: [String]

    public init(_ problem: DiagnosticCode, _ message: String, at location: SourceLocation, notes: [String] = []) {
        self.problem = problem
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// A stable code such as `IN012`; docs/dialog-language.md lists them all.
    public var code: String { problem.rawValue }

    /// Error or warning, as the catalog has it for the code.
    public var severity: Severity { problem.severity }

    public var description: String {
        "\(location): \(severity.rawValue)[\(code)]: \(message)"
    }

    /// The full report: the headline, the source line with a caret under the column, and the notes.
    public func rendered(source: String?) -> String {
        var out = description + "\n"
        if let source, location.line > 0 {
            var lineNumber = 1
            var found: Substring?
            for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
                if lineNumber == location.line {
                    found = line
                    break
                }
                lineNumber += 1
            }
            if let found {
                let gutter = String(location.line)
                let text = String(found).replacingTabs()
                out += "\(String(repeating: " ", count: gutter.count)) |\n"
                out += "\(gutter) | \(text)\n"
                let caretColumn = Swift.max(0, Swift.min(location.column - 1, text.count))
                out += "\(String(repeating: " ", count: gutter.count)) | \(String(repeating: " ", count: caretColumn))^\n"
            }
        }
        for note in notes {
            out += "  = \(note)\n"
        }
        return out
    }
}

extension Diagnostic {
    /// Diagnostics in the order a reader meets them in the files: by file, line and column, and in the
    /// order found where two share a position (errors and warnings side by side).
    public static func sortedByPosition(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (left, right) = (a.element.location, b.element.location)
            return (left.file, left.line, left.column, a.offset) < (right.file, right.line, right.column, b.offset)
        }.map(\.element)
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}

/// "Did you mean": the closest candidate within a small edit distance.
public enum NearMiss {
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let limit = Swift.max(1, name.count / 3)
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(name.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// Edit distance counting an insertion, a deletion, a substitution or a swap of neighbours as one
    /// (optimal string alignment): "txet" is one edit from "text".
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = Swift.min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = Swift.min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
