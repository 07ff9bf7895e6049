// Event: what a session emits; each channel renders these (DESIGN.md, "JSON lines contract").

/// One thing the bot says or asks. The JSON lines contract maps each case to one object.
public enum Event: Sendable, Equatable {
    /// Plain text for the person: the intro, a section heading, help, a command's answer.
    case say(Say)
    /// A question, with its options and the person's progress.
    case ask(Ask)
    /// The last line was not accepted; an `ask` of the same question follows.
    case retry(Retry)
    /// The dialog reached an outcome.
    case outcome(OutcomeReport)
    /// The session is over; nothing more will be said.
    case end
}

/// What a `say` event is for, so a renderer can style it (JSON shows only the text).
public enum SayStyle: String, Sendable, Equatable, Codable {
    case intro, section, message, help, explanation, summary, notice
    /// What the engine understood of an answer not taken literally ("Noted: about 36 hours.").
    case noted
}

/// Text the bot says.
public struct Say: Sendable, Equatable {
    public var text: String
    public var style: SayStyle
    public init(_ text: String, style: SayStyle = .message) {
        self.text = text
        self.style = style
    }
}

/// One numbered option of an `ask`.
public struct AskOption: Sendable, Equatable {
    /// The number the person may type, from 1.
    public var n: Int
    public var id: String
    public var code: String?
    public var text: String
    public init(n: Int, id: String, code: String?, text: String) {
        self.n = n
        self.id = id
        self.code = code
        self.text = text
    }
}

/// Where the person is: "step 4 of about 18".
public struct Progress: Sendable, Equatable {
    public var step: Int
    public var of: Int
    public init(step: Int, of: Int) {
        self.step = step
        self.of = of
    }
}

/// A question put to the person.
public struct Ask: Sendable, Equatable {
    public var id: String
    public var code: String?
    public var kind: QuestionKind
    public var text: String
    public var options: [AskOption]
    public var min: Double?
    public var max: Double?
    public var unit: String?
    public var progress: Progress
    /// Whether "skip" is accepted.
    public var isOptional: Bool
    /// Whether the question has help text (the `help` command shows it).
    public var hasHelp: Bool
    /// The section heading in force, if any.
    public var section: String?
    /// The words at a scale's two ends (`labels:`), nil without them.
    public var scaleLabels: ScaleLabels? = nil
    /// Whether a number question takes whole numbers only (`integer: true`); the hint says so.
    public var wholeNumbersOnly = false
    /// The language the question is asked in (the dialog's), which the renderer's hint is written in.
    /// Not in the JSON lines contract: its texts are already in that language.
    public var language: LanguageTag = .english
    /// How to answer, when the asker words it itself (the language question, in every language it
    /// offers); nil: the renderer's hint for the question's kind. Not in the JSON lines contract.
    public var hint: String? = nil

    public init(
        id: String, code: String?, kind: QuestionKind, text: String, options: [AskOption],
        min: Double?, max: Double?, unit: String?, progress: Progress,
        isOptional: Bool, hasHelp: Bool, section: String?, scaleLabels: ScaleLabels? = nil
    ) {
        self.id = id
        self.code = code
        self.kind = kind
        self.text = text
        self.options = options
        self.min = min
        self.max = max
        self.unit = unit
        self.progress = progress
        self.isOptional = isOptional
        self.hasHelp = hasHelp
        self.section = section
        self.scaleLabels = scaleLabels
    }
}

/// The reason the last line was not accepted.
public struct Retry: Sendable, Equatable {
    public var id: String
    public var text: String
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// One answered question, as the outcome's summary lists it.
/// For a multiple-choice question whose options carry concept codes, the summary also lists each
/// coded option as its own item (`id` "question.option", the option's code, answer "yes" or "no"),
/// so a program reading the outcome sees every code without knowing the wording.
public struct SummaryItem: Sendable, Equatable, Codable {
    public var id: String
    public var code: String?
    public var question: String
    public var answer: String
    /// Whether this item details one coded option of a multiple-choice answer listed just before it.
    public var isOptionDetail: Bool
    /// The question's short `label:`, nil without one (the summary shows it instead of `question`).
    public var label: String? = nil

    /// What a summary line names the question by: "Sleep hours:" for a labelled one, else its text.
    public var shownQuestion: String { label.map { $0 + ":" } ?? question }

    public init(id: String, code: String?, question: String, answer: String, isOptionDetail: Bool = false) {
        self.id = id
        self.code = code
        self.question = question
        self.answer = answer
        self.isOptionDetail = isOptionDetail
    }
}

/// The outcome a session reached.
public struct OutcomeReport: Sendable, Equatable {
    public var id: String
    public var code: String
    public var flags: [String]
    public var text: String
    public var summary: [SummaryItem]
    /// The stored assessment's reference, when the session was stored.
    public var reference: String?
    /// The dialog's `scores:` that have a value, in the dialog's order.
    public var scores: [Score] = []
    /// How urgent the outcome is (`level:`, or read from its code), nil when not known.
    public var level: OutcomeLevel? = nil
    /// The language the person answered in (the dialog's).
    public var language: LanguageTag = .english
    public init(id: String, code: String, flags: [String], text: String, summary: [SummaryItem], reference: String?) {
        self.id = id
        self.code = code
        self.flags = flags
        self.text = text
        self.summary = summary
        self.reference = reference
    }
}

/// A named score an outcome carries (`scores:` in the dialog): its name and value.
public struct Score: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}
