// IRCConversation: the IRC protocol: registration, the welcome and MOTD, the bot's query, commands.
import DialogKit

/// Speaks enough IRC for a real client (irssi, WeeChat, HexChat) to register and chat with the bot:
/// 001-005, the MOTD with the dialog's intro, PING/PONG, MODE on the user's own nick, and the dialog
/// as a query with the bot, which opens it by sending the first PRIVMSG. There are no channels and no
/// other users: a PRIVMSG to anyone else gets 401, an unknown command 421, a NOTICE nothing. Every
/// line fits 512 bytes; text is split at word boundaries.
struct IRCConversation: Conversation {
    /// Wide enough that the renderer's wrapping never splits a line: IRC clients wrap for themselves.
    static let renderWidth = 400

    private let dialog: Dialog
    private let identity: IRCIdentity
    private let clientHost: String
    private var registration: IRCRegistration
    private var session: (any DialogRunner)?
    /// A new runner for the dialog (at registration, and for `restart` after the end).
    private let makeRunner: () -> any DialogRunner
    private var nick = "*"
    private var userModes: [Character] = []
    private let renderer = TextRenderer(width: IRCConversation.renderWidth, color: false)

    init(dialog: Dialog, identity: IRCIdentity, clientHost: String, makeRunner: @escaping () -> any DialogRunner) {
        self.dialog = dialog
        self.makeRunner = makeRunner
        self.identity = identity
        self.clientHost = clientHost
        registration = IRCRegistration(identity: identity)
    }

    var protocolName: String { "irc" }
    var outcomeCode: String? { session?.outcomeCode }
    var language: LanguageTag { session?.language ?? dialog.language }
    var endsOnControlKeys: Bool { false }
    var isRegistered: Bool { registration.isComplete }

    mutating func begin() -> Reply { Reply() }

    mutating func receive(_ bytes: [UInt8]) -> Reply {
        let text = InputSanitizer.text(from: bytes, ircFormatting: true)
        guard let message = IRCMessage(parsing: text) else { return Reply() }
        var reply = Reply()
        switch message.command {
        case "QUIT":
            let reason = message.parameters.first.map { "Quit: \($0)" } ?? "Quit"
            send([IRCMessage(command: "ERROR", parameters: ["Closing Link: \(clientHost) (\(reason))"])], &reply)
            reply.closes = true
        case "PING":
            let token = message.parameters.last ?? identity.serverName
            send([server("PONG", identity.serverName, token)], &reply)
            reply.isKeepAlive = true
        case "PONG":
            reply.isKeepAlive = true
        case _ where !registration.isComplete:
            guard IRCRegistration.handles(message.command) else {
                send([server("451", nick, "You have not registered")], &reply)
                break
            }
            send(registration.handle(message), &reply)
            nick = registration.nick ?? "*"
            if registration.isComplete {
                reply.append(welcome())
            }
        default:
            reply.append(registered(message))
        }
        return reply
    }

    mutating func lineTooLong(limit: Int) -> Reply {
        var reply = Reply()
        send([server("417", nick, ServerMessages.lineTooLong(limit: limit).text(in: language))], &reply)
        return reply
    }

    func notice(_ text: String) -> Reply {
        var reply = Reply()
        if registration.isComplete {
            send(bot(text), &reply)
        } else {
            send(IRCTextSplitter.messages(prefix: identity.serverName, command: "NOTICE", target: nick, text: text), &reply)
        }
        return reply
    }

    func farewell(_ text: String) -> Reply {
        var reply = notice(text)
        send([IRCMessage(command: "ERROR", parameters: ["Closing Link: \(clientHost) (\(text))"])], &reply)
        reply.closes = true
        return reply
    }

    mutating func resize(columns: Int) {}

    /// IRC clients answer a server's PING with PONG, so a silent client is asked.
    var keepAlive: Reply? {
        var reply = Reply()
        send([IRCMessage(command: "PING", parameters: [identity.serverName])], &reply)
        return reply
    }

    // MARK: After registration

