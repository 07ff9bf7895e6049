// POFile: reads a gettext PO file (what Poedit and the gettext tools write) into its entries.

/// A PO file as read: the header's fields and one entry per translated text. Only what a dialog's
/// translation uses is accepted; plural forms, which no dialog text has, are refused by name.
public struct POFile: Sendable {
    /// One entry: `msgctxt` (the text's id), `msgid` (the English it translated), `msgstr`.
    public struct Entry: Sendable, Equatable {
        public var context: String?
        public var source: String
        public var translation: String
        /// `#, fuzzy`: the translator (or a merge) marked the translation as not yet right.
        public var isFuzzy: Bool
        public var location: SourceLocation
        /// The translator's own comments before it (`# ...`, without the `# `): kept when the file is
        /// extracted again, as gettext's msgmerge keeps them.
        public var translatorComments: [String] = []
    }

    public var entries: [Entry] = []
    /// The header's fields (`Language`, `Content-Type`, ...), from the entry whose msgid is empty.
    public var header: [String: String] = [:]
    /// The translator's comments at the top of the file, before the header (a glossary, who reviewed it).
    public var headerComments: [String] = []
    /// Why the file cannot be read (IN054), at the first place it cannot; the entries before it are kept.
    public var diagnostics: [Diagnostic] = []

    /// Larger files are refused: a dialog's texts are far smaller.
    public static let maximumSize = 4 << 20

