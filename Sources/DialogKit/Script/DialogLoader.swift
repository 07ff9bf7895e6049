// DialogLoader: bytes of a dialog file to a compiled Dialog, or diagnostics saying what is wrong and where.

import Yams

/// Loads dialogs from their text. Pure: reading the file is the caller's job.
public enum DialogLoader {
    /// The result of loading: the dialog when there were no errors, and every diagnostic found.
    public struct Result: Sendable {
        public var dialog: Dialog?
        public var diagnostics: [Diagnostic]
        /// The files `include:` read, each with where it was first included.
        public var includedFiles: [(path: String, includedAt: SourceLocation)] = []

        /// For a dialog with errors, the lint warnings that need no compiled program (`Linter.questionWarnings`).
        public var warningsBesideErrors: [Diagnostic]

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

        /// Everything `intake lint` reports: loading's diagnostics and lint's (all of lint for a dialog
        /// that loads, what lint can say without the program for one that does not), by position, each
        /// in an included block with the note naming its `include:`.
        public var lintReport: [Diagnostic] {
            Diagnostic.sortedByPosition(diagnostics + namingIncludes(dialog.map(Linter.lint) ?? warningsBesideErrors))
        }

        /// Diagnostics found later (lint) with the note that names the `include:` of a block they are in.
        public func namingIncludes(_ found: [Diagnostic]) -> [Diagnostic] {
            DialogCompiler.namingIncludes(found, includedFiles)
        }

        public init(dialog: Dialog?, diagnostics: [Diagnostic], warningsBesideErrors: [Diagnostic] = []) {
            self.dialog = dialog
            self.diagnostics = diagnostics
            self.warningsBesideErrors = warningsBesideErrors
        }
    }

    /// Larger files are refused before parsing.
    public static let maximumFileSize = 1 << 20
    /// Deeper nesting of `when` blocks (and of YAML flow collections) is refused.
    public static let maximumNesting = 64
    /// More steps than this are refused.
    public static let maximumSteps = 10_000

    /// Loads a dialog from the bytes of its file; `file` is the name diagnostics give.
    public static func load(bytes: [UInt8], file: String) -> Result {
        load(bytes: bytes, file: file, includes: nil)
    }

    /// Loads a dialog whose `include:` steps name other files: `includes` is asked for the text of each
    /// (by its path, relative to the dialog's as `file` is written, never outside the dialog's folder),
    /// so that reading files stays the caller's. `Result.includedFiles` lists what was read.
    public static func load(bytes: [UInt8], file: String, includes: ((String) -> IncludedText)?) -> Result {
        let start = SourceLocation(file: file, line: 1, column: 1)
        func failure(_ code: DiagnosticCode, _ message: String, at location: SourceLocation = start, notes: [String] = []) -> Result {
            Result(dialog: nil, diagnostics: [Diagnostic(code, message, at: location, notes: notes)])
        }
        if bytes.count > maximumFileSize {
            return failure(.unreadableFile, "the file is \(bytes.count) bytes; a dialog may be at most \(maximumFileSize) bytes (1 MiB)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            return failure(.unreadableFile, "this is not a text file (it contains a NUL byte)", at: position(ofByte: nul, in: bytes, file: file))
        }
        guard let source = String(validating: bytes, as: UTF8.self) else {
            let bad = firstInvalidUTF8(bytes)
            return failure(.unreadableFile, "the file is not UTF-8 text", at: position(ofByte: bad, in: bytes, file: file))
        }
        if source.allSatisfy(\.isWhitespace) {
            return failure(.notADialog, "the file is empty; a dialog needs at least `dialog`, `flow` and `outcomes`")
        }
        if let (offset, depth) = flowNestingBeyondLimit(bytes) {
            return failure(.nestedTooDeep, "brackets are nested \(depth) deep; the limit is \(maximumNesting)",
                at: position(ofByte: offset, in: bytes, file: file))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: source)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            let first = SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
            return Result(dialog: nil, diagnostics: [duplicateKey(duplicates, first: first, in: source)])
        } catch let error as YamlError {
            return failure(.invalidYAML, yamlMessage(error), at: yamlLocation(error, file: file) ?? start)
        } catch {
            return failure(.invalidYAML, "the file is not valid YAML: \(error)")
        }
        guard let root else {
            return failure(.notADialog, "the file holds no YAML document")
        }
        guard case .mapping(let mapping) = root else {
            return failure(.notADialog, "the top level of a dialog must be a mapping (`dialog:`, `flow:`, `outcomes:`, ...)",
                at: root.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? start)
        }
        let compiled = DialogCompiler.compile(mapping, source: source, file: file, bytes: bytes, includes: includes)
        var result = Result(dialog: compiled.dialog, diagnostics: compiled.diagnostics, warningsBesideErrors: compiled.warningsBesideErrors)
        result.includedFiles = compiled.includedFiles
        return result
    }

