// CalendarTokens+Spanish: Spanish dates and times ("24 de noviembre", "hace 3 días", "las 11 de la noche") turned into the English words the readers know.

/// In a dialog in Spanish, a typed date or time is read by first rewriting its Spanish words into the
/// English ones `DateReader` and `TimeReader` read, so that each rule of reading (which year a date
/// without one takes, when a time is asked back) is written once. English words still work: a person
/// may mix them in. Words are folded first ("días" is "dias", "mañana" is "manana").
enum SpanishCalendar {
    /// The tokens with their words folded, before doubt is looked for ("no sé" is "no se").
    static func folded(_ tokens: [CalendarToken]) -> [CalendarToken] {
        tokens.map { token in
            guard case .word(let word) = token else { return token }
            return .word(String(word.map(TextFolding.baseLetter)))
        }
    }

    // MARK: - Dates

    static let months: [String: String] = [
        "enero": "january", "ene": "jan", "febrero": "february", "marzo": "march", "abril": "april", "abr": "apr", "mayo": "may",
        "junio": "june", "julio": "july", "agosto": "august", "septiembre": "september", "setiembre": "september",
        "octubre": "october", "noviembre": "november", "diciembre": "december", "dic": "dec",
    ]
    static let weekdays: [String: String] = [
        "lunes": "monday", "martes": "tuesday", "miercoles": "wednesday", "jueves": "thursday", "viernes": "friday",
        "sabado": "saturday", "domingo": "sunday",
    ]
    static let numberWords: [String: Int] = [
        "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
        "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
    ]
    /// The units of "hace 3 días", singular or plural, as the English plural `DateReader` counts.
    static let units: [String: String] = [
        "dia": "days", "dias": "days", "semana": "weeks", "semanas": "weeks", "quincena": "fortnights", "quincenas": "fortnights",
        "mes": "months", "meses": "months", "ano": "years", "anos": "years",
    ]
    /// Words that change nothing in a date ("fue el 24 de noviembre", "creo que ayer").
    static let dateFillers: Set<String> = [
        "el", "la", "los", "las", "de", "del", "fue", "era", "es", "en", "sobre", "hacia", "alrededor", "aproximadamente", "aprox",
        "creo", "que", "quiza", "quizas", "probablemente", "empezo", "empece", "comenzo", "comence", "desde", "dia", "fecha", "pues",
        "eh", "mas", "o", "menos", "si", "a", "partir",
        // Ordinals: "1º de mayo", "1ro", "1er".
        "º", "ª", "ro", "er",
    ]

    /// A typed date in Spanish as the English tokens it means; words it does not know are left as they are,
    /// for the reader to refuse.
    static func date(_ tokens: [CalendarToken]) -> [CalendarToken] {
        var out: [CalendarToken] = []
        var index = 0
        func word(_ offset: Int) -> String? { tokens.word(at: index + offset) }
        func amount(_ offset: Int) -> (value: Int, length: Int)? {
            guard index + offset < tokens.count else { return nil }
            if case .number(let value, _) = tokens[index + offset] { return (value, 1) }
            // "un par de días": two.
            if word(offset) == "un", word(offset + 1) == "par" { return (2, word(offset + 2) == "de" ? 3 : 2) }
            if let word = word(offset), let value = numberWords[word] { return (value, 1) }
            return nil
        }
        while index < tokens.count {
            guard let current = word(0) else {
                out.append(tokens[index])
                index += 1
                continue
            }
            // "hace 3 días", "hace un mes", "hace un par de semanas": N units ago.
            if current == "hace", let (value, length) = amount(1), let unit = word(1 + length).flatMap({ units[$0] }) {
                out += [.number(value, digits: String(value).count), .word(unit), .word("ago")]
                index += 2 + length
                continue
            }
            // "antes de ayer", "anteayer": the day before yesterday.
            if current == "anteayer" || current == "antier" || (current == "antes" && word(1) == "de" && word(2) == "ayer") {
                out += [.word("before"), .word("yesterday")]
                index += current == "antes" ? 3 : 1
                continue
            }
            switch current {
            case "hoy": out.append(.word("today"))
            case "ayer": out.append(.word("yesterday"))
            case "manana": out.append(.word("tomorrow"))
            case "primero": out.append(.number(1, digits: 1))
            // "el martes pasado", "el pasado martes": the last such day; "la semana pasada" is too vague.
            case "pasado", "pasada", "ultimo", "ultima": out.append(.word("last"))
            case "hace": out.append(.word("ago"))
            case "semana": out.append(.word("week"))
            case "mes": out.append(.word("month"))
            default:
                if let month = months[current] {
                    out.append(.word(month))
                } else if let weekday = weekdays[current] {
                    out.append(.word(weekday))
                } else if !dateFillers.contains(current) {
                    out.append(tokens[index])
                }
            }
            index += 1
        }
        // "martes pasado" said the Spanish way round: "last" goes before its weekday, as in English.
        for position in out.indices.dropFirst() where out[position] == .word("last") {
            if case .word(let before) = out[position - 1], CalendarDay.weekdayNames.contains(where: { $0.lowercased() == before }) {
                out.swapAt(position - 1, position)
            }
        }
        return out
    }

