// Session: the dialog state machine: a value holding a position and the answers; `receive` is its interface.

/// One person's way through a dialog. A value: copy it to keep an earlier state; it does no I/O.
/// It holds little beyond a reference to the shared `Dialog`: the position, the answers packed one
/// word per slot, and the order questions were answered in (for `back` and the summary).
public struct Session: Sendable {
    public let dialog: Dialog

    private var answers: AnswerStore
    /// Question indices in the order they were answered.
    private var answered: [UInt16] = []
    /// The instruction being executed; at an `ask`, the question waiting for an answer.
    private var position: Int32 = 0
    /// The `section` instruction in force, or -1.
    private var sectionPosition: Int32 = -1
    private var phase: Phase = .new
    private var outcomePosition: Int32 = -1

    private enum Phase: UInt8, Sendable {
        case new, asking, finished, quit
    }

    /// The longest answer accepted, in characters; a longer line is refused with a message.
    public static let maximumAnswerLength = 1_000
    /// Instructions one turn may execute; a dialog that loops without asking stops here.
    static let instructionBudget = 1_000_000
    /// Events one turn may emit: a loop that says something each time round stops here, long before its
    /// instruction budget, which would otherwise be a third of a million lines sent to one person.
    static let eventBudget = 1_000

    public init(dialog: Dialog) {
        self.dialog = dialog
        self.answers = AnswerStore(slotCount: dialog.slotNames.count)
    }

    // MARK: - The interface

    /// The opening: the title and intro, and the first question.
    public mutating func start() -> [Event] {
        guard phase == .new else { return [] }
        var events: [Event] = [.say(Say(dialog.title, style: .section))]
        if !dialog.intro.isEmpty { events.append(.say(Say(dialog.intro, style: .intro))) }
        phase = .asking
        run(emitting: true, into: &events)
        return events
    }

    /// One line the person typed, exactly as typed (without the line terminator).
    public mutating func receive(_ line: String) -> [Event] {
        var events: [Event] = []
        if phase == .new { events = start() }
        guard phase == .asking, let question = currentQuestionIndex else {
            return events + [.say(Say(UserTexts.questionnaireOver, style: .notice)), .end]
        }
        let text = Self.sanitized(line)
        // Counting Characters walks the text; its UTF-8 length, never smaller, usually settles it.
        if text.utf8.count > Self.maximumAnswerLength, text.count > Self.maximumAnswerLength {
            return events + retry(UserTexts.answerTooLong(text.count, limit: Self.maximumAnswerLength))
        }
        if text.containsUTF8(0xEF), text.contains("\u{FFFD}") {  // U+FFFD is EF BF BD
            return events + retry(UserTexts.invalidText)
        }
        if text.isEmpty {
            return events + retry(emptyLineHint(for: dialog.questions[question]))
        }
        let folded = TextFolding.fold(text)
        let match = AnswerMatcher.match(text, question: dialog.answerForms[question], folded: folded)
        if let (command, explicit) = Command.parse(text, folded: folded) {
            if !explicit, dialog.questions[question].kind != .text, case .value(let value?, _) = match {
                let answer = describe(value, question: question)
                let word = text.trimmingCharacters(in: " ")
                return events + retry(UserTexts.answerAndCommand(String(word), answer: answer, howToAnswer: howToType(value, question: question), command: command.rawValue))
            }
            return events + perform(command)
        }
        switch match {
        case .notUnderstood(let reason):
            return events + retry(reason)
        case .value(let value, let noted):
            if let noted { events.append(.say(Say(UserTexts.noted(noted), style: .noted))) }
            accept(value, unsure: false, question: question, into: &events)
            return events
        case .unsure:
            switch dialog.questions[question].unsure {
            case .ask:
                return events + retry(UserTexts.unsureAskAgain(help: dialog.questions[question].help))
            case .yes:
                events.append(.say(Say(UserTexts.noted(UserTexts.notSureTakenAsYes) + " " + UserTexts.takenAsYesToBeSafe, style: .noted)))
                accept(.bool(true), unsure: true, question: question, into: &events)
            case .keep:
                events.append(.say(Say(UserTexts.noted(UserTexts.notSure), style: .noted)))
                accept(nil, unsure: true, question: question, into: &events)
            }
            return events
        }
    }

