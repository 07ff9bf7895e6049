// PathChecker: proves a dialog's properties over every path: each ends in an outcome, every outcome and
// flag is reachable, and every `checks:` property holds; a violation comes with its shortest counter-example.

import DialogKit
import Foundation

/// Explores every path of a dialog (issue 6) and reports what holds.
public enum PathChecker {
    /// Options of a check: when to give up on a whole exploration, and the random walks after that.
    public struct Options: Sendable {
        public var limits: ExplorationLimits
        public var walks: Int
        public var seed: UInt64

        public init(limits: ExplorationLimits = ExplorationLimits(), walks: Int = 20_000, seed: UInt64 = 1) {
            self.limits = limits
            self.walks = walks
            self.seed = seed
        }
    }

    /// Explores the dialog once per group of properties with the same cone of influence (the way
    /// through the dialog first), then judges every ending of every exploration.
    public static func check(_ dialog: Dialog, options: Options = Options()) -> PathCheckReport {
        let start = Date()
        var judge = EndingJudge(dialog: dialog)
        var complete = true
        var states = 0
        var transitions = 0
        var paths: Double?
        var sampled = Set<String>()
        var explorations: [PathCheckReport.Exploration] = []
        let groups = ExplorationFocus.groups(for: dialog)
        for (number, focus) in groups.enumerated() {
            let spent = Date().timeIntervalSince(start)
            var limits = options.limits
            limits.maximumStates = max(1, options.limits.maximumStates - states)
            limits.maximumSeconds = options.limits.maximumSeconds - spent
            guard limits.maximumSeconds > 0 else {
                complete = false
                break
            }
            let analysis = DialogAnalysis(dialog: dialog, focus: focus)
            sampled.formUnion(analysis.sampledQuestions.map { dialog.questions[$0].id })
            let explorer = PathExplorer(dialogs: [dialog], analyses: [analysis], limits: limits)
            explorer.explore { ending in
                judge.judge(ending.stops[0], values: ending.values[0], depth: ending.state < 0 ? 0 : Int(explorer.depth[Int(ending.state)]) + 1) {
                    explorer.path(of: ending)
                }
                return false
            }
            let judged = focus.flagNames.sorted().map { "flag \($0)" } + focus.checks.sorted().map { "check \"\(dialog.checks[$0].name)\"" }
            explorations.append(.init(
                judges: number == 0 ? ["the way through the dialog"] + judged : judged, states: explorer.stateCount,
                transitions: explorer.transitionCount, seconds: explorer.elapsed, isComplete: explorer.isComplete))
            states += explorer.stateCount
            transitions += explorer.transitionCount
            guard explorer.isComplete else {
                complete = false
                break
            }
            // Loops and the count of answer sequences belong to the way through the dialog: the first group.
            if number == 0 {
                paths = explorer.pathCount()
                for state in explorer.statesWithoutExit().prefix(1) {
                    let question = dialog.questions[Int(explorer.questionAsked[Int(state)])]
                    // A question whose rules refuse every answer tried keeps the person there, asked again.
                    let refusesAll = explorer.acceptsNoAnswer(state)
                    let rules = [
                        question.rules.isInteger ? "whole numbers only" : nil,
                        question.rules.pattern.map { _ in "its pattern" },
                        question.rules.constraint.map { "the constraint `\($0.source)`" },
                    ].compactMap { $0 }.joined(separator: ", ")
                    let message = refusesAll
                        ? "after these answers `\(question.id)` accepts no answer: its rules (\(rules)) refuse every answer tried, so it is asked again and again"
                        : "after these answers no outcome can be reached: the flow loops with no way out"
                    let example = CounterExample(
                        dialog: dialog, answers: explorer.path(to: state), ending: .stuck(question: question.id),
                        explanation: [refusesAll ? "Here `\(question.id)` accepts no answer." : "From here the dialog loops: no answers lead to an outcome."])
                    judge.violations.append(.init(
                        kind: .noExit, message: message,
                        location: question.location, counterExample: example, replays: example.replays(on: dialog)))
                }
            }
        }
        var walks: PathCheckReport.Walks?
        if complete {
            let unreached = dialog.outcomes.filter { !judge.outcomesReached.contains($0.id) }
            let refusedWays = unreached.isEmpty ? [:] : refusedAnswersReaching(Set(unreached.map(\.id)), in: dialog)
            for outcome in unreached {
                let why = refusedWays[outcome.id].map { " (only answers the questions refuse lead there, such as \($0))" } ?? ""
                judge.violations.append(.init(
                    kind: .unreachableOutcome(outcome.id), message: "the outcome `\(outcome.id)` is reached by no answers" + why,
                    location: outcome.location, counterExample: nil, replays: true))
            }
            for (name, location) in judge.flagLocations where !judge.flagsRaised.contains(name) {
                judge.violations.append(.init(
                    kind: .unreachableFlag(name), message: "the flag `\(name)` is raised by no answers", location: location,
                    counterExample: nil, replays: true))
            }
        } else {
            let analysis = DialogAnalysis(dialog: dialog)
            sampled.formUnion(analysis.sampledQuestions.map { dialog.questions[$0].id })
            walks = randomWalks(dialog, analysis: analysis, count: options.walks, seed: options.seed, judge: &judge)
        }
        let checkResults = dialog.checks.map { check in
            (name: check.name, holds: !judge.violations.contains { $0.kind == .check(name: check.name) })
        }
        return PathCheckReport(
            file: dialog.file, dialogID: dialog.id, isComplete: complete, explorations: explorations, states: states,
            transitions: transitions, paths: complete ? paths : nil, seconds: Date().timeIntervalSince(start),
            outcomesReached: dialog.outcomes.map(\.id).filter { judge.outcomesReached.contains($0) },
            outcomeIDs: dialog.outcomes.map(\.id),
            flagsRaised: judge.flagLocations.map(\.name).filter { judge.flagsRaised.contains($0) },
            flagNames: judge.flagLocations.map(\.name), checks: checkResults,
            sampledQuestions: dialog.questions.map(\.id).filter { sampled.contains($0) }, walks: walks,
            violations: judge.violations)
    }

