// ReadableCode: the short codes people read aloud and type: assessment references and resume codes.

/// Codes made for people: uppercase letters and digits without the look-alikes (0/O, 1/I/L, and U,
/// which turns some random strings into words), shown in groups of four joined by hyphens
/// (`K7PX-2M4Q`). Typing is forgiving: case, spaces and hyphens do not matter.
public enum ReadableCode {
    /// The 30 characters a code is drawn from.
    public static let alphabet: [Character] = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// Characters in a reference: 8, about 39 bits; a reference is quoted, not a secret.
    public static let referenceLength = 8
    /// Characters in a resume code: 12, about 59 bits, because a code lets someone continue a
    /// session and so see its answers, and anyone can connect and guess.
    public static let resumeCodeLength = 12

    /// A new random code of `length` characters (a multiple of 4), formatted in groups.
    public static func random(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        return formatted(String(characters))
    }

    /// The code as typed, reduced to its characters in upper case, or nil when it cannot be a code
    /// of `length` characters (a wrong length, or a character not in the alphabet).
    public static func normalized(_ typed: String, length: Int) -> String? {
        let kept = typed.uppercased().filter { $0 != "-" && $0 != " " && $0 != "\t" }
        guard kept.count == length, kept.allSatisfy(alphabet.contains) else { return nil }
        return formatted(kept)
    }

    /// Groups of four joined by hyphens: `K7PXR2M4QH9T` becomes `K7PX-R2M4-QH9T`.
    static func formatted(_ characters: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(characters)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: "-")
    }
}
