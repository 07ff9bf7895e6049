// PostgresAddress: a postgres:// URL read as libpq reads it, with the PG* environment variables filling in what it leaves out.

import Foundation

/// Where a PostgreSQL database is and how to log in, from `--db postgres://user:password@host:port/database?sslmode=...`
/// and, for what the URL does not say, `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE` and
/// `PGCONNECT_TIMEOUT`, then libpq's defaults (a socket in /var/run/postgresql, port 5432, the login name as user,
/// the user as database), as `psql` reads them. Pure: it reads no file and opens nothing.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode`.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A host name or address, or (starting with `/`) the folder of the server's socket.
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// Seconds to wait for the server to answer a connection.
    public var connectTimeout: Double

    /// Whether `host` is a socket folder rather than a network host.
    public var isSocket: Bool { host.hasPrefix("/") }
    /// The socket file: libpq's `<folder>/.s.PGSQL.<port>`.
    public var socketPath: String { (host as NSString).appendingPathComponent(".s.PGSQL.\(port)") }

    /// As messages name it: `postgres://user@host:port/database`, never with the password.
    public var description: String {
        let place = isSocket ? "\(socketPath)" : host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return "postgres://\(user)@\(place)/\(database)"
    }

    /// Why a URL cannot be read; never quotes the password.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `url` (`postgres://`, `postgresql://`, or `postgres:` alone for everything from the environment).
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Refusal) {
        guard let colon = url.firstIndex(of: ":") else { throw Refusal(description: "a PostgreSQL URL starts with postgres://") }
        var rest = Substring(url[url.index(after: colon)...])
        var query = Substring()
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var user: String?, password: String?, host: String?, port: String?, database: String?
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            var authority = rest
            if let slash = rest.firstIndex(of: "/") {
                authority = rest[..<slash]
                let name = rest[rest.index(after: slash)...]
                if !name.isEmpty { database = try Self.decoded(name, "the database name") }
            }
            // The last "@": a password may hold one unencoded, as libpq allows.
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                authority = authority[authority.index(after: at)...]
                if let split = userInfo.firstIndex(of: ":") {
                    user = try Self.decoded(userInfo[..<split], "the user name")
                    password = try Self.decoded(userInfo[userInfo.index(after: split)...], "the password")
                } else if !userInfo.isEmpty {
                    user = try Self.decoded(userInfo, "the user name")
                }
            }
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { throw Refusal(description: "the URL's host opens [ and never closes it") }
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let after = authority[authority.index(after: close)...]
                if after.hasPrefix(":") { port = String(after.dropFirst()) } else if !after.isEmpty {
                    throw Refusal(description: "the URL has something after its host that is not :port")
                }
            } else if let split = authority.lastIndex(of: ":") {
                host = try Self.decoded(authority[..<split], "the host")
                port = String(authority[authority.index(after: split)...])
            } else if !authority.isEmpty {
                host = try Self.decoded(authority, "the host")
            }
            if host?.isEmpty == true { host = nil }
            if port?.isEmpty == true { port = nil }
        } else if !rest.isEmpty {
            throw Refusal(description: "a PostgreSQL URL is postgres://user@host:port/database (postgres: alone takes everything from PGHOST, PGUSER, ...)")
        }
        var sslMode: String?, timeout: String?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else { throw Refusal(description: "the URL's parameter \"\(pair.prefix(40))\" has no value") }
            let key = String(pair[..<equals])
            let value = try Self.decoded(pair[pair.index(after: equals)...], "the parameter \(key)")
            switch key {
            case "host": host = value
            case "port": port = value
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "sslmode": sslMode = value
            case "connect_timeout": timeout = value
            // Said to the server or to libpq alone; nothing Intake does depends on them.
            case "application_name", "fallback_application_name", "options", "client_encoding", "target_session_attrs": break
            default:
                throw Refusal(description: "the URL's parameter \"\(key.prefix(40))\" is not one Intake reads (host, port, user, password, dbname, sslmode, connect_timeout)")
            }
        }
        func fromEnvironment(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        self.host = host ?? fromEnvironment("PGHOST") ?? "/var/run/postgresql"
        let portText = port ?? fromEnvironment("PGPORT") ?? "5432"
        guard let number = Int(portText), (1...65535).contains(number) else {
            throw Refusal(description: "the port \"\(portText.prefix(20))\" is not a number from 1 to 65535")
        }
        self.port = number
        let login = fromEnvironment("USER") ?? fromEnvironment("LOGNAME") ?? NSUserName()
        self.user = user ?? fromEnvironment("PGUSER") ?? login
        self.password = password ?? fromEnvironment("PGPASSWORD")
        self.database = database ?? fromEnvironment("PGDATABASE") ?? self.user
        let modeText = sslMode ?? fromEnvironment("PGSSLMODE") ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else {
            throw Refusal(description: "sslmode \"\(modeText.prefix(20))\" is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.sslMode = mode
        let timeoutText = timeout ?? fromEnvironment("PGCONNECT_TIMEOUT") ?? "10"
        guard let seconds = Double(timeoutText), seconds >= 0, seconds.isFinite else {
            throw Refusal(description: "connect_timeout \"\(timeoutText.prefix(20))\" is not a number of seconds")
        }
        // libpq: 0 waits for ever; 2 is the shortest it honours.
        self.connectTimeout = seconds == 0 ? 3600 : max(2, seconds)
    }

    /// Percent-decoded as UTF-8 (`p%C3%A4ss` is `päss`); a broken escape is refused, naming the part, not its text.
    private static func decoded(_ text: Substring, _ part: String) throws(Refusal) -> String {
        guard text.contains("%") else { return String(text) }
        guard let value = text.removingPercentEncoding else {
            throw Refusal(description: "\(part) in the URL has a % that is not followed by two hexadecimal digits of UTF-8")
        }
        return value
    }
}
