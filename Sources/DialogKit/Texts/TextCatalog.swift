// TextCatalog: every text of a dialog that a person sees, each under a stable id (the unit of translation).

/// The texts of a dialog a person sees (title, intro, settings, sections, `say`s, questions with
/// their help and options, outcomes), in the order the file gives them, each with an id that stays
/// the same while the dialog's structure does. Translations are kept by these ids, so that a
/// translator never edits the flow and a changed English text can be found again by its id.
///
/// Ids are built from the names the dialog already has: `thunderclap.text`, `thunderclap.help`,
/// `location.option.one_side`, `outcome.emergency`, `setting.clinic_name`. Sections and `say`
/// steps have no names, so theirs come from their first words (`section.safety_first`,
/// `say.these_questions_are_for`), numbered when two begin alike.
public struct TextCatalog: Sendable, Equatable {
    /// One text to translate.
    public struct Entry: Sendable, Equatable {
        /// The stable id (`thunderclap.text`).
        public var id: String
        /// The text as the dialog writes it, `{name}` interpolations included.
        public var text: String
        /// What the text is, for a translator (`yes/no question`, `help of thunderclap`, `option of location`).
        public var role: String
        /// More context: the question's text for its help and options, the options of a question.
        public var notes: [String]
        public var location: SourceLocation
        /// Whether the text is a template (a question's text, a `say`, an outcome), where `{name}`
        /// shows a value and `{{` is a brace; elsewhere (help, options, titles) braces are text.
        public var isTemplate: Bool
        /// The `{name}`s a template shows: a translation must show the same ones.
        public var interpolations: [String]
        /// Where the text stands in the dialog, which is where a translation of it goes.
        var place: Place
    }

    /// Where in a dialog a text stands.
    enum Place: Sendable, Equatable {
        case title, intro
        case setting(key: String)
        /// A section title or a `say`, by the position of its step: the step and the instruction compiled
        /// from it have the same.
        case section(at: SourceLocation)
        case say(at: SourceLocation)
        case question(Int, QuestionPart)
        case outcome(Int)
    }

    /// Which text of a question.
    enum QuestionPart: Sendable, Equatable {
        case text, help, label, constraintMessage, patternMessage, scaleMin, scaleMax
        case option(Int)
        case otherPrompt(option: Int)
    }

    public var dialogID: String
    public var entries: [Entry]

    /// The catalog of a loaded dialog.
    public init(_ dialog: Dialog) {
        dialogID = dialog.id
        var builder = Builder()
        let start = SourceLocation(file: dialog.file, line: 1, column: 1)
        builder.add("title", dialog.title, .title, role: "the dialog's title", at: start)
        builder.add("intro", dialog.intro, .intro, role: "the introduction, shown before the first question", at: start)
        for setting in dialog.settings where Self.isWords(setting.value) {
            builder.add("setting.\(setting.key)", setting.value, .setting(key: setting.key),
                role: "the clinic's setting \(setting.key), shown where a text says {\(setting.key)}", at: start)
        }
        builder.addSteps(dialog.flow, dialog: dialog)
        for (index, outcome) in dialog.outcomes.enumerated() {
            builder.add("outcome.\(outcome.id)", outcome.text.source, .outcome(index), role: "the outcome \(outcome.id) (\(outcome.code)), shown at the end",
                at: outcome.location, isTemplate: true)
        }
        entries = builder.entries
    }

    /// The entry with this id.
    public subscript(id: String) -> Entry? { entries.first { $0.id == id } }

    /// Whether a setting's value is words a person reads (not a phone number or an address to open).
    static func isWords(_ value: String) -> Bool {
        let lowered = value.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("mailto:") { return false }
        return value.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// The lowercase words of `text` joined by `_`, at most `words` of them: an id's readable part.
    static func slug(_ text: String, words: Int) -> String {
        var parts: [String] = []
        var current = ""
        for character in TextFolding.fold(text) {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                parts.append(current)
                current = ""
                if parts.count == words { break }
            }
        }
        if !current.isEmpty, parts.count < words { parts.append(current) }
        return parts.isEmpty ? "text" : parts.joined(separator: "_")
    }

