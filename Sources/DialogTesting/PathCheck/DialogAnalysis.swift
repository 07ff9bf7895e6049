// DialogAnalysis: what the path checker needs to know of a dialog: which values are still read where,
// which tests read each slot, and the answers worth trying for each question.

import DialogKit

/// Facts about a dialog computed once before exploring its paths.
struct DialogAnalysis: Sendable {
    let dialog: Dialog
    /// For each instruction, the slots some path from there may read before writing them.
    let liveSlots: [[Int]]
    /// For each slot, the tests that read it alone (`x >= 15`, `x in [a, b]`, `x has y`); a value's class
    /// is which of them hold. Nil when the slot is also read some other way, so its exact value matters.
    let tests: [[Expression]?]
    /// For each question, the answers to try: one of each class its tests tell apart, and boundary values
    /// (nil stands for "skip").
    let candidates: [[Value?]]
    /// Questions whose answers were sampled rather than covered class by class (a multi question with too
    /// many options that matter, a number read through arithmetic).
    let sampledQuestions: [Int]

    /// Conditional instructions whose ways differ only in what is said: they decide nothing checkable.
    let sayOnlyConditionals: Set<Int>
    /// For each instruction, the slots some path from there may still write (the others are final).
    let writable: [SlotSet]
    /// Every expression a state's future may evaluate: conditions, `let` values, flags, checks.
    let observedExpressions: [Expression]
    /// For each instruction, the observed expressions that read a final slot and may still be evaluated:
    /// their residuals stand for the values they read.
    let informativeExpressions: [[Int]]
    /// For each instruction, the live slots that some path may still write: their own class counts.
    let liveWritableSlots: [[Int]]

    /// Subsets of a multi question's relevant options tried in full up to this many options.
    static let maximumExhaustiveOptions = 10

    /// What this analysis tells apart (everything, unless a narrower focus was given).
    let focus: ExplorationFocus

    /// Whether the answers tried include those the questions' rules refuse (to tell an author which
    /// refused answer alone would reach an outcome); false for every proof.
    let ignoresRules: Bool

    init(dialog: Dialog, focus: ExplorationFocus? = nil, ignoringRules: Bool = false) {
        ignoresRules = ignoringRules
        self.dialog = dialog
        let focus = focus ?? ExplorationFocus.everything(dialog)
        self.focus = focus
        let slotCount = dialog.slotNames.count
        var tests = [[Expression]](repeating: [], count: slotCount)
        var otherReads = Set<Int>()
        /// Constants of comparisons that read a slot other than directly (`a + b > 10`): near boundaries.
        var indirectPoints = [Set<Double>](repeating: [], count: slotCount)

        func isAtomicTest(_ node: Expression) -> Int? {
            switch node {
            case .compare(_, .slot(let slot), .constant), .compare(_, .constant, .slot(let slot)): return slot
            case .member(.slot(let slot), let items, _) where items.allSatisfy(\.isConstant): return slot
            case .has(.slot(let slot), _): return slot
            default: return nil
            }
        }
        func walk(_ node: Expression) {
            if let slot = isAtomicTest(node) {
                if !tests[slot].contains(node) { tests[slot].append(node) }
                return
            }
            if case .slot(let slot) = node { otherReads.insert(slot) }
            if let threshold = node.numericThreshold {
                for slot in threshold.operand.slotsRead {
                    indirectPoints[slot].formUnion([threshold.constant - 1, threshold.constant, threshold.constant + 1])
                }
            }
            for child in node.children { walk(child) }
        }
        for (_, typed) in dialog.allExpressions { walk(typed.expression) }
        // A constraint's bounds are boundaries too: the answers it refuses are never given, so the answers
        // tried must include some it accepts (`. >= 2` tries 2).
        for question in dialog.questions { if let constraint = question.rules.constraint { walk(constraint.expression) } }
        // A `let` that adds answers up (`a + b`, `sum(...)`) passes its thresholds on to them: a total can
        // only meet 6 exactly if some answer can be 6, 5 or 7.
        for _ in 0..<4 {
            for instruction in dialog.program {
                guard case .assign(let slot, let expression) = instruction else { continue }
                var points = indirectPoints[slot]
                for test in tests[slot] {
                    for case .constant(.number(let value)) in test.children { points.formUnion([value - 1, value, value + 1]) }
                }
                if points.isEmpty { continue }
                for input in Self.additiveInputs(expression.expression) { indirectPoints[input].formUnion(points) }
            }
        }

        var directTests: [[Expression]?] = []
        for slot in 0..<slotCount {
            let exact: Bool
            if case .bool = dialog.slotTypes[slot] { exact = true } else { exact = otherReads.contains(slot) || tests[slot].count > 62 }
            directTests.append(exact ? nil : tests[slot])
        }
        self.tests = directTests

        var candidates: [[Value?]] = []
        var sampled: [Int] = []
        for (index, question) in dialog.questions.enumerated() {
            var unruled = question
            if ignoringRules { unruled.rules = AnswerRules() }
            let (values, wasSampled) = Self.candidates(
                for: unruled, slotTests: tests[index], direct: directTests[index] != nil, indirectPoints: indirectPoints[index])
            let accepted = ignoringRules ? values : values.filter { dialog.acceptsAlone($0, question: index) || !dialog.constraintReads(index).isEmpty }
            guard focus.slots.contains(index) else {
                // Nothing this exploration judges depends on the answer: any one accepted answer stands for all.
                candidates.append([accepted.first ?? values.first ?? nil])
                continue
            }
            candidates.append(accepted + (question.isOptional ? [nil] : []))
            if wasSampled { sampled.append(index) }
        }
        self.candidates = candidates
        self.sampledQuestions = sampled
        let sayOnly = Self.sayOnlyConditionals(dialog.program)
        sayOnlyConditionals = sayOnly
        let writable = Self.writableSlots(dialog)
        self.writable = writable
        let (observed, future, live) = Self.futureExpressions(dialog, focus: focus, ignoring: sayOnly)
        liveSlots = live
        observedExpressions = observed
        var informative: [[Int]] = []
        var liveWritable: [[Int]] = []
        for index in dialog.program.indices {
            informative.append(future[index].filter { expression in
                observed[expression].slotsRead.contains { !writable[index].contains($0) }
            })
            liveWritable.append(live[index].filter { writable[index].contains($0) })
        }
        informativeExpressions = informative
        liveWritableSlots = liveWritable
    }

