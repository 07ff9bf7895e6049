// FHIRPathFormula: conditions on a QuestionnaireResponse's answers, kept simple as they are built and
// written as FHIRPath (SDC enableWhenExpression, calculatedExpression) or, where they can be, as enableWhen.

import DialogKit

/// A constant an `enableWhen` compares an answer with.
enum FHIRAnswerConstant: Hashable, Sendable {
    case boolean(Bool)
    case decimal(String)
    case integer(String)
    case string(String)
    /// A day, `2026-01-01`.
    case date(String)
    /// A time of day with seconds, `23:00:00`.
    case time(String)
    case coding(system: String, code: String, display: String)

    /// The `answer[x]` member of an `enableWhen`.
    var member: (String, JSONValue) {
        switch self {
        case .boolean(let flag): ("answerBoolean", .bool(flag))
        case .decimal(let text): ("answerDecimal", .number(text))
        case .integer(let text): ("answerInteger", .number(text))
        case .string(let text): ("answerString", .string(text))
        case .date(let text): ("answerDate", .string(text))
        case .time(let text): ("answerTime", .string(text))
        case .coding(let system, let code, let display):
            ("answerCoding", .object([("system", .string(system)), ("code", .string(code)), ("display", .string(display))]))
        }
    }
}

/// One comparison of a question's answer with a constant, as `enableWhen` says it. In R4 every
/// operator but `exists` is false when the question has no answer, as the dialog's comparisons are.
struct FHIREntry: Hashable, Sendable {
    var question: Int
    var linkId: String
    /// `=`, `<`, `<=`, `>`, `>=`, `exists`.
    var op: String
    var answer: FHIRAnswerConstant

    var json: JSONValue {
        .object([("question", .string(linkId)), ("operator", .string(op)), answer.member])
    }

    /// The same test as a strict FHIRPath boolean (false, never empty, when there is no answer).
    var path: String {
        let answers = FHIRPathText.answers(question: question, linkId: linkId)
        switch (op, answer) {
        case ("exists", _): return "\(answers).exists()"
        case (_, .coding(_, let code, _)): return "\(answers).where(code = \(FHIRPathText.string(code))).exists()"
        case (_, .boolean(let flag)): return "\(answers).where($this = \(flag)).exists()"
        case (_, .decimal(let text)), (_, .integer(let text)): return "\(answers).where($this \(op) \(text)).exists()"
        case (_, .string(let text)): return "\(answers).where($this \(op) \(FHIRPathText.string(text))).exists()"
        case (_, .date(let text)): return "\(answers).where($this \(op) @\(text)).exists()"
        case (_, .time(let text)): return "\(answers).where($this \(op) @T\(text)).exists()"
        }
    }

    /// The entry that holds exactly when this one does not, for a question that has an answer
    /// (`= true` and `= false`, `>=` and `<`); nil where an answer can hold both or neither (codings).
    var complement: FHIREntry? {
        var other = self
        switch (op, answer) {
        case ("=", .boolean(let flag)): other.answer = .boolean(!flag)
        case (">=", .decimal), (">=", .integer), (">=", .date), (">=", .time): other.op = "<"
        case ("<", .decimal), ("<", .integer), ("<", .date), ("<", .time): other.op = ">="
        case (">", .decimal), (">", .integer), (">", .date), (">", .time): other.op = "<="
        case ("<=", .decimal), ("<=", .integer), ("<=", .date), ("<=", .time): other.op = ">"
        default: return nil
        }
        return other
    }
}

/// A test that reads answers: written as FHIRPath, and as an `enableWhen` entry where it is one.
struct FHIRAtom: Hashable, Sendable {
    var path: String
    var entry: FHIREntry?

    init(path: String) {
        self.path = path
        entry = nil
    }

    init(_ entry: FHIREntry) {
        self.entry = entry
        path = entry.path
    }
}

