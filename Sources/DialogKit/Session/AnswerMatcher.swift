// AnswerMatcher: a typed line to a question's value, or the reason it could not be understood.

/// The result of reading an answer.
enum AnswerMatch: Equatable {
    /// The answer's value; nil when an optional question was skipped.
    case value(Value?)
    /// Not understood; the text says why and what would be.
    case notUnderstood(String)
}

/// What answer matching reads of a question. A session's turn takes this from the dialog
/// (`Dialog.answerForms`): one reference, where passing the `Question` copied a dozen (its texts,
/// help and location too).
final class AnswerForm: Sendable {
    let kind: QuestionKind
    let isOptional: Bool
    /// The options, their names folded (`OptionDefinition.prepared()`).
    let options: [OptionDefinition]
    /// Each folded option name (`MatchForms.exact`) and the options it names, in order: an answer
    /// that is one of these is found with one lookup.
    let optionsByExactName: [String: [Int]]
    let min: Double?
    let max: Double?
    let unit: String?
    /// What quantity reading reads of a number or scale question: its unit, bounds, `per:` period and
    /// the comparisons the flow makes with its answer, computed once.
    let quantity: QuantityQuestion
    /// Hours in the period a count is over (`per:`); nil when none.
    var period: Double? { quantity.period }
    /// The comparisons the flow makes with the answer (`duration >= 4`): a range across one is asked again.
    var thresholds: [QuantityThreshold] { quantity.thresholds }

    /// The form of a question of a dialog (whose options the dialog has prepared); `thresholds` are the
    /// comparisons the dialog's flow makes with the question's answer (`Dialog.thresholds`).
    init(_ question: Question, thresholds: [QuantityThreshold] = []) {
        kind = question.kind
        isOptional = question.isOptional
        options = question.options
        var byName: [String: [Int]] = [:]
        for index in options.indices {
            for name in options[index].matchForms.exact where byName[name]?.last != index {
                byName[name, default: []].append(index)
            }
        }
        optionsByExactName = byName
        min = question.min
        max = question.max
        unit = question.unit
        quantity = QuantityQuestion(unit: question.unit, min: question.min, max: question.max, period: question.period, thresholds: thresholds)
    }
}

/// Reads answers as people type them (DESIGN.md, "The session state machine").
enum AnswerMatcher {
    static let yesWords: WordTable<Bool> = ["y", "yes", "yeah", "yea", "yep", "yup", "ya", "sure", "true", "correct", "right", "ok", "okay", "definitely", "absolutely", "aye"]
    static let noWords: WordTable<Bool> = ["n", "no", "nope", "nah", "nay", "never", "false", "not", "negative", "none"]
    static let noneWords: WordTable<Bool> = ["none", "nothing", "no", "neither", "nope", "nil", "never"]
    static let skipWords: WordTable<Bool> = ["skip", "pass", "skip it", "skip this", "prefer not to say", "rather not say", "i'd rather not say"]

    /// `folded` is `TextFolding.fold(line)`, when the caller has it already. For tests and tools: a
    /// session passes the form its dialog prepared.
    static func match(_ line: String, question: Question, folded: String? = nil) -> AnswerMatch {
        match(line, question: AnswerForm(question), folded: folded)
    }

    /// A session's turn reads its question's prepared `AnswerForm` (`Dialog.answerForms`).
    static func match(_ line: String, question: AnswerForm, folded: String? = nil) -> AnswerMatch {
        let folded = folded ?? TextFolding.fold(line)
        // A quoted skip word is an answer; whether the line is quoted matters only for those words.
        if skipWords.contains(folded), !(line.trimmingCharacters(in: " ").first.map { $0 == "\"" || $0 == "'" } ?? false) {
            return question.isOptional ? .value(nil) : .notUnderstood("This question needs an answer; it cannot be skipped.")
        }
        switch question.kind {
        case .yesno: return matchYesNo(folded)
        case .choice: return matchChoice(folded, question: question)
        case .multi: return matchMulti(line, folded: folded, question: question)
        case .number: return matchNumber(line, folded: folded, question: question)
        case .scale: return matchScale(line, folded: folded, question: question)
        case .text: return matchText(line)
        }
    }