    /// Keeps an answer and runs the flow to the next question or the outcome.
    private mutating func accept(_ value: Value?, unsure: Bool, question: Int, into events: inout [Event]) {
        answers.setAnswer(question, value, unsure: unsure)
        answered.append(UInt16(question))
        position += 1
        // Room for a turn's usual events (an ask, perhaps after a say; or an outcome and the end) in
        // one allocation: appended one by one, the array was often allocated twice.
        events.reserveCapacity(events.count + 2)
        run(emitting: true, into: &events)
    }

    /// Whether the session has ended (an outcome, or quit).
    public var isOver: Bool { phase == .finished || phase == .quit }

    /// The outcome, once reached.
    public var outcome: OutcomeReport? {
        guard phase == .finished, outcomePosition >= 0 else { return nil }
        return report(forOutcome: Int(outcomePosition))
    }

    /// The outcome's code, once reached: what `outcome?.code` says, without building the report and
    /// its summary (a server logs the code of every session).
    public var outcomeCode: String? {
        guard phase == .finished, outcomePosition >= 0 else { return nil }
        return dialog.outcomes[Int(outcomePosition)].code
    }

    /// The id of the question being asked, if any.
    public var currentQuestionID: String? {
        currentQuestionIndex.map { dialog.questions[$0].id }
    }

    /// The question being asked now, as an `ask` event (for a channel that redraws it).
    public var currentAsk: Ask? {
        currentQuestionIndex.map(makeAsk)
    }

    /// What Tab may complete to now: the current options' texts and `also` words, and the commands.
    public var completionCandidates: [String] {
        var candidates: [String] = []
        if let index = currentQuestionIndex {
            let question = dialog.questions[index]
            switch question.kind {
            case .yesno: candidates += ["yes", "no"]
            case .choice, .multi:
                for option in question.options { candidates += [option.text] + option.also }
                if question.kind == .multi { candidates.append("none") }
            default: break
            }
            if question.isOptional { candidates.append("skip") }
        }
        candidates += Command.allCases.map(\.rawValue)
        var seen = Set<String>()
        return candidates.filter { seen.insert($0.lowercased()).inserted }
    }

    /// The answers given so far, in order, as the outcome's summary lists them.
    public var summary: [SummaryItem] {
        // A question answered again (after `back`) is listed once, where it was last answered.
        var lastAnswered = [Int32](repeating: -1, count: dialog.questions.count)
        var capacity = 0
        for position in answered.indices {
            let question = Int(answered[position])
            lastAnswered[question] = Int32(position)
            capacity += 1 + dialog.preparedQuestions[question].summaryDetails.count
        }
        var items: [SummaryItem] = []
        items.reserveCapacity(capacity)
        for position in answered.indices where lastAnswered[Int(answered[position])] == Int32(position) {
            let index = Int(answered[position])
            let answer = answers.value(index, type: dialog.slotTypes[index])
            items.append(summaryItem(question: index, answer: answer))
            let chosen: UInt64? = if case .options(let bits)? = answer { bits } else { nil }
            for detail in dialog.preparedQuestions[index].summaryDetails {
                let state = chosen.map { $0 & (1 << UInt64(detail.option)) != 0 ? UserTexts.yes : UserTexts.no } ?? UserTexts.skipped
                items.append(SummaryItem(id: detail.id, code: detail.code, question: detail.text, answer: state, isOptionDetail: true))
            }
        }
        return items
    }

    /// The summary's line for one question (by its index in `dialog.questions`), as `summary` lists it
    /// once answered: the question as shown and the answer in words. A kept session writes this for
    /// each answer without building the whole summary.
    public func summaryItem(forQuestion index: Int) -> SummaryItem {
        summaryItem(question: index, answer: answers.value(index, type: dialog.slotTypes[index]))
    }

