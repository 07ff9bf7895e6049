// ChatProtocol: the protocols a connection can speak, and `auto`, which picks one per connection.

/// Which protocol a server speaks on its port.
public enum ChatProtocol: String, Sendable, CaseIterable {
    /// IRC when the client's first line is CAP, NICK, USER or PASS; plain text otherwise.
    case auto
    /// Text for telnet and netcat, with a prompt.
    case plain
    /// IRC for real IRC clients: the bot talks in a query.
    case irc
    /// The JSON lines contract, for programs.
    case json
}