/// A yes/no condition on a response, always true or false (FHIRPath's empty is never left in it:
/// every atom is strict), simplified as it is built so that a question after ten early exits reads
/// as ten tests, not as a tree of them.
indirect enum FHIRFormula: Hashable, Sendable {
    case constant(Bool)
    case atom(FHIRAtom)
    case not(FHIRFormula)
    case and([FHIRFormula])
    case or([FHIRFormula])

    static let yes = FHIRFormula.constant(true)
    static let no = FHIRFormula.constant(false)

    /// The parts that must all hold.
    var conjuncts: [FHIRFormula] {
        switch self {
        case .and(let parts): parts
        case .constant(true): []
        default: [self]
        }
    }

    var disjuncts: [FHIRFormula] {
        switch self {
        case .or(let parts): parts
        case .constant(false): []
        default: [self]
        }
    }

    static func all(_ parts: [FHIRFormula]) -> FHIRFormula {
        var kept: [FHIRFormula] = []
        for part in parts.flatMap(\.conjuncts) {
            if part == .no { return .no }
            if kept.contains(part) { continue }
            if kept.contains(where: { $0.isComplement(of: part) }) { return .no }
            kept.append(part)
        }
        return kept.isEmpty ? .yes : kept.count == 1 ? kept[0] : .and(kept)
    }

    static func any(_ parts: [FHIRFormula]) -> FHIRFormula {
        var result = FHIRFormula.no
        for part in parts { result = result.or(part) }
        return result
    }

    /// `self or other`, with common conditions taken out: `P and C or P and not C` is `P`, and `P or
    /// P and C` is `P`, which is what a join after a `when` and its `else` gives.
    func or(_ other: FHIRFormula) -> FHIRFormula {
        if self == .no { return other }
        if other == .no || self == other { return self }
        if self == .yes || other == .yes { return .yes }
        let left = conjuncts
        let right = other.conjuncts
        let common = left.filter(right.contains)
        let restLeft = left.filter { !common.contains($0) }
        let restRight = right.filter { !common.contains($0) }
        if restLeft.isEmpty || restRight.isEmpty { return .all(common) }
        if restLeft.count == 1, restRight.count == 1, restLeft[0].isComplement(of: restRight[0]) { return .all(common) }
        let rest = FHIRFormula.all(restLeft).orFlat(.all(restRight))
        return common.isEmpty ? rest : .all(common + [rest])
    }

    private func orFlat(_ other: FHIRFormula) -> FHIRFormula {
        var parts = disjuncts
        for part in other.disjuncts where !parts.contains(part) { parts.append(part) }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    func isComplement(of other: FHIRFormula) -> Bool {
        if case .not(let inner) = self, inner == other { return true }
        if case .not(let inner) = other, inner == self { return true }
        if case .atom(let a) = self, case .atom(let b) = other, let entry = a.entry, entry.complement == b.entry { return true }
        return false
    }

    /// The condition as a FHIRPath boolean.
    var path: String {
        switch self {
        case .constant(let flag): return flag ? "true" : "false"
        case .atom(let atom): return atom.path
        case .not(let inner): return "(\(inner.path)).not()"
        case .and(let parts): return parts.map { "(\($0.path))" }.joined(separator: " and ")
        case .or(let parts): return parts.map { "(\($0.path))" }.joined(separator: " or ")
        }
    }

    /// The condition as `enableWhen` entries and `enableBehavior`, where it is one test, tests that
    /// must all hold, or tests of which one must; nil where only an expression can say it.
    var enableWhen: (entries: [FHIREntry], behavior: String?)? {
        func entry(_ formula: FHIRFormula) -> FHIREntry? {
            if case .atom(let atom) = formula { return atom.entry }
            return nil
        }
        switch self {
        case .atom(let atom): return atom.entry.map { ([$0], nil) }
        case .and(let parts):
            let entries = parts.compactMap(entry)
            return entries.count == parts.count ? (entries, "all") : nil
        case .or(let parts):
            let entries = parts.compactMap(entry)
            return entries.count == parts.count ? (entries, "any") : nil
        default: return nil
        }
    }
}

/// FHIRPath text Intake writes.
enum FHIRPathText {
    /// A string literal: `'it''s'` is written `'it\'s'`.
    static func string(_ text: String) -> String {
        var out = "'"
        for character in text {
            switch character {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out + "'"
    }

    /// The item of a question, wherever it stands (inside its section's group).
    static func item(_ linkId: String) -> String {
        "%resource.repeat(item).where(linkId = \(string(linkId)))"
    }

    /// The answers' values of a question: empty when it has none. Read through a variable per
    /// question (`answerVariable`), found once, not at each test that reads it.
    static func answers(question: Int, linkId: String) -> String {
        "%" + answerVariable(question: question, linkId: linkId).name
    }

    /// The SDC variable holding a question's answers: `intakeA3NeuroDeficit` (the index keeps two ids
    /// apart that differ only by `_`), with its expression.
    static func answerVariable(question: Int, linkId: String) -> (name: String, expression: String) {
        (FHIRFlowConditions.variableName("a\(question)_" + linkId), item(linkId) + ".answer.value")
    }

    static func number(_ value: Double) -> String {
        NumberFormatting.plain(value)
    }

    /// A day as the bot holds it (days since 1970-01-01) as a FHIRPath date: `@2026-01-01`.
    static func date(dayNumber: Double) -> String {
        "@" + CalendarDay(dayNumber: Int(dayNumber)).iso
    }

    /// A time of day as the bot holds it (minutes since midnight) as a FHIRPath time: `@T23:00:00`.
    static func time(minutes: Double) -> String {
        "@T" + (ClockTime(minutes: Int(minutes))?.iso ?? "00:00") + ":00"
    }
}
