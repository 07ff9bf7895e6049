// SourceLocation: file, line and column of a node in a dialog file.

/// Where something stands in a dialog file (lines and columns from 1).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// For things made in code rather than read from a file.
    public static let unknown = SourceLocation(file: "<none>", line: 0, column: 0)

    public var description: String { "\(file):\(line):\(column)" }
}
