// CoverageObserver: records what one simulated run of a dialog reached: instructions, branches, the ways
// between instructions, outcomes, flags and the band of every threshold it evaluated.

import DialogKit

/// Accumulates, over many runs, what the runs reached.
struct CoverageObserver: ProgramObserver {
    let dialog: Dialog
    let thresholds: [ThresholdSite]
    private let thresholdsByOwner: [ExpressionOwner: [Int]]

    var instructions = Set<Int>()
    /// Branch directions: index * 2 + 1 when the condition held.
    var branches = Set<Int>()
    /// Ways from one instruction to the next actually taken; the target of an ending is -1 - outcome.
    var edges = Set<Edge>()
    var outcomes = Set<Int>()
    var flags = Set<String>()
    /// Bands reached: threshold index * 2 + band.
    var bands = Set<Int>()
    /// Answers given: question, and the value's item key.
    var answers = Set<AnswerItem>()

    /// The instruction run last in the current run, for `edges`.
    private var previous: Int?

    struct Edge: Hashable, Sendable {
        var from: Int
        var to: Int
    }

    /// One answer item of a question: an option, yes or no, the empty choice, or skipping.
    enum AnswerItem: Hashable, Sendable {
        case yes(Int), no(Int), option(question: Int, option: Int), emptyChoice(Int), skipped(Int)
    }

    init(dialog: Dialog) {
        self.dialog = dialog
        thresholds = ThresholdSite.all(in: dialog)
        var byOwner: [ExpressionOwner: [Int]] = [:]
        for (index, site) in thresholds.enumerated() { byOwner[site.owner, default: []].append(index) }
        thresholdsByOwner = byOwner
    }

    /// A new run starts: the first instruction has no predecessor.
    mutating func beginRun() {
        previous = nil
    }

    mutating func executing(_ index: Int, state values: SlotValues) {
        if let previous { edges.insert(Edge(from: previous, to: index)) }
        previous = index
        instructions.insert(index)
        recordBands(of: .instruction(index), values: values)
    }

    mutating func branched(_ index: Int, holds: Bool, state: SlotValues) {
        branches.insert(index * 2 + (holds ? 1 : 0))
    }

    mutating func ended(outcome: Int, at index: Int, state values: SlotValues) {
        edges.insert(Edge(from: index, to: -1 - outcome))
        previous = nil
        outcomes.insert(outcome)
        flags.formUnion(ProgramInterpreter.flags(dialog, outcome: outcome, state: values))
        for flag in dialog.flags.indices { recordBands(of: .flag(flag), values: values) }
        for flag in dialog.outcomes[outcome].flags.indices { recordBands(of: .outcomeFlag(outcome: outcome, flag: flag), values: values) }
    }

    mutating func answered(question: Int, at index: Int, state: SlotValues) {
        switch state[question] {
        case nil: answers.insert(.skipped(question))
        case .bool(true)?: answers.insert(.yes(question))
        case .bool(false)?: answers.insert(.no(question))
        case .option(let option)?: answers.insert(.option(question: question, option: option))
        case .options(let bits)?:
            if bits == 0 { answers.insert(.emptyChoice(question)) }
            for option in dialog.questions[question].options.indices where bits & (1 << UInt64(option)) != 0 {
                answers.insert(.option(question: question, option: option))
            }
        default: break
        }
    }

    private mutating func recordBands(of owner: ExpressionOwner, values: SlotValues) {
        guard let sites = thresholdsByOwner[owner] else { return }
        for site in sites {
            if let band = thresholds[site].band(in: values) { bands.insert(site * 2 + band) }
        }
    }
}
