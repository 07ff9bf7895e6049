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
        // Almost every text needs no escape: then it is copied whole, not appended scalar by scalar
        // (the scalar loop was a fifth of the JSON server's time under load).
        if !mayNeedEscape(text) { return "\"" + text + "\"" }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Whether the text has a byte of a character `quoted` escapes: a control, `"`, `\\`, DEL, or the
    /// lead byte of U+2028/U+2029 (0xE2 also leads other characters, which then take the slow path
    /// and come out unchanged).
    private static func mayNeedEscape(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2 { return true }
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
