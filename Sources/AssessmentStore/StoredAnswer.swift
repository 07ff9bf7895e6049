// StoredAnswer: one kept answer, self-contained (question text, codes, option texts), and its value.

import DialogKit
import Foundation

/// One answer of a kept assessment. It carries what a reader needs without the dialog file
/// (which may have changed since): the question as shown, the codes, and the chosen options' texts.
public struct StoredAnswer: Sendable, Equatable {
    /// Where the answer stands among the session's answers, from 0.
    public var position: Int
    public var questionID: String
    /// The question's concept code, if it has one.
    public var code: String?
    public var kind: QuestionKind
    /// The question as it was shown.
    public var question: String
    /// The line the person typed (control characters removed); nil when not known.
    public var typed: String?
    /// The value the answer was understood as; nil for a skipped question.
    public var value: AnswerValue?
    /// The answer in words, as the outcome's summary shows it ("6 hours", "Triptans, NSAIDs",
    /// "not sure (taken as yes)").
    public var shown: String
    /// Whether the person answered with doubt ("not sure"): with a value when the dialog counted it
    /// as yes, without one when the dialog kept it as it was.
    public var unsure: Bool
    /// The question's unit (`unit: hours`) the value is in; nil without one.
    public var unit: String?
    /// The question's short label (`label:`), nil without one.
    public var label: String?

    public init(
        position: Int, questionID: String, code: String?, kind: QuestionKind, question: String, typed: String?, value: AnswerValue?, shown: String,
        unsure: Bool = false, unit: String? = nil, label: String? = nil
    ) {
        self.position = position
        self.questionID = questionID
        self.code = code
        self.kind = kind
        self.question = question
        self.typed = typed
        self.value = value
        self.shown = shown
        self.unsure = unsure
        self.unit = unit
        self.label = label
    }
}

/// One option of a `choice` or `multi` question, as kept with an answer.
public struct StoredOption: Sendable, Equatable, Codable {
    public var id: String
    public var code: String?
    public var text: String
    /// At an "other, please specify" option (`other: true`): what the person said it is. Absent otherwise.
    public var specified: String?

    public init(id: String, code: String?, text: String, specified: String? = nil) {
        self.id = id
        self.code = code
        self.text = text
        self.specified = specified
    }
}

/// What an answer was understood as, independent of the dialog's internal numbering.
/// Stored as JSON: `{"boolean":true}`, `{"number":6}`, `{"text":"..."}`, `{"choice":{option}}`,
/// `{"choices":[options]}`.
public enum AnswerValue: Sendable, Equatable, Codable {
    case boolean(Bool)
    case number(Double)
    case text(String)
    case choice(StoredOption)
    case choices([StoredOption])

    private enum Key: String, CodingKey {
        case boolean, number, text, choice, choices
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let value = try container.decodeIfPresent(Bool.self, forKey: .boolean) {
            self = .boolean(value)
        } else if let value = try container.decodeIfPresent(Double.self, forKey: .number) {
            self = .number(value)
        } else if let value = try container.decodeIfPresent(String.self, forKey: .text) {
            self = .text(value)
        } else if let value = try container.decodeIfPresent(StoredOption.self, forKey: .choice) {
            self = .choice(value)
        } else if let value = try container.decodeIfPresent([StoredOption].self, forKey: .choices) {
            self = .choices(value)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no known answer value"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .boolean(let value): try container.encode(value, forKey: .boolean)
        case .number(let value): try container.encode(value, forKey: .number)
        case .text(let value): try container.encode(value, forKey: .text)
        case .choice(let value): try container.encode(value, forKey: .choice)
        case .choices(let value): try container.encode(value, forKey: .choices)
        }
    }

    /// The value as a session holds it, described with the question's options; `other` is what an
    /// "other, please specify" answer said, kept on its option.
    init(_ value: Value, question: Question, other: String? = nil) {
        func option(_ index: Int) -> StoredOption {
            let definition = question.options[index]
            return StoredOption(id: definition.id, code: definition.code, text: definition.text, specified: definition.isOther ? other : nil)
        }
        switch value {
        case .bool(let flag): self = .boolean(flag)
        // A date or time is kept as it is written everywhere outside a session: "2026-11-24", "23:30".
        case .number(let number) where question.kind == .date: self = .text(CalendarDay(dayNumber: Int(number)).iso)
        case .number(let number) where question.kind == .time: self = .text(ClockTime(minutes: Int(number))?.iso ?? NumberFormatting.plain(number))
        case .number(let number): self = .number(number)
        case .text(let text): self = .text(text)
        case .option(let index): self = question.options.indices.contains(index) ? .choice(option(index)) : .text(String(index))
        case .options(let bits):
            self = .choices(question.options.indices.filter { bits & (1 << UInt64($0)) != 0 }.map(option))
        }
    }