    // MARK: - Refused answers

    /// For outcomes no accepted answers reach, the first refused answer on the shortest way that reaches
    /// them when the questions' rules are ignored ("`hours` = 0: it fails the constraint ..."): what
    /// tells an author why. Explored within small limits; an outcome not found there is left unexplained.
    static func refusedAnswersReaching(_ outcomes: Set<String>, in dialog: Dialog) -> [String: String] {
        let bounded = dialog.questions.contains { $0.calendar?.earliest != nil || $0.calendar?.latest != nil }
        guard bounded || dialog.questions.contains(where: { !$0.rules.isEmpty }) else { return [:] }
        let focus = ExplorationFocus.groups(for: dialog)[0]
        let explorer = PathExplorer(
            dialogs: [dialog], analyses: [DialogAnalysis(dialog: dialog, focus: focus, ignoringRules: true)],
            limits: ExplorationLimits(maximumStates: 200_000, maximumSeconds: 10))
        var found: [String: String] = [:]
        explorer.explore { ending in
            guard case .outcome(_, let outcome) = ending.stops[0] else { return false }
            let id = dialog.outcomes[outcome].id
            guard outcomes.contains(id), found[id] == nil, let refused = firstRefused(explorer.path(of: ending), in: dialog) else { return false }
            found[id] = refused
            return found.count == outcomes.count
        }
        return found
    }

    /// "`hours` = 0: it fails the constraint `. >= 2`": the first answer of `answers` a session would not keep.
    static func firstRefused(_ answers: AnswerPath, in dialog: Dialog) -> String? {
        var values = SlotValues(count: dialog.slotNames.count)
        var stop = ProgramInterpreter.run(dialog, from: 0, state: &values)
        for (question, value) in answers {
            guard case .ask(let position, let asked) = stop, asked == question else { return nil }
            values[question] = value
            let definition = dialog.questions[question]
            if let value, !dialog.withinCalendarBounds(value, question: question) {
                return "`\(definition.id)` = \(AnswerTyping.line(for: value, question: definition)): it is outside the question's `min` and `max`"
            }
            if let value, let refusal = definition.rules.refusal(of: value, constraintHolds: { $0.holds(values) }) {
                let rule = switch refusal {
                case .notWhole: "the question takes whole numbers only"
                case .patternNotMatched: "it does not match the pattern"
                case .constraintFailed: "it fails the constraint `\(definition.rules.constraint?.source ?? "")`"
                }
                return "`\(definition.id)` = \(AnswerTyping.line(for: value, question: definition)): \(rule)"
            }
            stop = ProgramInterpreter.run(dialog, from: position + 1, state: &values)
        }
        return nil
    }

    // MARK: - Random walks

