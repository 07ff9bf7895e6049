// StoreLocation: what a `--db` value names: a SQLite file by its path, or a PostgreSQL database by its URL; any other URL is refused.

import Foundation

/// Where the assessments are kept, as a `--db` value says it.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file at this path (made if it does not exist).
    case file(path: String)
    /// A PostgreSQL database (`postgres://...`); opened only by a build with the trait PostgreSQL.
    case postgres(PostgresAddress)

    /// The store as messages name it (never with a password).
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres(let address): address.description
        }
    }

    /// Whether this build keeps assessments in PostgreSQL (the package trait PostgreSQL).
    public static var postgresIsBuilt: Bool {
        #if PostgreSQL
        true
        #else
        false
        #endif
    }

    /// Why a `--db` value names no store this build can open. The message never quotes the value
    /// whole: a URL may carry a password.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The schemes that name PostgreSQL, as libpq reads them.
    static let postgresSchemes: Set<String> = ["postgres", "postgresql"]

    /// Reads a `--db` value. A value that starts like a URL (`scheme://`, or `postgres:` and
    /// `postgresql:` on their own) is a URL, never a path: `postgres://host/db` must not become a
    /// local folder named `postgres:`. Anything else is the path of a SQLite file.
    /// A PostgreSQL URL leaves out what `environment` says (`PGHOST`, `PGUSER`, ...), as `psql` reads it.
    public static func parse(
        _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Refusal) -> StoreLocation {
        guard let scheme = urlScheme(of: text) else { return .file(path: text) }
        if postgresSchemes.contains(scheme) {
            guard postgresIsBuilt else {
                throw Refusal(description: """
                    --db names a PostgreSQL database (\(scheme):), and this build of Intake keeps assessments in SQLite \
                    files only; give the path of a file, or build with PostgreSQL (make build-postgres).
                    """)
            }
            do {
                return .postgres(try PostgresAddress(url: text, environment: environment))
            } catch {
                throw Refusal(description: "--db: \(error).")
            }
        }
        throw Refusal(description: """
            --db starts like a URL of the kind "\(scheme):", which is not a store Intake knows; give the path of a \
            SQLite file, or a postgres:// URL.
            """)
    }

    /// The scheme, lowercased, when `text` starts like a URL; nil for a path.
    static func urlScheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon]
        // RFC 3986: a letter, then letters, digits, "+", "-" and ".".
        guard let first = name.unicodeScalars.first, first.isASCIILetter,
              name.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else { return nil }
        let scheme = name.lowercased()
        let rest = text[text.index(after: colon)...]
        if rest.hasPrefix("//") || postgresSchemes.contains(scheme) { return scheme }
        return nil
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
