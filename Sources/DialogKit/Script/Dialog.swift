// Dialog: a compiled dialog, shared and immutable by every session that runs it.

/// A dialog compiled from its YAML file. Sessions share one instance; nothing in it changes.
public final class Dialog: Sendable {
    public let id: String
    public let version: String
    public let title: String
    public let intro: String
    /// The `settings:` of the file (clinic name, phone, ...), in file order.
    public let settings: [(key: String, value: String)]
    /// Every question, in the order the file defines them; a question's index is also its slot.
    public let questions: [Question]
    /// Names of all slots: the questions, then the `let` values.
    public let slotNames: [String]
    public let slotTypes: [ValueType]
    public let outcomes: [OutcomeDefinition]
    /// Dialog-wide flags, evaluated for every outcome.
    public let flags: [FlagRule]
    public let checks: [CheckDefinition]
    /// The named scores (`scores:`), computed at any outcome in this order.
    public let scores: [ScoreRule]
    /// The flow as written.
    public let flow: [Step]
    /// The flow compiled to a graph of instructions; the session runs this.
    public let program: [Instruction]
    /// The source position of each instruction.
    public let programLocations: [SourceLocation]
    /// The file name diagnostics use.
    public let file: String
    /// FNV-1a 64-bit hash of the file's bytes, in hex: which exact text a stored assessment came from.
    /// A translation keeps it: the flow, the questions and their answers are the English file's.
    public let contentHash: String
    /// The language of the texts a person sees: English as the file is written, or the language of the
    /// translation put in (`translated(_:)`). The engine's own words and answer readers follow it.
    public let language: LanguageTag

    let questionIndex: [String: Int]
    let outcomeIndex: [String: Int]
    /// About how many questions remain from each instruction on (for "step 4 of about 18").
    let estimatedRemaining: [Int]
    /// The expression each `let` slot is computed from.
    let letDefinitions: [Int: TypedExpression]
    /// The expression of each instruction that has one (a condition, or a `let` value), by instruction:
    /// the flow reads it from here, as binding it from the instruction copied its source text and location too.
    let instructionExpressions: [Expression?]
    /// For each outcome, the flag rules it evaluates in order (the dialog-wide ones, then its own), as
    /// name and condition: read from the rules, each condition came with its source text and location.
    let outcomeFlagConditions: [[(name: String, condition: Expression)]]
    /// What a session reads of each question on every turn, built once (by question index).
    let preparedQuestions: [PreparedQuestion]
    /// What answer matching reads of each question (by question index).
    let answerForms: [AnswerForm]
    /// Each question's `ask` event without the per-session parts (`PreparedQuestion.ask(for:)`).
    let preparedAsks: [Ask]

