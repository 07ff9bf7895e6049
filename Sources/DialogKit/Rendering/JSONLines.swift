// JSONLines: events as the fixed JSON lines contract of DESIGN.md, one object per line, keys in contract order.

/// Encodes events as the JSON lines contract. Hand-written so that key order and number formatting
/// stay exactly as documented (other programs read this stream).
public enum JSONLines {
    /// The event as one line of JSON, without the trailing newline.
    /// Written into one string as it goes: a server renders every event of every session.
    public static func line(for event: Event) -> String {
        var out = "{"
        switch event {
        case .say(let say):
            out.reserveCapacity(say.text.utf8.count + 32)
            out += #""type":"say","text":"#
            appendQuoted(say.text, to: &out)
        case .ask(let ask):
            out.reserveCapacity(ask.text.utf8.count + ask.options.reduce(0) { $0 + $1.text.utf8.count + 64 } + 192)
            out += #""type":"ask","id":"#
            appendQuoted(ask.id, to: &out)
            out += #","code":"#
            appendOptional(ask.code, to: &out)
            out += #","kind":"#
            appendQuoted(ask.kind.rawValue, to: &out)
            out += #","text":"#
            appendQuoted(ask.text, to: &out)
            out += #","options":["#
            for (index, option) in ask.options.enumerated() {
                if index > 0 { out += "," }
                out += #"{"n":"#
                out += String(option.n)
                out += #","id":"#
                appendQuoted(option.id, to: &out)
                out += #","code":"#
                appendOptional(option.code, to: &out)
                out += #","text":"#
                appendQuoted(option.text, to: &out)
                out += "}"
            }
            out += "]"
            out += #","min":"# + number(ask.min)
            out += #","max":"# + number(ask.max)
            out += #","unit":"#
            appendOptional(ask.unit, to: &out)
            out += #","progress":{"step":"# + String(ask.progress.step) + #","of":"# + String(ask.progress.of) + "}"
        case .retry(let retry):
            out += #""type":"retry","id":"#
            appendQuoted(retry.id, to: &out)
            out += #","text":"#
            appendQuoted(retry.text, to: &out)
        case .outcome(let outcome):
            out.reserveCapacity(outcome.text.utf8.count + outcome.summary.count * 160 + 256)
            out += #""type":"outcome","id":"#
            appendQuoted(outcome.id, to: &out)
            out += #","code":"#
            appendQuoted(outcome.code, to: &out)
            out += #","flags":["#
            for (index, flag) in outcome.flags.enumerated() {
                if index > 0 { out += "," }
                appendQuoted(flag, to: &out)
            }
            out += "]"
            out += #","text":"#
            appendQuoted(outcome.text, to: &out)
            out += #","summary":["#
            for (index, item) in outcome.summary.enumerated() {
                if index > 0 { out += "," }
                out += #"{"id":"#
                appendQuoted(item.id, to: &out)
                out += #","code":"#
                appendOptional(item.code, to: &out)
                out += #","question":"#
                appendQuoted(item.question, to: &out)
                out += #","answer":"#
                appendQuoted(item.answer, to: &out)
                out += "}"
            }
            out += "]"
            out += #","reference":"#
            appendOptional(outcome.reference, to: &out)
        case .end:
            out += #""type":"end""#
        }
        out += "}"
        return out
    }

    private static func appendQuoted(_ text: String, to out: inout String) {
        if mayNeedEscape(text) {
            out += quoted(text)
        } else {
            out += "\""
            out += text
            out += "\""
        }
    }

    private static func appendOptional(_ text: String?, to out: inout String) {
        if let text { appendQuoted(text, to: &out) } else { out += "null" }
    }

    /// A JSON string literal. Control characters are escaped; other characters pass as UTF-8.
    public static func quoted(_ text: String) -> String {
        // Almost every text needs no escape: then it is copied whole (the scalar-by-scalar loop this
        // replaces was a fifth of the JSON server's time under load).
        if !mayNeedEscape(text) { return "\"" + text + "\"" }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 16)
        // Otherwise the runs between escapes are copied whole; every escaped character is ASCII or
        // starts with E2, so each run starts and ends on a Unicode scalar boundary.
        let bytes = text.utf8
        var runStart = bytes.startIndex
        var index = runStart
        while index != bytes.endIndex {
            var next = bytes.index(after: index)
            let escape: String?
            switch bytes[index] {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case let byte where byte < 0x20 || byte == 0x7F:
                escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            case 0xE2 where next != bytes.endIndex && bytes[next] == 0x80:
                let third = bytes.index(after: next)
                if third != bytes.endIndex, bytes[third] == 0xA8 || bytes[third] == 0xA9 {
                    escape = bytes[third] == 0xA8 ? "\\u2028" : "\\u2029"
                    next = bytes.index(after: third)
                } else {
                    escape = nil
                }
            default:
                escape = nil
            }
            if let escape {
                out += text[runStart..<index]
                out += escape
                runStart = next
            }
            index = next
        }
        out += text[runStart..<bytes.endIndex]
        return out + "\""
    }

    /// Whether the text has a character `quoted` escapes: a control, `"`, `\\`, DEL, U+2028 or U+2029
    /// (E2 80 A8 and E2 80 A9; other characters led by E2, such as typographic quotes and dashes, are
    /// copied as they are).
    private static func mayNeedEscape(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return true }
                if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    private static func number(_ value: Double?) -> String {
        guard let value else { return "null" }
        return NumberFormatting.plain(value)
    }
}

/// Numbers as people and JSON read them: 45 not 45.0, 0.75 not 0.7500000001.
public enum NumberFormatting {
    /// For people: at most two decimals ("13.04", "0.75", "6").
    public static func display(_ value: Double) -> String {
        plain((value * 100).rounded() / 100)
    }

    public static func plain(_ value: Double) -> String {
        if value.isNaN || value.isInfinite { return "null" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        let rounded = (value * 10_000).rounded() / 10_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }
}
