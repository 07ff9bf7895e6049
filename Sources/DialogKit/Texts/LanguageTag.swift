// LanguageTag: the language a dialog is translated into, as a BCP 47 tag (`es`, `pt-BR`).

/// A language as translations and `--language` name it: a BCP 47 tag of a 2- or 3-letter language
/// and optional subtags (`es`, `es-MX`, `pt-BR`, `zh-Hant`), compared without regard to case.
public struct LanguageTag: Sendable, Hashable, CustomStringConvertible {
    /// The tag in its usual case: language lowercase, a 2-letter region uppercase, a script titlecase.
    public let description: String

    /// Reads a tag, or says why it is not one (the message names what was given).
    public static func parse(_ text: String) -> Result<LanguageTag, LanguageTagError> {
        let trimmed = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        // A locale as LANG writes it (`es_ES.UTF-8`) names a tag; say which rather than refuse it bare.
        if trimmed.contains("_") || trimmed.contains("."),
            case .success(let tag) = parse(String(trimmed.prefix { $0 != "." }.map { $0 == "_" ? "-" : $0 }))
        {
            return .failure(LanguageTagError(given: text, suggestion: tag.description))
        }
        let subtags = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = subtags.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
            subtags.dropFirst().allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return .failure(LanguageTagError(given: text, suggestion: nil)) }
        let parts = subtags.enumerated().map { index, subtag -> String in
            if index == 0 { return subtag.lowercased() }
            if subtag.count == 2 { return subtag.uppercased() }
            if subtag.count == 4 { return subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased() }
            return subtag.lowercased()
        }
        return .success(LanguageTag(description: parts.joined(separator: "-")))
    }

    private init(description: String) { self.description = description }

    /// English: the language dialogs are written in.
    public static let english = LanguageTag(description: "en")

    /// The language without its region or script (`es` for `es-MX`), which the engine's own words are kept by.
    public var primary: String { String(description.prefix { $0 != "-" }) }
}

/// A text that is not a language tag.
public struct LanguageTagError: Error, Sendable, CustomStringConvertible {
    public var given: String
    /// The tag meant, when the text is one in another spelling (`es_ES` for `es-ES`).
    public var suggestion: String?

    public var description: String {
        if let suggestion { return "\"\(given)\" is written \(suggestion) as a language tag" }
        return "\"\(given)\" is not a language tag: give a BCP 47 tag such as es, es-MX or pt-BR"
    }
}