    // MARK: - What the future reads

    /// `when` blocks whose body (and `else`) only say things: which way they go changes no outcome or flag.
    static func sayOnlyConditionals(_ program: [Instruction]) -> Set<Int> {
        func onlySays(_ range: Range<Int>) -> Bool {
            range.allSatisfy { index in
                switch program[index] {
                case .say, .section: true
                default: false
                }
            }
        }
        var found = Set<Int>()
        for (index, instruction) in program.enumerated() {
            guard case .jumpUnless(_, let target) = instruction, target > index else { continue }
            if onlySays(index + 1..<target) {
                found.insert(index)
            } else if case .jump(let end) = program[target - 1], end >= target, onlySays(index + 1..<target - 1), onlySays(target..<end) {
                found.insert(index)
            }
        }
        return found
    }

    /// Backward data-flow: the slots an `ask` or `let` on some path from each instruction writes.
    static func writableSlots(_ dialog: Dialog) -> [SlotSet] {
        let program = dialog.program
        let slotCount = dialog.slotNames.count
        var writable = [SlotSet](repeating: SlotSet(capacity: slotCount), count: program.count)
        var changed = true
        while changed {
            changed = false
            for index in stride(from: program.count - 1, through: 0, by: -1) {
                var set = SlotSet(capacity: slotCount)
                for case let next? in program[index].successors(at: index) where next < program.count { set.formUnion(writable[next]) }
                switch program[index] {
                case .ask(let question): set.insert(question)
                case .assign(let slot, _): set.insert(slot)
                default: break
                }
                if set != writable[index] {
                    writable[index] = set
                    changed = true
                }
            }
        }
        return writable
    }

