// ProtocolDetector: `auto` mode's choice between IRC and plain text, from the client's first line.

/// Tells an IRC client from a person: IRC clients open with CAP, NICK, USER or PASS (upper case,
/// followed by a parameter), which telnet and netcat users do not type as a first answer. Telnet and
/// netcat send nothing first, so the connection greets them in plain text after a short wait.
public enum ProtocolDetector {
    /// The commands an IRC client starts registration with.
    public static let ircOpeners: Set<String> = ["CAP", "NICK", "USER", "PASS"]

    /// `.irc` or `.plain` for a connection whose first line was `line` (without its terminator).
    public static func detect(firstLine line: [UInt8]) -> ChatProtocol {
        var bytes = line[...]
        // IRCv3 message tags may come before the command.
        if bytes.first == UInt8(ascii: "@"), let space = bytes.firstIndex(of: UInt8(ascii: " ")) {
            bytes = bytes[(space + 1)...]
        }
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")), space > bytes.startIndex else {
            return .plain
        }
        let command = String(decoding: bytes[..<space], as: UTF8.self)
        return ircOpeners.contains(command) ? .irc : .plain
    }
}