    private mutating func registered(_ message: IRCMessage) -> Reply {
        var reply = Reply()
        let parameters = message.parameters
        switch message.command {
        case "PRIVMSG":
            guard let targets = parameters.first else {
                send([server("411", nick, "No recipient given (PRIVMSG)")], &reply)
                break
            }
            guard parameters.count >= 2, !parameters[1].isEmpty else {
                send([server("412", nick, "No text to send")], &reply)
                break
            }
            for target in targets.split(separator: ",").map(String.init) {
                if isBot(target) {
                    reply.append(answer(parameters[1]))
                } else {
                    send([server("401", nick, target, "No such nick/channel")], &reply)
                }
            }
        case "NOTICE":
            // RFC 2812 3.3.2: a NOTICE is never answered, not even with an error.
            break
        case "MODE":
            send(mode(parameters), &reply)
        case "JOIN", "PART":
            for channel in (parameters.first ?? "").split(separator: ",") where channel != "0" {
                send([server("403", nick, String(channel), "No such channel; talk to \(identity.botNick) in a query")], &reply)
            }
            if parameters.isEmpty {
                send([server("461", nick, message.command, "Not enough parameters")], &reply)
            }
        case "NICK":
            guard let wanted = parameters.first, !wanted.isEmpty else {
                send([server("431", nick, "No nickname given")], &reply)
                break
            }
            guard wanted != nick else { break }
            if let problem = IRCRegistration.nickProblem(wanted, identity: identity, target: nick) {
                send([problem], &reply)
                break
            }
            send([IRCMessage(prefix: userPrefix, command: "NICK", parameters: [wanted])], &reply)
            nick = wanted
        case "USER", "PASS":
            send([server("462", nick, "You may not reregister")], &reply)
        case "CAP":
            send(registration.handle(message), &reply)
        case "WHOIS":
            send(whois(parameters.last ?? ""), &reply)
        default:
            send([server("421", nick, message.command, "Unknown command")], &reply)
        }
        return reply
    }

    private mutating func welcome() -> Reply {
        var reply = Reply()
        let user = registration.user ?? nick
        var messages = [
            server("001", nick, "Welcome to the \(identity.network) network, \(nick)!\(user)@\(clientHost)"),
            server("002", nick, "Your host is \(identity.serverName), running version \(identity.version)"),
            server("003", nick, "This server runs the dialog \"\(dialog.title)\" (version \(dialog.version))"),
            server("004", nick, identity.serverName, identity.version, "iw", "n"),
            server("005", nick, "NETWORK=\(identity.network)", "CASEMAPPING=ascii", "CHANTYPES=",
                   "NICKLEN=\(IRCRegistration.maxNickLength)", "are supported by this server"),
            server("375", nick, "- \(identity.serverName) Message of the day -"),
        ]
        var motd = [dialog.title, ""]
        motd += TextWrapping.wrap(dialog.intro.trimmed("\n"), width: 70)
        motd += ["", ServerMessages.ircQueryNotice(bot: identity.botNick).text(in: dialog.language)]
        for line in motd {
            for chunk in IRCTextSplitter.chunks(of: "- " + line, maxBytes: 400) {
                messages.append(server("372", nick, chunk))
            }
        }
        messages.append(server("376", nick, "End of /MOTD command."))
        send(messages, &reply)

        var session = makeRunner()
        let step = session.startStep()
        self.session = session
        show(step, in: &reply)
        return reply
    }

    private mutating func answer(_ text: String) -> Reply {
        var reply = Reply()
        if text.hasPrefix("\u{01}") {
            send(ctcp(text), &reply)
            return reply
        }
        let line = text.filter { $0 != "\u{01}" }
        guard var session, !session.isOver else {
            if TypedCommand.isRestart(line, in: language) {
                var fresh = makeRunner()
                let step = fresh.startStep()
                self.session = fresh
                show(step, in: &reply)
            } else {
                send(bot(ServerMessages.ircFinished.text(in: language)), &reply)
            }
            return reply
        }
        let step = session.receiveStep(line)
        self.session = session
        show(step, in: &reply)
        return reply
    }

    mutating func continueAfterWrite() -> Reply {
        var reply = Reply()
        guard var session else { return reply }
        let step = session.continueAfterWrite()
        self.session = session
        show(step, in: &reply)
        return reply
    }

    /// The bot's lines for what the session did, or the write they wait for; the runner has already
    /// taken the step, so the session here is the one after it.
    private func show(_ step: RunnerStep, in reply: inout Reply) {
        let events: [Event]
        switch step {
        case .waiting(let write):
            reply.waiting = write
            return
        case .ready(let ready):
            events = ready
        }
        send(botLines(for: events), &reply)
        if let session, session.mustCloseConnection, !session.isOver {
            send(bot(ServerMessages.tooManyWrongCodes.text(in: language)), &reply)
            send([IRCMessage(command: "ERROR", parameters: ["Closing Link: \(clientHost) (too many wrong resume codes)"])], &reply)
            reply.closes = true
        }
    }

