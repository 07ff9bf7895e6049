// DoubtReader: whether a line says the person is unsure ("I don't know", "not sure", "maybe").

/// How strongly a line expresses doubt.
enum Doubt: Int, Sendable, Comparable {
    /// A hedge: "maybe", "I think", "kind of". With an amount or an option it is a best guess.
    case hedge = 1
    /// Plain doubt: "I don't know", "not sure", "can't remember". It never names a value.
    case unsure = 2

    static func < (lhs: Doubt, rhs: Doubt) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Finds doubt in a line's folded words. The phrases are the ways people say they do not know,
/// with the spellings they type them in (no apostrophe, "dunno", "idk", common typos). Words of
/// degree ("a bit", "slightly") are not doubt: "a bit weak" is sure of the weakness.
enum DoubtReader {
    /// The doubt phrases of the language the engine reads now: English, or English and Spanish.
    static var phrases: PhraseScanner<Doubt> { EngineLanguage.current == .spanish ? englishAndSpanish : english }

    static let english = PhraseScanner<Doubt>(englishPhrases)
    static let englishAndSpanish = PhraseScanner<Doubt>(englishPhrases + spanishPhrases)

    static let englishPhrases: [(String, Doubt)] =
        [
            "i don't know", "i dont know", "i do not know", "don't know", "dont know", "do not know", "dunno",
            "idk", "idunno", "i donno", "donno", "dno", "not sure", "not really sure", "not too sure", "not so sure",
            "not entirely sure", "not quite sure", "not completely sure", "not 100", "not a hundred percent",
            "unsure", "not certain", "uncertain", "no idea", "no clue", "not a clue", "haven't a clue",
            "havent a clue", "no clue", "can't remember", "cant remember", "cannot remember", "can not remember",
            "don't remember", "dont remember", "do not remember", "can't recall", "cant recall", "cannot recall",
            "don't recall", "dont recall", "do not recall", "i forget",
            "hard to say", "hard to tell", "difficult to say", "can't say", "cant say", "cannot say",
            "can't tell", "cant tell", "cannot tell", "who knows", "not that i know of", "not that i know",
            "not that i remember", "not as far as i know", "as far as i know", "don't think so", "dont think so",
            "do not think so", "i don't think", "i dont think", "probably not", "maybe not", "not positive",
            "no recollection", "i'm not sure", "im not sure", "not sur", "nt sure", "notsure", "unsur", "unknown",
            "doubt it", "i doubt", "dk", "dont no", "don't no", "no ide", "no sure", "can't be sure", "cant be sure",
            "cannot be sure", "can not be sure", "couldn't say", "couldnt say", "could not say", "couldn't tell",
            "couldnt tell", "could not tell", "hard to remember", "difficult to remember", "wouldn't know",
            "wouldnt know", "would not know", "not to my knowledge", "beats me", "search me", "not that i recall",
            "not that i can remember", "not that i can recall", "not as far as i remember",
        ].map { ($0, Doubt.unsure) }
            + [
                "maybe", "mabye", "maybee", "mayb", "perhaps", "possibly", "possible", "probably", "prob", "likely",
                "unlikely", "i think", "think so", "i guess", "guess so", "i suppose", "suppose so", "i believe",
                "kind of", "kinda", "sort of", "sorta", "might",
                "might have", "could be", "could have", "may have", "might be", "may be", "i reckon", "reckon",
                "more or less", "ish",
            ].map { ($0, Doubt.hedge) }

    /// The strongest doubt the words express, or nil.
    static func doubt(in words: [String]) -> Doubt? {
        var strongest: Doubt?
        for found in phrases.scan(words) where strongest == nil || found.meaning > strongest! {
            strongest = found.meaning
        }
        return strongest
    }
}