    private func summaryItem(question index: Int, answer: Value?) -> SummaryItem {
        SummaryItem(
            id: dialog.questions[index].id, code: dialog.questions[index].code,
            question: dialog.preparedQuestions[index].fixedText ?? render(dialog.questions[index].text),
            answer: answerWords(answer, question: index))
    }

    /// An answer in words as the summary shows it: "6 hours", "skipped", "not sure (taken as yes)".
    private func answerWords(_ answer: Value?, question: Int) -> String {
        if answers.isUnsure(question) { return answer == nil ? UserTexts.notSure : UserTexts.notSureTakenAsYes }
        return answer.map { describe($0, question: question) } ?? UserTexts.skipped
    }

    /// A value of a question or `let`, by name (for tests and tools).
    public func value(of name: String) -> Value? {
        guard let slot = dialog.slotNames.firstIndex(of: name) else { return nil }
        return answers.value(slot, type: dialog.slotTypes[slot])
    }

    // MARK: - Snapshots

    /// The answers in the order given, with their current values: what a store keeps, and what
    /// `SessionSnapshot` names by question id.
    public var keptAnswers: [KeptAnswer] {
        answered.map { KeptAnswer(question: Int($0), value: answers.value(Int($0), type: dialog.slotTypes[Int($0)]), unsure: answers.isUnsure(Int($0))) }
    }

    /// How many answers `keptAnswers` holds, without building it.
    public var keptAnswerCount: Int { answered.count }

    /// An answer as kept: the question (its index in `dialog.questions`), its value (nil when skipped
    /// or kept as "not sure"), and whether it was doubt.
    public struct KeptAnswer: Sendable, Equatable {
        public var question: Int
        public var value: Value?
        public var unsure: Bool

        public init(question: Int, value: Value?, unsure: Bool) {
            self.question = question
            self.value = value
            self.unsure = unsure
        }
    }

    var isQuit: Bool { phase == .quit }

    /// Replays answers from the start (see `SessionSnapshot`) and returns the events that show where the session stands.
    mutating func resume(replaying kept: [KeptAnswer], quit: Bool) -> [Event] {
        var events: [Event] = []
        rewind(replaying: kept, into: &events)
        if quit && !isOver {
            phase = .quit
            return [.end]
        }
        return events
    }

    // MARK: - Running the flow

    private var currentQuestionIndex: Int? {
        guard phase == .asking, Int(position) < dialog.program.count,
            case .ask(let question) = dialog.program[Int(position)]
        else { return nil }
        return question
    }

    /// Executes instructions from `position` until a question waits for an answer or the session ends.
    /// With `replay`, questions found at the head of the list are answered from it without being asked.
    private mutating func run(emitting: Bool, into events: inout [Event], replay: [KeptAnswer] = []) {
        var budget = Self.instructionBudget
        var pending = replay[...]
        while budget > 0, events.count < Self.eventBudget {
            budget -= 1
            let index = Int(position)
            switch dialog.program[index] {
            case .say(let text):
                if emitting { events.append(.say(Say(render(text)))) }
                position += 1
            case .section(let title):
                if emitting { events.append(.say(Say(title, style: .section))) }
                sectionPosition = Int32(index)
                position += 1
            case .ask(let question):
                if let next = pending.first, next.question == question {
                    pending.removeFirst()
                    answers.setAnswer(question, next.value, unsure: next.unsure)
                    answered.append(UInt16(question))
                    position += 1
                    continue
                }
                phase = .asking
                events.append(.ask(makeAsk(question)))
                return
            case .assign(let slot, _):
                answers.set(slot, dialog.instructionExpressions[index]?.evaluate(self))
                position += 1
            case .jumpUnless(_, let target):
                position = conditionHolds(at: index) ? position + 1 : Int32(target)
            case .jumpIf(_, let target):
                position = conditionHolds(at: index) ? Int32(target) : position + 1
            case .jump(let target):
                position = Int32(target)
            case .endIf(_, let outcome):
                if conditionHolds(at: index) {
                    finish(outcome, into: &events)
                    return
                }
                position += 1
            case .end(let outcome):
                finish(outcome, into: &events)
                return
            case .deadEnd:
                phase = .quit
                events.append(.say(Say(UserTexts.noConclusion, style: .notice)))
                events.append(.end)
                return
            }
        }
        phase = .quit
        events.append(.say(Say(UserTexts.loopStopped, style: .notice)))
        events.append(.end)
    }