    private func botLines(for events: [Event]) -> [IRCMessage] {
        var messages: [IRCMessage] = []
        for event in events {
            for line in renderer.lines(for: event) where !line.allSatisfy({ $0 == " " }) {
                messages += bot(line)
            }
        }
        if session?.isOver == true {
            messages += bot(ServerMessages.ircFinished.text(in: language))
        }
        return messages
    }

    /// CTCP requests to the bot: VERSION, PING and TIME are answered by NOTICE, the rest ignored.
    private func ctcp(_ text: String) -> [IRCMessage] {
        let body = text.trimmed("\u{01}")
        let verb = body.split(separator: " ", maxSplits: 1).first.map { $0.uppercased() } ?? ""
        let answer: String
        switch verb {
        case "VERSION": answer = "VERSION Intake questionnaire bot (\(identity.version))"
        case "PING": answer = body
        default: return []
        }
        return [IRCMessage(prefix: identity.botPrefix, command: "NOTICE", parameters: [nick, "\u{01}\(answer)\u{01}"])]
    }

    private mutating func mode(_ parameters: [String]) -> [IRCMessage] {
        guard let target = parameters.first else {
            return [server("461", nick, "MODE", "Not enough parameters")]
        }
        if target.lowercased() == nick.lowercased() {
            guard parameters.count >= 2 else {
                return [server("221", nick, "+" + String(userModes))]
            }
            var adding = true
            var added = "", removed = ""
            var unknown = false
            for flag in parameters[1] {
                switch flag {
                case "+": adding = true
                case "-": adding = false
                case "i", "w":
                    if adding, !userModes.contains(flag) {
                        userModes.append(flag)
                        added.append(flag)
                    } else if !adding, let index = userModes.firstIndex(of: flag) {
                        userModes.remove(at: index)
                        removed.append(flag)
                    }
                default:
                    unknown = true
                }
            }
            var messages: [IRCMessage] = []
            if unknown {
                messages.append(server("501", nick, "Unknown MODE flag"))
            }
            let change = (added.isEmpty ? "" : "+" + added) + (removed.isEmpty ? "" : "-" + removed)
            if !change.isEmpty {
                messages.append(IRCMessage(prefix: userPrefix, command: "MODE", parameters: [nick, change]))
            }
            return messages
        }
        if isBot(target) {
            return [server("502", nick, "Can't change mode for other users")]
        }
        if target.hasPrefix("#") || target.hasPrefix("&") {
            return [server("403", nick, target, "No such channel")]
        }
        return [server("401", nick, target, "No such nick/channel")]
    }

    private func whois(_ target: String) -> [IRCMessage] {
        var messages: [IRCMessage]
        if isBot(target) {
            messages = [
                server("311", nick, identity.botNick, identity.botNick, identity.serverName, "*", "\(dialog.title) (questionnaire bot)"),
                server("312", nick, identity.botNick, identity.serverName, identity.network),
            ]
        } else if target.lowercased() == nick.lowercased() {
            messages = [server("311", nick, nick, registration.user ?? nick, clientHost, "*", nick)]
        } else {
            messages = [server("401", nick, target, "No such nick/channel")]
        }
        messages.append(server("318", nick, target, "End of /WHOIS list."))
        return messages
    }

    // MARK: Helpers

    private var userPrefix: String { "\(nick)!\(registration.user ?? nick)@\(clientHost)" }

    private func isBot(_ target: String) -> Bool {
        target.lowercased() == identity.botNick.lowercased()
    }

    private func server(_ command: String, _ parameters: String...) -> IRCMessage {
        IRCMessage(prefix: identity.serverName, command: command, parameters: parameters)
    }

    private func bot(_ text: String) -> [IRCMessage] {
        IRCTextSplitter.messages(prefix: identity.botPrefix, command: "PRIVMSG", target: nick, text: text)
    }

    private func send(_ messages: [IRCMessage], _ reply: inout Reply) {
        for message in messages {
            // Numerics echo the client's words (nick, target, channel), which may be longer than a line.
            reply.line(message.fitted().line)
        }
    }
}