    // MARK: - Times

    /// Words that change nothing in a time ("me acuesto sobre las 11", "a las 7 en punto").
    static let timeFillers: Set<String> = [
        "a", "las", "la", "el", "de", "sobre", "hacia", "alrededor", "aproximadamente", "aprox", "mas", "o", "me", "se", "acuesto",
        "levanto", "despierto", "duermo", "dormir", "suelo", "normalmente", "generalmente", "casi", "siempre", "como", "si", "eso",
        "hora", "en", "punto", "horas", "pues", "eh", "creo", "que", "del",
    ]
    static let hourWords: [String: String] = [
        "una": "one", "uno": "one", "dos": "two", "tres": "three", "cuatro": "four", "cinco": "five", "seis": "six", "siete": "seven",
        "ocho": "eight", "nueve": "nine", "diez": "ten", "once": "eleven", "doce": "twelve",
    ]

    /// A typed time in Spanish as the English tokens it means.
    static func time(_ tokens: [CalendarToken]) -> [CalendarToken] {
        var out: [CalendarToken] = []
        var index = 0
        func word(_ offset: Int) -> String? { tokens.word(at: index + offset) }
        // The hour before "y media" as a number: "once y media" is 11:30.
        func hour(_ token: CalendarToken) -> CalendarToken? {
            switch token {
            case .number(_, let digits) where digits <= 2: token
            case .word(let word): numberWords[word].flatMap { $0 <= 12 ? .number($0, digits: String($0).count) : nil }
            default: nil
            }
        }
        while index < tokens.count {
            // "7 y media", "7 y cuarto", "7 y 10": minutes after the hour; "8 menos cuarto": a quarter to 8.
            if let hour = hour(tokens[index]), index + 2 < tokens.count {
                let minutes: Int? = switch (word(1), tokens[index + 2]) {
                case ("y", .word("media")): 30
                case ("y", .word("cuarto")): 15
                case ("y", .number(let value, let digits)) where digits <= 2: value
                case ("y", .word(let words)): SpanishCalendar.numberWords[words]
                default: nil
                }
                if let minutes {
                    out += [hour, .mark(":"), .number(minutes, digits: 2)]
                    index += 3
                    continue
                }
                if word(1) == "menos", tokens[index + 2] == .word("cuarto") {
                    out += [.word("quarter"), .word("to"), hour]
                    index += 3
                    continue
                }
            }
            guard let current = word(0) else {
                out.append(tokens[index])
                index += 1
                continue
            }
            switch current {
            case "manana", "madrugada": out.append(.word("morning"))
            case "tarde": out.append(.word("afternoon"))
            case "noche": out.append(.word("night"))
            // "mediodía" alone is noon; after an hour ("la 1 del mediodía") it is the afternoon.
            case "mediodia": out.append(.word(out.contains { if case .number = $0 { true } else { CalendarToken.isHourWord($0) } } ? "afternoon" : "noon"))
            case "medianoche": out.append(.word("midnight"))
            default:
                if let english = hourWords[current] {
                    out.append(.word(english))
                } else if !timeFillers.contains(current) {
                    out.append(tokens[index])
                }
            }
            index += 1
        }
        return out
    }
}

extension CalendarToken {
    /// An hour written as an English word ("eleven"), as the Spanish rewrite leaves it.
    static func isHourWord(_ token: CalendarToken) -> Bool {
        if case .word(let word) = token { TimeReader.hourWords[word] != nil } else { false }
    }
}

extension Array where Element == CalendarToken {
    /// The word at `position`, if there is one there.
    func word(at position: Int) -> String? {
        guard position < count, case .word(let word) = self[position] else { return nil }
        return word
    }
}
