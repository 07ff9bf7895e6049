// JSONLogHandler: `intake serve --log-format json`: one JSON object a line, for journald and log shippers.

import Foundation
import Logging

/// A swift-log handler that writes each message as one line of JSON:
/// `{"time":"2026-12-03T20:02:04.123456Z","level":"info","label":"intake.serve","message":"…",…}`
/// with the metadata as further fields.
///
/// A metadata key that is one of the four fixed names is written as `metadata.KEY`, so that a line
/// never holds a key twice (JSON parsers disagree on which one wins). Every string is escaped so that
/// the line stays one line and valid UTF-8 whatever a peer sent: control characters as `\u00XX`, and
/// a string's invalid UTF-8 was already replaced by U+FFFD when it became a Swift string.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler for `label` that writes to standard error.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            var offset = 0
            // One write(2) for the whole line where the kernel takes it, so that lines of two threads do not interleave.
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// A handler for `label` that hands each line (without its newline) to `write`.
    public init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let given = event.metadata { fields.merge(given) { _, new in new } }
        write(Self.line(time: Date(), level: event.level, label: label, message: event.message.description, metadata: fields))
    }

    static let fixedKeys: Set<String> = ["time", "level", "label", "message"]

    /// The JSON line for one message; the metadata keys in sorted order, so that equal messages give equal lines.
    public static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "{\"time\":\"\(timestamp(time))\",\"level\":\"\(level.rawValue)\",\"label\":"
        appendString(label, to: &line)
        line += ",\"message\":"
        appendString(message, to: &line)
        for key in metadata.keys.sorted() {
            line += ","
            appendString(fixedKeys.contains(key) ? "metadata.\(key)" : key, to: &line)
            line += ":"
            appendValue(metadata[key]!, to: &line)
        }
        line += "}"
        return line
    }

    /// RFC 3339 in UTC with microseconds: `2026-12-03T20:02:04.123456Z`.
    static func timestamp(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var micros = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(Int(parts.tm_year) + 1900, 4))-\(padded(Int(parts.tm_mon) + 1, 2))-\(padded(Int(parts.tm_mday), 2))"
            + "T\(padded(Int(parts.tm_hour), 2)):\(padded(Int(parts.tm_min), 2)):\(padded(Int(parts.tm_sec), 2)).\(padded(micros, 6))Z"
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let text):
            appendString(text, to: &line)
        case .stringConvertible(let convertible):
            appendString(convertible.description, to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                appendValue(element, to: &line)
            }
            line += "]"
        case .dictionary(let dictionary):
            line += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                appendString(key, to: &line)
                line += ":"
                appendValue(dictionary[key]!, to: &line)
            }
            line += "}"
        }
    }

    /// A JSON string: quotes, backslashes and every control character escaped (U+2028 and U+2029 too,
    /// which some JavaScript readers take for line ends).
    static func appendString(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}

/// How `intake serve` writes its log: `text` (swift-log's own lines, the default) or `json`.
public enum LogFormat: String, CaseIterable, Sendable {
    case text
    case json
}