    /// Loads a dialog from text.
    public static func load(source: String, file: String) -> Result {
        load(bytes: Array(source.utf8), file: file)
    }

    private static func position(ofByte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes[..<Swift.min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            guard length > 0, index + length <= bytes.count,
                String(validating: bytes[index..<index + length], as: UTF8.self) != nil
            else { return index }
            index += length
        }
        return index
    }

    /// YAML flow collections (`[[[...]]]`) nested beyond the limit, found before the parser recurses into them.
    private static func flowNestingBeyondLimit(_ bytes: [UInt8]) -> (Int, Int)? {
        var depth = 0
        var inQuote: UInt8?
        var inComment = false
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                inComment = false
                depth = Swift.max(0, depth)
                continue
            }
            if inComment { continue }
            if let quote = inQuote {
                if byte == quote { inQuote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "#"): inComment = true
            case UInt8(ascii: "\""): inQuote = byte
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumNesting { return (offset, depth) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }

    /// A key written twice in one mapping, which YAML refuses before the reader sees it: said at the
    /// second one, with where the first is, as for a question defined twice. Yams gives the first key's
    /// position only; the second is the next line at the same indentation that holds the same key,
    /// before the mapping ends (or the same key further on the line, in a `{...}` mapping).
    static func duplicateKey(_ keys: [String], first: SourceLocation, in source: String) -> Diagnostic {
        let key = keys.first ?? ""
        let lines = source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(Array.init)
        let indent = first.column - 1
        var second: SourceLocation?
        func holdsKey(_ text: ArraySlice<Character>) -> Bool {
            var rest = Substring(String(text))
            for quote in ["\"", "'"] where rest.hasPrefix(quote) && rest.dropFirst().hasPrefix(key + quote) {
                rest = rest.dropFirst(key.count + 2)
                return rest.drop(while: { $0 == " " }).first == ":"
            }
            guard rest.hasPrefix(key) else { return false }
            return rest.dropFirst(key.count).drop(while: { $0 == " " }).first == ":"
        }
        if first.line >= 1, first.line <= lines.count {
            let line = lines[first.line - 1]
            // In a flow mapping the second key follows a `,` on the same line.
            var column = indent + key.count
            while column < line.count, second == nil {
                if line[column] == "," || line[column] == "{" {
                    var start = column + 1
                    while start < line.count, line[start] == " " { start += 1 }
                    if start < line.count, holdsKey(line[start...]) { second = SourceLocation(file: first.file, line: first.line, column: start + 1) }
                }
                column += 1
            }
            var number = first.line
            while second == nil, number < lines.count {
                let line = lines[number]
                number += 1
                let spaces = line.prefix(while: { $0 == " " }).count
                if spaces == line.count || line[spaces] == "#" { continue }
                if spaces < indent { break }
                if spaces == indent, holdsKey(line[spaces...]) { second = SourceLocation(file: first.file, line: number, column: spaces + 1) }
            }
        }
        // The mapping's own key, for a message that names what is twice: the nearest line above that is less indented.
        var parent: String?
        var number = first.line - 1
        let startsItsLine = first.line >= 1 && first.line <= lines.count && lines[first.line - 1].prefix(indent).allSatisfy { $0 == " " || $0 == "-" }
        while startsItsLine, number >= 1, number <= lines.count {
            let line = lines[number - 1]
            number -= 1
            let spaces = line.prefix(while: { $0 == " " }).count
            if spaces == line.count || line[spaces] == "#" { continue }
            if spaces < indent {
                if spaces == 0 { parent = String(line).split(separator: ":").first.map(String.init) }
                break
            }
        }
        let what = switch parent {
        case "outcomes": "the outcome `\(key)` is defined twice"
        case "settings": "the setting `\(key)` is set twice"
        default: "the key `\(key)` appears twice in one mapping"
        }
        var notes = ["first defined at \(first)"]
        if keys.count > 1 { notes.append("also twice in this mapping: \(keys.dropFirst().joined(separator: ", "))") }
        return Diagnostic(.invalidYAML, what, at: second ?? first, notes: notes)
    }

    /// A YAML error's message and position, for an included file as for the dialog's own.
    static func describe(_ error: YamlError, file: String) -> (String, SourceLocation?) {
        (yamlMessage(error), yamlLocation(error, file: file))
    }

    private static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            let context = context.map { "\($0.text) " } ?? ""
            return "the file is not valid YAML: \(context)\(problem)"
        case .reader(let problem, _, _, _):
            return "the file cannot be read as YAML: \(problem)"
        default:
            return "the file is not valid YAML: \(error)"
        }
    }

    private static func yamlLocation(_ error: YamlError, file: String) -> SourceLocation? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        default:
            return nil
        }
    }
}
