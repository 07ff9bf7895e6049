// IRCIdentity: the names the server and its bot go by on IRC.

/// How the service presents itself to IRC clients.
public struct IRCIdentity: Sendable, Equatable {
    /// The server's name in numerics and PONGs.
    public var serverName: String
    /// The bot's nick: the one the person talks to in a query.
    public var botNick: String
    /// The network name shown by clients (RPL_ISUPPORT NETWORK=).
    public var network: String
    /// The version in RPL_YOURHOST and RPL_MYINFO.
    public var version: String

    public init(serverName: String = "intake.local", botNick: String = "intake", network: String = "Intake",
                version: String = "intake-1") {
        self.serverName = serverName
        self.botNick = botNick
        self.network = network
        self.version = version
    }

    /// The bot's full prefix, `intake!intake@intake.local`.
    public var botPrefix: String { "\(botNick)!\(botNick)@\(serverName)" }
}