    private struct Builder {
        var entries: [Entry] = []
        var taken: Set<String> = []

        mutating func add(
            _ id: String, _ text: String, _ place: Place, role: String, notes: [String] = [], at location: SourceLocation, isTemplate: Bool = false
        ) {
            guard !text.isEmpty else { return }
            var unique = id
            var number = 2
            while taken.contains(unique) {
                unique = "\(id)_\(number)"
                number += 1
            }
            taken.insert(unique)
            let names = !isTemplate ? [] : TextTemplate.scan(text).pieces.compactMap { piece -> String? in
                if case .name(let name, _) = piece { return name }
                return nil
            }
            entries.append(Entry(id: unique, text: text, role: role, notes: notes, location: location, isTemplate: isTemplate, interpolations: names, place: place))
        }

        mutating func addSteps(_ steps: [Step], dialog: Dialog) {
            for step in steps {
                switch step.kind {
                case .section(let title):
                    add("section.\(TextCatalog.slug(title, words: 4))", title, .section(at: step.location), role: "a section's title", at: step.location)
                case .say(let text):
                    add("say.\(TextCatalog.slug(text.source, words: 4))", text.source, .say(at: step.location), role: "a message between questions",
                        at: step.location, isTemplate: true)
                case .ask(let index):
                    addQuestion(dialog.questions[index], index: index)
                case .when(_, let then, let otherwise):
                    addSteps(then, dialog: dialog)
                    addSteps(otherwise, dialog: dialog)
                case .assign, .endIf, .gotoIf, .goto, .label, .end:
                    break
                }
            }
        }

        mutating func addQuestion(_ question: Question, index: Int) {
            let id = question.id
            let asked = "the question: \(question.text.source)"
            var kindNotes = ["kind: \(question.kind.rawValue)"]
            if !question.options.isEmpty {
                kindNotes.append("options: " + question.options.map { "\($0.id) (\($0.text))" }.joined(separator: ", "))
            }
            if let unit = question.unit { kindNotes.append("answered in \(unit)") }
            add("\(id).text", question.text.source, .question(index, .text), role: "the question \(id)", notes: kindNotes, at: question.location, isTemplate: true)
            if let help = question.help {
                add("\(id).help", help, .question(index, .help), role: "the help of \(id), shown when the person types help", notes: [asked], at: question.location)
            }
            if let label = question.label {
                add("\(id).label", label, .question(index, .label), role: "a short name of \(id) in summaries and exports", notes: [asked], at: question.location)
            }
            for (number, option) in question.options.enumerated() {
                var notes = [asked]
                if !option.also.isEmpty { notes.append("other words the person may type for it: " + option.also.joined(separator: ", ")) }
                add("\(id).option.\(option.id)", option.text, .question(index, .option(number)), role: "an answer of \(id)", notes: notes, at: option.location)
                if let prompt = option.otherPrompt {
                    add("\(id).option.\(option.id).prompt", prompt, .question(index, .otherPrompt(option: number)), role: "asked when the person chooses \(option.id) (\"please specify\")",
                        notes: [asked], at: option.location)
                }
            }
            if let message = question.rules.constraintMessage {
                add("\(id).constraint_message", message, .question(index, .constraintMessage), role: "said when an answer to \(id) is out of its bounds", notes: [asked], at: question.location)
            }
            if let message = question.rules.patternMessage {
                add("\(id).pattern_message", message, .question(index, .patternMessage), role: "said when an answer to \(id) does not have the expected form", notes: [asked], at: question.location)
            }
            if let labels = question.rules.scaleLabels {
                add("\(id).scale.min", labels.low, .question(index, .scaleMin), role: "the word at the low end of the scale \(id)", notes: [asked], at: question.location)
                add("\(id).scale.max", labels.high, .question(index, .scaleMax), role: "the word at the high end of the scale \(id)", notes: [asked], at: question.location)
            }
        }
    }
}
