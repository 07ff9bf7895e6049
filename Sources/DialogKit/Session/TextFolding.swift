// TextFolding: lowercasing, accent removal and word splitting, so answers match however they are typed.

/// Folds text for matching: lowercase, Latin accents removed, punctuation to spaces, spaces collapsed.
enum TextFolding {
    /// "  Fièvre, NAUSÉE! " -> "fievre nausee"
    static func fold(_ text: String) -> String {
        if isFolded(text) { return text }
        if let folded = foldASCII(text) { return folded }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text.lowercased() {
            let base = baseLetter(character)
            if base.isLetter || base.isNumber || base == "." || base == "-" || base == "'" || base == "/" {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(base)
            } else {
                pendingSpace = true
            }
        }
        while let last = out.last, last == "." || last == "-" || last == "'" || last == "/" { out.removeLast() }
        return out
    }

    /// Whether folding would give the text back unchanged: lowercase ASCII letters and digits in words
    /// with single spaces between them ("yes", "3 weeks"), as many answers are typed.
    private static func isFolded(_ text: String) -> Bool {
        // On the contiguous bytes when there are some (always, for native strings): the UTF-8 view's
        // iterator costs several times the comparisons.
        text.utf8.withContiguousStorageIfAvailable(isFolded) ?? isFolded(text.utf8)
    }

    private static func isFolded(_ bytes: some Sequence<UInt8>) -> Bool {
        var previousWasSpace = true
        for byte in bytes {
            if byte == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                previousWasSpace = false
            } else {
                return false
            }
        }
        return !previousWasSpace
    }

    /// The same folding for text that is all ASCII (almost every answer), byte by byte; nil otherwise.
    private static func foldASCII(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            let kept = (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39)
                || lower == 0x2E || lower == 0x2D || lower == 0x27 || lower == 0x2F  // . - ' /
            if kept {
                if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(lower)
            } else {
                pendingSpace = true
            }
        }
        while let last = bytes.last, last == 0x2E || last == 0x2D || last == 0x27 || last == 0x2F { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits text at any of the separators and at the words " and ", " plus ", " also ", " as well as ",
    /// in one pass; the pieces come back lowercased (they are folded next anyway).
    static func splitList(_ text: String, separators: Set<Unicode.Scalar>) -> [String] {
        if let parts = splitListASCII(text, separators: separators) { return parts }
        let scalars = Array(text.lowercased().unicodeScalars)
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0
        scanning: while index < scalars.count {
            if separators.contains(scalars[index]) {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                index += 1
                continue
            }
            for joiner in listJoiners
            where index + joiner.count <= scalars.count && scalars[index..<index + joiner.count].elementsEqual(joiner) {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                index += joiner.count
                continue scanning
            }
            current.append(scalars[index])
            index += 1
        }
        parts.append(String(current))
        return parts
    }

    private static let listJoinerWords = [" and ", " plus ", " also ", " as well as "]
    private static let listJoiners = listJoinerWords.map { Array($0.unicodeScalars) }
    private static let listJoinerBytes = listJoinerWords.map { Array($0.utf8) }

    /// `splitList` for ASCII text, on bytes: separators are looked up in a bit mask rather than a set,
    /// and joiners, which all start with a space, are tried only at spaces. Nil for other text.
    private static func splitListASCII(_ text: String, separators: Set<Unicode.Scalar>) -> [String]? {
        var bytes = Array(text.utf8)
        var separatorBits: (low: UInt64, high: UInt64) = (0, 0)
        for separator in separators where separator.value < 0x80 {
            if separator.value < 64 { separatorBits.low |= 1 << UInt64(separator.value) } else { separatorBits.high |= 1 << UInt64(separator.value - 64) }
        }
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte < 0x80 else { return nil }
            if byte >= 0x41 && byte <= 0x5A { bytes[index] = byte + 0x20 }
        }
        var parts: [String] = []
        var start = 0
        var index = 0
        scanning: while index < bytes.count {
            let byte = bytes[index]
            let isSeparator = byte < 64 ? separatorBits.low & (1 << UInt64(byte)) != 0 : separatorBits.high & (1 << UInt64(byte - 64)) != 0
            if isSeparator {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 1
                start = index
                continue
            }
            if byte == 0x20 {
                for joiner in listJoinerBytes where bytes[index...].starts(with: joiner) {
                    parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    index += joiner.count
                    start = index
                    continue scanning
                }
            }
            index += 1
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// The words of folded text.
    static func words(_ folded: String) -> [Substring] {
        if let words = folded.utf8.withContiguousStorageIfAvailable({ asciiWords(of: folded, bytes: $0) }) ?? nil { return words }
        return folded.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "-" })
    }

    /// `words` for ASCII text, on its contiguous bytes: every byte is a Character, so the same split is
    /// done on bytes, without grapheme breaking, into an array counted first; nil for other text.
    private static func asciiWords(of folded: String, bytes: UnsafeBufferPointer<UInt8>) -> [Substring]? {
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x2F || byte == 0x2D }
        var count = 0
        var inWord = false
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            if !isSeparator(byte) && !inWord { count += 1 }
            inWord = !isSeparator(byte)
        }
        var words: [Substring] = []
        words.reserveCapacity(count)
        // From the UTF-8 view: a String subscript would check each bound is a Character boundary.
        let utf8 = folded.utf8
        var start = 0
        for offset in 0...bytes.count where offset == bytes.count || isSeparator(bytes[offset]) {
            if start < offset {
                words.append(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: offset)]))
            }
            start = offset + 1
        }
        return words
    }

    /// The letter without its accent, for the Latin letters people type with accents.
    static func baseLetter(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first, scalar.value >= 0xC0 else { return character }
        if character.unicodeScalars.count > 1 {
            // A letter followed by combining marks: keep the letter.
            let first = Character(scalar)
            return first.isLetter ? first : character
        }
        switch scalar.value {
        case 0xFF01...0xFF5E:
            // Full-width forms ("ｎｏ", typed with an East Asian input method) are the ASCII they stand for.
            return Character(Unicode.Scalar(scalar.value - 0xFEE0)!).lowercased().first ?? character
        case 0xE0...0xE5: return "a"
        case 0xE7: return "c"
        case 0xE8...0xEB: return "e"
        case 0xEC...0xEF: return "i"
        case 0xF1: return "n"
        case 0xF2...0xF6, 0xF8: return "o"
        case 0xF9...0xFC: return "u"
        case 0xFD, 0xFF: return "y"
        case 0xDF: return "s"
        case 0x100...0x105: return "a"
        case 0x106...0x10D: return "c"
        case 0x10E...0x111: return "d"
        case 0x112...0x11B: return "e"
        case 0x11C...0x123: return "g"
        case 0x124...0x127: return "h"
        case 0x128...0x131: return "i"
        case 0x134, 0x135: return "j"
        case 0x136, 0x137: return "k"
        case 0x139...0x142: return "l"
        case 0x143...0x148: return "n"
        case 0x14C...0x151: return "o"
        case 0x154...0x159: return "r"
        case 0x15A...0x161: return "s"
        case 0x162...0x167: return "t"
        case 0x168...0x173: return "u"
        case 0x174, 0x175: return "w"
        case 0x176...0x178: return "y"
        case 0x179...0x17E: return "z"
        default: return character
        }
    }
}
