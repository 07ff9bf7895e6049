// PathCheckReport: what the path checker proved or found for one dialog, and its text.

import DialogKit

/// The result of checking every path of one dialog.
public struct PathCheckReport: Sendable {
    /// A property that does not hold.
    public struct Violation: Sendable {
        public enum Kind: Sendable, Equatable {
            case check(name: String)
            case deadEnd
            case loop
            case noExit
            case unreachableOutcome(String)
            case unreachableFlag(String)
        }
        public var kind: Kind
        public var message: String
        public var location: SourceLocation?
        /// The shortest answers that show it (none for something never reached).
        public var counterExample: CounterExample?
        /// Whether the counter-example, replayed by a real session, ends as shown.
        public var replays: Bool
    }

    /// Coverage of the random walks, when the state space was too large to explore whole.
    public struct Walks: Sendable {
        public var count: Int
        public var seed: UInt64
        public var questionsAsked: Int
        public var questionCount: Int
        public var branchesTaken: Int
        public var branchCount: Int
        public var outcomesReached: Int
        public var outcomeCount: Int
        public var flagsRaised: Int
        public var flagCount: Int
    }

    public var file: String
    public var dialogID: String
    /// Whether every state was explored: then "holds" is a proof over the answers tried.
    public var isComplete: Bool
    /// One exploration of the dialog, for a group of properties that depend on the same answers.
    public struct Exploration: Sendable {
        /// What it judges: "the way through the dialog", "flag migraine", "check \"...\"".
        public var judges: [String]
        public var states: Int
        public var transitions: Int
        public var seconds: Double
        public var isComplete: Bool
    }

    /// The explorations made: one per group of properties that depend on the same answers.
    public var explorations: [Exploration]
    public var states: Int
    public var transitions: Int
    /// Complete answer sequences (over the answers tried) that the way through the dialog has; nil when it may loop.
    public var paths: Double?
    public var seconds: Double
    public var outcomesReached: [String]
    public var outcomeIDs: [String]
    public var flagsRaised: [String]
    public var flagNames: [String]
    /// Each `checks:` property and whether it held on every path seen.
    public var checks: [(name: String, holds: Bool)]
    /// Questions whose answers were sampled rather than tried class by class.
    public var sampledQuestions: [String]
    public var walks: Walks?
    public var violations: [Violation]

    public var passed: Bool { violations.isEmpty }

    /// The report as text: a summary, then each violation with its counter-example.
    public var text: String {
        var lines: [String] = []
        let time = String(format: "%.2f s", seconds)
        if isComplete {
            let pathText = paths.map { "\(Self.count($0)) ways through the dialog" } ?? "endless ways through the dialog (it can loop)"
            lines.append("\(file): explored every path: \(pathText); \(explorations.count) exploration\(explorations.count == 1 ? "" : "s"), "
                + "\(states) states, \(transitions) transitions, \(time)")
        } else {
            lines.append("\(file): the state space is too large to explore whole (stopped after \(states) states, \(time));")
            lines.append("  fell back to seeded random walks and boundary values: nothing below is a proof")
        }
        if let walks {
            lines.append("  random walks: \(walks.count) (seed \(walks.seed)); questions asked \(walks.questionsAsked)/\(walks.questionCount), "
                + "branches taken \(walks.branchesTaken)/\(walks.branchCount), outcomes \(walks.outcomesReached)/\(walks.outcomeCount), "
                + "flags \(walks.flagsRaised)/\(walks.flagCount)")
        }
        if !sampledQuestions.isEmpty {
            lines.append("  answers sampled, not tried class by class, for: \(sampledQuestions.joined(separator: ", "))")
        }
        let kinds = violations.map(\.kind)
        lines.append("  every path ends in an outcome: " + (kinds.contains(.deadEnd) || kinds.contains(.loop) || kinds.contains(.noExit) ? "NO" : "yes"))
        lines.append("  outcomes reached: \(outcomesReached.count)/\(outcomeIDs.count)" + Self.missing(outcomeIDs, outcomesReached))
        lines.append("  flags raised: \(flagsRaised.count)/\(flagNames.count)" + Self.missing(flagNames, flagsRaised))
        for check in checks {
            lines.append("  check \"\(check.name)\": " + (check.holds ? (isComplete ? "holds" : "held on every path tried") : "FAILS"))
        }
        for violation in violations {
            lines.append("")
            let place = violation.location.map { "\($0.file):\($0.line):\($0.column): " } ?? "\(file): "
            lines.append("\(place)error: \(violation.message)")
            if let example = violation.counterExample {
                lines.append("  shortest counter-example, as a transcript:")
                for line in example.transcript.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    lines.append("    \(line)")
                }
                if !violation.replays {
                    lines.append("  (note: a real session replaying these answers did not end exactly like this; please report it)")
                }
            }
        }
        lines.append(passed ? "\(file): no violations" : "\(file): \(violations.count) violation\(violations.count == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }

    /// Each exploration: what it judged and what it cost.
    public var explorationText: String {
        explorations.map { exploration in
            "  exploration: \(exploration.states) states, \(exploration.transitions) transitions, "
                + String(format: "%.2f s", exploration.seconds) + (exploration.isComplete ? "" : " (stopped at the limits)")
                + "\n    judges: " + exploration.judges.joined(separator: ", ")
        }.joined(separator: "\n")
    }

    private static func missing(_ all: [String], _ reached: [String]) -> String {
        let absent = all.filter { !reached.contains($0) }
        return absent.isEmpty ? "" : " (never: \(absent.joined(separator: ", ")))"
    }

    /// 1234 or 1.2e+15.
    static func count(_ value: Double) -> String {
        value < 1e15 ? String(Int64(value)) : String(format: "%.2e", value)
    }
}