    /// The value a session holds for it, read back with the question it answered (for resuming);
    /// nil when the question no longer has the options it names.
    func sessionValue(question: Question) -> Value? {
        switch self {
        case .boolean(let flag): return .bool(flag)
        case .number(let number): return .number(number)
        case .text(let text) where question.kind == .date: return CalendarDay(iso: text).map { .number(Double($0.dayNumber)) }
        case .text(let text) where question.kind == .time: return ClockTime(iso: text).map { .number(Double($0.minutes)) }
        case .text(let text): return question.kind == .choice || question.kind == .multi ? nil : .text(text)
        case .choice(let option): return question.options.firstIndex { $0.id == option.id }.map(Value.option)
        case .choices(let options):
            var bits: UInt64 = 0
            for option in options {
                guard let index = question.options.firstIndex(where: { $0.id == option.id }) else { return nil }
                bits |= 1 << UInt64(index)
            }
            return .options(bits)
        }
    }

    /// What an "other, please specify" answer said, on whichever chosen option holds it.
    public var otherText: String? {
        switch self {
        case .choice(let option): option.specified
        case .choices(let options): options.lazy.compactMap(\.specified).first
        default: nil
        }
    }

    /// The JSON the `answer.value` column holds, as `Codable` reads it: `{"choice":{"code":...,"id":...,"text":...}}`.
    var stored: JSONValue {
        func option(_ option: StoredOption) -> JSONValue {
            var members: [(String, JSONValue)] = [("code", .optional(option.code)), ("id", .string(option.id))]
            if let specified = option.specified { members.append(("specified", .string(specified))) }
            return .object(members + [("text", .string(option.text))])
        }
        return switch self {
        case .boolean(let flag): .object([("boolean", .bool(flag))])
        case .number(let number): .object([("number", .number(number))])
        case .text(let text): .object([("text", .string(text))])
        case .choice(let chosen): .object([("choice", option(chosen))])
        case .choices(let chosen): .object([("choices", .array(chosen.map(option)))])
        }
    }

    /// Words for the value when nothing better was kept (answers stored before schema v2).
    public var words: String {
        switch self {
        case .boolean(let flag): flag ? "yes" : "no"
        case .number(let number): NumberFormatting.display(number)
        case .text(let text): text
        case .choice(let option): option.specified.map { option.text + ": " + $0 } ?? option.text
        case .choices(let options): options.isEmpty ? "none" : options.map { option in option.specified.map { option.text + ": " + $0 } ?? option.text }.joined(separator: ", ")
        }
    }

    /// The value as a spreadsheet cell or a plain JSON value would have it: yes/no, the number,
    /// the text, the option id, or the option ids joined by ";".
    public var plain: String {
        switch self {
        case .boolean(let flag): flag ? "yes" : "no"
        case .number(let number): NumberFormatting.plain(number)
        case .text(let text): text
        case .choice(let option): option.id
        case .choices(let options): options.map(\.id).joined(separator: ";")
        }
    }
}

extension StoredAssessment {
    /// A session as the assessment the store would keep of it, without a store: its answers as
    /// kept (with "other" texts), its outcome, flags and scores. `intake test --fhir-out` exports each transcript's session
    /// through it, the same way `intake export` exports kept ones.
    public init(session: Session, id: String, at instant: Date) {
        let dialog = session.dialog
        let answers = session.keptAnswers.enumerated().map { position, kept in
            let question = dialog.questions[kept.question]
            let item = session.summaryItem(forQuestion: kept.question)
            return StoredAnswer(
                position: position, questionID: question.id, code: question.code, kind: question.kind, question: item.question,
                typed: nil, value: kept.value.map { AnswerValue($0, question: question, other: kept.other) }, shown: item.answer, unsure: kept.unsure)
        }
        let outcome = session.outcome
        self.init(
            id: id, status: outcome != nil ? .finished : session.isOver ? .quit : .open, reference: nil, dialogID: dialog.id,
            dialogVersion: dialog.version, contentHash: dialog.contentHash, channel: .plain, startedAt: instant, updatedAt: instant,
            finishedAt: outcome != nil ? instant : nil, outcomeID: outcome?.id, outcomeCode: session.outcomeCode,
            flags: outcome?.flags ?? [], answers: answers, scores: outcome?.scores ?? [], language: dialog.language.description)
    }
}
