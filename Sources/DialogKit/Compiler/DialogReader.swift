// DialogReader: the compiler's first pass, YAML nodes to a DialogSyntax; it knows keys and shapes, not names.

import Yams

/// Reads the YAML tree of a dialog into a `DialogSyntax`, reporting unknown keys, missing keys, values
/// of the wrong shape, duplicate questions, options and outcomes, and the size limits. Names and
/// expressions are kept as written, with their positions: what they mean is the resolver's job, so
/// nothing here depends on what comes later in the file.
struct DialogReader {
    /// The file being read: the dialog's, or while an `include:` is read, the block's (positions name it).
    var file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Reads an included file (`DialogReader+Include`); nil when the dialog was loaded from its text alone.
    var readInclude: ((String) -> IncludedText)?
    /// The folder of the dialog first loaded: no include may lead outside it.
    var includeRoot: String
    /// The files being included, outermost first, to find a cycle.
    var includeStack: [String] = []
    /// Every file included, with its bytes (for the content hash) and the `include:` that first read it.
    var includedFiles: [(path: String, bytes: [UInt8], includedAt: SourceLocation)] = []
    var includedSettings: [IncludedSetting] = []

    /// Questions as they are read; the index by id finds a second definition as soon as it comes.
    var questions: [Question] = []
    var questionIndex: [String: Int] = [:]
    var questionTextLocations: [Int: SourceLocation] = [:]
    var untypedQuestions: Set<Int> = []
    /// The names of `let` steps whose value could not be read (reported).
    var unreadLets: Set<String> = []
    var outcomes: [OutcomeSyntax] = []
    var outcomeIndex: [String: Int] = [:]
    /// Steps read so far in the whole flow, for the step limit, and whether it was reported already.
    var stepCount = 0
    var reportedTooManySteps = false
    /// Each question's `constraint:` as written, by question index (DialogReader+Scores).
    var constraints: [Int: ExpressionText] = [:]

    init(file: String, readInclude: ((String) -> IncludedText)? = nil) {
        self.file = file
        self.readInclude = readInclude
        includeRoot = file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    }

    static let topLevelKeys = ["dialog", "version", "title", "intro", "settings", "flow", "flags", "outcomes", "checks", "scores"]

    /// A mapping's keys and their values (a dialog's top level, a block's); a key not in `allowed` is
    /// reported (IN004) and left out.
    mutating func knownValues(_ root: Node.Mapping, allowed: [String], in place: String) -> [String: Node] {
        var values: [String: Node] = [:]
        for (key, value) in root {
            guard let name = scalar(key, what: "a key") else { continue }
            guard allowed.contains(name) else {
                unknownKey(name, at: key, allowed: allowed, in: place)
                continue
            }
            values[name] = value
        }
        return values
    }

    /// Reads the top-level mapping of a dialog file.
    mutating func read(_ root: Node.Mapping) -> DialogSyntax {
        let keys = root.keys.compactMap(\.string)
        if keys.contains("block") && !keys.contains("dialog") { return readBlockAsDialog(root) }
        includeStack = [file]
        let values = knownValues(root, allowed: Self.topLevelKeys, in: "a dialog")
        let rootLocation = SourceLocation(file: file, line: 1, column: 1)
        var syntax = DialogSyntax(file: file)
        syntax.id = values["dialog"].flatMap { scalar($0, what: "the dialog id") }
        if syntax.id == nil { missing("dialog", in: "the dialog", at: rootLocation) }
        syntax.version = values["version"].flatMap { scalar($0, what: "the version") } ?? "1"
        if let node = values["settings"] { syntax.settings = readSettings(node) }
        syntax.title = values["title"].flatMap { node in scalar(node, what: "the title").map { TextSyntax(text: $0, location: location(node)) } }
        if syntax.title == nil && values["title"] == nil { missing("title", in: "the dialog", at: rootLocation) }
        syntax.intro = values["intro"].flatMap { node in
            scalar(node, what: "the intro").map { TextSyntax(text: trimmed($0), location: location(node)) }
        }
        if let node = values["outcomes"] {
            readOutcomes(node)
        } else {
            missing("outcomes", in: "the dialog", at: rootLocation)
        }
        if let node = values["flow"] {
            syntax.flow = readFlow(node, depth: 1)
        } else {
            missing("flow", in: "the dialog", at: rootLocation)
        }
        if let node = values["flags"] { syntax.flags = readFlags(node, what: "`flags`") }
        if let node = values["checks"] { syntax.checks = readChecks(node) }
        if let node = values["scores"] { syntax.scores = readScores(node) }
        syntax.constraints = constraints
        mergeIncludedSettings(into: &syntax.settings)
        syntax.questions = questions
        syntax.questionTextLocations = questionTextLocations
        syntax.untypedQuestions = untypedQuestions
        syntax.unreadLets = unreadLets
        syntax.outcomes = outcomes
        return syntax
    }

