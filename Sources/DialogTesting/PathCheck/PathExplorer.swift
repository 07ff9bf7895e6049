// PathExplorer: breadth-first exploration of every answer sequence of one dialog, or of two in lockstep,
// merging states whose future cannot differ.

import DialogKit
import Foundation

/// How far an exploration may go before it gives up on being complete.
public struct ExplorationLimits: Sendable {
    /// Distinct states kept at most.
    public var maximumStates: Int
    /// Seconds at most.
    public var maximumSeconds: Double

    public init(maximumStates: Int = 2_000_000, maximumSeconds: Double = 60) {
        self.maximumStates = maximumStates
        self.maximumSeconds = maximumSeconds
    }
}

/// The answers that lead somewhere: each question asked and the value given (nil: skipped).
typealias AnswerPath = [(question: Int, value: Value?)]

/// Explores the state space of one or more dialogs that share their questions (a dialog and a mutant of it).
/// A state is where every dialog waits for the same question, with its values; two states are merged when
/// their positions are equal and every value still read later falls in the same class.
final class PathExplorer {
    /// A place where the exploration stopped following a path: some dialog ended, or they disagreed.
    struct Ending {
        /// The state the last answer was given in (-1: the flow ended before any question).
        var state: Int32
        /// The last answer.
        var answer: Value?
        var stops: [ProgramStop]
        var values: [SlotValues]
    }

    let dialogs: [Dialog]
    let analyses: [DialogAnalysis]
    let limits: ExplorationLimits

    private(set) var parent: [Int32] = []
    private(set) var answerGiven: [Value?] = []
    /// The question each state waits for.
    private(set) var questionAsked: [Int32] = []
    /// How many answers lead to each state.
    private(set) var depth: [Int32] = []
    /// Transitions between states (for loops and path counts): from, to.
    private(set) var edgesFrom: [Int32] = []
    private(set) var edgesTo: [Int32] = []
    /// How many answers from each state end the path (an outcome, a dead end, a disagreement).
    private(set) var endingsFrom: [Double] = []
    private(set) var transitionCount = 0
    /// Whether every state was explored within the limits.
    private(set) var isComplete = true
    private(set) var elapsed: Double = 0

    private var visited: [[UInt64]: Int32] = [:]
    private var texts: [String: UInt64] = [:]

    init(dialogs: [Dialog], analyses: [DialogAnalysis]? = nil, limits: ExplorationLimits) {
        self.dialogs = dialogs
        self.analyses = analyses ?? dialogs.map { DialogAnalysis(dialog: $0) }
        self.limits = limits
    }

    var stateCount: Int { parent.count }

    /// The answers from the start to `state`.
    func path(to state: Int32) -> AnswerPath {
        var out: AnswerPath = []
        var current = Int(state)
        while parent[current] >= 0 {
            let previous = Int(parent[current])
            out.append((Int(questionAsked[previous]), answerGiven[current]))
            current = previous
        }
        return out.reversed()
    }

    /// The answers of an ending: the path to its state and the last answer.
    func path(of ending: Ending) -> AnswerPath {
        guard ending.state >= 0 else { return [] }
        return path(to: ending.state) + [(Int(questionAsked[Int(ending.state)]), ending.answer)]
    }

    /// Explores breadth first, so the first ending of a kind is reached by the fewest answers.
    /// `onEnding` sees every ending; it returns true to stop the exploration.
    func explore(onEnding: (Ending) -> Bool) {
        let start = Date()
        let machineCount = dialogs.count
        var values = dialogs.map { SlotValues(count: $0.slotNames.count) }
        var stops: [ProgramStop] = []
        for (index, dialog) in dialogs.enumerated() { stops.append(ProgramInterpreter.run(dialog, from: 0, state: &values[index])) }
        guard let question = commonQuestion(stops) else {
            _ = onEnding(Ending(state: -1, answer: nil, stops: stops, values: values))
            return
        }
        var level: [(state: Int32, positions: [Int], values: [SlotValues])] = []
        let positions = stops.map(Self.position)
        _ = addState(key: key(positions: positions, values: values), parent: -1, answer: nil, question: question)
        level.append((0, positions, values))
        var checkedAt = 0
        while !level.isEmpty {
            var next: [(state: Int32, positions: [Int], values: [SlotValues])] = []
            for (state, positions, values) in level {
                let question = Int(questionAsked[Int(state)])
                for answer in candidates(question) {
                    var newValues = values
                    for machine in 0..<machineCount { newValues[machine][question] = answer }
                    // A refused answer is asked again: it leads nowhere. The dialogs explored together share
                    // their questions and rules (a mutant changes the flow's expressions only).
                    if !analyses[0].ignoresRules, !dialogs[0].accepts(answer, question: question, in: newValues[0]) { continue }
                    transitionCount += 1
                    var newStops: [ProgramStop] = []
                    newStops.reserveCapacity(machineCount)
                    for machine in 0..<machineCount {
                        newStops.append(ProgramInterpreter.run(dialogs[machine], from: positions[machine] + 1, state: &newValues[machine]))
                    }
                    guard let nextQuestion = commonQuestion(newStops) else {
                        endingsFrom[Int(state)] += 1
                        if onEnding(Ending(state: state, answer: answer, stops: newStops, values: newValues)) {
                            elapsed = Date().timeIntervalSince(start)
                            return
                        }
                        continue
                    }
                    let newPositions = newStops.map(Self.position)
                    let stateKey = key(positions: newPositions, values: newValues)
                    if let existing = visited[stateKey] {
                        edgesFrom.append(state)
                        edgesTo.append(existing)
                        continue
                    }
                    if parent.count >= limits.maximumStates {
                        isComplete = false
                        elapsed = Date().timeIntervalSince(start)
                        return
                    }
                    let added = addState(key: stateKey, parent: state, answer: answer, question: nextQuestion)
                    edgesFrom.append(state)
                    edgesTo.append(added)
                    next.append((added, newPositions, newValues))
                }
                if transitionCount - checkedAt > 4096 {
                    checkedAt = transitionCount
                    if Date().timeIntervalSince(start) > limits.maximumSeconds {
                        isComplete = false
                        elapsed = Date().timeIntervalSince(start)
                        return
                    }
                }
            }
            level = next
        }
        elapsed = Date().timeIntervalSince(start)
    }

