// DialogGraph: a dialog as a graph of questions, decisions and outcomes (the instructions in between folded away).

import DialogKit

/// The graph `intake graph` draws: questions, conditions with their two ways, and outcomes.
public struct DialogGraph: Sendable {
    public enum NodeKind: Sendable, Equatable {
        case start
        case question(id: String, kind: QuestionKind, text: String)
        case decision(condition: String, keyword: String)
        case outcome(id: String, code: String, level: OutcomeLevel?)
        case deadEnd
    }

    public struct Node: Sendable {
        /// A name safe in Graphviz and Mermaid: `start`, `q12`, `d14`, `o_emergency`, `dead_end`.
        public var name: String
        public var kind: NodeKind
        /// Whether a transcript reached it (true when no coverage was given).
        public var covered: Bool
    }

    public struct Edge: Sendable {
        public var from: String
        public var to: String
        /// "yes" or "no" out of a decision; empty otherwise.
        public var label: String
        /// Whether a transcript took it (true when no coverage was given).
        public var covered: Bool
    }

    public var title: String
    public var nodes: [Node]
    public var edges: [Edge]

    /// The graph of a dialog; with `transcripts`, what they do not reach is marked uncovered.
    public init(dialog: Dialog, transcripts: [Transcript]? = nil) {
        var observer: CoverageObserver?
        if let transcripts {
            var seen = CoverageObserver(dialog: dialog)
            for transcript in transcripts { PathTracer.observe(transcript, dialog: dialog, into: &seen) }
            observer = seen
        }
        self.init(dialog: dialog, observer: observer)
    }

    init(dialog: Dialog, observer: CoverageObserver?) {
        title = dialog.title
        let program = dialog.program
        let reachable = Linter.reachableInstructions(program)

        /// Where a way leads once the steps that only say or compute are folded away.
        func target(_ start: Int) -> String {
            var index = start
            var guardSteps = 0
            while index < program.count, guardSteps <= program.count {
                guardSteps += 1
                switch program[index] {
                case .say, .section, .assign: index += 1
                case .jump(let next): index = next
                case .end(let outcome): return "o_" + Self.safe(dialog.outcomes[outcome].id)
                case .deadEnd: return "dead_end"
                case .ask: return "q\(index)"
                default: return "d\(index)"
                }
            }
            return "dead_end"
        }
        func covered(_ from: Int, _ to: Int) -> Bool {
            observer.map { $0.edges.contains(.init(from: from, to: to)) } ?? true
        }

        var nodes = [Node(name: "start", kind: .start, covered: observer.map { !$0.instructions.isEmpty } ?? true)]
        var edges = [Edge(from: "start", to: target(0), label: "", covered: observer.map { !$0.instructions.isEmpty } ?? true)]
        var usesDeadEnd = false
        for (index, instruction) in program.enumerated() where reachable[index] {
            let executed = observer.map { $0.instructions.contains(index) } ?? true
            var out: [(to: Int, node: String, label: String)] = []
            switch instruction {
            case .ask(let question):
                let definition = dialog.questions[question]
                nodes.append(Node(name: "q\(index)", kind: .question(id: definition.id, kind: definition.kind, text: definition.text.source), covered: executed))
                out.append((index + 1, target(index + 1), ""))
            case .jumpUnless(let condition, let next):
                nodes.append(Node(name: "d\(index)", kind: .decision(condition: condition.source, keyword: "when"), covered: executed))
                out.append((index + 1, target(index + 1), "yes"))
                out.append((next, target(next), "no"))
            case .jumpIf(let condition, let next):
                nodes.append(Node(name: "d\(index)", kind: .decision(condition: condition.source, keyword: "if"), covered: executed))
                out.append((next, target(next), "yes"))
                out.append((index + 1, target(index + 1), "no"))
            case .endIf(let condition, let outcome):
                nodes.append(Node(name: "d\(index)", kind: .decision(condition: condition.source, keyword: "if"), covered: executed))
                out.append((-1 - outcome, "o_" + Self.safe(dialog.outcomes[outcome].id), "yes"))
                out.append((index + 1, target(index + 1), "no"))
            default:
                continue
            }
            for (raw, node, label) in out {
                usesDeadEnd = usesDeadEnd || node == "dead_end"
                edges.append(Edge(from: nodes.last!.name, to: node, label: label, covered: covered(index, raw)))
            }
        }
        usesDeadEnd = usesDeadEnd || edges.first?.to == "dead_end"
        for (index, outcome) in dialog.outcomes.enumerated() {
            nodes.append(Node(
                name: "o_" + Self.safe(outcome.id), kind: .outcome(id: outcome.id, code: outcome.code, level: outcome.level),
                covered: observer.map { $0.outcomes.contains(index) } ?? true))
        }
        if usesDeadEnd { nodes.append(Node(name: "dead_end", kind: .deadEnd, covered: observer == nil)) }
        self.nodes = nodes
        self.edges = edges
    }

    /// Letters, digits and `_` only.
    static func safe(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