    // MARK: yes/no

    private static func matchYesNo(_ folded: String) -> AnswerMatch {
        if folded == "1" { return .value(.bool(true)) }
        if folded == "2" { return .value(.bool(false)) }
        if yesWords.contains(folded) { return .value(.bool(true)) }
        if noWords.contains(folded) { return .value(.bool(false)) }
        let words = TextFolding.words(folded)
        if let first = words.first {
            let firstWord = String(first)
            // "yes I have", "no never": the first word decides, unless the rest contradicts it.
            let rest = words.dropFirst()
            if yesWords.contains(firstWord) && !rest.contains(where: { $0 == "no" || $0 == "not" || $0 == "never" }) { return .value(.bool(true)) }
            if noWords.contains(firstWord) && !rest.contains(where: { $0 == "yes" || $0 == "yeah" }) { return .value(.bool(false)) }
            if ["i", "i've", "ive"].contains(firstWord) {
                if words.contains(where: { ["don't", "dont", "haven't", "havent", "not", "never", "no"].contains(String($0)) }) {
                    return .value(.bool(false))
                }
            }
        }
        return .notUnderstood("Please answer yes or no.")
    }

    // MARK: choice and multi

    /// Options a piece of text names: by number, id, text, `also` word, unique prefix, or words contained in it.
    /// The options' names were folded when the dialog was built (`OptionDefinition.prepared()`).
    private static func options(named part: String, in question: AnswerForm) -> [Int] {
        let options = question.options
        if let number = Int(part) {
            return number >= 1 && number <= options.count ? [number - 1] : []
        }
        if let exact = question.optionsByExactName[part] { return exact }
        if part.count >= 2 {
            var prefixed: [Int] = []
            for index in options.indices where options[index].matchForms.prefixes.contains(where: { $0.hasPrefix(part) }) {
                prefixed.append(index)
            }
            if !prefixed.isEmpty { return prefixed }
        }
        // Words inside a longer line: "I took Imitrex last week".
        let partWords = " " + TextFolding.words(part).joined(separator: " ") + " "
        var contained: [Int] = []
        for index in options.indices where options[index].matchForms.phrases.contains(where: { partWords.contains($0) }) {
            contained.append(index)
        }
        return contained
    }

    private static func describe(_ indices: [Int], in question: AnswerForm) -> String {
        indices.map { "\($0 + 1) (\(question.options[$0].text))" }.joined(separator: ", ")
    }

    private static func matchChoice(_ folded: String, question: AnswerForm) -> AnswerMatch {
        let count = question.options.count
        guard !folded.isEmpty else { return .notUnderstood("Please choose 1 to \(count), or type the words.") }
        // An option's number, as most choices are typed, names that option or none.
        if let number = Int(folded) {
            guard number >= 1 && number <= count else {
                return .notUnderstood("There is no answer \(number) here. Please choose 1 to \(count).")
            }
            return .value(.option(number - 1))
        }
        let found = options(named: folded, in: question)
        if found.count == 1 { return .value(.option(found[0])) }
        if found.count > 1 {
            if found.count == count {
                return .notUnderstood("That could be any of the answers. Please choose one: 1 to \(count).")
            }
            return .notUnderstood("That could mean \(describe(found, in: question)). Please choose one.")
        }
        if let number = Int(folded) {
            return .notUnderstood("There is no answer \(number) here. Please choose 1 to \(count).")
        }
        return .notUnderstood("I could not match that to an answer. Please choose 1 to \(count), or type the words.")
    }