    /// The answers tried for a question: every dialog's (they differ when a mutant moved a threshold).
    func candidates(_ question: Int) -> [Value?] {
        if analyses.count == 1 { return analyses[0].candidates[question] }
        var out: [Value?] = []
        for analysis in analyses {
            for value in analysis.candidates[question] where !out.contains(value) { out.append(value) }
        }
        if case .number? = out.first ?? nil {
            return out.sorted { a, b in
                if case .number(let x)? = a, case .number(let y)? = b { return x < y }
                return b == nil && a != nil
            }
        }
        return out
    }

    /// The states from which no ending can be reached (the dialog loops with no way out).
    func statesWithoutExit() -> [Int32] {
        var canEnd = endingsFrom.map { $0 > 0 }
        var incoming = [[Int32]](repeating: [], count: stateCount)
        for (from, to) in zip(edgesFrom, edgesTo) { incoming[Int(to)].append(from) }
        var stack = canEnd.indices.filter { canEnd[$0] }.map { Int32($0) }
        while let state = stack.popLast() {
            for from in incoming[Int(state)] where !canEnd[Int(from)] {
                canEnd[Int(from)] = true
                stack.append(from)
            }
        }
        return canEnd.indices.filter { !canEnd[$0] }.map { Int32($0) }
    }

    /// Whether no answer tried at `state` was accepted: the question's rules refused every one, so the
    /// person can only be asked again.
    func acceptsNoAnswer(_ state: Int32) -> Bool {
        endingsFrom[Int(state)] == 0 && !edgesFrom.contains(state)
    }

    /// How many complete answer sequences (over the values tried) the states stand for; nil when the
    /// dialog can loop, so there are endlessly many.
    func pathCount() -> Double? {
        var incoming = [[Int32]](repeating: [], count: stateCount)
        var pending = [Int](repeating: 0, count: stateCount)
        for (from, to) in zip(edgesFrom, edgesTo) {
            incoming[Int(to)].append(from)
            pending[Int(from)] += 1
        }
        var paths = endingsFrom
        var ready = pending.indices.filter { pending[$0] == 0 }
        var done = 0
        // Kahn's order from the last states back: a state's count is final once all its successors are.
        while let state = ready.popLast() {
            done += 1
            for from in incoming[state] {
                paths[Int(from)] += paths[state]
                pending[Int(from)] -= 1
                if pending[Int(from)] == 0 { ready.append(Int(from)) }
            }
        }
        guard done == stateCount, stateCount > 0 else { return stateCount == 0 ? 1 : nil }
        return paths[0]
    }

    // MARK: - States

    private static func position(_ stop: ProgramStop) -> Int {
        if case .ask(let position, _) = stop { return position }
        return -1
    }

    /// The question every dialog waits for, or nil when some ended or they ask different ones.
    private func commonQuestion(_ stops: [ProgramStop]) -> Int? {
        guard case .ask(_, let question) = stops[0] else { return nil }
        for stop in stops.dropFirst() {
            guard case .ask(_, let other) = stop, other == question else { return nil }
        }
        return question
    }

    /// The state's key: per dialog its position, the residual of every expression still to be evaluated
    /// that reads a final value, and the class of every live value that may still be written.
    private func key(positions: [Int], values: [SlotValues]) -> [UInt64] {
        var key: [UInt64] = []
        for (machine, position) in positions.enumerated() {
            key.append(UInt64(position))
            let analysis = analyses[machine]
            var residuals = ResidualKey(final: analysis.writable[position].complement, values: values[machine], names: texts)
            for expression in analysis.informativeExpressions[position] {
                residuals.append(analysis.observedExpressions[expression], to: &key)
            }
            texts = residuals.names
            for slot in analysis.liveWritableSlots[position] {
                let (kind, payload) = analysis.classCode(values[machine][slot], slot: slot, texts: &texts)
                key.append(kind)
                key.append(payload)
            }
        }
        return key
    }

    private func addState(key: [UInt64], parent: Int32, answer: Value?, question: Int) -> Int32 {
        let index = Int32(self.parent.count)
        visited[key] = index
        self.parent.append(parent)
        answerGiven.append(answer)
        questionAsked.append(Int32(question))
        depth.append(parent < 0 ? 0 : depth[Int(parent)] + 1)
        endingsFrom.append(0)
        return index
    }
}