    /// Whether the condition of the instruction at `index` holds (a missing value makes it false).
    private func conditionHolds(at index: Int) -> Bool {
        dialog.instructionExpressions[index]?.evaluate(self)?.isTrue ?? false
    }

    private mutating func finish(_ outcome: Int, into events: inout [Event]) {
        phase = .finished
        outcomePosition = Int32(outcome)
        events.append(.outcome(report(forOutcome: outcome)))
        events.append(.end)
    }

    private func report(forOutcome index: Int) -> OutcomeReport {
        let definition = dialog.outcomes[index]
        var flags: [String] = []
        // The dialog-wide rules, then the outcome's own.
        for (name, condition) in dialog.outcomeFlagConditions[index]
        where (condition.evaluate(self)?.isTrue ?? false) && !flags.contains(name) {
            flags.append(name)
        }
        return OutcomeReport(
            id: definition.id, code: definition.code, flags: flags, text: render(definition.text), summary: summary,
            reference: nil)
    }

    // MARK: - Commands

    private mutating func perform(_ command: Command) -> [Event] {
        switch command {
        case .back:
            guard !answered.isEmpty else {
                return retry(UserTexts.nothingToGoBackTo)
            }
            let kept = Array(keptAnswers.dropLast())
            var events: [Event] = [.say(Say(UserTexts.goingBack, style: .notice))]
            rewind(replaying: kept, into: &events)
            return events
        case .restart:
            var events: [Event] = [.say(Say(UserTexts.restarting, style: .notice))]
            rewind(replaying: [], into: &events, emitting: true)
            return events
        case .help:
            guard let index = currentQuestionIndex else { return [] }
            let help = dialog.questions[index].help ?? UserTexts.noMoreHelp
            return [
                .say(Say(help, style: .help)),
                .say(Say(UserTexts.commandsReminder, style: .help)),
                .ask(makeAsk(index)),
            ]
        case .why:
            guard let index = currentQuestionIndex else { return [] }
            return [.say(Say(explanation(), style: .explanation)), .ask(makeAsk(index))]
        case .summary:
            guard let index = currentQuestionIndex else { return [] }
            let items = summary
            let text = items.isEmpty
                ? UserTexts.noAnswersYet
                : UserTexts.answersSoFar + "\n" + items.filter { !$0.isOptionDetail }.map { "- \($0.question) \($0.answer)" }.joined(separator: "\n")
            return [.say(Say(text, style: .summary)), .ask(makeAsk(index))]
        case .quit:
            phase = .quit
            return [
                .say(Say(UserTexts.quitNotice, style: .notice)),
                .end,
            ]
        }
    }

    /// Starts again from the first instruction, answering from `replaying` without asking, so every
    /// computed value is what it would have been had the person answered only those questions.
    private mutating func rewind(replaying kept: [KeptAnswer], into events: inout [Event], emitting: Bool = false) {
        answers.clearAll()
        answered.removeAll(keepingCapacity: true)
        position = 0
        sectionPosition = -1
        phase = .asking
        run(emitting: emitting, into: &events, replay: kept)
    }

