// IRCRegistration: the state machine from connect to 001: PASS, NICK, USER and CAP negotiation.

/// Follows a client's registration (RFC 2812 3.1 and IRCv3 capability negotiation): `PASS` is ignored,
/// `CAP LS` is answered with no capabilities and holds registration until `CAP END`, and registration
/// completes once both `NICK` and `USER` have come. Pure; replies are returned, not sent.
struct IRCRegistration: Sendable {
    /// The longest nick accepted (RPL_ISUPPORT NICKLEN).
    static let maxNickLength = 30

    let identity: IRCIdentity
    private(set) var nick: String?
    private(set) var user: String?
    private var negotiatingCapabilities = false
    private(set) var isComplete = false

    init(identity: IRCIdentity) {
        self.identity = identity
    }

    /// Whether this message is one registration handles (the rest get 451 before registration).
    static func handles(_ command: String) -> Bool {
        ["PASS", "NICK", "USER", "CAP"].contains(command)
    }

    /// Handles a registration command; `isComplete` tells when the client is registered.
    mutating func handle(_ message: IRCMessage) -> [IRCMessage] {
        let target = nick ?? "*"
        switch message.command {
        case "PASS":
            return []
        case "CAP":
            return capability(message, target: target)
        case "NICK":
            guard let wanted = message.parameters.first, !wanted.isEmpty else {
                return [numeric("431", target, "No nickname given")]
            }
            if let error = Self.nickProblem(wanted, identity: identity, target: target) {
                return [error]
            }
            nick = wanted
        case "USER":
            guard message.parameters.count >= 4 else {
                return [numeric("461", target, "USER", "Not enough parameters")]
            }
            user = message.parameters[0]
        default:
            return [numeric("451", target, "You have not registered")]
        }
        checkComplete()
        return []
    }

    /// The reason a nick can't be taken, as the numeric to send, or nil when it is fine.
    static func nickProblem(_ nick: String, identity: IRCIdentity, target: String) -> IRCMessage? {
        if nick.lowercased() == identity.botNick.lowercased() {
            return IRCMessage(prefix: identity.serverName, command: "433",
                              parameters: [target, nick, "Nickname is already in use"])
        }
        guard isValidNick(nick) else {
            return IRCMessage(prefix: identity.serverName, command: "432",
                              parameters: [target, nick, "Erroneous nickname"])
        }
        return nil
    }

    /// RFC 2812 2.3.1: a letter or special first, then letters, digits, specials and '-'.
    static func isValidNick(_ nick: String) -> Bool {
        guard !nick.isEmpty, nick.utf8.count <= maxNickLength else { return false }
        let specials = Set("[]\\`_^{|}".utf8)
        for (index, byte) in nick.utf8.enumerated() {
            let letter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            let digit = (0x30...0x39).contains(byte)
            if index == 0 {
                guard letter || specials.contains(byte) else { return false }
            } else {
                guard letter || digit || specials.contains(byte) || byte == 0x2D else { return false }
            }
        }
        return true
    }

    private mutating func capability(_ message: IRCMessage, target: String) -> [IRCMessage] {
        let subcommand = message.parameters.first?.uppercased() ?? ""
        let serverName = identity.serverName
        func reply(_ verb: String, _ text: String) -> IRCMessage {
            IRCMessage(prefix: serverName, command: "CAP", parameters: [target, verb, text])
        }
        switch subcommand {
        case "LS":
            negotiatingCapabilities = !isComplete
            return [reply("LS", "")]
        case "LIST":
            return [reply("LIST", "")]
        case "REQ":
            negotiatingCapabilities = !isComplete
            // No capability is offered, so every request is refused whole.
            return [reply("NAK", message.parameters.dropFirst().first ?? "")]
        case "END":
            negotiatingCapabilities = false
            checkComplete()
            return []
        default:
            return [numeric("410", target, subcommand, "Invalid CAP command")]
        }
    }

    private mutating func checkComplete() {
        if nick != nil, user != nil, !negotiatingCapabilities {
            isComplete = true
        }
    }

    private func numeric(_ code: String, _ parameters: String...) -> IRCMessage {
        IRCMessage(prefix: identity.serverName, command: code, parameters: parameters)
    }
}
