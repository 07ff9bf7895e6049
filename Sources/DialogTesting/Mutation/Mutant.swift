// Mutant: a dialog with one small change, which a good transcript suite should notice.

import DialogKit

/// One small change to a dialog.
public struct Mutant: Sendable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A number in a comparison one up or one down.
        case threshold
        /// `>=` to `>`, `>` to `>=`, `<=` to `<`, `<` to `<=`.
        case comparison
        /// `and` to `or`, `or` to `and`.
        case logic
        /// An `end` leading to another outcome.
        case outcome
        /// A conditional step never taken (or a `when`'s `else` never taken).
        case branch
        /// An `also` word of an option dropped.
        case alsoWord = "also word"
    }

    public var kind: Kind
    /// What changed: "`severity >= 7` -> `severity >= 8`".
    public var change: String
    public var location: SourceLocation
    /// The changed dialog.
    public var dialog: Dialog
    /// For an `also` word mutant: the question, the option, and the word dropped.
    var droppedWord: (question: Int, option: Int, word: String)?
    /// For a changed expression: where it is (to explore only what it can reach).
    var owner: ExpressionOwner?

    /// `file:line`.
    public var place: String { "\(location.file):\(location.line)" }
}
