// ListReader: the options a line names and the ones it denies ("nausea but no vomiting", "all but Botox").

/// Reads the options of a `choice` or `multi` answer from the whole line. The line is cut into
/// items at commas and joining words; an item with a negation ("no", "not", "without", "except") is
/// denied, and what is denied is never kept. A negation reaches the items joined to it by "or" and
/// "nor"; "but" ends it; an item joined to a denied one by "and" or a comma alone is unclear, and
/// the person is asked again rather than guessed at.
enum ListReader {
    /// What a line named: the options chosen and denied, whether it said "all", and what could not be placed.
    struct Reading {
        var chosen: UInt64 = 0
        var denied: UInt64 = 0
        /// Options named only by a near miss ("imitrix"), with the word typed.
        var nearMisses: [(word: String, option: Int)] = []
        var problem: String?
        /// The line is only doubt ("no idea"), naming no option.
        var isUnsure = false
        /// The line said "none" or "nothing" (which is the empty set where there is no `none` option).
        var saidNone = false
    }

    /// How an item was joined to the one before it.
    enum Joiner {
        case start, and, or, nor, but
    }

    private struct Item {
        var joiner: Joiner
        var words: [String]
    }

    static let englishJoiners: [String: Joiner] = [
        "and": .and, "plus": .and, "also": .and, "or": .or, "nor": .nor, "but": .but, "though": .but, "however": .but,
        "although": .but, "whereas": .but, "while": .but,
    ]

    /// Words that leave out what follows them: "except Botox", "apart from aspirin".
    static let exceptions = ["except", "except for", "apart from", "other than", "besides", "excluding", "bar", "save for", "minus", "not including"]

    /// Words that deny the item they are in: the yes/no reader's negations, its one-word noes, and exceptions.
    static let englishNegations = YesNoReader.negationWords + ["no", "never", "none", "neither", "nor", "nothing", "nope", "nah"] + exceptions

    /// Words that may deny an item or describe the symptom itself ("I can't take triptans", "I can't
    /// talk properly"): an item with one is asked about, not guessed.
    static let englishInabilities: Set<String> = ["can't", "cant", "cannot", "couldn't", "couldnt", "unable"]

    /// Words that mark an item as chosen even after a denied one ("no vomiting, only nausea").
    static let englishAffirmations: Set<String> = ["yes", "only", "just", "definitely", "mainly", "mostly", "but"]

    /// Whole answers meaning every option ("all of them"), and the words after which the rest are exceptions.
    static let englishAllPhrases =
        ["all", "all of them", "all of these", "all of those", "all of the above", "all the above", "all above", "everything",
         "every one", "everyone", "each of them", "all the ones", "anything"]
    static let englishExceptionWords = exceptions + ["but", "but not", "but no", "save", "not", "without"]
    static let englishNoneAnswers = [
        "none", "nothing", "no", "neither", "nope", "nil", "never", "none of them", "none of these", "none of those",
        "none of the above", "nothing at all", "none at all", "no none", "nothing of these", "not any", "not any of them",
        "not one", "zero", "n/a", "na",
    ]
    /// Words an item may hold around the option's name: "I get", "I took", "sometimes".
    static let englishFillers: Set<String> = [
        "i", "i've", "ive", "i'm", "im", "get", "gets", "got", "have", "has", "had", "take", "takes", "took", "taken",
        "taking", "use", "used", "using", "tried", "try", "a", "an", "the", "some", "sometimes", "usually", "often",
        "always", "also", "too", "as", "well", "yes", "only", "just", "definitely", "mainly", "mostly", "that's", "it",
        "its", "it's", "that", "is", "all", "me", "my", "of", "them", "really", "very", "bit", "little", "lot", "one",
        "ones", "both", "for", "to", "do", "does", "did", "am", "be", "feel", "felt", "thing", "things", "stuff", "like",
        "and", "or", "bad", "badly", "times", "occasionally", "rarely", "then", "which", "cause", "caused", "makes",
        "make", "from", "been", "with", "any", "kind", "sort", "type", "on", "in", "at", "when", "during", "attacks",
        "attack", "headache", "headaches", "hmm", "um", "uh", "ok", "okay", "so", "plus", "&", "+", "maybe", "think",
        "guess", "probably", "perhaps", "possibly", "please", "thanks",
    ]

