// Transcript: a scripted conversation with expectations, parsed from a .transcript file (docs/transcripts.md).

import DialogKit

/// A transcript: what the person types and what the bot must do, line by line.
public struct Transcript: Sendable, Equatable {
    /// One line of a transcript.
    public enum Step: Sendable, Equatable {
        /// `> TEXT`: the person types TEXT.
        case input(String)
        /// `ask ID`: the question asked now has this id.
        case asks(String)
        /// `says TEXT`: the bot's output since the last input contains TEXT (case and spacing ignored).
        case says(String)
        /// `says exactly TEXT`: a line of that output is exactly TEXT.
        case saysExactly(String)
        /// `never says TEXT`: that output does not contain TEXT.
        case neverSays(String)
        /// `retry`: the last input was not accepted.
        case retry
        /// `outcome ID`: the session ended with this outcome.
        case outcome(String)
        /// `flags A B`: the outcome carries each of these flags.
        case flags([String])
        /// `no flags A B`: the outcome carries none of these.
        case noFlags([String])
        /// `flags exactly A B`: the outcome carries exactly these flags.
        case flagsExactly([String])
    }

    /// A step and the line of the file it is on.
    public struct Line: Sendable, Equatable {
        public var step: Step
        public var number: Int
        public init(_ step: Step, number: Int) {
            self.step = step
            self.number = number
        }
    }

    public var file: String
    /// The `dialog:` header, relative to the transcript's folder, if given.
    public var dialogPath: String?
    public var lines: [Line]
    /// The `today:` header (`today: 2026-11-24`): the date the session is given, so that relative dates
    /// and `days_ago()` give the same answers on every day the transcript runs. Nil: the session has none.
    public var today: CalendarDay?
    /// The `language:` header (`language: es`): the session is played in the dialog's translation into
    /// that language, its texts checked and its answers read in it; nil plays the dialog as written.
    public var language: LanguageTag?

    /// Whether the transcript is played in a translation rather than in the dialog as written: the tools
    /// that replay transcripts against the written dialog or its mutants (load runs, mutation testing,
    /// the graph's coverage) leave such transcripts out.
    public var isTranslated: Bool { language.map { $0 != .english } ?? false }
    /// The line of the comment `# ends without an outcome`, if the transcript has one: it stops before
    /// the session reaches an outcome on purpose. Without it, a transcript that stops early fails, so
    /// one that was cut short (or whose last lines were lost) is not taken for a test of the ending.
    public var endsWithoutOutcomeLine: Int?
    /// A comment that looks like a misspelt `# ends without an outcome` ("# ends without outcome"):
    /// named in the failure of a transcript that stops early.
    public var nearMarkerLine: Int?

    /// The comment that marks a transcript which stops before an outcome on purpose.
    public static let endsWithoutOutcomeMarker = "# ends without an outcome"

    public init(file: String, dialogPath: String?, lines: [Line], today: CalendarDay? = nil, endsWithoutOutcomeLine: Int? = nil) {
        self.file = file
        self.dialogPath = dialogPath
        self.lines = lines
        self.today = today
        self.endsWithoutOutcomeLine = endsWithoutOutcomeLine
    }

