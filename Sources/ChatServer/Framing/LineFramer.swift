// LineFramer: splits the client's byte stream into lines (CR LF, CR NUL, LF or CR), with a length limit.

/// Cuts a byte stream into lines, carrying a partial line (and a CR waiting for its LF) across reads.
///
/// A line ends at CR LF, CR NUL (telnet's bare carriage return), LF, or a CR on its own. A line longer
/// than `maxLineBytes` is never held in memory: its bytes are dropped as they come, and when its end
/// arrives the framer reports `.tooLong` once, so the session can say so and go on.
public struct LineFramer: Sendable {
    /// One complete input line.
    public enum Frame: Sendable, Equatable {
        /// The bytes of a line, without its terminator.
        case line([UInt8])
        /// A line that went over the limit; `bytes` is how long it was.
        case tooLong(bytes: Int)
    }

    /// The longest line accepted, in bytes, terminator not counted.
    public let maxLineBytes: Int

    private var current: [UInt8] = []
    private var overflow = 0
    private var afterCR = false

    public init(maxLineBytes: Int = 1024) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Whether part of a line has been read and its end has not.
    public var hasPartialLine: Bool { !current.isEmpty || overflow > 0 }

    /// Takes the next bytes and returns the lines they completed.
    public mutating func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [Frame] {
        var frames: [Frame] = []
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if afterCR {
                afterCR = false
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x00 {
                    index = bytes.index(after: index)
                    continue
                }
            }
            let end = bytes[index...].firstIndex { $0 == 0x0D || $0 == 0x0A } ?? bytes.endIndex
            take(bytes[index..<end])
            guard end != bytes.endIndex else { break }
            afterCR = bytes[end] == 0x0D
            frames.append(finishLine())
            index = bytes.index(after: end)
        }
        return frames
    }

    /// The unterminated last line, when the client closes its side mid-line.
    public mutating func finish() -> Frame? {
        guard hasPartialLine else { return nil }
        return finishLine()
    }

    private mutating func take<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        guard !bytes.isEmpty else { return }
        if overflow > 0 {
            overflow += bytes.count
            return
        }
        if current.count + bytes.count > maxLineBytes {
            overflow = current.count + bytes.count
            current.removeAll()
            return
        }
        current.append(contentsOf: bytes)
    }

    private mutating func finishLine() -> Frame {
        defer {
            current.removeAll(keepingCapacity: current.count <= 4096)
            overflow = 0
        }
        if overflow > 0 { return .tooLong(bytes: overflow) }
        return .line(current)
    }
}
