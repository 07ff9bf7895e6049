// YesNoReader: a yes, a no, doubt, or "asked again", read from the whole line.

/// Reads a yes/no answer from every word of the line (DESIGN.md, "The session state machine"):
/// doubt anywhere makes it "unsure"; a line that says both yes and no, or that holds words the
/// engine cannot place next to its yes or no ("y zzz"), is asked again rather than guessed.
enum YesNoReader {
    /// What a word or phrase says about the answer.
    enum Signal: Sendable {
        case yes, no
        /// "not", "never", "haven't": a no, unless the line also says yes.
        case negation
        /// "I have", "it did": a yes when the line says nothing else.
        case auxiliary
    }

    /// Words and phrases that answer yes.
    static let yesPhrases = [
        "y", "yes", "yess", "yeah", "yeh", "yah", "yea", "yep", "yup", "ya", "yas", "ye", "sure", "true",
        "correct", "right", "ok", "okay", "definitely", "absolutely", "aye", "affirmative", "indeed", "certainly",
        "of course", "that's right", "thats right", "that is right", "that's correct", "yes please", "uh huh", "mhm",
        "totally", "for sure",
    ]
    /// Words and phrases that answer no.
    static let noPhrases = [
        "n", "no", "noo", "nope", "nah", "naw", "nay", "never", "negative", "none", "false", "not at all",
        "not really", "not me", "nothing like that", "not once", "nothing", "no never", "neither",
        "definitely not", "absolutely not", "certainly not", "of course not", "really not", "totally not",
        "nor",
    ]
    /// Words that deny: a no, unless the line also says yes.
    static let negationWords = [
        "not", "don't", "dont", "didn't", "didnt", "haven't", "havent", "hasn't", "hasnt", "hadn't", "hadnt",
        "isn't", "isnt", "wasn't", "wasnt", "weren't", "werent", "doesn't", "doesnt", "aren't", "arent",
        "won't", "wont", "without", "nobody", "nowhere",
    ]
    /// "I have", "it did": a yes when the line says nothing else.
    static let auxiliaryWords = [
        "have", "has", "had", "did", "do", "does", "am", "is", "was", "were", "got", "get", "gets", "i've",
        "ive", "it's", "i'm", "im",
    ]

    /// The words the reader knows in one language: what they signal, which carry no answer, and which
    /// join two clauses.
    struct Vocabulary: Sendable {
        let signals: PhraseScanner<Signal>
        let neutral: Set<String>
        let clauseJoiners: Set<String>
        /// Words that take a no back in part: how often, how much, or when it did happen.
        let qualifiers: Set<String>
        /// Words that take a no back in part only right after it (`YesNoReader.negatedQualifiers`).
        let negatedQualifiers: Set<String>
        /// The one-word yes and no answers, looked up whole before a line is read word by word.
        let yesWords: WordTable<Bool>
        let noWords: WordTable<Bool>

        init(
            yes: [String], no: [String], negations: [String], auxiliaries: [String], neutral: Set<String>, clauseJoiners: Set<String>,
            qualifiers: Set<String>, negatedQualifiers: Set<String>
        ) {
            signals = PhraseScanner(
                yes.map { ($0, Signal.yes) } + no.map { ($0, Signal.no) } + negations.map { ($0, Signal.negation) }
                    + auxiliaries.map { ($0, Signal.auxiliary) })
            self.neutral = neutral
            self.clauseJoiners = clauseJoiners
            self.qualifiers = qualifiers
            self.negatedQualifiers = negatedQualifiers
            yesWords = WordTable(yes.filter { !$0.contains(" ") }.map { ($0, true) })
            noWords = WordTable((no + negations).filter { !$0.contains(" ") }.map { ($0, true) })
        }
    }

    static let english = Vocabulary(
        yes: yesPhrases, no: noPhrases, negations: negationWords, auxiliaries: auxiliaryWords, neutral: neutralWords, clauseJoiners: clauseJoiners,
        qualifiers: qualifiers, negatedQualifiers: negatedQualifiers)

    /// The words of the language the engine reads now: English, or English and Spanish (`spanish`).
    static var vocabulary: Vocabulary { EngineLanguage.current == .spanish ? spanish : english }