    /// Reads the bytes of a PO file; `file` is the name diagnostics give.
    public init(bytes: [UInt8], file: String) {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard bytes.count <= Self.maximumSize else {
            diagnostics.append(Diagnostic(.unreadableTranslation, "the file is \(bytes.count) bytes; a translation may be at most \(Self.maximumSize) bytes", at: start))
            return
        }
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            diagnostics.append(Diagnostic(.unreadableTranslation, "the file is not UTF-8 text", at: start,
                notes: ["save it as UTF-8 (Poedit does; `msgconv --to-code=UTF-8` converts it)"]))
            return
        }
        var reader = Reader(file: file)
        // "\r\n" is one Character in Swift, so a file saved with Windows line ends is split on both.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            reader.read(line, number: index + 1)
            if !reader.diagnostics.isEmpty { break }
        }
        if reader.diagnostics.isEmpty { reader.finishEntry() }
        diagnostics = reader.diagnostics
        for entry in reader.entries {
            if entry.context == nil, entry.source.isEmpty {
                headerComments = entry.translatorComments
                for field in entry.translation.split(separator: "\n") {
                    guard let colon = field.firstIndex(of: ":") else { continue }
                    header[String(field[..<colon])] = String(field[field.index(after: colon)...].drop { $0 == " " })
                }
            } else {
                entries.append(entry)
            }
        }
        let contentType = header["Content-Type"]?.split(separator: ";").map { $0.drop { $0 == " " } } ?? []
        if let charset = contentType.first(where: { $0.hasPrefix("charset=") })?.dropFirst("charset=".count).prefix(while: { $0 != " " }) {
            if charset.lowercased() != "utf-8" {
                diagnostics.append(Diagnostic(.unreadableTranslation, "the file says its charset is \(charset); a translation must be UTF-8", at: start))
            }
        }
    }

    /// The line-by-line reading: keywords, continued strings, comments.
    private struct Reader {
        let file: String
        var entries: [Entry] = []
        var diagnostics: [Diagnostic] = []
        private var context: String?
        private var source: String?
        private var translation: String?
        private var isFuzzy = false
        private var comments: [String] = []
        private var entryLine = 0
        /// The field that continued lines (`"..."` alone on a line) add to.
        private var field: Field?
        private enum Field { case context, source, translation }

        init(file: String) { self.file = file }

        mutating func read(_ line: Substring, number: Int) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { return }
            if trimmed.hasPrefix("#") {
                // A comment after a msgstr begins the next entry. Obsolete entries (`#~`) are comments too.
                if translation != nil { finishEntry() }
                // `#` alone or `# text`: the translator's comment; `#.`, `#:`, `#,`, `#|` and `#~` are the tools'.
                if trimmed == "#" || trimmed.hasPrefix("# ") { comments.append(String(trimmed.dropFirst(2))) }
                if trimmed.hasPrefix("#,"), trimmed.dropFirst(2).split(separator: ",").contains(where: { $0.filter { $0 != " " } == "fuzzy" }) {
                    isFuzzy = true
                }
                return
            }
            if trimmed.hasPrefix("\"") {
                guard let value = string(trimmed, line: number) else { return }
                switch field {
                case .context: context? += value
                case .source: source? += value
                case .translation: translation? += value
                case nil: fail("a string with no msgctxt, msgid or msgstr before it", line: number)
                }
                return
            }
            let keyword = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "\"" }
            let rest = trimmed.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }
            if keyword == "msgid_plural" || keyword.hasPrefix("msgstr[") {
                return fail("plural forms (\(keyword)): no text of a dialog has them", line: number)
            }
            switch keyword {
            case "msgctxt":
                if translation != nil || source != nil { finishEntry() }
                guard context == nil else { return fail("a second msgctxt in one entry", line: number) }
                entryLine = number
                context = string(rest, line: number)
                field = .context
            case "msgid":
                if translation != nil { finishEntry() }
                guard source == nil else { return fail("a second msgid in one entry", line: number) }
                if context == nil { entryLine = number }
                source = string(rest, line: number)
                field = .source
            case "msgstr":
                guard source != nil else { return fail("msgstr without a msgid before it", line: number) }
                guard translation == nil else { return fail("a second msgstr in one entry", line: number) }
                translation = string(rest, line: number)
                field = .translation
            default:
                fail("`\(keyword.prefix(40))` is not a PO keyword (msgctxt, msgid, msgstr)", line: number)
            }
        }

        mutating func finishEntry() {
            if let source {
                guard let translation else { return fail("the entry has a msgid but no msgstr", line: entryLine) }
                entries.append(Entry(context: context, source: source, translation: translation, isFuzzy: isFuzzy,
                    location: SourceLocation(file: file, line: entryLine, column: 1), translatorComments: comments))
            } else if context != nil {
                return fail("a msgctxt with no msgid after it", line: entryLine)
            }
            context = nil
            source = nil
            translation = nil
            isFuzzy = false
            comments = []
            field = nil
        }

        private mutating func fail(_ message: String, line: Int) {
            if diagnostics.isEmpty { diagnostics.append(Diagnostic(.unreadableTranslation, message, at: SourceLocation(file: file, line: line, column: 1))) }
        }

        /// A quoted PO string with its C escapes undone, or nil (reported) when it is not one.
        private mutating func string(_ text: Substring, line: Int) -> String? {
            let text = Substring(String(text.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
            guard text.count >= 2, text.first == "\"", text.last == "\"" else {
                fail("expected a quoted string (\"...\")", line: line)
                return nil
            }
            var out = ""
            var scalars = text.dropFirst().dropLast().unicodeScalars.makeIterator()
            while let scalar = scalars.next() {
                if scalar == "\"" {
                    fail("a quote inside a string must be written \\\"", line: line)
                    return nil
                }
                guard scalar == "\\" else {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                guard let escaped = scalars.next() else {
                    fail("the string ends with a lone backslash", line: line)
                    return nil
                }
                switch escaped {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "\"": out += "\""
                case "\\": out += "\\"
                case "a": out += "\u{07}"
                case "b": out += "\u{08}"
                case "f": out += "\u{0C}"
                case "v": out += "\u{0B}"
                case "0"..."7":
                    var value = escaped.value - 48
                    var peek = scalars
                    for _ in 0..<2 {
                        guard let next = peek.next(), ("0"..."7").contains(next) else { break }
                        value = value * 8 + next.value - 48
                        scalars = peek
                    }
                    out.unicodeScalars.append(Unicode.Scalar(value) ?? "?")
                default:
                    fail("unknown escape \\\(escaped) in a string", line: line)
                    return nil
                }
            }
            return out
        }
    }
}