    /// The expressions whose values decide something this exploration judges: conditions that change
    /// the way, the `let` values it needs, and its flags and checks at the end. Then, for each instruction,
    /// the ones some path from it may still evaluate, and the slots some path may still read
    /// (backward data-flow: in(i) = reads(i) ∪ (out(i) − writes(i))).
    static func futureExpressions(_ dialog: Dialog, focus: ExplorationFocus, ignoring sayOnly: Set<Int>)
        -> (observed: [Expression], future: [[Int]], live: [[Int]])
    {
        let program = dialog.program
        let slotCount = dialog.slotNames.count
        var observed: [Expression] = []
        var own = [Int?](repeating: nil, count: program.count)
        for (index, instruction) in program.enumerated() where !sayOnly.contains(index) {
            switch instruction {
            case .assign(let slot, let expression) where focus.slots.contains(slot):
                own[index] = observed.count
                observed.append(expression.expression)
            case .jumpUnless(let condition, _), .jumpIf(let condition, _), .endIf(let condition, _):
                own[index] = observed.count
                observed.append(condition.expression)
            case .ask(let question) where !dialog.constraintReads(question).isEmpty:
                // Which answers the question accepts depends on earlier ones: the constraint is read here.
                own[index] = observed.count
                observed.append(dialog.questions[question].rules.constraint!.expression)
            default:
                break
            }
        }
        let common = observed.count
        observed += dialog.flags.filter { focus.flagNames.contains($0.name) }.map(\.condition.expression)
        for (index, check) in dialog.checks.enumerated() where focus.checks.contains(index) {
            if let condition = check.condition { observed.append(condition.expression) }
            observed.append(check.requirement.expression)
        }
        let commonEnding = Array(common..<observed.count)
        var endings: [[Int]] = []
        for outcome in dialog.outcomes {
            let first = observed.count
            observed += outcome.flags.filter { focus.flagNames.contains($0.name) }.map(\.condition.expression)
            endings.append(commonEnding + Array(first..<observed.count))
        }
        let endingReads = endings.map { SlotSet(capacity: slotCount, $0.flatMap { observed[$0].slotsRead }) }

        var future = [SlotSet](repeating: SlotSet(capacity: observed.count), count: program.count)
        var live = [SlotSet](repeating: SlotSet(capacity: slotCount), count: program.count)
        var changed = true
        while changed {
            changed = false
            for index in stride(from: program.count - 1, through: 0, by: -1) {
                var expressions = SlotSet(capacity: observed.count)
                var slots = SlotSet(capacity: slotCount)
                for case let next? in program[index].successors(at: index) where next < program.count {
                    expressions.formUnion(future[next])
                    slots.formUnion(live[next])
                }
                switch program[index] {
                case .ask(let question): slots.remove(question)
                case .assign(let slot, _): slots.remove(slot)
                case .end(let outcome), .endIf(_, let outcome):
                    for expression in endings[outcome] { expressions.insert(expression) }
                    slots.formUnion(endingReads[outcome])
                default: break
                }
                if let mine = own[index] {
                    expressions.insert(mine)
                    for slot in observed[mine].slotsRead { slots.insert(slot) }
                    // A constraint reads the answer being given, which is no value from before.
                    if case .ask(let question) = program[index] { slots.remove(question) }
                }
                if expressions != future[index] || slots != live[index] {
                    future[index] = expressions
                    live[index] = slots
                    changed = true
                }
            }
        }
        return (observed, future.map(\.members), live.map(\.members))
    }

    // MARK: - Classes of values

    /// A number that identifies the value's class for slot `slot`: equal for two values no later read can tell apart.
    func classCode(_ value: Value?, slot: Int, texts: inout [String: UInt64]) -> (UInt64, UInt64) {
        guard let value else { return (0, 0) }
        if let slotTests = tests[slot] {
            var signature: UInt64 = 0
            let lookup = SingleSlotLookup(slot: slot, value: value)
            for (bit, test) in slotTests.enumerated() where test.evaluate(lookup) == .bool(true) {
                signature |= 1 << UInt64(bit)
            }
            return (1, signature)
        }
        switch value {
        case .bool(let flag): return (2, flag ? 1 : 0)
        case .number(let number): return (3, number.bitPattern)
        case .option(let index): return (4, UInt64(index))
        case .options(let bits): return (5, bits)
        case .text(let text):
            if let code = texts[text] { return (6, code) }
            let code = UInt64(texts.count)
            texts[text] = code
            return (6, code)
        }
    }

    // MARK: - Answers to try

    /// The slots a number is made of by adding, subtracting, `sum`, `min` and `max`.
    static func additiveInputs(_ expression: Expression) -> [Int] {
        switch expression {
        case .slot(let slot): [slot]
        case .arithmetic(let op, let lhs, let rhs) where op == .plus || op == .minus: additiveInputs(lhs) + additiveInputs(rhs)
        case .negate(let inner): additiveInputs(inner)
        case .sum(let items), .minimum(let items), .maximum(let items): items.flatMap(additiveInputs)
        default: []
        }
    }

    private static func candidates(for question: Question, slotTests: [Expression], direct: Bool, indirectPoints: Set<Double>)
        -> ([Value?], sampled: Bool)
    {
        switch question.kind {
        case .yesno:
            return ([.bool(true), .bool(false)], false)
        case .choice:
            return (question.options.indices.map { .option($0) }, false)
        case .multi:
            return multiCandidates(question, slotTests: slotTests, direct: direct)
        case .date:
            // A date is a day number: the constants it is compared with (`date("2026-01-01")`) give its
            // candidates, and so do the days a `days_ago()` is compared with, counted back from the tools' today,
            // and its `min` and `max` (a day outside them is asked again).
            let daysAgo = indirectPoints.map { Double(SlotValues.today.dayNumber) - $0 }
            return numberCandidates(
                question, slotTests: slotTests, indirectPoints: indirectPoints.union(daysAgo).union(calendarPoints(question)), direct: direct)
        case .time:
            return numberCandidates(question, slotTests: slotTests, indirectPoints: indirectPoints.union(calendarPoints(question)), direct: direct)
        case .number, .scale:
            // A time is a number of minutes since midnight, compared with `time("23:00")` constants.
            return numberCandidates(question, slotTests: slotTests, indirectPoints: indirectPoints, direct: direct)
        case .text:
            var texts: [String] = []
            for test in slotTests {
                for case .constant(.text(let text)) in test.children where !texts.contains(text) { texts.append(text) }
            }
            var other = "something else"
            while texts.contains(other) { other += "!" }
            guard let pattern = question.rules.pattern else { return ((texts + [other]).map { .text($0) }, false) }
            // With a `pattern:`, the texts it refuses are never answers, and the one that stands for "none of
            // the texts compared with" must match it; when none can be written, the question is only sampled.
            let matching = texts.filter { AnswerRules.matches($0, pattern: pattern) }
            if AnswerRules.matches(other, pattern: pattern) { return ((matching + [other]).map { .text($0) }, false) }
            guard let sample = PatternSamples.samples(pattern, count: 1, avoiding: texts).first else {
                return (matching.map { .text($0) }, true)
            }
            return ((matching + [sample]).map { .text($0) }, false)
        }
    }