    /// What separates the answers of a list, besides the words "and", "plus" and the like.
    private static let listSeparators: Set<Unicode.Scalar> = [",", ";", "&", "+"]

    private static func matchMulti(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        let count = question.options.count
        var noneOption: Int?
        for index in question.options.indices where question.options[index].id == "none" {
            noneOption = index
            break
        }
        if noneWords.contains(folded) || folded == "none of them" || folded == "none of these" {
            return .value(.options(noneOption.map { 1 << UInt64($0) } ?? 0))
        }
        var chosen: UInt64 = 0
        let words = TextFolding.words(folded)
        // Option numbers only ("1, 3"), as lists are mostly typed: each names its option, or none does.
        var numbersOnly = !words.isEmpty
        var missing: Int?
        for word in words {
            guard let number = Int(word) else {
                numbersOnly = false
                break
            }
            if number >= 1 && number <= count {
                chosen |= 1 << UInt64(number - 1)
            } else if missing == nil {
                missing = number
            }
        }
        if numbersOnly, let missing {
            return .notUnderstood("There is no answer \(missing) here. Please choose from 1 to \(count).")
        }
        var parts: [String] = []
        if !numbersOnly {
            chosen = 0
            // Split the line as typed: folding would turn the commas that separate answers into spaces.
            parts = TextFolding.splitList(" " + line + " ", separators: listSeparators)
                .map(TextFolding.fold).filter { !$0.isEmpty }
        }
        for part in parts {
            let found = options(named: part, in: question)
            if found.isEmpty {
                if noneWords.contains(part) {
                    if let noneOption { chosen |= 1 << UInt64(noneOption) }
                    continue
                }
                if let number = Int(part) {
                    return .notUnderstood("There is no answer \(number) here. Please choose from 1 to \(count).")
                }
                return .notUnderstood("I could not match \"\(part)\" to an answer. Type the numbers (for example 1, 3), the words, or none.")
            }
            if found.count > 1 && found.count == count {
                return .notUnderstood("\"\(part)\" could be any of the answers. Please type the numbers, for example 1, 3.")
            }
            for index in found { chosen |= 1 << UInt64(index) }
        }
        if let noneOption, chosen & (1 << UInt64(noneOption)) != 0, chosen != 1 << UInt64(noneOption) {
            return .notUnderstood("You chose \"\(question.options[noneOption].text)\" together with other answers. Please choose either none, or the ones that apply.")
        }
        if parts.isEmpty && !numbersOnly { return .notUnderstood("Type the numbers of the answers that apply (for example 1, 3), or none.") }
        return .value(.options(chosen))
    }

    // MARK: numbers

    /// An amount read from the line (`QuantityReader`), with what to say back when it was not taken
    /// literally ("about 36 hours"). `folded` is `TextFolding.fold(line)`, when the caller has it.
    static func readNumber(_ line: String, form: AnswerForm, folded: String? = nil) -> QuantityReading {
        QuantityReader.read(line, question: form.quantity, folded: folded)
    }

    private static func matchNumber(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        switch readNumber(line, form: question, folded: folded) {
        case .amount(let value, _): .value(.number(value))
        case .notUnderstood(let reason): .notUnderstood(reason)
        }
    }

    /// A scale is a number question from 0 to 10 unless it says otherwise: "7/10", "8 out of 10", "seven".
    private static func matchScale(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        matchNumber(line, folded: folded, question: question)
    }

    // MARK: text

    private static func matchText(_ line: String) -> AnswerMatch {
        var text = line.trimmingCharacters(in: " ")
        if text.count >= 2, let first = text.first, let last = text.last, (first == "\"" && last == "\"") || (first == "'" && last == "'") {
            text = text.dropFirst().dropLast()
        }
        return text.isEmpty ? .notUnderstood("Please type an answer.") : .value(.text(String(text)))
    }
}

extension String {
    func replacingUnderscores() -> String {
        replacing("_", with: " ")
    }
}
