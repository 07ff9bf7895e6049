// WordTable: a few fixed words (yes/no words, command words) looked up without hashing the typed word.

/// A small fixed set of words, each with a value, grouped by UTF-8 length. A lookup compares the word
/// with the few words of its length (short strings compare as two machine words), where a `Set` or a
/// `Dictionary` would hash it first; every answer is looked up in several of these.
struct WordTable<Value: Sendable>: Sendable {
    /// Entries by the UTF-8 length of their word.
    private var byLength: [[(word: String, value: Value)]] = []

    /// The words and their values; a word listed twice keeps its first value.
    init(_ entries: some Sequence<(String, Value)>) {
        for (word, value) in entries where self[word] == nil {
            let length = word.utf8.count
            if byLength.count <= length { byLength += Array(repeating: [], count: length + 1 - byLength.count) }
            byLength[length].append((word, value))
        }
    }

    /// The value of this word, or nil.
    subscript(word: String) -> Value? {
        let length = word.utf8.count
        guard length < byLength.count else { return nil }
        let entries = byLength[length]
        for index in entries.indices where entries[index].word == word { return entries[index].value }
        return nil
    }

    func contains(_ word: String) -> Bool { self[word] != nil }
}

extension WordTable: ExpressibleByArrayLiteral where Value == Bool {
    /// A set of words (each with the value `true`).
    init(arrayLiteral words: String...) {
        self.init(words.map { ($0, true) })
    }
}
