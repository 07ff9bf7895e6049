// Channel: where an assessment was taken (the terminal chat or one of the server's protocols).

/// The way a person reached the dialog, recorded with each assessment.
public enum Channel: String, Sendable, Codable, CaseIterable {
    /// `intake chat`: a terminal, or piped input.
    case chat
    /// The server's plain text protocol (telnet, netcat).
    case plain
    /// The server's IRC protocol.
    case irc
    /// JSON lines, from `intake chat --json` or the server's `json` protocol.
    case json
}
