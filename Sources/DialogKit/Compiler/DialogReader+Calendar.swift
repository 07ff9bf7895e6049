// DialogReader+Calendar: the reader's part for `date` and `time` questions: `relative:` and bounds as dates or times.

import Yams

extension DialogReader {
    /// `min:`, `max:` (a date as YYYY-MM-DD or `today`; a time as HH:MM) and `relative:` (dates only).
    mutating func readCalendarSettings(_ fields: [String: Node], kind: QuestionKind, into question: inout Question, at: SourceLocation) {
        var settings = CalendarSettings()
        settings.earliest = fields["min"].flatMap { calendarBound($0, kind: kind, what: "`min`") }
        settings.latest = fields["max"].flatMap { calendarBound($0, kind: kind, what: "`max`") }
        if let node = fields["relative"] {
            if kind == .date {
                settings.allowsRelative = boolean(node, what: "`relative`") ?? false
            } else {
                calendarSettingNotForKind(node)
            }
        }
        // A time window may run over midnight (`min: "22:00"`, `max: "04:00"`); a date range may not.
        if case .day(let earliest)? = settings.earliest, case .day(let latest)? = settings.latest, earliest > latest {
            error(.calendarBoundsReversed, "`min` (\(earliest.iso)) is after `max` (\(latest.iso)): no date could be given", at: at)
        }
        question.calendar = settings
    }

    private mutating func calendarBound(_ node: Node, kind: QuestionKind, what: String) -> CalendarSettings.Bound? {
        guard let text = scalar(node, what: what) else { return nil }
        if kind == .date {
            if text == "today" { return .today }
            if let day = CalendarDay(iso: text) { return .day(day) }
            error(.invalidCalendarValue, "\(what) of a date question is a date written YYYY-MM-DD, or `today`, not `\(text)`", at: location(node))
            return nil
        }
        // YAML 1.1 reads an unquoted 23:30 as a number in base 60; Yams gives the text as written.
        if let time = ClockTime(iso: text) { return .time(time) }
        error(.invalidCalendarValue, "\(what) of a time question is a time written HH:MM on a 24-hour clock (\"07:00\", \"23:30\"), not `\(text)`",
            at: location(node))
        return nil
    }

    mutating func calendarSettingNotForKind(_ node: Node) {
        error(.calendarSettingNotForKind, "only date questions have `relative` (whether \"yesterday\" or \"3 days ago\" are read)", at: location(node))
    }
}