    /// Words that carry no answer of their own: pronouns, articles, times, intensifiers, courtesy.
    /// Next to a yes or a no they change nothing; any other word (not in the question's own text
    /// either) makes the line unclear.
    static let neutralWords = Set<String>([
        "i", "me", "my", "mine", "myself", "it", "its", "they", "them", "their", "that", "that's", "thats", "this",
        "these", "those", "there", "he", "she", "we", "you", "your", "a", "an", "the", "one", "ones", "any", "anything",
        "some", "something", "of", "to", "in", "on", "at", "for", "with", "from", "by", "about", "just", "only", "but",
        "and", "or", "so", "also", "too", "well", "oh", "um", "umm", "uh", "er", "erm", "hmm", "ah", "like", "really",
        "very", "quite", "completely", "ever", "once", "twice", "times", "time", "last", "week", "weeks", "month",
        "months", "year", "years", "day", "days", "ago", "today", "yesterday", "recently", "lately", "before", "since",
        "earlier", "now", "then", "sometimes", "often", "always", "usually", "again", "morning", "night", "evening",
        "please", "thanks", "thank", "sorry", "be", "been", "felt", "feel", "feeling", "had", "like", "such", "thing",
        "things", "happened", "happen", "had", "experienced", "noticed", "lol", "haha", "all", "at", "still", "much",
        "more", "less", "honestly", "actually", "yet", "either", "both", "as", "far", "that", "what", "which", "here",
        "hi", "hello", "well", "okay", "answer", "is", "are", "am", "was", "were", "will", "would", "should", "can",
        "could", "whole", "life", "new", "old", "same", "usual", "normal", "bad", "worse", "worst", "head", "headache",
        "headaches", "pain", "other", "others", "thankfully", "luckily", "fortunately", "unfortunately", "sadly",
        "past", "previously", "used", "anymore", "currently", "present", "future", "bit", "little", "slightly",
        "somewhat", "partly", "mildly", "n/a", "na", "when", "whenever", "if", "while", "after", "during",
        "many", "lots", "loads", "plenty", "several", "countless", "numerous", "few", "god", "goodness", "gosh",
        "lord", "heavens", "phew", "tbh", "honest", "ever",
    ])

