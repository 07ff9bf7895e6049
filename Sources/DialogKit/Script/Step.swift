// Step: one step of a dialog's flow as written (the tree that lint and the graph export read).

/// A step of the flow, with its resolved names and checked expressions.
public struct Step: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case say(TextTemplate)
        case section(String)
        case ask(question: Int)
        case assign(name: String, slot: Int, TypedExpression)
        case when(TypedExpression, then: [Step], otherwise: [Step])
        case endIf(TypedExpression, outcome: Int)
        case gotoIf(TypedExpression, label: String)
        case goto(label: String)
        case label(String)
        case end(outcome: Int)
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// One instruction of the compiled flow: the graph of states the session runs and the checker explores.
public enum Instruction: Sendable, Equatable {
    case say(TextTemplate)
    case section(String)
    /// Wait for the answer to this question.
    case ask(question: Int)
    case assign(slot: Int, TypedExpression)
    /// Go to `target` unless the condition holds (the head of a `when`).
    case jumpUnless(TypedExpression, target: Int)
    /// Go to `target` when the condition holds (`if` with `goto`).
    case jumpIf(TypedExpression, target: Int)
    case jump(target: Int)
    /// End with the outcome when the condition holds (`if` with `end`).
    case endIf(TypedExpression, outcome: Int)
    case end(outcome: Int)
    /// The flow ran out without an outcome: lint reports it, and a session that gets here ends without one.
    case deadEnd

    /// The instructions that may come next (`nil` stands for "the session ends").
    public func successors(at index: Int) -> [Int?] {
        switch self {
        case .say, .section, .ask, .assign: [index + 1]
        case .jumpUnless(_, let target), .jumpIf(_, let target): [index + 1, target]
        case .jump(let target): [target]
        case .endIf: [index + 1, nil]
        case .end, .deadEnd: [nil]
        }
    }
}

/// An outcome: how a session ends.
public struct OutcomeDefinition: Sendable, Equatable {
    public var id: String
    /// The outcome's concept code (`emergency`, `urgent`, `consult`, ...).
    public var code: String
    public var text: TextTemplate
    /// Flags only this outcome may carry, after the dialog-wide ones.
    public var flags: [FlagRule]
    public var location: SourceLocation
    /// How urgent the outcome is: its `level:`, or for an outcome without one whose code is one of
    /// the levels' names, that level; nil otherwise (lint warns, IN116).
    public var level: OutcomeLevel? = nil
    /// Whether the dialog wrote `level:` (rather than the level being read from the code).
    public var levelIsStated = false
}

/// A named score (`scores:`), computed when the session reaches any outcome and kept with it.
public struct ScoreRule: Sendable, Equatable {
    public var name: String
    /// A number expression.
    public var value: TypedExpression
    public var location: SourceLocation
}

/// A finding an outcome carries when its condition holds.
public struct FlagRule: Sendable, Equatable {
    public var name: String
    public var condition: TypedExpression
    public var location: SourceLocation
}

/// A property the path checker proves over every path: where `condition` holds at the end, `requirement` must.
public struct CheckDefinition: Sendable, Equatable {
    public var name: String
    public var condition: TypedExpression?
    public var requirement: TypedExpression
    public var location: SourceLocation
}