    /// The words the reader knows in one language.
    struct Vocabulary: Sendable {
        let joiners: [String: Joiner]
        /// Words that deny the item they are in.
        let negations: PhraseScanner<Bool>
        let inabilities: Set<String>
        let affirmations: Set<String>
        let allPhrases: PhraseScanner<Bool>
        let exceptionWords: PhraseScanner<Bool>
        let noneAnswers: WordTable<Bool>
        let fillers: Set<String>

        init(
            joiners: [String: Joiner], negations: [String], inabilities: Set<String>, affirmations: Set<String>, allPhrases: [String],
            exceptionWords: [String], noneAnswers: [String], fillers: Set<String>
        ) {
            self.joiners = joiners
            self.negations = PhraseScanner(negations.map { ($0, true) })
            self.inabilities = inabilities
            self.affirmations = affirmations
            self.allPhrases = PhraseScanner(allPhrases.map { ($0, true) })
            self.exceptionWords = PhraseScanner(exceptionWords.map { ($0, true) })
            self.noneAnswers = WordTable(noneAnswers.map { ($0, true) })
            self.fillers = fillers
        }
    }

    static let english = Vocabulary(
        joiners: englishJoiners, negations: englishNegations, inabilities: englishInabilities, affirmations: englishAffirmations,
        allPhrases: englishAllPhrases, exceptionWords: englishExceptionWords, noneAnswers: englishNoneAnswers, fillers: englishFillers)

    /// The words of the language the engine reads now: English, or English and Spanish (`spanish`).
    static var vocabulary: Vocabulary { EngineLanguage.current == .spanish ? spanish : english }

    /// `allowsAll`: whether "all of them" and "everything except ..." are answers (a `multi` question).
    static func read(_ line: String, form: AnswerForm, allowsAll: Bool) -> Reading {
        let vocabulary = vocabulary
        let tokens = tokenize(line)
        var reading = Reading()
        let words = tokens.filter { $0 != "," }
        guard !words.isEmpty else {
            reading.problem = UserTexts.chooseNumbers
            return reading
        }
        let noneOption = form.noneOption
        let allButNone = form.allOptionBits & ~(noneOption.map { 1 << UInt64($0) } ?? 0)
        let joined = words.joined(separator: " ")
        if vocabulary.noneAnswers.contains(joined) || vocabulary.noneAnswers.contains(words.filter { !vocabulary.fillers.contains($0) }.joined(separator: " ")) {
            if let noneOption { reading.chosen = 1 << UInt64(noneOption) }
            reading.saidNone = true
            return reading
        }
        // Doubt: alone it is "unsure"; plain doubt beside an option asks for a decision.
        let doubt = DoubtReader.doubt(in: words)
        let rest = doubt == nil ? tokens : DoubtReader.phrases.removingPhrases(from: tokens)
        if doubt != nil, rest.allSatisfy({ $0 == "," || vocabulary.fillers.contains($0) }) {
            reading.isUnsure = true
            return reading
        }
        // "everything except Botox", "all but aspirin": every option, less what follows.
        if allowsAll, let (_, length) = vocabulary.allPhrases.phrase(at: 0, in: rest) {
            let after = Array(rest[length...]).filter { $0 != "," }
            if after.isEmpty || after.allSatisfy(vocabulary.fillers.contains) {
                reading.chosen = allButNone
                return reading
            }
            if let (_, exceptLength) = vocabulary.exceptionWords.phrase(at: 0, in: after) {
                let excepted = read(items: split(Array(rest[(length + exceptLength + (rest[length] == "," ? 1 : 0))...])), form: form, forceDenied: true)
                reading = excepted
                if reading.problem == nil {
                    reading.chosen = allButNone & ~reading.denied
                    if reading.chosen == 0 { reading.problem = UserTexts.allDenied }
                }
                return reading
            }
        }
        reading = read(items: split(rest), form: form, forceDenied: false)
        if reading.problem == nil, doubt == .unsure {
            reading.problem = UserTexts.doubtWithOptions(describe(reading.chosen, in: form))
        }
        return reading
    }

