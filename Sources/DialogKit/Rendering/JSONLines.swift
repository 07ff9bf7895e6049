// JSONLines: events as the fixed JSON lines contract of DESIGN.md, one object per line, keys in contract order.

/// Encodes events as the JSON lines contract. Hand-written so that key order and number formatting
/// stay exactly as documented (other programs read this stream).
public enum JSONLines {
    /// The event as one line of JSON, without the trailing newline.
    public static func line(for event: Event) -> String {
        var bytes: [UInt8] = []
        append(event, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The event's line (`line(for:)`, without the newline) appended to `out` as UTF-8.
    /// Written as bytes, not as a `String`: a server renders every event of every session, and a
    /// `String` growing by one short piece after another paid for each piece again.
    public static func append(_ event: Event, to out: inout [UInt8]) {
        switch event {
        case .say(let say):
            reserve(say.text.utf8.count + 32, in: &out)
            raw(#"{"type":"say","text":"#, &out)
            appendQuoted(say.text, to: &out)
        case .ask(let ask):
            reserve(ask.text.utf8.count + ask.options.reduce(0) { $0 + $1.text.utf8.count + 64 } + 192, in: &out)
            raw(#"{"type":"ask","id":"#, &out)
            appendQuoted(ask.id, to: &out)
            raw(#","code":"#, &out)
            appendOptional(ask.code, to: &out)
            raw(#","kind":"#, &out)
            appendQuoted(ask.kind.rawValue, to: &out)
            raw(#","text":"#, &out)
            appendQuoted(ask.text, to: &out)
            raw(#","options":["#, &out)
            for index in ask.options.indices {
                let option = ask.options[index]
                raw(index > 0 ? #",{"n":"# : #"{"n":"#, &out)
                appendInteger(option.n, to: &out)
                raw(#","id":"#, &out)
                appendQuoted(option.id, to: &out)
                raw(#","code":"#, &out)
                appendOptional(option.code, to: &out)
                raw(#","text":"#, &out)
                appendQuoted(option.text, to: &out)
                out.append(0x7D)  // }
            }
            raw(#"],"min":"#, &out)
            appendNumber(ask.min, to: &out)
            raw(#","max":"#, &out)
            appendNumber(ask.max, to: &out)
            raw(#","unit":"#, &out)
            appendOptional(ask.unit, to: &out)
            raw(#","progress":{"step":"#, &out)
            appendInteger(ask.progress.step, to: &out)
            raw(#","of":"#, &out)
            appendInteger(ask.progress.of, to: &out)
            out.append(0x7D)
            // Added fields, present only when the dialog gives them (docs/protocol.md).
            if let labels = ask.scaleLabels {
                raw(#","labels":{"min":"#, &out)
                appendQuoted(labels.low, to: &out)
                raw(#","max":"#, &out)
                appendQuoted(labels.high, to: &out)
                out.append(0x7D)
            }
        case .retry(let retry):
            reserve(retry.text.utf8.count + retry.id.utf8.count + 48, in: &out)
            raw(#"{"type":"retry","id":"#, &out)
            appendQuoted(retry.id, to: &out)
            raw(#","text":"#, &out)
            appendQuoted(retry.text, to: &out)
        case .outcome(let outcome):
            reserve(outcome.text.utf8.count + outcome.summary.count * 160 + 256, in: &out)
            raw(#"{"type":"outcome","id":"#, &out)
            appendQuoted(outcome.id, to: &out)
            raw(#","code":"#, &out)
            appendQuoted(outcome.code, to: &out)
            raw(#","flags":["#, &out)
            for (index, flag) in outcome.flags.enumerated() {
                if index > 0 { out.append(0x2C) }
                appendQuoted(flag, to: &out)
            }
            raw(#"],"text":"#, &out)
            appendQuoted(outcome.text, to: &out)
            raw(#","summary":["#, &out)
            for index in outcome.summary.indices {
                let item = outcome.summary[index]
                raw(index > 0 ? #",{"id":"# : #"{"id":"#, &out)
                appendQuoted(item.id, to: &out)
                raw(#","code":"#, &out)
                appendOptional(item.code, to: &out)
                raw(#","question":"#, &out)
                appendQuoted(item.question, to: &out)
                raw(#","answer":"#, &out)
                appendQuoted(item.answer, to: &out)
                if let label = item.label {
                    raw(#","label":"#, &out)
                    appendQuoted(label, to: &out)
                }
                out.append(0x7D)
            }
            raw(#"],"reference":"#, &out)
            appendOptional(outcome.reference, to: &out)
            // Added fields, present only when the outcome has a level and the dialog scores (docs/protocol.md).
            if let level = outcome.level {
                raw(#","level":"#, &out)
                appendQuoted(level.rawValue, to: &out)
            }
            if !outcome.scores.isEmpty {
                raw(#","scores":{"#, &out)
                for (index, score) in outcome.scores.enumerated() {
                    if index > 0 { out.append(0x2C) }
                    appendQuoted(score.name, to: &out)
                    out.append(0x3A)
                    appendNumber(score.value, to: &out)
                }
                out.append(0x7D)
            }
        case .end:
            raw(#"{"type":"end""#, &out)
        }
        out.append(0x7D)
    }

    /// Room for `more` bytes, growing at least twice over: an exact `reserveCapacity` for each event
    /// of a reply would copy the reply so far once an event.
    private static func reserve(_ more: Int, in out: inout [UInt8]) {
        let needed = out.count + more
        if out.capacity < needed { out.reserveCapacity(max(needed, out.capacity * 2)) }
    }

    private static func raw(_ text: StaticString, _ out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
        out.append(0x22)
    }

    private static func appendOptional(_ text: String?, to out: inout [UInt8]) {
        if let text { appendQuoted(text, to: &out) } else { raw("null", &out) }
    }

    private static func appendNumber(_ value: Double?, to out: inout [UInt8]) {
        guard let value else { return raw("null", &out) }
        out.append(contentsOf: NumberFormatting.plain(value).utf8)
    }

    private static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        guard value >= 0, value < 10 else { return out.append(contentsOf: String(value).utf8) }
        out.append(0x30 + UInt8(value))
    }

    /// A JSON string literal. Control characters are escaped; other characters pass as UTF-8.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text's UTF-8 with the characters JSON (and line-based readers) need escaped: controls,
    /// `"`, `\\`, DEL, U+2028 and U+2029 (E2 80 A8 and E2 80 A9; other characters led by E2, such as
    /// typographic quotes and dashes, are copied as they are). Almost every text has none, and is
    /// copied whole; otherwise the runs between escapes are.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte >= 0x20, byte != 0x22, byte != 0x5C, byte != 0x7F, byte != 0xE2 {
                index += 1
                continue
            }
            var next = index + 1
            let escape: StaticString
            switch byte {
            case 0x22: escape = #"\""#
            case 0x5C: escape = #"\\"#
            case 0x0A: escape = #"\n"#
            case 0x0D: escape = #"\r"#
            case 0x09: escape = #"\t"#
            case 0xE2:
                guard index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 else {
                    index += 1
                    continue
                }
                escape = bytes[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#
                next = index + 3
            default:
                escape = #"\u00"#
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            raw(escape, &out)
            if byte < 0x20 || byte == 0x7F, byte != 0x0A, byte != 0x0D, byte != 0x09 {
                let digits: StaticString = "0123456789abcdef"
                digits.withUTF8Buffer { hex in
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0x0F)])
                }
            }
            runStart = next
            index = next
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
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
