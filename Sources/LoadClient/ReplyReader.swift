// ReplyReader: cuts the server's bytes into lines and reads, from the head of each JSON line, what a load run checks.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of the JSON lines contract, as far as a load run reads it: the event's type, and the
/// `id` of an ask, retry or outcome as a range of the line's bytes (no copy on the hot path).
struct EventHead: Equatable {
    enum Kind: Equatable { case say, ask, retry, outcome, end, other }
    var kind: Kind
    var id: Range<Int>?
}

/// Splits a byte stream into lines (LF, with an optional CR before it), keeping at most `limit` bytes
/// of each: enough for the fields a load run reads, which all come first in the contract's key order.
struct LineSplitter {
    private(set) var line: [UInt8] = []
    /// The bytes of the line so far, those past `limit` included.
    private var length = 0
    let limit: Int

    init(limit: Int = 8192) {
        self.limit = limit
        line.reserveCapacity(1024)
    }

    /// Feeds bytes; calls `body` with each completed line (without CR LF, and cut at `limit`) and the
    /// bytes it took on the wire (its CR LF included). `body` returns false to stop reading.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (_ line: [UInt8], _ wireBytes: Int) -> Bool) {
        var start = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        while start < count {
            // memchr: the client shares the machine with the server it measures, so it reads lean.
            let end = memchr(base + start, 0x0A, count - start).map { $0 - UnsafeMutableRawPointer(mutating: base) } ?? count
            let room = limit - line.count
            if room > 0 {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<min(end, start + room)]))
            }
            length += min(end + 1, count) - start
            guard end < count else { return }
            if line.last == 0x0D { line.removeLast() }
            let keepGoing = body(line, length)
            line.removeAll(keepingCapacity: true)
            length = 0
            start = end + 1
            if !keepGoing { return }
        }
    }
}

enum EventReader {
    private static let typePrefix = Array(#"{"type":""#.utf8)
    private static let idKey = Array(#","id":""#.utf8)
    private static let flagsKey = Array(#""flags":["#.utf8)
    private static let textKey = Array(#""text":""#.utf8)

    /// The type of a JSON contract line and, for ask, retry and outcome, where its id is.
    static func head(_ line: [UInt8]) -> EventHead {
        guard line.count > typePrefix.count, line.starts(with: typePrefix) else { return EventHead(kind: .other) }
        var index = typePrefix.count
        let typeStart = index
        while index < line.count, line[index] != 0x22 { index += 1 }
        let kind: EventHead.Kind
        switch line[typeStart..<index].count {
        case 3 where line[typeStart] == 0x73: kind = .say         // "say"
        case 3 where line[typeStart] == 0x61 && line[typeStart + 1] == 0x73: kind = .ask  // "ask"
        case 3 where line[typeStart] == 0x65: kind = .end         // "end"
        case 5 where line[typeStart] == 0x72: kind = .retry       // "retry"
        case 7 where line[typeStart] == 0x6F: kind = .outcome     // "outcome"
        default: kind = .other
        }
        guard kind == .ask || kind == .retry || kind == .outcome else { return EventHead(kind: kind) }
        // The contract's key order puts "id" right after "type".
        index += 1
        guard line.count >= index + idKey.count, line[index..<index + idKey.count].elementsEqual(idKey) else {
            return EventHead(kind: kind)
        }
        let idStart = index + idKey.count
        var idEnd = idStart
        while idEnd < line.count, line[idEnd] != 0x22 { idEnd += 1 }
        return EventHead(kind: kind, id: idStart..<idEnd)
    }

    /// The text of a say line, or nil when it has none readable.
    static func text(_ line: [UInt8]) -> String? {
        guard let keyStart = find(textKey, in: line) else { return nil }
        return string(in: line, from: keyStart + textKey.count - 1)?.0
    }

    /// The flags of an outcome line, or nil when the line has none readable.
    static func flags(_ line: [UInt8]) -> [String]? {
        guard let keyStart = find(flagsKey, in: line) else { return nil }
        var index = keyStart + flagsKey.count
        var flags: [String] = []
        while index < line.count {
            switch line[index] {
            case 0x5D: return flags  // ]
            case 0x2C: index += 1    // ,
            case 0x22:
                guard let (text, next) = string(in: line, from: index) else { return nil }
                flags.append(text)
                index = next
            default: return nil
            }
        }
        return nil
    }

    /// The JSON string starting at the quote at `start`, and the index after its closing quote.
    private static func string(in line: [UInt8], from start: Int) -> (String, Int)? {
        var bytes: [UInt8] = []
        var index = start + 1
        while index < line.count {
            let byte = line[index]
            if byte == 0x22 { return (String(decoding: bytes, as: UTF8.self), index + 1) }
            if byte == 0x5C, index + 1 < line.count {
                // Flags are names and notices are sentences: an escape is kept as the character it
                // stands for when it is one byte (a \u escape keeps its letters; only messages read it).
                index += 1
                let escaped = line[index]
                switch escaped {
                case 0x6E: bytes.append(0x0A)
                case 0x74: bytes.append(0x09)
                case 0x72: bytes.append(0x0D)
                default: bytes.append(escaped)
                }
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start }
        }
        return nil
    }
}