    /// A line of a transcript file that is not understood.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): error: \(message)" }
    }

    static let keywords = ["ask", "says", "says exactly", "never says", "retry", "outcome", "flags", "no flags", "flags exactly", "dialog:", "today:", "language:"]

    /// Parses transcript text; every line that is not understood is an error with its line number.
    public static func parse(_ text: String, file: String) -> Result<Transcript, ParseError> {
        var transcript = Transcript(file: file, dialogPath: nil, lines: [])
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("#") {
                let comment = String(trimmed.dropFirst()).trimmingSpaces().lowercased()
                if comment.hasPrefix("ends without an outcome") {
                    if transcript.endsWithoutOutcomeLine == nil { transcript.endsWithoutOutcomeLine = number }
                } else if comment.contains("without") && comment.contains("outcome") && transcript.nearMarkerLine == nil {
                    transcript.nearMarkerLine = number
                }
                continue
            }
            if trimmed.isEmpty { continue }
            func fail(_ message: String) -> Result<Transcript, ParseError> {
                .failure(ParseError(file: file, line: number, message: message))
            }
            if trimmed.hasPrefix(">") {
                var input = trimmed.dropFirst()
                if input.first == " " { input = input.dropFirst() }
                transcript.lines.append(Line(.input(String(input)), number: number))
                continue
            }
            let (keyword, rest) = splitKeyword(trimmed)
            func argument() -> String? { rest.isEmpty ? nil : rest }
            func words() -> [String] { rest.split(separator: " ").map(String.init) }
            switch keyword {
            case "dialog:":
                guard transcript.lines.isEmpty, let path = argument() else {
                    return fail("`dialog:` must come before the first step and name a file")
                }
                transcript.dialogPath = path
            case "today:":
                guard transcript.lines.isEmpty, let text = argument(), let day = CalendarDay(iso: text) else {
                    return fail("`today:` must come before the first step and give a date as YYYY-MM-DD")
                }
                transcript.today = day
            case "language:":
                guard transcript.lines.isEmpty, transcript.language == nil, let given = argument() else {
                    return fail("`language:` comes once, before the first step, and names a language (`language: es`)")
                }
                switch readLanguage(given, file: file, line: number) {
                case .success(let tag): transcript.language = tag
                case .failure(let error): return .failure(error)
                }
            case "ask":
                guard let id = argument() else { return fail("`ask` needs a question id") }
                transcript.lines.append(Line(.asks(id), number: number))
            case "says":
                guard let text = argument() else { return fail("`says` needs the text to look for") }
                transcript.lines.append(Line(.says(text), number: number))
            case "says exactly":
                guard let text = argument() else { return fail("`says exactly` needs a line of text") }
                transcript.lines.append(Line(.saysExactly(text), number: number))
            case "never says":
                guard let text = argument() else { return fail("`never says` needs the text that must not appear") }
                transcript.lines.append(Line(.neverSays(text), number: number))
            case "retry":
                guard rest.isEmpty else { return fail("`retry` takes nothing after it") }
                transcript.lines.append(Line(.retry, number: number))
            case "outcome":
                guard let id = argument() else { return fail("`outcome` needs an outcome id") }
                transcript.lines.append(Line(.outcome(id), number: number))
            case "flags":
                guard !rest.isEmpty else { return fail("`flags` needs at least one flag (use `flags exactly` for none)") }
                transcript.lines.append(Line(.flags(words()), number: number))
            case "no flags":
                guard !rest.isEmpty else { return fail("`no flags` needs at least one flag") }
                transcript.lines.append(Line(.noFlags(words()), number: number))
            case "flags exactly":
                transcript.lines.append(Line(.flagsExactly(words()), number: number))
            default:
                let first = String(trimmed.split(separator: " ").first ?? "")
                let suggestion = NearMiss.suggestion(for: first, among: keywords + [">"])
                return fail("`\(first)` is not a transcript step\(suggestion.map { "; did you mean `\($0)`?" } ?? "") (lines start with >, ask, says, says exactly, never says, retry, outcome, flags, no flags, flags exactly, or #)")
            }
        }
        return .success(transcript)
    }

    /// The language a transcript's `language:` or an answer file's `language` line names, or the
    /// error that says which tags there are.
    static func readLanguage(_ given: String, file: String, line: Int) -> Result<LanguageTag, ParseError> {
        LanguageTag.parse(given).mapError { ParseError(file: file, line: line, message: "`language`: \($0)") }
    }

    private static func splitKeyword(_ line: String) -> (String, String) {
        for keyword in ["says exactly", "never says", "flags exactly", "no flags"] where line == keyword || line.hasPrefix(keyword + " ") {
            return (keyword, String(line.dropFirst(keyword.count)).trimmingSpaces())
        }
        let parts = line.split(separator: " ", maxSplits: 1)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]).trimmingSpaces() : "")
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