    /// The `min` and `max` of a date or time question, as day numbers or minutes.
    private static func calendarPoints(_ question: Question) -> Set<Double> {
        var points = Set<Double>()
        for bound in [question.calendar?.earliest, question.calendar?.latest].compactMap({ $0 }) {
            switch bound {
            case .day(let day): points.insert(Double(day.dayNumber))
            case .today: points.insert(Double(SlotValues.today.dayNumber))
            case .time(let time): points.insert(Double(time.minutes))
            }
        }
        return points
    }

    /// Subsets of the options the conditions mention (all options when something else reads the answer).
    private static func multiCandidates(_ question: Question, slotTests: [Expression], direct: Bool) -> ([Value?], sampled: Bool) {
        let noneIndex = question.options.firstIndex { $0.id == "none" }
        var relevant: [Int] = []
        if direct {
            for test in slotTests {
                if case .has(_, let option) = test, !relevant.contains(option) { relevant.append(option) }
            }
            relevant.sort()
        } else {
            relevant = Array(question.options.indices)
        }
        relevant.removeAll { $0 == noneIndex }
        let empty: UInt64 = noneIndex.map { 1 << UInt64($0) } ?? 0
        var sets: [UInt64] = [empty]
        var sampled = false
        if relevant.count <= maximumExhaustiveOptions {
            for mask in 1..<(1 << relevant.count) {
                var bits: UInt64 = 0
                for (position, option) in relevant.enumerated() where mask & (1 << position) != 0 { bits |= 1 << UInt64(option) }
                sets.append(bits)
            }
        } else {
            sampled = true
            let all = relevant.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
            for option in relevant { sets.append(1 << UInt64(option)) }
            for (position, first) in relevant.enumerated() {
                for second in relevant[(position + 1)...] { sets.append(1 << UInt64(first) | 1 << UInt64(second)) }
            }
            for option in relevant { sets.append(all & ~(1 << UInt64(option))) }
            sets.append(all)
        }
        var seen = Set<UInt64>()
        return (sets.filter { seen.insert($0).inserted }.map { .options($0) }, sampled)
    }

    /// Every threshold, its neighbours, min and max, and a value inside each gap between them.
    private static func numberCandidates(_ question: Question, slotTests: [Expression], indirectPoints: Set<Double>, direct: Bool)
        -> ([Value?], sampled: Bool)
    {
        var points = Set<Double>()
        for test in slotTests {
            for case .constant(.number(let value)) in test.children { points.insert(value) }
        }
        points.formUnion(indirectPoints)
        let low = question.min ?? Swift.min(0, points.min() ?? 0)
        let high = question.max ?? Swift.max(low, (points.max() ?? low) + 1)
        let boundaries = Set(points.filter { $0 >= low && $0 <= high } + [low, high]).sorted()
        var values = Set(boundaries)
        for point in boundaries {
            for neighbour in [point - 1, point + 1] where neighbour >= low && neighbour <= high { values.insert(neighbour) }
        }
        // Between two boundaries less than 2 apart no neighbour lies strictly inside: a fraction stands for the gap.
        for (a, b) in zip(boundaries, boundaries.dropFirst()) where b - a <= 1 { values.insert((a + b) / 2) }
        // A whole-number question (`integer: true`, a scale) is answered with whole numbers only, and so
        // are a date (whole days) and a time (whole minutes): each point tried stands for the whole
        // numbers on either side of it (`x > 3.5` tries 3 and 4).
        if question.rules.isInteger || question.kind == .date || question.kind == .time {
            values = Set(values.flatMap { [$0.rounded(.down), $0.rounded(.up)] }.filter { $0 >= low && $0 <= high })
        }
        return (values.sorted().map { .number($0) }, !direct && !points.isEmpty)
    }
}
