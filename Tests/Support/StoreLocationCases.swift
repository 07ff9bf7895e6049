// StoreLocationCases: the --db values of Tests/Data/store/locations.tsv, for the in-process and the built-binary tests.

import Foundation

/// One line of Tests/Data/store/locations.tsv: a `--db` value, what it names, and a word the refusal must say.
public struct StoreLocationCase: Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A SQLite file, the value its path as typed.
        case file
        /// A URL of a kind Intake does not know.
        case unknown
        /// A PostgreSQL URL; `says` is the database as messages name it.
        case postgres
        /// A PostgreSQL URL that cannot be read (a bad port, an unknown sslmode, ...).
        case badpostgres
    }

    public let line: Int
    public let value: String
    public let kind: Kind
    /// What the message must hold (nil for a path).
    public let says: String?

    public var description: String { "locations.tsv:\(line) \(value)" }

    /// A password the value carries (`user:password@`), which no message may quote.
    public var password: String? {
        guard let scheme = value.range(of: "://") else { return nil }
        let rest = value[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        let user = authority[..<at]
        guard let colon = user.firstIndex(of: ":") else { return nil }
        return String(user[user.index(after: colon)...])
    }

    /// Every case of the file; a line that does not read gives a case no test can pass.
    public static let all: [StoreLocationCase] = {
        let url = Repository.root.appendingPathComponent("Tests/Data/store/locations.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return [StoreLocationCase(line: 0, value: "(Tests/Data/store/locations.tsv is missing)", kind: .unknown, says: "\u{0}")]
        }
        var cases: [StoreLocationCase] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, let kind = Kind(rawValue: fields[1]) else {
                cases.append(StoreLocationCase(line: offset + 1, value: "(malformed line)", kind: .unknown, says: "\u{0}"))
                continue
            }
            cases.append(StoreLocationCase(line: offset + 1, value: fields[0], kind: kind, says: fields[2] == "-" ? nil : fields[2]))
        }
        return cases
    }()
}
