// IRCTextSplitter: cuts text into PRIVMSG/NOTICE messages that each fit IRC's 512-byte line.

/// Splits text into messages of one command to one target, each line at most 512 bytes with its
/// CR LF, breaking at spaces and never inside a character.
public enum IRCTextSplitter {
    /// The messages that carry `text`, which must be one line (no CR or LF).
    public static func messages(prefix: String?, command: String, target: String, text: String) -> [IRCMessage] {
        let empty = IRCMessage(prefix: prefix, command: command, parameters: [target, ""])
        // The line of an empty message is everything but the text; CR LF adds two bytes.
        let budget = max(16, IRCMessage.maxLineBytes - 2 - empty.line.utf8.count)
        return chunks(of: text, maxBytes: budget).map {
            IRCMessage(prefix: prefix, command: command, parameters: [target, $0])
        }
    }

    /// Pieces of `text` of at most `maxBytes` UTF-8 bytes, cut at spaces where a word fits.
    public static func chunks(of text: String, maxBytes: Int) -> [String] {
        guard text.utf8.count > maxBytes else { return [text] }
        var chunks: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let separator = line.isEmpty ? 0 : 1
            if line.utf8.count + separator + word.utf8.count <= maxBytes {
                if separator == 1 { line += " " }
                line += word
                continue
            }
            if !line.isEmpty {
                chunks.append(line)
                line = ""
            }
            // A word longer than a whole line is cut between characters.
            var piece = ""
            for character in word {
                // A character made of more bytes than a line (a pile of combining marks) goes by scalars.
                let parts: [String] = character.utf8.count <= maxBytes
                    ? [String(character)] : character.unicodeScalars.map { String($0) }
                for part in parts {
                    if piece.utf8.count + part.utf8.count > maxBytes, !piece.isEmpty {
                        chunks.append(piece)
                        piece = ""
                    }
                    piece += part
                }
            }
            line = piece
        }
        if !line.isEmpty { chunks.append(line) }
        return chunks
    }
}