    // MARK: - Nodes

    func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 0, column: 0) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(Diagnostic(code, message, at: location, notes: notes))
    }

    /// The text of a scalar, or a diagnostic naming what was expected.
    mutating func scalar(_ node: Node, what: String) -> String? {
        if case .scalar(let scalar) = node {
            // Dialog text reaches every person's terminal or IRC client: an escape written as "\e" in YAML
            // could clear their screen, retitle the window or set their clipboard.
            // Tab and line feed are layout in a dialog's text, where a typed line has neither.
            if let control = scalar.string.unicodeScalars.first(where: { InputSanitizer.isControl($0) && $0 != "\t" && $0 != "\n" }) {
                let hex = String(control.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                error(.controlCharacter, "\(what) holds the control character \(code), which a terminal would act on; dialog text may not contain control characters",
                      at: location(node))
                return nil
            }
            return scalar.string
        }
        error(.wrongShape, "\(what) must be text, not a \(nodeKind(node))", at: location(node))
        return nil
    }

    func nodeKind(_ node: Node) -> String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping (key: value pairs)"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    mutating func number(_ node: Node, what: String) -> Double? {
        guard let text = scalar(node, what: what) else { return nil }
        guard let value = Double(text), value.isFinite else {
            error(.wrongShape, "\(what) must be a number, not `\(text)`", at: location(node))
            return nil
        }
        return value
    }

    mutating func boolean(_ node: Node, what: String) -> Bool? {
        guard let text = scalar(node, what: what) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            error(.wrongShape, "\(what) must be true or false, not `\(text)`", at: location(node))
            return nil
        }
    }

    /// An expression's text, and where its first character is (a quoted scalar starts one column later).
    mutating func expression(_ node: Node, what: String) -> ExpressionText? {
        guard case .scalar(let scalar) = node else {
            error(.wrongShape, "\(what) must be an expression written as text, not a \(nodeKind(node)); quote it if it starts with [ or {",
                at: location(node))
            return nil
        }
        var origin = location(node)
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { origin.column += 1 }
        return ExpressionText(source: scalar.string, origin: origin)
    }

    mutating func unknownKey(_ name: String, at node: Node, allowed: [String], in context: String) {
        let notes = NearMiss.suggestion(for: name, among: allowed).map { ["did you mean `\($0)`?"] }
            ?? ["\(context) may have: \(allowed.joined(separator: ", "))"]
        error(.unknownKey, "unknown key `\(name)` in \(context)", at: location(node), notes: notes)
    }

    mutating func missing(_ key: String, in context: String, at location: SourceLocation) {
        error(.missingKey, "\(context) needs `\(key)`", at: location)
    }

    mutating func mappingEntries(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(.wrongShape, "\(what) must be a mapping (key: value pairs), not a \(nodeKind(node))", at: location(node))
            return nil
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (key, value) in mapping {
            if let name = scalar(key, what: "a key") { entries.append((name, key, value)) }
        }
        return entries
    }

    /// Text as every channel should see it: outer blank lines dropped, and line breaks inside a
    /// paragraph (where the author's editor wrapped a YAML block) joined, so JSON clients and the
    /// text renderer get the same sentences.
    func trimmed(_ text: String) -> String {
        TextWrapping.logicalLines(String(text.trimmingCharacters(in: "\n"))).joined(separator: "\n")
    }

    /// Letters, digits and `_`, not starting with a digit: what expressions can name.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    // MARK: - Settings, outcomes, flags and checks

    private mutating func readSettings(_ node: Node) -> [(key: String, value: String)] {
        var settings: [(key: String, value: String)] = []
        guard let entries = mappingEntries(node, what: "`settings`") else { return settings }
        for (key, _, value) in entries {
            if let text = scalar(value, what: "the setting `\(key)`") { settings.append((key, text)) }
        }
        return settings
    }

    /// `fromBlock`: the outcomes of an included block, which the dialog's own outcome of the same id replaces.
    mutating func readOutcomes(_ node: Node, fromBlock: Bool = false) {
        guard let entries = mappingEntries(node, what: "`outcomes`") else { return }
        for (id, keyNode, value) in entries {
            var outcome = OutcomeSyntax(id: id, textLocation: location(value), location: location(keyNode))
            if let fields = mappingEntries(value, what: "the outcome `\(id)`") {
                for (key, fieldKey, fieldValue) in fields {
                    switch key {
                    case "code": outcome.code = scalar(fieldValue, what: "the outcome's code")
                    case "text":
                        outcome.text = scalar(fieldValue, what: "the outcome's text").map(trimmed)
                        outcome.textLocation = location(fieldValue)
                    case "flags": outcome.flags = readFlags(fieldValue, what: "the outcome's flags")
                    case "level": readLevel(fieldValue, into: &outcome)
                    default: unknownKey(key, at: fieldKey, allowed: ["code", "text", "flags", "level"], in: "an outcome")
                    }
                }
                if outcome.code == nil { missing("code", in: "the outcome `\(id)`", at: outcome.location) }
                if outcome.text == nil { missing("text", in: "the outcome `\(id)`", at: outcome.location) }
            }
            if fromBlock, let own = outcomeIndex[id] {
                if outcomes[own].code != outcome.code || outcomes[own].text != outcome.text {
                    error(.includeReplaced, "the dialog defines the outcome `\(id)` differently; its own is used, not this block's",
                        at: outcome.location, notes: ["the dialog's is at \(outcomes[own].location)"])
                }
                continue
            }
            if outcomeIndex[id] != nil {
                error(.duplicateID, "the outcome `\(id)` is defined twice", at: outcome.location)
                continue
            }
            outcomeIndex[id] = outcomes.count
            outcomes.append(outcome)
        }
    }

    /// A mapping of flag names to conditions (`flags:` of the dialog or of an outcome).
    mutating func readFlags(_ node: Node, what: String) -> [FlagSyntax] {
        var flags: [FlagSyntax] = []
        for (name, keyNode, value) in mappingEntries(node, what: what) ?? [] {
            guard let condition = expression(value, what: "the flag `\(name)`") else { continue }
            flags.append(FlagSyntax(name: name, condition: condition, location: location(keyNode)))
        }
        return flags
    }

    private mutating func readChecks(_ node: Node) -> [CheckSyntax] {
        guard case .sequence(let items) = node else {
            error(.wrongShape, "`checks` must be a list, not a \(nodeKind(node))", at: location(node))
            return []
        }
        var checks: [CheckSyntax] = []
        for item in items {
            guard let entries = mappingEntries(item, what: "a check") else { continue }
            var check = CheckSyntax(location: location(item))
            for (key, keyNode, value) in entries {
                switch key {
                case "name": check.name = scalar(value, what: "the check's name")
                case "if":
                    check.condition = expression(value, what: "`if`")
                    if check.condition == nil { check.isComplete = false }
                case "then": check.requirement = expression(value, what: "`then`")
                default: unknownKey(key, at: keyNode, allowed: ["name", "if", "then"], in: "a check")
                }
            }
            if !entries.contains(where: { $0.key == "then" }) { missing("then", in: "a check", at: location(item)) }
            checks.append(check)
        }
        return checks
    }
}
