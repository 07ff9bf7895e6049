// TimeReader: a typed time of day ("11 pm", "23:30", "11.30 p.m.", "half past eleven", "midnight") to a ClockTime.

/// Reads a time of day. "7" or "half past eleven" without am or pm is two times: it is asked back,
/// unless the question's `min`/`max` leave only one of them (which is then said back).
enum TimeReader {
    static let fillers: Set<String> = [
        "at", "about", "around", "roughly", "approximately", "approx", "usually", "normally", "generally", "mostly", "often",
        "it's", "its", "it", "was", "is", "by", "i", "go", "went", "get", "got", "bed", "sleep", "asleep", "fall", "fell",
        "wake", "woke", "up", "like", "the", "in", "um", "er", "yes", "time", "ish", "sharp", "bedtime",
    ]
    static let hourWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12,
    ]
    static let minuteWords: [String: Int] = ["half": 30, "quarter": 15, "five": 5, "ten": 10, "twenty": 20, "twentyfive": 25]

    /// Morning or evening, as people say which half of the day they mean.
    enum Half: Equatable {
        case morning, evening
        /// "at night", "tonight": evening for 6 to 11, morning for 12 to 5 ("2 at night" is 02:00).
        case night
    }

    static func read(_ line: String, settings: CalendarSettings) -> AnswerMatch {
        let spanish = EngineLanguage.current == .spanish
        let scanned = CalendarToken.scan(line)
        let all = spanish ? SpanishCalendar.folded(scanned) : scanned
        let doubt = DoubtReader.doubt(in: all.words)
        var tokens = spanish ? SpanishCalendar.time(all.removingDoubt()) : all.removingDoubt()
        if tokens.contains(where: { if case .other = $0 { true } else { false } }) { return .notUnderstood(UserTexts.Calendar.timeHelp) }
        // a.m., p.m., am, pm, "in the morning", "tonight": which half of the day, taken out of the line.
        var half: Half?
        var index = 0
        var rest: [CalendarToken] = []
        while index < tokens.count {
            if case .word(let word) = tokens[index], word == "a" || word == "p", index + 2 < tokens.count,
                tokens[index + 1] == .mark("."), tokens[index + 2] == .word("m")
            {
                half = word == "a" ? .morning : .evening
                index += tokens.count > index + 3 && tokens[index + 3] == .mark(".") ? 4 : 3
                continue
            }
            if case .word(let word) = tokens[index] {
                switch word {
                case "am": half = .morning
                case "pm": half = .evening
                case "morning": half = .morning
                case "afternoon", "evening", "tonight": half = .evening
                case "night": half = .night
                default: rest.append(tokens[index])
                }
            } else {
                rest.append(tokens[index])
            }
            index += 1
        }
        // "to" is a filler in "go to bed" and "to sleep", and counts minutes in "quarter to seven".
        tokens = rest.enumerated().filter { index, token in
            guard case .word(let word) = token else { return true }
            if word == "to", index + 1 < rest.count, case .word(let next) = rest[index + 1], next == "bed" || next == "sleep" { return false }
            return !fillers.contains(word)
        }.map(\.element)
        if tokens.last == .mark(".") { tokens.removeLast() }
        if tokens.isEmpty {
            return doubt != nil ? .unsure : .notUnderstood(UserTexts.Calendar.timeHelp)
        }
        let readings: [ClockTime]
        switch parse(tokens, half: half) {
        case .failure(let refusal):
            if case .notATime = refusal, doubt == .unsure { return .unsure }
            return .notUnderstood(refusal.text)
        case .success(let found):
            readings = found
        }
        let fitting = readings.filter { within($0, settings: settings) }
        guard let first = fitting.first else {
            return .notUnderstood(UserTexts.Calendar.timeOutside(settings.earliest?.description, settings.latest?.description))
        }
        if fitting.count > 1 {
            return .notUnderstood(UserTexts.Calendar.morningOrEvening(fitting[0].iso, fitting[1].iso))
        }
        // Said back unless it was typed as the 24-hour time it is.
        let typedAsIs = readings.count == 1 && half == nil && tokens.count == 3
        return .value(.number(Double(first.minutes)), noted: typedAsIs && readings == fitting ? nil : first.iso)
    }

    enum Refusal: Error {
        case notATime
        case message(String)

        var text: String {
            switch self {
            case .notATime: UserTexts.Calendar.timeHelp
            case .message(let text): text
            }
        }
    }

    /// The times the tokens can mean: one, or two when the half of the day is not said and matters.
    private static func parse(_ tokens: [CalendarToken], half: Half?) -> Result<[ClockTime], Refusal> {
        func word(_ token: CalendarToken) -> String? { if case .word(let word) = token { word } else { nil } }
        func hourValue(_ token: CalendarToken) -> Int? {
            switch token {
            case .number(let value, let digits) where digits <= 2: value
            case .word(let word): hourWords[word]
            default: nil
            }
        }
        switch tokens.count {
        case 1:
            if let name = word(tokens[0]) {
                switch name {
                case "midnight": return .success([ClockTime(minutes: 0)!])
                case "noon", "midday": return .success([ClockTime(minutes: 720)!])
                default: break
                }
            }
            // "2330" or "0730": four digits are a 24-hour time.
            if case .number(let value, 4) = tokens[0], half == nil {
                return clock(hour: value / 100, minute: value % 100, half: nil, twentyFourHour: true)
            }
            guard let hour = hourValue(tokens[0]) else { return .failure(.notATime) }
            let leadingZero: Bool = if case .number(_, 2) = tokens[0], hour < 10 { true } else { false }
            return clock(hour: hour, minute: 0, half: half, twentyFourHour: leadingZero)
        case 2:
            // "12 midnight", "12 noon", "eleven o'clock", "11 oclock"
            if let name = word(tokens[1]), let hour = hourValue(tokens[0]) {
                switch name {
                case "midnight" where hour == 12: return .success([ClockTime(minutes: 0)!])
                case "noon" where hour == 12, "midday" where hour == 12: return .success([ClockTime(minutes: 720)!])
                case "o'clock", "oclock": return clock(hour: hour, minute: 0, half: half, twentyFourHour: false)
                default: break
                }
            }
            // "half eleven" (British: 11:30)
            if word(tokens[0]) == "half", let hour = hourValue(tokens[1]) {
                return clock(hour: hour, minute: 30, half: half, twentyFourHour: false)
            }
            return .failure(.notATime)
        case 3:
            // 23:30, 11.30, 7:05
            if case .number(let hour, let hourDigits) = tokens[0], case .mark(let mark) = tokens[1], mark == ":" || mark == ".",
                case .number(let minute, let minuteDigits) = tokens[2], hourDigits <= 2
            {
                guard minuteDigits == 2 else { return .failure(.message(UserTexts.Calendar.minutesRange)) }
                return clock(hour: hour, minute: minute, half: half, twentyFourHour: hourDigits == 2 && hour < 10)
            }
            // half past eleven, quarter to seven, ten past 9, 20 to 8
            let direction = word(tokens[1])
            guard direction == "past" || direction == "to" || direction == "after" || direction == "before", let hour = hourValue(tokens[2]) else {
                return .failure(.notATime)
            }
            let minutes: Int
            switch tokens[0] {
            case .number(let value, _) where value >= 1 && value <= 30: minutes = value
            case .word(let name) where minuteWords[name] != nil: minutes = minuteWords[name]!
            default: return .failure(.notATime)
            }
            guard hour >= 1 && hour <= 12 else { return .failure(.message(UserTexts.Calendar.twelveHourClock(hour))) }
            if direction == "past" || direction == "after" {
                return clock(hour: hour, minute: minutes, half: half, twentyFourHour: false)
            }
            // "quarter to twelve" at night is 23:45: the hour before, on the same clock face.
            return clock(hour: hour == 1 ? 12 : hour - 1, minute: 60 - minutes, half: half, twentyFourHour: false, before: hour)
        default:
            return .failure(.notATime)
        }
    }

    /// A time from an hour as typed: 0 and 13–23 are a 24-hour clock; 1–12 without am/pm is two times.
    /// `before` is the hour a "to" time is counted to, whose half of the day the time takes.
    private static func clock(hour: Int, minute: Int, half: Half?, twentyFourHour: Bool, before: Int? = nil) -> Result<[ClockTime], Refusal> {
        guard (0...59).contains(minute) else { return .failure(.message(UserTexts.Calendar.minutesRange)) }
        if let half {
            guard (1...12).contains(hour) || (hour == 0 && half != .evening) else {
                return .failure(.message(hour > 23 ? UserTexts.Calendar.noSuchHour(hour) : UserTexts.Calendar.twelveHourClock(hour)))
            }
            let base = hour % 12
            let reference = (before ?? hour) % 12
            let evening: Bool = switch half {
            case .morning: false
            case .evening: true
            case .night: reference >= 6
            }
            // "quarter to twelve pm" counts to noon: 11:45 is before it, in the morning.
            let crossesHalf = before != nil && reference == 0 && base != 0
            let shifted = (evening != crossesHalf) ? base + 12 : base
            return .success([ClockTime(hour: shifted, minute: minute)!])
        }
        guard (0...23).contains(hour) else { return .failure(.message(UserTexts.Calendar.noSuchHour(hour))) }
        if twentyFourHour || hour == 0 || hour >= 13 { return .success([ClockTime(hour: hour, minute: minute)!]) }
        let morning = ClockTime(hour: hour % 12, minute: minute)!
        let evening = ClockTime(hour: hour % 12 + 12, minute: minute)!
        return .success(hour == 12 && before == nil ? [evening, morning] : [morning, evening])
    }

    /// Whether a time is within the question's `min`/`max`; a `min` after `max` is a window over midnight.
    static func within(_ time: ClockTime, settings: CalendarSettings) -> Bool {
        let earliest: ClockTime? = if case .time(let bound)? = settings.earliest { bound } else { nil }
        let latest: ClockTime? = if case .time(let bound)? = settings.latest { bound } else { nil }
        switch (earliest, latest) {
        case let (low?, high?): return low <= high ? (low...high).contains(time) : (time >= low || time <= high)
        case let (low?, nil): return time >= low
        case let (nil, high?): return time <= high
        default: return true
        }
    }
}
