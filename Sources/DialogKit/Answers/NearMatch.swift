// NearMatch: option words typed with a slip ("imitrix", "topomax", "ibuprofin").

/// Finds the option a misspelt word most likely names: the option whose words are nearest in edit
/// distance (a letter added, dropped, changed, or two swapped), within a small bound that grows with
/// the word's length. Two options equally near are reported as such, so the person is asked.
enum NearMatch {
    enum Found: Equatable {
        /// One option; `word` is the misspelt word, nil when the words were spelt as the option's.
        case one(Int, word: String?)
        case several([Int], word: String)
    }

    /// The most edits a typed word of this many letters may be from an option word: 1 from 5 to 7
    /// letters, 2 from 8; nil below 5, where one slip makes another word ("back", "pack") and a
    /// right spelling is common to many options ("side", "head").
    static func allowedDistance(forLength length: Int) -> Int? {
        length < 5 ? nil : length < 8 ? 1 : 2
    }

    /// The option the words name by whole words or near misses. Each word that is nearest to one
    /// option alone votes for it; the votes must agree. `word` in the result is the typed word that
    /// was not spelt as any option's, or nil when every vote was spelt exactly.
    static func option(for words: [String], in form: AnswerForm) -> Found? {
        var votes: [Int] = []
        var misspelt: String?
        var ambiguous: (options: [Int], word: String)?
        for word in words {
            let typed = Array(word)
            guard let allowed = allowedDistance(forLength: typed.count) else { continue }
            var best = allowed + 1
            var nearest: [Int] = []
            for (candidate, option) in form.vocabulary {
                guard abs(candidate.count - typed.count) <= allowed else { continue }
                let distance = editDistance(typed, candidate, limit: allowed)
                guard distance <= allowed else { continue }
                if distance < best {
                    best = distance
                    nearest = [option]
                } else if distance == best, !nearest.contains(option) {
                    nearest.append(option)
                }
            }
            if nearest.count == 1 {
                if !votes.contains(nearest[0]) { votes.append(nearest[0]) }
                if best > 0, misspelt == nil { misspelt = word }
            } else if nearest.count > 1, ambiguous == nil {
                ambiguous = (nearest, word)
            }
        }
        if votes.count == 1 { return .one(votes[0], word: misspelt) }
        if votes.count > 1 { return .several(votes, word: words.joined(separator: " ")) }
        if let ambiguous { return .several(ambiguous.options, word: ambiguous.word) }
        return nil
    }

    /// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring);
    /// anything over `limit` is reported as `limit + 1`.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if a == b { return 0 }
        if a.isEmpty || b.isEmpty { return Swift.min(Swift.max(a.count, b.count), limit + 1) }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = Swift.min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = Swift.min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return Swift.min(previous[b.count], limit + 1)
    }
}
