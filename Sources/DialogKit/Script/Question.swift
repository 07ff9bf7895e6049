// Question: one question of a dialog, its kind, options and bounds.

/// How a question is answered.
public enum QuestionKind: String, Sendable, Codable, CaseIterable {
    case yesno, choice, multi, number, scale, text, date, time
}

/// What a question does with doubt ("I don't know", "not sure"): the dialog's `unsure:` key.
/// Doubt is never a "no"; the default asks again.
public enum UnsurePolicy: String, Sendable, Codable, CaseIterable {
    /// `unsure: ask`: say what would help decide, and ask again.
    case ask
    /// `unsure: yes` (yes/no questions): count it as yes and say so, "to be safe".
    case yes
    /// `unsure: keep`: keep "not sure" as the answer, with no value; the flow branches on `name is unsure`.
    case keep
}

/// One answer a `choice` or `multi` question offers.
public struct OptionDefinition: Sendable, Equatable {
    /// The id expressions compare with (`location == one_side`).
    public var id: String
    /// The text shown to the person.
    public var text: String
    /// Other words a person may type for this option (brand names, synonyms).
    public var also: [String]
    /// The concept code; choosing the option means "yes" to it.
    public var code: String?
    /// The option's score (`value: 3`), which `value(question)` reads: the chosen option's value, or
    /// the sum over the chosen options of a `multi` question. Nil when the dialog gives none.
    public var value: Double?
    /// `other: true`: choosing this option asks what it is ("other, please specify"); the text is kept with the answer.
    public var isOther = false
    /// `prompt:` of an "other" option: how the follow-up is asked (default "Please say what it is.").
    public var otherPrompt: String?
    var otherPromptLocation: SourceLocation?
    public var location: SourceLocation
    /// The option's names folded for matching, computed once when the dialog is built (see `prepared()`).
    var matchForms = MatchForms()

    public init(id: String, text: String, also: [String] = [], code: String? = nil, location: SourceLocation = .unknown) {
        self.id = id
        self.text = text
        self.also = also
        self.code = code
        self.location = location
    }

    /// The option with its match forms computed from its current text, id and `also` words.
    func prepared() -> OptionDefinition {
        var option = self
        let folded = ([text, id.replacingUnderscores()] + also).map(TextFolding.fold)
        option.matchForms = MatchForms(
            exact: folded,
            prefixes: ([text] + also).map(TextFolding.fold),
            phrases: folded.map { " " + TextFolding.words($0).joined(separator: " ") + " " }.filter { $0.count > 2 })
        return option
    }

    /// An option's names as answer matching compares them.
    struct MatchForms: Sendable, Equatable {
        /// Text, id and `also` words, folded: an answer equal to one of these names the option.
        var exact: [String] = []
        /// Text and `also` words, folded: an answer that starts one of these may name the option.
        var prefixes: [String] = []
        /// Each name as " word word ", to find it inside a longer answer.
        var phrases: [String] = []
    }
}

/// A question as the dialog defines it.
public struct Question: Sendable, Equatable {
    public var id: String
    public var code: String?
    public var kind: QuestionKind
    public var text: TextTemplate
    public var help: String?
    public var options: [OptionDefinition]
    public var min: Double?
    public var max: Double?
    /// The unit answers are given in; time units ("hours", "days", ...) are converted.
    public var unit: String?
    /// Hours in the period a count is over (`per: month` is 730.5): a rate ("3 days a week") is converted
    /// to a count over it. Nil when the question counts over no period.
    public var period: Double?
    /// Whether "skip" is accepted.
    public var isOptional: Bool
    /// A red-flag question (code `redflag.*` or `red_flag: true`): lint checks none comes after an early exit.
    public var isRedFlag: Bool
    /// What doubt does here.
    public var unsure: UnsurePolicy = .ask
    /// Whether the dialog stated `unsure:` (lint asks for it where a yes ends the dialog).
    public var statesUnsure = false
    /// What an answer must be besides its kind and bounds (`integer`, `constraint`, `pattern`), and
    /// the words shown at a scale's ends; see `AnswerRules`.
    public var rules = AnswerRules()
    /// A short name for summaries and exports (`label: Sleep hours`), where the text is long.
    public var label: String?
    /// A `date` or `time` question's bounds and whether it reads relative dates; nil for other kinds.
    public var calendar: CalendarSettings?
    public var location: SourceLocation

    public init(
        id: String, code: String? = nil, kind: QuestionKind, text: TextTemplate, help: String? = nil,
        options: [OptionDefinition] = [], min: Double? = nil, max: Double? = nil, unit: String? = nil,
        period: Double? = nil, isOptional: Bool = false, isRedFlag: Bool = false, location: SourceLocation = .unknown
    ) {
        self.id = id
        self.code = code
        self.kind = kind
        self.text = text
        self.help = help
        self.options = options
        self.min = min
        self.max = max
        self.unit = unit
        self.period = period
        self.isOptional = isOptional
        self.isRedFlag = isRedFlag
        self.location = location
    }
}