    /// How the answers so far led to the current question: each branch taken that read an answer.
    private func explanation() -> String {
        var probe = self
        probe.answers.clearAll()
        probe.position = 0
        var reasons: [String] = []
        var pending = keptAnswers[...]
        var budget = Self.instructionBudget
        while budget > 0, Int(probe.position) < dialog.program.count, probe.position != position || !pending.isEmpty {
            budget -= 1
            let index = Int(probe.position)
            switch dialog.program[index] {
            case .ask(let question):
                guard let next = pending.first, next.question == question else { budget = 0; continue }
                pending.removeFirst()
                probe.answers.setAnswer(question, next.value, unsure: next.unsure)
                probe.position += 1
            case .assign(let slot, let expression):
                probe.answers.set(slot, expression.expression.evaluate(probe))
                probe.position += 1
            case .jumpUnless(let condition, let target):
                let holds = condition.holds(probe)
                if !condition.expression.slotsRead.isEmpty, holds { reasons.append(probe.because(condition)) }
                probe.position = holds ? probe.position + 1 : Int32(target)
            case .jumpIf(let condition, let target):
                let holds = condition.holds(probe)
                if holds { reasons.append(probe.because(condition)) }
                probe.position = holds ? Int32(target) : probe.position + 1
            case .jump(let target):
                probe.position = Int32(target)
            default:
                probe.position += 1
            }
        }
        if reasons.isEmpty {
            return UserTexts.askedOfEveryone
        }
        return UserTexts.askedBecause + "\n" + reasons.suffix(6).map { "- \($0)" }.joined(separator: "\n")
    }

    /// A condition, what its `let` values stand for, and the answers it read:
    /// "long_lasting, where long_lasting = weeks >= 12 (weeks: 20 weeks)".
    private func because(_ condition: TypedExpression) -> String {
        var definitions: [String] = []
        var values: [String] = []
        var visited = Set<Int>()
        func collect(_ slots: [Int]) {
            for slot in slots where visited.insert(slot).inserted {
                if slot < dialog.questions.count {
                    if let value = answers.value(slot, type: dialog.slotTypes[slot]) {
                        values.append("\(dialog.questions[slot].id): \(describe(value, question: slot))")
                    }
                } else if let definition = dialog.letDefinitions[slot] {
                    definitions.append("\(dialog.slotNames[slot]) = \(definition.source)")
                    collect(definition.expression.slotsRead)
                }
            }
        }
        collect(condition.expression.slotsRead)
        var text = condition.source
        if !definitions.isEmpty { text += ", where " + definitions.joined(separator: "; ") }
        if !values.isEmpty { text += " (\(values.joined(separator: "; ")))" }
        return text
    }

    // MARK: - Events and text

    private func retry(_ text: String) -> [Event] {
        guard let index = currentQuestionIndex else { return [.say(Say(text, style: .notice))] }
        return [.retry(Retry(id: dialog.questions[index].id, text: text)), .ask(makeAsk(index))]
    }

    private func emptyLineHint(for question: Question) -> String {
        switch question.kind {
        case .yesno: UserTexts.answerYesOrNo
        case .choice: UserTexts.chooseOne(count: question.options.count)
        case .multi: UserTexts.typeNumbersOrNone
        case .number, .scale: UserTexts.typeNumber
        case .text: UserTexts.typeAnswer
        }
    }

    private func makeAsk(_ index: Int) -> Ask {
        // The prepared event holds every part that does not change from session to session.
        let step = answered.count + 1
        let remaining = dialog.estimatedRemaining[Swift.min(Int(position) + 1, dialog.estimatedRemaining.count - 1)]
        var section: String?
        if sectionPosition >= 0, case .section(let title) = dialog.program[Int(sectionPosition)] { section = title }
        // Field by field: the prepared event copied into a variable, set and returned was copied twice.
        let prepared = dialog.preparedAsks
        return Ask(
            id: prepared[index].id, code: prepared[index].code, kind: prepared[index].kind,
            text: dialog.preparedQuestions[index].fixedText ?? render(dialog.questions[index].text),
            options: prepared[index].options, min: prepared[index].min, max: prepared[index].max, unit: prepared[index].unit,
            progress: Progress(step: step, of: step + remaining), isOptional: prepared[index].isOptional,
            hasHelp: prepared[index].hasHelp, section: section)
    }

    func render(_ template: TextTemplate) -> String {
        if let fixed = template.fixedText { return fixed }
        var out = ""
        for part in template.parts {
            switch part {
            case .literal(let text): out += text
            case .value(_, let slot):
                if let value = answers.value(slot, type: dialog.slotTypes[slot]) {
                    out += describe(value, question: slot < dialog.questions.count ? slot : nil, type: dialog.slotTypes[slot])
                } else {
                    out += UserTexts.notAnswered
                }
            }
        }
        return out
    }

