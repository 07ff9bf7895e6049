// StringTrimming: trimming given characters from both ends, without Foundation.

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmed(_ characters: Character...) -> String {
        let drop = { (character: Character) in characters.contains(character) }
        guard let start = firstIndex(where: { !drop($0) }), let end = lastIndex(where: { !drop($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
