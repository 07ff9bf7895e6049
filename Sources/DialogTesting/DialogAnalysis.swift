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

    /// Subsets of a multi question's relevant options tried in full up to this many options.
    static let maximumExhaustiveOptions = 10

    init(dialog: Dialog) {
        self.dialog = dialog
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
            let (values, wasSampled) = Self.candidates(
                for: question, slotTests: tests[index], direct: directTests[index] != nil, indirectPoints: indirectPoints[index])
            candidates.append(values + (question.isOptional ? [nil] : []))
            if wasSampled { sampled.append(index) }
        }
        self.candidates = candidates
        self.sampledQuestions = sampled
        self.liveSlots = Self.liveness(dialog)
    }

    // MARK: - Liveness

    /// The slots read when the flow ends with each outcome: its flags, the dialog's flags, and every check.
    static func endingReads(_ dialog: Dialog) -> [SlotSet] {
        let slotCount = dialog.slotNames.count
        var common = SlotSet(capacity: slotCount, dialog.flags.flatMap(\.condition.expression.slotsRead))
        for check in dialog.checks {
            for slot in (check.condition?.expression.slotsRead ?? []) + check.requirement.expression.slotsRead { common.insert(slot) }
        }
        return dialog.outcomes.map { outcome in
            var reads = common
            for slot in outcome.flags.flatMap(\.condition.expression.slotsRead) { reads.insert(slot) }
            return reads
        }
    }

    /// Backward data-flow over the program: live-in(i) = reads(i) ∪ (live-out(i) − writes(i)).
    static func liveness(_ dialog: Dialog) -> [[Int]] {
        let program = dialog.program
        let slotCount = dialog.slotNames.count
        let ending = endingReads(dialog)
        var live = [SlotSet](repeating: SlotSet(capacity: slotCount), count: program.count)
        var changed = true
        while changed {
            changed = false
            for index in stride(from: program.count - 1, through: 0, by: -1) {
                var out = SlotSet(capacity: slotCount)
                for case let next? in program[index].successors(at: index) where next < program.count { out.formUnion(live[next]) }
                switch program[index] {
                case .ask(let question):
                    out.remove(question)
                case .assign(let slot, let expression):
                    out.remove(slot)
                    for read in expression.expression.slotsRead { out.insert(read) }
                case .jumpUnless(let condition, _), .jumpIf(let condition, _):
                    for read in condition.expression.slotsRead { out.insert(read) }
                case .endIf(let condition, let outcome):
                    for read in condition.expression.slotsRead { out.insert(read) }
                    out.formUnion(ending[outcome])
                case .end(let outcome):
                    out.formUnion(ending[outcome])
                default:
                    break
                }
                if out != live[index] {
                    live[index] = out
                    changed = true
                }
            }
        }
        return live.map(\.members)
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
        case .number, .scale:
            return numberCandidates(question, slotTests: slotTests, indirectPoints: indirectPoints, direct: direct)
        case .text:
            var texts: [String] = []
            for test in slotTests {
                for case .constant(.text(let text)) in test.children where !texts.contains(text) { texts.append(text) }
            }
            var other = "something else"
            while texts.contains(other) { other += "!" }
            return ((texts + [other]).map { .text($0) }, false)
        }
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
        return (values.sorted().map { .number($0) }, !direct && !points.isEmpty)
    }
}
