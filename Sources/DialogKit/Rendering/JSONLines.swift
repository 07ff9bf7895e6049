// JSONLines: events as the fixed JSON lines contract of DESIGN.md, one object per line, keys in contract order.

/// Encodes events as the JSON lines contract. Hand-written so that key order and number formatting
/// stay exactly as documented (other programs read this stream).
public enum JSONLines {
    /// The event as one line of JSON, without the trailing newline.
    public static func line(for event: Event) -> String {
        var out = "{"
        switch event {
        case .say(let say):
            out += #""type":"say","text":"# + quoted(say.text)
        case .ask(let ask):
            out += #""type":"ask","id":"# + quoted(ask.id)
            out += #","code":"# + optional(ask.code)
            out += #","kind":"# + quoted(ask.kind.rawValue)
            out += #","text":"# + quoted(ask.text)
            out += #","options":["#
            out += ask.options.map { option in
                #"{"n":\#(option.n),"id":\#(quoted(option.id)),"code":\#(optional(option.code)),"text":\#(quoted(option.text))}"#
            }.joined(separator: ",")
            out += "]"
            out += #","min":"# + number(ask.min)
            out += #","max":"# + number(ask.max)
            out += #","unit":"# + optional(ask.unit)
            out += #","progress":{"step":\#(ask.progress.step),"of":\#(ask.progress.of)}"#
        case .retry(let retry):
            out += #""type":"retry","id":"# + quoted(retry.id) + #","text":"# + quoted(retry.text)
        case .outcome(let outcome):
            out += #""type":"outcome","id":"# + quoted(outcome.id)
            out += #","code":"# + quoted(outcome.code)
            out += #","flags":["# + outcome.flags.map(quoted).joined(separator: ",") + "]"
            out += #","text":"# + quoted(outcome.text)
            out += #","summary":["#
            out += outcome.summary.map { item in
                #"{"id":\#(quoted(item.id)),"code":\#(optional(item.code)),"question":\#(quoted(item.question)),"answer":\#(quoted(item.answer))}"#
            }.joined(separator: ",")
            out += "]"
            out += #","reference":"# + optional(outcome.reference)
        case .end:
            out += #""type":"end""#
        }
        return out + "}"
    }

    /// A JSON string literal. Control characters are escaped; other characters pass as UTF-8.
    public static func quoted(_ text: String) -> String {
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

    private static func optional(_ text: String?) -> String {
        text.map(quoted) ?? "null"
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