    /// Walks with random answers, plus one walk for each answer of each question tried wherever it is asked.
    static func randomWalks(
        _ dialog: Dialog, analysis: DialogAnalysis, count: Int, seed: UInt64, judge: inout EndingJudge
    ) -> PathCheckReport.Walks {
        var generator = SeededGenerator(seed: seed)
        var observer = BranchObserver(dialog: dialog)
        var asked = Set<Int>()
        var forced: [(question: Int, value: Value?)] = []
        for (question, values) in analysis.candidates.enumerated() {
            for value in values { forced.append((question, value)) }
        }
        let total = count + forced.count
        for walk in 0..<total {
            let force = walk < forced.count ? forced[walk] : nil
            var values = SlotValues(count: dialog.slotNames.count)
            var answers: AnswerPath = []
            var stop = ProgramInterpreter.run(dialog, from: 0, state: &values, observer: &observer)
            while case .ask(let position, let question) = stop, answers.count < 10_000 {
                asked.insert(question)
                let choices = analysis.candidates[question].filter { value in
                    var trial = values
                    trial[question] = value
                    return dialog.accepts(value, question: question, in: trial)
                }
                // No answer tried is accepted here: the walk cannot go on (the path explorer reports such a place).
                if choices.isEmpty { break }
                var value = choices[Int(generator.next() % UInt64(choices.count))]
                if let force, force.question == question, choices.contains(force.value) { value = force.value }
                answers.append((question, value))
                values[question] = value
                stop = ProgramInterpreter.run(dialog, from: position + 1, state: &values, observer: &observer)
            }
            if case .ask = stop { continue }
            judge.judge(stop, values: values, depth: answers.count) { answers }
        }
        return PathCheckReport.Walks(
            count: total, seed: seed, questionsAsked: asked.count, questionCount: dialog.questions.count,
            branchesTaken: observer.taken.count, branchCount: observer.branchCount,
            outcomesReached: judge.outcomesReached.count, outcomeCount: dialog.outcomes.count,
            flagsRaised: judge.flagsRaised.count, flagCount: judge.flagLocations.count)
    }
}

/// Counts the branch directions taken.
struct BranchObserver: ProgramObserver {
    var taken = Set<Int>()
    let branchCount: Int

    init(dialog: Dialog) {
        branchCount = dialog.program.filter(\.isConditional).count * 2
    }

    mutating func branched(_ index: Int, holds: Bool, state: SlotValues) { taken.insert(index * 2 + (holds ? 1 : 0)) }
}

/// Judges each end of a path: the outcome and flags reached, and every property that fails there.
struct EndingJudge {
    let dialog: Dialog
    var outcomesReached = Set<String>()
    var flagsRaised = Set<String>()
    /// Every flag name once, where it is first defined.
    let flagLocations: [(name: String, location: SourceLocation)]
    var violations: [PathCheckReport.Violation] = []
    /// The depth of each violation's counter-example, to keep the shortest.
    private var depths: [Int] = []

    init(dialog: Dialog) {
        self.dialog = dialog
        var flags: [(name: String, location: SourceLocation)] = []
        for rule in dialog.flags + dialog.outcomes.flatMap(\.flags) where !flags.contains(where: { $0.name == rule.name }) {
            flags.append((rule.name, rule.location))
        }
        flagLocations = flags
    }

    /// Records one ending; `answers` is asked for only when a counter-example is wanted.
    mutating func judge(_ stop: ProgramStop, values: SlotValues, depth: Int, answers: () -> AnswerPath) {
        switch stop {
        case .ask:
            return
        case .deadEnd(let position):
            record(.deadEnd, "these answers reach the end of the flow without an outcome", dialog.programLocations[position], depth, answers, .deadEnd)
        case .loop(let position):
            record(.loop, "after these answers the flow loops without asking anything", dialog.programLocations[position], depth, answers, .loop)
        case .outcome(_, let outcome):
            var ending = values
            ending.outcomeIndex = outcome
            ending.flags = ProgramInterpreter.flags(dialog, outcome: outcome, state: values)
            outcomesReached.insert(dialog.outcomes[outcome].id)
            flagsRaised.formUnion(ending.flags)
            for check in dialog.checks {
                if let condition = check.condition, !condition.holds(ending) { continue }
                if check.requirement.holds(ending) { continue }
                record(
                    .check(name: check.name), "the check \"\(check.name)\" fails: `\(check.requirement.source)` does not hold"
                        + (check.condition.map { " although `\($0.source)` does" } ?? ""),
                    check.location, depth, answers, .outcome(id: dialog.outcomes[outcome].id, flags: ending.flags))
            }
        }
    }

    private mutating func record(
        _ kind: PathCheckReport.Violation.Kind, _ message: String, _ location: SourceLocation, _ depth: Int,
        _ answers: () -> AnswerPath, _ ending: CounterExample.Ending
    ) {
        let existing = violations.firstIndex { $0.kind == kind }
        if let existing, depths[existing] <= depth { return }
        let example = CounterExample(dialog: dialog, answers: answers(), ending: ending, explanation: [message])
        let violation = PathCheckReport.Violation(
            kind: kind, message: message, location: location, counterExample: example, replays: example.replays(on: dialog))
        if let existing {
            violations[existing] = violation
            depths[existing] = depth
        } else {
            violations.append(violation)
            depths.append(depth)
        }
    }
}
