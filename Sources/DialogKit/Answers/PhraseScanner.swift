// PhraseScanner: finds fixed phrases of one or more words in a line's words, longest first.

/// A table of phrases (each one or more folded words) with a value each. `scan` walks a line's words
/// once and, at each word, takes the longest phrase that starts there, so "not at all" is read as one
/// phrase before "not" alone is.
struct PhraseScanner<Meaning: Sendable>: Sendable {
    /// Phrases by their first word, longest first.
    private let byFirstWord: [String: [(words: [String], meaning: Meaning)]]

    init(_ entries: [(String, Meaning)]) {
        var table: [String: [(words: [String], meaning: Meaning)]] = [:]
        for (phrase, meaning) in entries {
            let words = phrase.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            table[first, default: []].append((words, meaning))
        }
        byFirstWord = table.mapValues { $0.sorted { $0.words.count > $1.words.count } }
    }

    /// The phrase that starts at `index` of `words`, its meaning and how many words it spans.
    func phrase(at index: Int, in words: [String]) -> (meaning: Meaning, length: Int)? {
        guard let candidates = byFirstWord[words[index]] else { return nil }
        for candidate in candidates where index + candidate.words.count <= words.count {
            if candidate.words.count == 1 || words[index..<index + candidate.words.count].elementsEqual(candidate.words) {
                return (candidate.meaning, candidate.words.count)
            }
        }
        return nil
    }

    /// Every phrase found, left to right, with the index of its first word.
    func scan(_ words: [String]) -> [(meaning: Meaning, index: Int, length: Int)] {
        var found: [(meaning: Meaning, index: Int, length: Int)] = []
        var index = 0
        while index < words.count {
            if let (meaning, length) = phrase(at: index, in: words) {
                found.append((meaning, index, length))
                index += length
            } else {
                index += 1
            }
        }
        return found
    }

    /// The words less every phrase of the table.
    func removingPhrases(from words: [String]) -> [String] {
        var kept: [String] = []
        var index = 0
        while index < words.count {
            if let (_, length) = phrase(at: index, in: words) {
                index += length
            } else {
                kept.append(words[index])
                index += 1
            }
        }
        return kept
    }
}
