// TextRenderer: events as plain text for people (numbered options, progress, wrapping, optional colour).

/// Renders events as the text a person reads at a terminal or over telnet.
/// Plain text is byte-for-byte stable for the same events, so piped sessions can be diffed.
public struct TextRenderer: Sendable {
    /// Columns to wrap at.
    public var width: Int
    /// ANSI colour and bold (only for a terminal that wants it).
    public var color: Bool

    public init(width: Int = 80, color: Bool = false) {
        self.width = width
        self.color = color
    }

    /// The lines for one event, without line terminators. An `end` event renders as no lines.
    /// The renderer's own words (hints, progress) are in the language of the question or outcome.
    public func lines(for event: Event) -> [String] {
        switch event {
        case .ask(let ask): UserTexts.speaking(ask.language) { linesInLanguage(for: event) }
        case .outcome(let outcome): UserTexts.speaking(outcome.language) { linesInLanguage(for: event) }
        case .say, .retry, .end: linesInLanguage(for: event)
        }
    }

    private func linesInLanguage(for event: Event) -> [String] {
        switch event {
        case .say(let say):
            switch say.style {
            case .section:
                return ["", paint("== \(say.text) ==", .section)]
            case .help, .explanation, .summary, .notice, .noted:
                return wrap(say.text).map { paint($0, .hint) }
            case .intro, .message:
                return wrap(say.text)
            }
        case .ask(let ask):
            return askLines(ask)
        case .retry(let retry):
            return wrap(retry.text).map { paint($0, .warning) }
        case .outcome(let outcome):
            return outcomeLines(outcome)
        case .end:
            return []
        }
    }

    /// All events as one text, each line ending in `lineEnding`.
    public func render(_ events: [Event], lineEnding: String = "\n") -> String {
        var out = ""
        for event in events {
            for line in lines(for: event) {
                out += line
                out += lineEnding
            }
        }
        return out
    }

    /// The hint under a question: how to answer it, in the question's language.
    public static func hint(for ask: Ask) -> String {
        if let hint = ask.hint { return hint }
        return UserTexts.speaking(ask.language) { hintInLanguage(for: ask) }
    }

    private static func hintInLanguage(for ask: Ask) -> String {
        var hint: String
        switch ask.kind {
        case .yesno:
            hint = UserTexts.hintYesNo
        case .choice:
            hint = UserTexts.hintChoice(count: ask.options.count)
        case .multi:
            hint = UserTexts.hintMulti
        case .number:
            let unit = ask.unit.map { " " + UserTexts.unitName($0) } ?? ""
            if let min = ask.min, let max = ask.max {
                hint = UserTexts.hintNumber(min: NumberFormatting.plain(min), max: NumberFormatting.plain(max), unit: unit, whole: ask.wholeNumbersOnly)
            } else {
                hint = UserTexts.hintNumber(unit: unit, whole: ask.wholeNumbersOnly)
            }
        case .scale:
            let (low, high) = (NumberFormatting.plain(ask.min ?? 0), NumberFormatting.plain(ask.max ?? 10))
            hint = UserTexts.hintNumber(min: low, max: high, unit: "", whole: false)
            if let labels = ask.scaleLabels { hint = "\(low) = \(labels.low) ... \(high) = \(labels.high). " + hint }
        case .text:
            hint = UserTexts.hintText
        case .date:
            hint = UserTexts.hintDate
        case .time:
            hint = UserTexts.hintTime
        }
        if ask.isOptional { hint += UserTexts.hintSkip }
        if ask.hasHelp { hint += UserTexts.hintHelp }
        return hint
    }

    private func askLines(_ ask: Ask) -> [String] {
        var lines: [String] = []
        // A question outside the dialog's steps (the language question) has no progress.
        if ask.progress.of > 0 { lines.append(paint(progressLine(ask.progress), .hint)) }
        lines += wrap(ask.text).map { paint($0, .question) }
        if ask.kind == .choice || ask.kind == .multi {
            let numberWidth = String(ask.options.count).count
            for option in ask.options {
                let number = String(repeating: " ", count: numberWidth - String(option.n).count) + "\(option.n)"
                let prefix = "  \(number). "
                let wrapped = TextWrapping.wrap(
                    option.text, width: width - prefix.count, indent: "")
                for (index, line) in wrapped.enumerated() {
                    lines.append((index == 0 ? prefix : String(repeating: " ", count: prefix.count)) + line)
                }
            }
        }
        lines += wrap(Self.hint(for: ask)).map { paint($0, .hint) }
        return lines
    }

    /// "[####------] step 4 of about 18"
    public func progressLine(_ progress: Progress) -> String {
        let total = max(progress.of, progress.step, 1)
        let filled = min(10, max(0, (progress.step - 1) * 10 / total))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 10 - filled)
        return "[\(bar)] " + UserTexts.progress(step: progress.step, of: total)
    }

    private func outcomeLines(_ outcome: OutcomeReport) -> [String] {
        let emphasis: Paint = outcome.level == .emergency ? .danger : .question
        var lines: [String] = [""]
        lines += wrap(outcome.text).map { paint($0, emphasis) }
        if !outcome.summary.isEmpty {
            lines.append("")
            lines.append(paint(UserTexts.yourAnswers, .hint))
            for item in outcome.summary where !item.isOptionDetail {
                lines += TextWrapping.wrap("- \(item.shownQuestion) \(item.answer)", width: width, indent: "  ")
            }
        }
        if let reference = outcome.reference {
            lines.append("")
            lines.append(paint(UserTexts.yourReference(reference), .question))
        }
        return lines
    }

    private func wrap(_ text: String) -> [String] {
        TextWrapping.wrap(text.trimmingTrailingNewlines(), width: width)
    }

    private enum Paint: String {
        case question = "\u{1B}[1m"
        case hint = "\u{1B}[2m"
        case section = "\u{1B}[1;36m"
        case warning = "\u{1B}[33m"
        case danger = "\u{1B}[1;31m"
    }

    private func paint(_ text: String, _ paint: Paint) -> String {
        guard color, !text.isEmpty else { return text }
        return paint.rawValue + text + "\u{1B}[0m"
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