    /// Reads the items in order, carrying a denial across "or" and "nor" and stopping at "but".
    private static func read(items: [Item], form: AnswerForm, forceDenied: Bool) -> Reading {
        let vocabulary = vocabulary
        var reading = Reading()
        var previousDenied = false
        for item in items {
            if let word = item.words.first(where: vocabulary.inabilities.contains) {
                reading.problem = UserTexts.unclearInability(word, item.words.joined(separator: " "))
                return reading
            }
            let hasNegation = !vocabulary.negations.scan(item.words).isEmpty
            let isNone = vocabulary.noneAnswers.contains(item.words.filter { !vocabulary.fillers.contains($0) }.joined(separator: " "))
            let affirmed = item.words.first.map(vocabulary.affirmations.contains) ?? false
            let named = isNone ? item.words : vocabulary.negations.removingPhrases(from: item.words)
            var denied: Bool
            if forceDenied || hasNegation && !isNone {
                denied = true
            } else if affirmed || item.joiner == .but || item.joiner == .start {
                denied = false
            } else if previousDenied {
                switch item.joiner {
                case .or, .nor: denied = true
                default:
                    reading.problem = UserTexts.unclearDenial(item.words.joined(separator: " "))
                    return reading
                }
            } else {
                denied = item.joiner == .nor
            }
            let content = named.filter { !vocabulary.fillers.contains($0) }
            if isNone {
                if let noneOption = form.noneOption { reading.chosen |= 1 << UInt64(noneOption) }
                reading.saidNone = true
                previousDenied = false
                continue
            }
            let text = named.joined(separator: " ")
            var found = text.isEmpty ? [] : AnswerMatcher.options(named: text, in: form)
            if found.isEmpty && content.isEmpty {
                // "yes", "that's it", "not": nothing named, nothing to keep.
                previousDenied = denied
                continue
            }
            if found.isEmpty, content.count < named.count { found = AnswerMatcher.options(named: content.joined(separator: " "), in: form) }
            if found.isEmpty, let near = NearMatch.option(for: content, in: form) {
                switch near {
                case .one(let option, let word):
                    found = [option]
                    if let word { reading.nearMisses.append((word, option)) }
                case .several(let options, let word):
                    reading.problem = UserTexts.nearMissAmbiguous(word, options.map { form.options[$0].text })
                    return reading
                }
            }
            if found.isEmpty {
                if let number = Int(text) {
                    reading.problem = UserTexts.noSuchAnswer(number, count: form.options.count)
                } else {
                    reading.problem = UserTexts.unmatchedItem(content.joined(separator: " "))
                }
                return reading
            }
            if found.count > 1 && found.count == form.options.count {
                reading.problem = UserTexts.itemMatchesEverything(text)
                return reading
            }
            for index in found {
                if denied { reading.denied |= 1 << UInt64(index) } else { reading.chosen |= 1 << UInt64(index) }
            }
            previousDenied = denied
        }
        if reading.chosen & reading.denied != 0 {
            reading.problem = UserTexts.chosenAndDenied(describe(reading.chosen & reading.denied, in: form))
        }
        return reading
    }

    /// Lowercased, folded words, with "," standing for every list separator.
    static func tokenize(_ line: String) -> [String] {
        if let tokens = line.utf8.withContiguousStorageIfAvailable(tokenizeASCII) ?? nil { return tokens }
        return tokenizeCharacters(line)
    }

    /// `tokenize` for any text, Character by Character (accents folded).
    static func tokenizeCharacters(_ line: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        func flush() {
            // Trailing dots and hyphens are punctuation, not part of the word ("nausea.").
            while let last = word.last, last == "." || last == "-" || last == "'" { word.removeLast() }
            while let first = word.first, first == "." || first == "-" || first == "'" { word.removeFirst() }
            if !word.isEmpty { tokens.append(word) }
            word = ""
        }
        for character in line.lowercased() {
            if character == "," || character == ";" || character == "&" || character == "+" || character == "\n" {
                flush()
                if tokens.last != "," { tokens.append(",") }
                continue
            }
            let base = character == "\u{2019}" || character == "\u{2018}" ? "'" : TextFolding.baseLetter(character)
            if base.isLetter || base.isNumber || base == "'" || base == "-" || base == "." && !word.isEmpty {
                word.append(base)
            } else if base == "/" {
                // "sumatriptan/Imitrex": two names of one thing, or two things: either way two items.
                flush()
                if tokens.last != "," { tokens.append(",") }
            } else {
                flush()
            }
        }
        flush()
        while tokens.last == "," { tokens.removeLast() }
        while tokens.first == "," { tokens.removeFirst() }
        return tokens
    }

