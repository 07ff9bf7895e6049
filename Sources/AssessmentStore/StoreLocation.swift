// StoreLocation: what a `--db` value names: a SQLite file by its path, or a URL, refused unless it is of a kind this build keeps.

/// Where the assessments are kept, as a `--db` value says it.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file at this path (made if it does not exist).
    case file(path: String)

    /// The store as messages name it (never with a password).
    public var description: String {
        switch self {
        case .file(let path): path
        }
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
    public static func parse(_ text: String) throws(Refusal) -> StoreLocation {
        guard let scheme = urlScheme(of: text) else { return .file(path: text) }
        if postgresSchemes.contains(scheme) {
            throw Refusal(description: """
                --db names a PostgreSQL database (\(scheme):), and this build of Intake keeps assessments in SQLite \
                files only; give the path of a file.
                """)
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
