// TextTemplate: text with {name} interpolation of answers, computed values and settings.

/// Text that may show answers: "You said {days_per_month} days a month."
/// `{{` and `}}` stand for literal braces.
public struct TextTemplate: Sendable, Equatable, ExpressibleByStringLiteral {
    public enum Part: Sendable, Equatable {
        case literal(String)
        /// A question's answer or a `let` value, by slot.
        case value(name: String, slot: Int)
    }

    /// The text as written in the dialog.
    public var source: String
    public var parts: [Part]

    public init(source: String, parts: [Part]) {
        self.source = source
        self.parts = parts
    }

    /// Plain text with no interpolation.
    public init(stringLiteral value: String) {
        self.source = value
        self.parts = [.literal(value)]
    }

    /// The text when it shows no values, which needs no rendering; nil when it does show some.
    var fixedText: String? {
        switch parts.count {
        case 0: return ""
        case 1: if case .literal(let text) = parts[0] { return text }
        default: break
        }
        return nil
    }

    /// The names `{...}` refers to, with their offsets in `source`, or an error message for an unclosed brace.
    static func scan(_ source: String) -> (pieces: [ScannedPiece], error: String?) {
        var pieces: [ScannedPiece] = []
        var literal = ""
        var index = source.startIndex
        var offset = 0
        while index < source.endIndex {
            let character = source[index]
            let next = source.index(after: index)
            if character == "{" {
                if next < source.endIndex, source[next] == "{" {
                    literal.append("{")
                    index = source.index(after: next)
                    offset += 2
                    continue
                }
                guard let close = source[next...].firstIndex(of: "}") else {
                    return (pieces, "an opening { has no closing }")
                }
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                let name = source[next..<close].trimmingCharacters(in: " ")
                pieces.append(.name(String(name), offset: offset))
                offset += source.distance(from: index, to: close) + 1
                index = source.index(after: close)
                continue
            }
            if character == "}", next < source.endIndex, source[next] == "}" {
                literal.append("}")
                index = source.index(after: next)
                offset += 2
                continue
            }
            literal.append(character)
            index = next
            offset += 1
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return (pieces, nil)
    }

    enum ScannedPiece: Equatable {
        case literal(String)
        case name(String, offset: Int)
    }
}

extension String {
    /// Spaces are trimmed byte by byte when the text is all ASCII, where every byte is a Character
    /// (the Character walk was a tenth of a session turn: answers are trimmed three times).
    func trimmingCharacters(in set: Character) -> Substring {
        if set == " ", let (start, end) = asciiTextWithoutOuterSpaces(allowing: 0x00...0x7F) {
            if start == 0 && end == utf8.count { return self[...] }
            let bytes = utf8
            return self[bytes.index(bytes.startIndex, offsetBy: start)..<bytes.index(bytes.startIndex, offsetBy: end)]
        }
        return Substring(self).trimmingCharacters(in: set)
    }

    /// Whether the text's UTF-8 holds this byte; on the contiguous bytes when there are some (the UTF-8
    /// view's iterator costs several times the comparisons).
    func containsUTF8(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// The UTF-8 offsets of the text without its outer spaces, when every byte is in `allowed` (ASCII
    /// bytes only, where every byte is a Character); nil otherwise, or when the text is not contiguous.
    func asciiTextWithoutOuterSpaces(allowing allowed: ClosedRange<UInt8>) -> (start: Int, end: Int)? {
        utf8.withContiguousStorageIfAvailable { bytes -> (start: Int, end: Int)? in
            for byte in bytes where !allowed.contains(byte) { return nil }
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] == 0x20 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 { end -= 1 }
            return (start, end)
        } ?? nil
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> Substring {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return text
    }
}
