// QuantityReader+Spanish: amounts typed in Spanish ("cuatro días", "dos o tres veces por semana", "unos 41 años"),
// read as the English words they mean, so that one reader of amounts serves both languages.

extension QuantityReader {
    /// The tokens of a Spanish line with each Spanish word of an amount as the English words the reader
    /// knows ("treinta y cinco" -> "thirty five", "por semana" -> "a week"); other words are kept as typed,
    /// English ones included, so mixed answers read too. Tokens are folded: no accents.
    static func englishTokens(fromSpanish tokens: [Token]) -> [Token] {
        var out: [Token] = []
        var index = 0
        func word(_ at: Int) -> String? {
            guard at < tokens.count, case .word(let word) = tokens[at] else { return nil }
            return word
        }
        func append(_ words: String) {
            out += words.split(separator: " ").map { Token.word(String($0)) }
        }
        tokenLoop: while index < tokens.count {
            guard let text = word(index) else {
                out.append(tokens[index])
                index += 1
                continue
            }
            for (phrase, english) in spanishPhrases where phrase.indices.allSatisfy({ word(index + $0) == phrase[$0] }) {
                append(english)
                index += phrase.count
                continue tokenLoop
            }
            // "treinta y cinco": the tens and the units without the "y".
            if spanishTens[text] != nil, word(index + 1) == "y", let next = word(index + 2), let units = spanishUnits[next], units >= 1, units <= 9 {
                append(spanishTens[text]! + " " + englishNumber(units))
                index += 3
                continue
            }
            // "de 2 a 4": "a" between two numbers is a range.
            if text == "a", case .number? = out.last, index + 1 < tokens.count, case .number = tokens[index + 1] {
                append("to")
                index += 1
                continue
            }
            if let english = spanishTens[text] ?? spanishUnits[text].map(englishNumber) ?? spanishWords[text] {
                append(english)
            } else {
                out.append(tokens[index])
            }
            index += 1
        }
        return out
    }

    /// A number below 30 in English words, as `smallNumbers` and `tens` read them.
    private static func englishNumber(_ value: Int) -> String {
        if let word = smallNumbers.first(where: { $0.value == Double(value) })?.key { return word }
        let tensWord = tens.first { $0.value == Double(value / 10 * 10) }?.key ?? ""
        return value % 10 == 0 ? tensWord : tensWord + " " + englishNumber(value % 10)
    }

    /// Spanish numbers of one word up to 29 ("una" and "un" are articles here: "una vez" is once).
    static let spanishUnits: [String: Int] = [
        "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
        "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
        "dieciocho": 18, "diecinueve": 19, "veintiuno": 21, "veintiun": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23,
        "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
    ]
    static let spanishTens: [String: String] = [
        "veinte": "twenty", "treinta": "thirty", "cuarenta": "forty", "cincuenta": "fifty", "sesenta": "sixty",
        "setenta": "seventy", "ochenta": "eighty", "noventa": "ninety", "cien": "a hundred", "ciento": "a hundred",
    ]
    /// Units, rates, ranges, hedges and the words of a sentence about an amount ("" for words that say
    /// nothing about it: "tengo 41 años").
    static let spanishWords: [String: String] = [
        "un": "a", "una": "a", "segundo": "second", "segundos": "seconds", "minuto": "minute", "minutos": "minutes",
        "hora": "hour", "horas": "hours", "dia": "day", "dias": "days", "semana": "week", "semanas": "weeks",
        "quincena": "fortnight", "mes": "month", "meses": "months", "ano": "year", "anos": "years", "vez": "time",
        "veces": "times", "cada": "every", "por": "per", "diario": "daily", "diaria": "daily", "diariamente": "daily",
        "semanal": "weekly", "semanalmente": "weekly", "mensual": "monthly", "mensualmente": "monthly", "anual": "yearly",
        "medio": "half", "media": "half", "o": "or", "u": "or", "hasta": "to", "entre": "between", "y": "and", "e": "and",
        "unos": "about", "unas": "about", "aproximadamente": "about", "aprox": "about", "casi": "almost", "sobre": "of",
        "como": "about", "ninguno": "none", "ninguna": "none", "ningun": "no", "nada": "nothing", "nunca": "never", "jamas": "never",
        "varios": "several", "varias": "several", "muchos": "many", "muchas": "many", "bastantes": "several",
        "algunos": "several", "algunas": "several", "pocos": "few", "pocas": "few", "siempre": "always", "a veces": "sometimes",
        "tengo": "", "tuve": "", "he": "", "tenido": "", "me": "", "duran": "lasts", "dura": "lasts", "duro": "lasted",
        "duraba": "lasted", "suele": "usually", "suelen": "usually", "normalmente": "usually", "generalmente": "usually",
        "el": "", "la": "", "los": "", "las": "", "lo": "", "de": "of", "del": "of", "al": "a", "en": "in", "que": "",
        "dolor": "headache", "dolores": "headaches", "cabeza": "headache", "migrana": "migraine", "migranas": "migraines",
        "crisis": "attacks", "ataque": "attack", "ataques": "attacks", "edad": "age", "hace": "ago", "mas": "over",
        "menos": "under", "pues": "well", "bueno": "well", "vale": "ok", "si": "yes", "exactamente": "exactly",
        "total": "total", "quizas": "maybe", "quiza": "maybe", "creo": "think", "probablemente": "probably",
    ]
    /// Spanish phrases of several words, first the longest of those that begin alike.
    static let spanishPhrases: [([String], String)] = [
        (["todos", "los", "dias"], "every day"), (["todas", "las", "semanas"], "every week"), (["todos", "los", "meses"], "every month"),
        (["a", "diario"], "daily"), (["cada", "dia"], "every day"), (["al", "dia"], "a day"), (["a", "la", "semana"], "a week"),
        (["por", "semana"], "a week"), (["al", "mes"], "a month"), (["por", "mes"], "a month"), (["al", "ano"], "a year"),
        (["por", "ano"], "a year"), (["por", "dia"], "a day"), (["a", "la", "hora"], "an hour"), (["una", "vez"], "once"),
        (["y", "medio"], "and a half"), (["y", "media"], "and a half"), (["media", "hora"], "half an hour"),
        (["un", "par", "de"], "a couple of"), (["un", "par"], "a couple"), (["unos", "pocos"], "a few"), (["unas", "pocas"], "a few"),
        (["alrededor", "de"], "about"), (["mas", "de"], "more than"), (["menos", "de"], "less than"), (["cerca", "de"], "about"), (["mas", "o", "menos"], "more or less"),
        (["no", "se"], "not sure"), (["no", "lo", "se"], "not sure"), (["ni", "idea"], "no idea"), (["no", "estoy", "seguro"], "not sure"),
        (["no", "estoy", "segura"], "not sure"), (["no", "me", "acuerdo"], "cant remember"), (["no", "recuerdo"], "cant remember"),
        (["a", "veces"], "sometimes"), (["ninguna", "vez"], "never"), (["ni", "una", "vez"], "never"), (["tal", "vez"], "maybe"),
        (["a", "lo", "mejor"], "maybe"), (["puede", "que"], "maybe"), (["puede", "ser"], "maybe"), (["de", "edad"], "old"),
        (["anos", "de", "edad"], "years old"), (["dias", "al", "mes"], "days a month"), (["dias", "por", "mes"], "days a month"),
    ].sorted { $0.0.count > $1.0.count }
}