    /// An answer as words: "yes", "One side of my head", "6 hours", "Triptans, NSAIDs".
    func describe(_ value: Value, question: Int?, type: ValueType? = nil) -> String {
        switch value {
        case .bool(let flag): return flag ? UserTexts.yes : UserTexts.no
        case .number(let number):
            guard let question, let unit = dialog.questions[question].unit else { return NumberFormatting.display(number) }
            let (shown, shownUnit) = Self.naturalQuantity(number, unit: unit)
            if shownUnit == unit, let suffixes = dialog.preparedQuestions[question].unitSuffixes {
                return NumberFormatting.display(shown) + (shown == 1 ? suffixes.singular : suffixes.plural)
            }
            return NumberFormatting.display(shown) + " " + (shown == 1 && shownUnit.hasSuffix("s") ? String(shownUnit.dropLast()) : shownUnit)
        case .text(let text): return text
        case .option(let index):
            if case .option(let owner)? = type ?? question.map({ dialog.slotTypes[$0] }) {
                return dialog.questions[owner].options[index].text
            }
            if case .outcome? = type { return dialog.outcomes[index].id }
            return String(index)
        case .options(let bits):
            guard case .options(let owner)? = type ?? question.map({ dialog.slotTypes[$0] }) else { return String(bits) }
            // By index: each chosen option's text, without copying the options.
            let options = dialog.questions[owner].options
            var text: String?
            for index in options.indices where bits & (1 << UInt64(index)) != 0 {
                // The first text as it is (one option is the usual answer), the others appended.
                if text == nil { text = options[index].text } else { text! += ", " + options[index].text }
            }
            return text ?? UserTexts.noneChosen
        }
    }

    /// A time answer in the unit it was most likely given in: "10 days" asked in weeks is 1.43 weeks,
    /// shown as 10 days; whole numbers in the question's own unit stay as they are.
    static func naturalQuantity(_ value: Double, unit: String) -> (Double, String) {
        // The whole-number test first: it settles most answers without looking at the unit.
        guard abs(value - value.rounded()) > 1e-6, let base = QuantityReader.timeUnit(TextFolding.fold(unit)),
            let hours = QuantityReader.hoursPerUnit[base]
        else { return (value, unit) }
        let total = value * hours
        for candidate in ["year", "month", "week", "day", "hour", "minute"] {
            guard let size = QuantityReader.hoursPerUnit[candidate] else { continue }
            let amount = total / size
            if amount >= 1, abs(amount - amount.rounded()) < 0.01 { return (amount.rounded(), candidate + "s") }
        }
        return (value, unit)
    }

    private func describe(_ value: Value, question: Int) -> String {
        describe(value, question: question, type: nil)
    }

    /// How to type this value unambiguously: its option number, or "yes"/"no".
    private func howToType(_ value: Value, question: Int) -> String {
        switch value {
        case .option(let index): "\(index + 1)"
        case .options(let bits): dialog.questions[question].options.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { "\($0 + 1)" }.joined(separator: ", ")
        default: "the answer in other words"
        }
    }

    /// The line as `InputSanitizer` cleans it, outer spaces trimmed.
    public static func sanitized(_ line: String) -> String {
        // Printable ASCII, as most typed answers are, has nothing to remove but the outer spaces.
        if let (start, end) = line.asciiTextWithoutOuterSpaces(allowing: 0x20...0x7E) {
            // Usually there is nothing to trim: the line itself, rather than a new string, is the answer.
            if start == 0 && end == line.utf8.count { return line }
            let bytes = line.utf8
            return String(line[bytes.index(bytes.startIndex, offsetBy: start)..<bytes.index(bytes.startIndex, offsetBy: end)])
        }
        return String(InputSanitizer.clean(line).trimmingCharacters(in: " "))
    }
}

extension Session: ValueLookup {
    public func value(ofSlot slot: Int) -> Value? {
        answers.value(slot, type: dialog.slotTypes[slot])
    }

    public func isUnsure(slot: Int) -> Bool {
        slot < dialog.questions.count && answers.isUnsure(slot)
    }
}