    /// `tokenize` for ASCII text, on its bytes (most answers): the same tokens without walking
    /// Characters; nil for other text.
    private static func tokenizeASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var tokens: [String] = []
        var start = -1
        func flush(_ end: Int) {
            guard start >= 0 else { return }
            var first = start
            var last = end
            // Dots, hyphens and apostrophes at either end are punctuation, not part of the word.
            while first < last, bytes[first] == 0x2E || bytes[first] == 0x2D || bytes[first] == 0x27 { first += 1 }
            while last > first, bytes[last - 1] == 0x2E || bytes[last - 1] == 0x2D || bytes[last - 1] == 0x27 { last -= 1 }
            if first < last {
                tokens.append(String(unsafeUninitializedCapacity: last - first) { buffer in
                    for offset in 0..<(last - first) {
                        let byte = bytes[first + offset]
                        buffer[offset] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    }
                    return last - first
                })
            }
            start = -1
        }
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte < 0x80 else { return nil }
            let lower = byte | 0x20
            let isWordByte = (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x27 || byte == 0x2D
                || (byte == 0x2E && start >= 0)
            if isWordByte {
                if start < 0 { start = index }
                continue
            }
            flush(index)
            // , ; & + newline and /: the places a list is cut.
            if byte == 0x2C || byte == 0x3B || byte == 0x26 || byte == 0x2B || byte == 0x0A || byte == 0x2F {
                if tokens.last != "," { tokens.append(",") }
            }
        }
        flush(bytes.count)
        while tokens.last == "," { tokens.removeLast() }
        while tokens.first == "," { tokens.removeFirst() }
        return tokens
    }

    /// Cuts tokens into items at commas and joining words.
    private static func split(_ tokens: [String]) -> [Item] {
        let vocabulary = vocabulary
        var items: [Item] = []
        var current = Item(joiner: .start, words: [])
        var pendingJoiner: Joiner?
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token == "," {
                if !current.words.isEmpty { items.append(current) }
                current = Item(joiner: pendingJoiner ?? .and, words: [])
                pendingJoiner = .and
                index += 1
                continue
            }
            // "as well as", "along with", "together with": "and".
            if (token == "as" && index + 2 < tokens.count && tokens[index + 1] == "well" && tokens[index + 2] == "as") {
                if !current.words.isEmpty { items.append(current) }
                current = Item(joiner: .and, words: [])
                index += 3
                continue
            }
            if let joiner = vocabulary.joiners[token] {
                if !current.words.isEmpty {
                    items.append(current)
                    current = Item(joiner: joiner, words: [])
                } else {
                    // ", but no vomiting": the word after the comma says how the item joins.
                    current.joiner = current.joiner == .start ? .start : joiner
                    if joiner == .nor { current.joiner = .nor }
                }
                pendingJoiner = nil
                index += 1
                continue
            }
            // "nausea without vomiting", "nausea not vomiting": a negation after a named thing starts a new item.
            if !current.words.isEmpty, current.words.contains(where: { !vocabulary.fillers.contains($0) }),
                vocabulary.negations.phrase(at: index, in: tokens) != nil, index + 1 < tokens.count, tokens[index + 1] != ",",
                !current.words.contains(where: { vocabulary.negations.phrase(at: 0, in: [$0]) != nil })
            {
                items.append(current)
                current = Item(joiner: .but, words: [])
            }
            current.words.append(token)
            pendingJoiner = nil
            index += 1
        }
        if !current.words.isEmpty { items.append(current) }
        return items
    }

    /// Option texts for the bits, joined.
    static func describe(_ bits: UInt64, in form: AnswerForm) -> String {
        let names = form.options.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { form.options[$0].text }
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}