    init(
        id: String, version: String, title: String, intro: String, settings: [(key: String, value: String)],
        questions: [Question], slotNames: [String], slotTypes: [ValueType], outcomes: [OutcomeDefinition],
        flags: [FlagRule], checks: [CheckDefinition], flow: [Step], program: [Instruction],
        programLocations: [SourceLocation], file: String, contentHash: String, scores: [ScoreRule] = [],
        language: LanguageTag = .english
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.intro = intro
        self.settings = settings
        self.questions = questions.map { question in
            var question = question
            question.options = question.options.map { $0.prepared() }
            return question
        }
        self.slotNames = slotNames
        self.slotTypes = slotTypes
        self.outcomes = outcomes
        self.flags = flags
        self.checks = checks
        self.scores = scores
        self.flow = flow
        self.program = program
        self.programLocations = programLocations
        self.file = file
        self.contentHash = contentHash
        self.language = language
        self.questionIndex = Dictionary(questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.outcomeIndex = Dictionary(outcomes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.estimatedRemaining = Self.estimateRemaining(program)
        var definitions: [Int: TypedExpression] = [:]
        for case .assign(let slot, let expression) in program { definitions[slot] = expression }
        self.letDefinitions = definitions
        self.instructionExpressions = program.map { instruction in
            switch instruction {
            case .assign(_, let expression), .jumpUnless(let expression, _), .jumpIf(let expression, _), .endIf(let expression, _):
                expression.expression
            case .say, .section, .ask, .jump, .end, .deadEnd:
                nil
            }
        }
        self.outcomeFlagConditions = outcomes.map { outcome in
            (flags + outcome.flags).map { ($0.name, $0.condition.expression) }
        }
        // The parts shown as they are (units, the yes/no options) are in the dialog's language.
        let prepared = self.questions
        self.preparedQuestions = UserTexts.speaking(language) { prepared.map(PreparedQuestion.init) }
        let thresholds = Self.thresholds(
            expressions: self.instructionExpressions.compactMap { $0 } + self.outcomeFlagConditions.joined().map(\.condition),
            program: program, questionCount: questions.count)
        self.answerForms = zip(self.questions, thresholds).map { AnswerForm($0, thresholds: $1) }
        self.preparedAsks = UserTexts.speaking(language) { prepared.map(PreparedQuestion.ask(for:)) }
    }

    /// A question's parts that do not depend on the answers, so that a turn copies references to them
    /// instead of building the `ask` event and the summary's texts anew.
    struct PreparedQuestion: Sendable {
        /// The question's text when it shows no answers.
        let fixedText: String?
        /// The options a summary lists one by one (a multiple-choice question's coded options).
        let summaryDetails: [SummaryDetail]
        /// What follows a number in the question's unit when it is described: " hours", and " hour"
        /// for one (a unit ending in "s" loses it); nil without a unit.
        let unitSuffixes: (plural: String, singular: String)?

        /// One coded option of a multiple-choice question, as the summary's detail item names it.
        struct SummaryDetail: Sendable {
            let option: Int
            /// "question.option"
            let id: String
            let code: String
            let text: String
        }

        init(_ question: Question) {
            fixedText = question.text.fixedText
            unitSuffixes = question.unit.map { unit in (" " + UserTexts.unitName(unit), " " + UserTexts.unitName(unit, singular: true)) }
            var details: [SummaryDetail] = []
            if question.kind == .multi {
                for (index, option) in question.options.enumerated() where option.id != "none" {
                    guard let code = option.code else { continue }
                    details.append(SummaryDetail(option: index, id: "\(question.id).\(option.id)", code: code, text: option.text))
                }
            }
            summaryDetails = details
        }

        /// The question's `ask` event without the per-session parts: progress and section are left
        /// for the session to fill in, and the text too when it shows answers (it is empty then).
        static func ask(for question: Question) -> Ask {
            let options: [AskOption] = switch question.kind {
            case .yesno: [AskOption(n: 1, id: "yes", code: nil, text: UserTexts.yesOption), AskOption(n: 2, id: "no", code: nil, text: UserTexts.noOption)]
            case .choice, .multi: question.options.enumerated().map { AskOption(n: $0 + 1, id: $1.id, code: $1.code, text: $1.text) }
            default: []
            }
            var ask = Ask(
                id: question.id, code: question.code, kind: question.kind, text: question.text.fixedText ?? "", options: options,
                min: question.min, max: question.max, unit: question.unit, progress: Progress(step: 0, of: 0),
                isOptional: question.isOptional, hasHelp: question.help != nil, section: nil, scaleLabels: question.rules.scaleLabels)
            ask.wholeNumbersOnly = question.kind == .number && question.rules.isInteger
            return ask
        }
    }

    /// For each question, the comparisons of its answer with a constant that the flow, its `let`s and the
    /// flags make (`duration >= 4`, `4 <= duration` as `duration >= 4`, `age in [18, 65]` as two `==`), so
    /// that a range typed across one is asked again: there its midpoint could decide the path. A `let`
    /// that is only a question's value (`be: duration`) compares as that question; other arithmetic
    /// (`sum(midas_q1, ...) >= 21`) is not traced back.
    static func thresholds(expressions: [Expression], program: [Instruction], questionCount: Int) -> [[QuantityThreshold]] {
        var found = Array(repeating: [QuantityThreshold](), count: questionCount)
        var aliases: [Int: Int] = [:]
        for case .assign(let slot, let value) in program {
            if case .slot(let question) = value.expression, question < questionCount { aliases[slot] = question }
        }
        func question(_ expression: Expression) -> Int? {
            guard case .slot(let slot) = expression else { return nil }
            return slot < questionCount ? slot : aliases[slot]
        }
        func constant(_ expression: Expression) -> Double? {
            switch expression {
            case .constant(.number(let value)): value
            case .negate(.constant(.number(let value))): -value
            default: nil
            }
        }
        func add(_ threshold: QuantityThreshold, to question: Int) {
            if !found[question].contains(threshold) { found[question].append(threshold) }
        }
        func visit(_ expression: Expression) {
            switch expression {
            case .compare(let comparison, let lhs, let rhs):
                if let slot = question(lhs), let value = constant(rhs) {
                    add(QuantityThreshold(comparison: comparison, value: value), to: slot)
                } else if let slot = question(rhs), let value = constant(lhs) {
                    add(QuantityThreshold(comparison: comparison, value: value).flipped(), to: slot)
                }
                visit(lhs)
                visit(rhs)
            case .member(let lhs, let items, _):
                if let slot = question(lhs) {
                    for item in items { if let value = constant(item) { add(QuantityThreshold(comparison: .equal, value: value), to: slot) } }
                }
                visit(lhs)
                items.forEach(visit)
            case .not(let inner), .negate(let inner), .size(let inner), .has(let inner, _):
                visit(inner)
            case .and(let lhs, let rhs), .or(let lhs, let rhs), .arithmetic(_, let lhs, let rhs):
                visit(lhs)
                visit(rhs)
            case .count(let items), .sum(let items), .minimum(let items), .maximum(let items):
                items.forEach(visit)
            case .choose(let condition, let then, let otherwise):
                visit(condition)
                visit(then)
                visit(otherwise)
            case .optionValue(let inner, _):
                visit(inner)
            case .constant, .slot, .answered, .unsure, .outcome, .flagged, .today:
                break
            }
        }
        expressions.forEach(visit)
        return found
    }

    /// The question with this id.
    public func question(withID id: String) -> Question? {
        questionIndex[id].map { questions[$0] }
    }

    /// The index of the outcome with this id.
    public func outcome(withID id: String) -> OutcomeDefinition? {
        outcomeIndex[id].map { outcomes[$0] }
    }

    /// Expected questions still to come from each instruction, averaging the two ways of each branch.
    /// Backward jumps count as nothing more, so loops do not inflate the estimate.
    private static func estimateRemaining(_ program: [Instruction]) -> [Int] {
        var remaining = [Double](repeating: 0, count: program.count + 1)
        for index in stride(from: program.count - 1, through: 0, by: -1) {
            func after(_ target: Int) -> Double { target > index ? remaining[Swift.min(target, program.count)] : 0 }
            switch program[index] {
            case .ask: remaining[index] = 1 + after(index + 1)
            case .say, .section, .assign, .endIf: remaining[index] = after(index + 1)
            case .jumpUnless(_, let target), .jumpIf(_, let target): remaining[index] = (after(index + 1) + after(target)) / 2
            case .jump(let target): remaining[index] = after(target)
            case .end, .deadEnd: remaining[index] = 0
            }
        }
        return remaining.map { Int($0.rounded()) }
    }

    /// FNV-1a, 64 bits: a stable content fingerprint (not a security measure).
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