    /// The word without a common English ending ("reached" -> "reach", "coughing" -> "cough"), so an
    /// answer may repeat the question's words in another form.
    static func stem(_ word: String) -> String {
        for suffix in ["ing", "ed", "es", "s", "d"] where word.count > suffix.count + 3 && word.hasSuffix(suffix) {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    /// Past forms that no ending can be cut from ("it came on suddenly" repeats "come on suddenly"),
    /// with the form the question is likely to use.
    static let irregularForms: [String: String] = [
        "came": "come", "went": "go", "gone": "go", "began": "begin", "begun": "begin", "felt": "feel",
        "got": "get", "gotten": "get", "took": "take", "taken": "take", "woke": "wake", "woken": "wake",
        "saw": "see", "seen": "see", "gave": "give", "given": "give", "made": "make", "lost": "lose",
        "fell": "fall", "fallen": "fall", "kept": "keep", "left": "leave", "threw": "throw", "thrown": "throw",
        "said": "say", "told": "tell", "thought": "think", "brought": "bring", "hurt": "hurt", "struck": "strike",
        "spread": "spread", "grew": "grow", "grown": "grow", "became": "become", "ran": "run", "slept": "sleep",
        "ate": "eat", "eaten": "eat", "drank": "drink", "drunk": "drink", "wore": "wear", "worn": "wear",
        "broke": "break", "broken": "break", "knew": "know", "known": "know", "met": "meet", "meant": "mean",
        "sent": "send", "spent": "spend", "stood": "stand", "understood": "understand", "found": "find",
    ]

    /// Whether `word`, in some form, is one of the question's own words.
    static func isContextWord(_ word: String, in contextWords: Set<String>) -> Bool {
        contextWords.contains(word) || contextWords.contains(stem(word))
            || irregularForms[word].map(contextWords.contains) == true
    }

    /// Words that, beside a no, take it back in part: how often ("sometimes", "not always"), how much
    /// ("not much", "a bit") or when it did happen ("yesterday", "a week ago", "not since last year",
    /// "not anymore"). Such a line is asked again: at a red flag it is the doubt that is never a no.
    static let qualifiers: Set<String> = [
        "sometimes", "occasionally", "once", "twice", "bit", "little", "slightly", "somewhat", "partly", "mildly", "yesterday", "ago", "recently",
        "lately", "earlier", "last", "since", "before", "previously", "used", "anymore", "occasional", "sometime",
    ]

    /// Words that qualify a no only right after it: "not always", "no siempre", "not much", "no del
    /// todo" (where "no, as always" and "no, como siempre" are a plain no).
    static let negatedQualifiers: Set<String> = ["always", "often", "usually", "much", "entirely", "completely", "fully", "mostly"]
    static let spanishNegatedQualifiers: Set<String> = ["siempre", "mucho", "todo", "normalmente", "generalmente"]

    /// Whether the line ends as a question ("no?", "¿no?", "nope??").
    static func isAsked(_ line: String) -> Bool {
        line.trimmingCharacters(in: .whitespaces).hasSuffix("?")
    }

    /// Whether words beside a no take it back in part: a qualifier anywhere, or a negated qualifier
    /// right after the no ("not always", "no del todo").
    static func takesBackInPart(_ words: [String], _ vocabulary: Vocabulary) -> Bool {
        for (index, word) in words.enumerated() {
            if vocabulary.qualifiers.contains(word) { return true }
            guard vocabulary.negatedQualifiers.contains(word) else { continue }
            // Right after the no, or after "no del" ("no del todo").
            let previous = index > 0 ? words[index - 1] : ""
            if vocabulary.noWords.contains(previous) { return true }
            if previous == "del", index > 1, vocabulary.noWords.contains(words[index - 2]) { return true }
        }
        return false
    }

    /// Words that join two clauses of one answer ("pregnant, but the headache is not new").
    static let clauseJoiners: Set<String> = ["but", "though", "although", "however", "except", "apart"]

    /// Whether the one-letter word was typed as that letter, standing alone ("y", "Y!", "n, never"),
    /// rather than made by folding ("ÿ") or left from an escape ("\n").
    static func typedAsLetter(_ letter: String, in line: String) -> Bool {
        line.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).contains { token in
            token.trimmingCharacters(in: ".").trimmingCharacters(in: "!").trimmingCharacters(in: "?") == letter
        }
    }

    /// `contextWords` are the question's own words (its text and help, folded): an answer may repeat
    /// them ("yes, a stiff neck") without becoming unclear.
    static func read(_ folded: String, line: String, contextWords: Set<String>) -> AnswerMatch {
        let vocabulary = vocabulary
        let signals = vocabulary.signals
        // Dots inside a folded word are punctuation here ("no...", "yes."): no yes/no word has one.
        let words = TextFolding.words(folded).map { String($0.trimmingCharacters(in: ".").trimmingCharacters(in: "'")) }.filter { !$0.isEmpty }
        guard !words.isEmpty else { return .notUnderstood(UserTexts.answerYesOrNo) }
        if words == ["1"] { return .value(.bool(true)) }
        if words == ["2"] { return .value(.bool(false)) }
        if DoubtReader.doubt(in: words) != nil { return .unsure }
        var yes: [String] = []
        var no: [String] = []
        var negations: [String] = []
        var auxiliaries = 0
        var unplaced: [String] = []
        var content = 0
        var index = 0
        while index < words.count {
            if let (signal, length) = signals.phrase(at: index, in: words) {
                let phrase = words[index..<index + length].joined(separator: " ")
                switch signal {
                case .yes: yes.append(phrase)
                case .no: no.append(phrase)
                case .negation: negations.append(phrase)
                case .auxiliary: auxiliaries += 1
                }
                index += length
                continue
            }
            let word = words[index]
            if vocabulary.neutral.contains(word) {
            } else if isContextWord(word, in: contextWords) {
                content += 1
            } else {
                unplaced.append(word)
            }
            index += 1
        }
        // "y" and "n" count only as typed: "ÿ" and "\n" fold to them but are no answer.
        for letter in ["y", "n"] where (yes + no).contains(letter) && !typedAsLetter(letter, in: line) {
            return .notUnderstood(UserTexts.answerYesOrNo)
        }
        let saidYes = !yes.isEmpty
        let saidNo = !no.isEmpty || !negations.isEmpty
        // "pregnant, but the headache is not new": one clause affirms what the other denies.
        if saidNo && !saidYes && content > 0, let split = words.firstIndex(where: vocabulary.clauseJoiners.contains) {
            let clauses = [Array(words[..<split]), Array(words[(split + 1)...])]
            let affirming = clauses.filter { clause in
                clause.contains(where: contextWords.contains) && signals.scan(clause).allSatisfy { $0.meaning == .auxiliary }
            }
            if !affirming.isEmpty { return .notUnderstood(UserTexts.partlyYesPartlyNo) }
        }
        if saidYes && saidNo {
            return .notUnderstood(UserTexts.yesAndNo(yes: yes[0], no: (no + negations)[0]))
        }
        if !unplaced.isEmpty {
            if saidYes || saidNo {
                return .notUnderstood(UserTexts.yesNoWithUnplacedWords(understood: saidYes ? UserTexts.yes : UserTexts.no, unplaced: unplaced))
            }
            return .notUnderstood(UserTexts.answerYesOrNo)
        }
        if saidYes { return .value(.bool(true)) }
        if saidNo {
            // "no?": a no the person asks about is doubt, never a no.
            if isAsked(line) { return .unsure }
            // "no but sometimes", "not always", "no, a week ago": the rest takes the no back in part.
            if takesBackInPart(words, vocabulary) { return .notUnderstood(UserTexts.partlyYesPartlyNo) }
            return .value(.bool(false))
        }
        // "I have", "it did": an answer only when it is all the line says.
        if auxiliaries > 0 && content == 0 { return .value(.bool(true)) }
        return .notUnderstood(UserTexts.answerYesOrNo)
    }
}
