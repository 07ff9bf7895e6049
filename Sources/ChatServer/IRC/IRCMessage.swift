// IRCMessage: one IRC protocol line (RFC 1459/2812 and the IRCv3 tag prefix), parsed and formatted.

/// An IRC message: optional prefix, a command (word or three-digit numeric), and parameters.
public struct IRCMessage: Sendable, Equatable {
    /// The longest line IRC allows, CR LF included (RFC 1459, 2.3).
    public static let maxLineBytes = 512

    /// Who sent it (`server` or `nick!user@host`), without the leading colon.
    public var prefix: String?
    /// The command, upper-cased when parsed (`PRIVMSG`, `001`).
    public var command: String
    /// The parameters; the last may contain spaces.
    public var parameters: [String]

    public init(prefix: String? = nil, command: String, parameters: [String] = []) {
        self.prefix = prefix
        self.command = command
        self.parameters = parameters
    }

    /// Parses a line without its terminator; nil when it holds no command. IRCv3 message tags are skipped.
    public init?(parsing line: String) {
        var rest = line[...]
        func word() -> Substring {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            let word = rest[..<end]
            rest = rest[end...].drop { $0 == " " }
            return word
        }
        rest = rest.drop { $0 == " " }
        if rest.first == "@" { _ = word() }
        var prefix: String?
        if rest.first == ":" {
            prefix = String(word().dropFirst())
        }
        let command = word()
        guard !command.isEmpty else { return nil }
        var parameters: [String] = []
        while !rest.isEmpty {
            if rest.first == ":" {
                parameters.append(String(rest.dropFirst()))
                break
            }
            parameters.append(String(word()))
        }
        self.init(prefix: prefix, command: command.uppercased(), parameters: parameters)
    }

    /// The line to send, without CR LF. CR, LF and NUL are removed from every part so that nothing a
    /// message carries can end the line early or start another; the last parameter is sent as a
    /// trailing one (after " :") when it has to be.
    public var line: String {
        var out = ""
        if let prefix {
            out += ":" + Self.clean(prefix, allowSpaces: false) + " "
        }
        out += Self.clean(command, allowSpaces: false)
        for (index, parameter) in parameters.enumerated() {
            let isLast = index == parameters.count - 1
            if isLast {
                let text = Self.clean(parameter, allowSpaces: true)
                let needsColon = text.isEmpty || text.contains(" ") || text.first == ":"
                out += needsColon ? " :" + text : " " + text
            } else {
                out += " " + Self.clean(parameter, allowSpaces: false)
            }
        }
        return out
    }

    /// This message cut to fit one line of `maxBytes` (512 with CR LF): while it is too long, its longest
    /// parameter is shortened between characters. Only replies that echo a client's words (a 500-byte nick
    /// in 432, a long target in 401) are ever cut; text the bot says is split by `IRCTextSplitter` instead.
    public func fitted(maxBytes: Int = IRCMessage.maxLineBytes - 2) -> IRCMessage {
        var message = self
        var excess = message.line.utf8.count - maxBytes
        while excess > 0, let longest = message.parameters.indices.max(by: {
            message.parameters[$0].utf8.count < message.parameters[$1].utf8.count
        }), !message.parameters[longest].isEmpty {
            let parameter = message.parameters[longest]
            let keep = parameter.utf8.count - excess
            var cut = ""
            for character in parameter {
                guard cut.utf8.count + character.utf8.count <= keep else { break }
                cut.append(character)
            }
            message.parameters[longest] = cut.count < parameter.count ? cut : String(parameter.dropLast())
            excess = message.line.utf8.count - maxBytes
        }
        return message
    }

    private static func clean(_ text: String, allowSpaces: Bool) -> String {
        let unsafe: (Unicode.Scalar) -> Bool = { scalar in
            scalar == "\r" || scalar == "\n" || scalar == "\0" || (!allowSpaces && scalar == " ")
        }
        guard text.unicodeScalars.contains(where: unsafe) else { return text }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: text.unicodeScalars.lazy.filter { !unsafe($0) })
        return String(kept)
    }
}
