// DialogBuilder: walks the YAML tree of a dialog, checks it, and compiles its flow; every problem is a diagnostic.

import Yams

/// A step as read from YAML, before names and expressions are checked.
private indirect enum RawStep {
    case say(String, SourceLocation)
    case section(String, SourceLocation)
    case ask(question: Int, SourceLocation)
    case assign(name: String, RawExpression, SourceLocation)
    case when(RawExpression, then: [RawStep], otherwise: [RawStep], SourceLocation)
    case endIf(RawExpression, outcome: Named, SourceLocation)
    case gotoIf(RawExpression, label: Named, SourceLocation)
    case goto(Named, SourceLocation)
    case label(Named, SourceLocation)
    case end(Named, SourceLocation)
}

/// Expression text and where it starts in the file.
private struct RawExpression {
    var source: String
    var origin: SourceLocation
}

/// A name that refers to something (an outcome, a label), and where it was written.
private struct Named {
    var name: String
    var location: SourceLocation
}

private struct RawOutcome {
    var id: String
    var code: String?
    var text: String?
    var textLocation: SourceLocation
    var flags: [(name: String, condition: RawExpression, location: SourceLocation)]
    var location: SourceLocation
}

/// Builds a `Dialog` from the YAML tree, collecting diagnostics.
struct DialogBuilder {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    private var questions: [Question] = []
    private var questionIndex: [String: Int] = [:]
    private var settings: [(key: String, value: String)] = []
    private var rawOutcomes: [RawOutcome] = []
    private var outcomeIndex: [String: Int] = [:]
    private var labels: [String: SourceLocation] = [:]
    private var letSlots: [String: (slot: Int, location: SourceLocation)] = [:]
    private var letNames: [String] = []
    private var stepCount = 0
    private var tooManySteps = false

    init(file: String) {
        self.file = file
    }

    private static let topLevelKeys = ["dialog", "version", "title", "intro", "settings", "flow", "flags", "outcomes", "checks"]
    private static let stepKinds = ["say", "section", "ask", "let", "when", "if", "label", "goto", "end"]
    private static let questionKeys = ["ask", "code", "kind", "text", "help", "options", "min", "max", "unit", "per", "optional", "red_flag", "unsure"]
    private static let optionKeys = ["id", "text", "also", "code"]

    // MARK: - Top level

    mutating func build(_ root: Node.Mapping, contentHash: String) -> Dialog? {
        var values: [String: Node] = [:]
        for (key, value) in root {
            guard let name = scalar(key, what: "a key") else { continue }
            guard Self.topLevelKeys.contains(name) else {
                unknownKey(name, at: key, allowed: Self.topLevelKeys, in: "a dialog")
                continue
            }
            values[name] = value
        }
        let rootLocation = SourceLocation(file: file, line: 1, column: 1)
        let id = values["dialog"].flatMap { scalar($0, what: "the dialog id") } ?? missing("dialog", in: "the dialog", at: rootLocation)
        let version = values["version"].flatMap { scalar($0, what: "the version") } ?? "1"
        if let node = values["settings"] { readSettings(node) }
        let rawTitle = values["title"].flatMap { node in scalar(node, what: "the title").map { ($0, location(node)) } }
        if rawTitle == nil && values["title"] == nil { _ = missing("title", in: "the dialog", at: rootLocation) }
        let rawIntro = values["intro"].flatMap { node in scalar(node, what: "the intro").map { (trimmed($0), location(node)) } }
        if let node = values["outcomes"] {
            readOutcomes(node)
        } else {
            _ = missing("outcomes", in: "the dialog", at: rootLocation)
        }
        var rawFlow: [RawStep] = []
        if let node = values["flow"] {
            rawFlow = readFlow(node, depth: 1)
        } else {
            _ = missing("flow", in: "the dialog", at: rootLocation)
        }
        collectLets(rawFlow)
        // Resolved once questions and values are known, so `{an_answer}` is refused for the right reason.
        let title = rawTitle.map { settingsOnly($0.0, at: $0.1) }
        let intro = rawIntro.map { settingsOnly($0.0, at: $0.1) } ?? ""

        var scope = NameScope(questions: questions, questionIndex: questionIndex, lets: [:], outcomes: nil, flagNames: nil)
        var slotTypes = questions.indices.map { scope.type(ofQuestion: $0) }
        slotTypes += Array(repeating: ValueType.bool, count: letNames.count)
        let flow = convert(rawFlow, scope: &scope, slotTypes: &slotTypes)
        for (index, question) in questions.enumerated() {
            questions[index].text = template(question.text.source, at: question.location)
        }

        var flagRules: [FlagRule] = []
        var flagNames: [String] = []
        if let node = values["flags"] {
            flagRules = readFlags(node, scope: scope)
            flagNames += flagRules.map(\.name)
        }
        var outcomes: [OutcomeDefinition] = []
        for raw in rawOutcomes {
            var rules: [FlagRule] = []
            for (name, condition, location) in raw.flags {
                if let typed = checkExpression(condition, scope: scope, expecting: .bool) {
                    rules.append(FlagRule(name: name, condition: typed, location: location))
                }
                flagNames.append(name)
            }
            outcomes.append(OutcomeDefinition(
                id: raw.id, code: raw.code ?? raw.id, text: template(raw.text ?? "", at: raw.textLocation),
                flags: rules, location: raw.location))
        }
        var checks: [CheckDefinition] = []
        if let node = values["checks"] {
            var checkScope = scope
            checkScope.outcomes = outcomeIndex
            checkScope.flagNames = Set(flagNames)
            checks = readChecks(node, scope: checkScope)
        }
        let (program, locations) = compile(flow)
        guard let id, let title else { return nil }
        return Dialog(
            id: id, version: version, title: title, intro: intro, settings: settings, questions: questions,
            slotNames: questions.map(\.id) + letNames, slotTypes: slotTypes, outcomes: outcomes, flags: flagRules,
            checks: checks, flow: flow, program: program, programLocations: locations, file: file,
            contentHash: contentHash)
    }

    // MARK: - Reading YAML

    private func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 0, column: 0) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private mutating func error(_ code: String, _ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(Diagnostic(.error, code, message, at: location, notes: notes))
    }

    /// The text of a scalar, or an IN006 diagnostic naming what was expected (IN020 for a control character).
    private mutating func scalar(_ node: Node, what: String) -> String? {
        if case .scalar(let scalar) = node {
            // Dialog text reaches every person's terminal or IRC client: an escape written as "\e" in YAML
            // could clear their screen, retitle the window or set their clipboard.
            // Tab and line feed are layout in a dialog's text, where a typed line has neither.
            if let control = scalar.string.unicodeScalars.first(where: { InputSanitizer.isControl($0) && $0 != "\t" && $0 != "\n" }) {
                let hex = String(control.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                error("IN020", "\(what) holds the control character \(code), which a terminal would act on; dialog text may not contain control characters",
                      at: location(node))
                return nil
            }
            return scalar.string
        }
        error("IN006", "\(what) must be text, not a \(nodeKind(node))", at: location(node))
        return nil
    }

    private func nodeKind(_ node: Node) -> String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping (key: value pairs)"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    private mutating func number(_ node: Node, what: String) -> Double? {
        guard let text = scalar(node, what: what) else { return nil }
        guard let value = Double(text), value.isFinite else {
            error("IN006", "\(what) must be a number, not `\(text)`", at: location(node))
            return nil
        }
        return value
    }

    private mutating func boolean(_ node: Node, what: String) -> Bool? {
        guard let text = scalar(node, what: what) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            error("IN006", "\(what) must be true or false, not `\(text)`", at: location(node))
            return nil
        }
    }

    /// Where an expression's first character is (a quoted scalar starts one column later).
    private mutating func expression(_ node: Node, what: String) -> RawExpression? {
        guard case .scalar(let scalar) = node else {
            error("IN006", "\(what) must be an expression written as text, not a \(nodeKind(node)); quote it if it starts with [ or {",
                at: location(node))
            return nil
        }
        var origin = location(node)
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { origin.column += 1 }
        return RawExpression(source: scalar.string, origin: origin)
    }

    private mutating func unknownKey(_ name: String, at node: Node, allowed: [String], in context: String) {
        let notes = NearMiss.suggestion(for: name, among: allowed).map { ["did you mean `\($0)`?"] }
            ?? ["\(context) may have: \(allowed.joined(separator: ", "))"]
        error("IN004", "unknown key `\(name)` in \(context)", at: location(node), notes: notes)
    }

    private mutating func missing(_ key: String, in context: String, at location: SourceLocation) -> String? {
        error("IN005", "\(context) needs `\(key)`", at: location)
        return nil
    }

    private mutating func mappingEntries(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error("IN006", "\(what) must be a mapping (key: value pairs), not a \(nodeKind(node))", at: location(node))
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
    private func trimmed(_ text: String) -> String {
        TextWrapping.logicalLines(String(text.trimmingCharacters(in: "\n"))).joined(separator: "\n")
    }

    private mutating func readSettings(_ node: Node) {
        guard let entries = mappingEntries(node, what: "`settings`") else { return }
        for (key, _, value) in entries {
            if let text = scalar(value, what: "the setting `\(key)`") { settings.append((key, text)) }
        }
    }

    private mutating func readOutcomes(_ node: Node) {
        guard let entries = mappingEntries(node, what: "`outcomes`") else { return }
        for (id, keyNode, value) in entries {
            var outcome = RawOutcome(id: id, code: nil, text: nil, textLocation: location(value), flags: [], location: location(keyNode))
            if let fields = mappingEntries(value, what: "the outcome `\(id)`") {
                for (key, fieldKey, fieldValue) in fields {
                    switch key {
                    case "code": outcome.code = scalar(fieldValue, what: "the outcome's code")
                    case "text":
                        outcome.text = scalar(fieldValue, what: "the outcome's text").map(trimmed)
                        outcome.textLocation = location(fieldValue)
                    case "flags":
                        for (flag, flagKey, condition) in mappingEntries(fieldValue, what: "the outcome's flags") ?? [] {
                            if let raw = expression(condition, what: "the flag `\(flag)`") {
                                outcome.flags.append((flag, raw, location(flagKey)))
                            }
                        }
                    default: unknownKey(key, at: fieldKey, allowed: ["code", "text", "flags"], in: "an outcome")
                    }
                }
                if outcome.code == nil { _ = missing("code", in: "the outcome `\(id)`", at: outcome.location) }
                if outcome.text == nil { _ = missing("text", in: "the outcome `\(id)`", at: outcome.location) }
            }
            if outcomeIndex[id] != nil {
                error("IN007", "the outcome `\(id)` is defined twice", at: outcome.location)
                continue
            }
            outcomeIndex[id] = rawOutcomes.count
            rawOutcomes.append(outcome)
        }
    }

    private mutating func readFlow(_ node: Node, depth: Int) -> [RawStep] {
        guard case .sequence(let sequence) = node else {
            error("IN006", "a flow must be a list of steps (each starting with `- `), not a \(nodeKind(node))", at: location(node))
            return []
        }
        if depth > DialogLoader.maximumNesting {
            error("IN014", "`when` blocks are nested more than \(DialogLoader.maximumNesting) deep", at: location(node))
            return []
        }
        var steps: [RawStep] = []
        for item in sequence {
            stepCount += 1
            if stepCount > DialogLoader.maximumSteps {
                if !tooManySteps {
                    error("IN016", "the dialog has more than \(DialogLoader.maximumSteps) steps", at: location(item))
                    tooManySteps = true
                }
                return steps
            }
            if let step = readStep(item, depth: depth) { steps.append(step) }
        }
        return steps
    }

    private mutating func readStep(_ node: Node, depth: Int) -> RawStep? {
        guard let entries = mappingEntries(node, what: "a step") else { return nil }
        let at = location(node)
        guard let kindEntry = entries.first(where: { Self.stepKinds.contains($0.key) }) else {
            let first = entries.first
            let notes = first.flatMap { NearMiss.suggestion(for: $0.key, among: Self.stepKinds) }.map { ["did you mean `\($0)`?"] }
                ?? ["a step starts with one of: \(Self.stepKinds.joined(separator: ", "))"]
            error("IN019", "this step has none of the step keys\(first.map { " (found `\($0.key)`)" } ?? "")", at: first.map { location($0.keyNode) } ?? at, notes: notes)
            return nil
        }
        let fields = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        func checkKeys(_ allowed: [String], _ context: String) {
            for entry in entries where !allowed.contains(entry.key) {
                unknownKey(entry.key, at: entry.keyNode, allowed: allowed, in: context)
            }
        }
        switch kindEntry.key {
        case "say":
            checkKeys(["say"], "a `say` step")
            return scalar(kindEntry.value, what: "`say`").map { .say(trimmed($0), location(kindEntry.value)) }
        case "section":
            checkKeys(["section"], "a `section` step")
            return scalar(kindEntry.value, what: "`section`").map { .section($0, at) }
        case "ask":
            checkKeys(Self.questionKeys, "a question")
            guard let id = scalar(kindEntry.value, what: "the question id") else { return nil }
            return readQuestion(id: id, idNode: kindEntry.value, fields: fields, at: at).map { .ask(question: $0, at) }
        case "let":
            checkKeys(["let", "be"], "a `let` step")
            guard let name = scalar(kindEntry.value, what: "the `let` name") else { return nil }
            guard let valueNode = fields["be"] else {
                _ = missing("be", in: "`let \(name)`", at: at)
                return nil
            }
            if !isIdentifier(name) {
                error("IN017", "`\(name)` is not a valid name: use letters, digits and _, starting with a letter", at: location(kindEntry.value))
            }
            return expression(valueNode, what: "`be`").map { .assign(name: name, $0, at) }
        case "when":
            checkKeys(["when", "flow", "else"], "a `when` step")
            guard let condition = expression(kindEntry.value, what: "`when`") else { return nil }
            guard let body = fields["flow"] else {
                _ = missing("flow", in: "a `when` step", at: at)
                return nil
            }
            let then = readFlow(body, depth: depth + 1)
            let otherwise = fields["else"].map { readFlow($0, depth: depth + 1) } ?? []
            return .when(condition, then: then, otherwise: otherwise, at)
        case "if":
            checkKeys(["if", "end", "goto"], "an `if` step")
            guard let condition = expression(kindEntry.value, what: "`if`") else { return nil }
            if let endNode = fields["end"], fields["goto"] == nil {
                return scalar(endNode, what: "`end`").map { .endIf(condition, outcome: Named(name: $0, location: location(endNode)), at) }
            }
            if let gotoNode = fields["goto"], fields["end"] == nil {
                return scalar(gotoNode, what: "`goto`").map { .gotoIf(condition, label: Named(name: $0, location: location(gotoNode)), at) }
            }
            error("IN005", "an `if` step needs exactly one of `end` or `goto`", at: at)
            return nil
        case "label":
            checkKeys(["label"], "a `label` step")
            guard let name = scalar(kindEntry.value, what: "the label") else { return nil }
            if let previous = labels[name] {
                error("IN007", "the label `\(name)` is defined twice", at: location(kindEntry.value), notes: ["first defined at \(previous)"])
            }
            labels[name] = location(kindEntry.value)
            return .label(Named(name: name, location: location(kindEntry.value)), at)
        case "goto":
            checkKeys(["goto"], "a `goto` step")
            return scalar(kindEntry.value, what: "`goto`").map { .goto(Named(name: $0, location: location(kindEntry.value)), at) }
        default:
            checkKeys(["end"], "an `end` step")
            return scalar(kindEntry.value, what: "`end`").map { .end(Named(name: $0, location: location(kindEntry.value)), at) }
        }
    }

    private func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    private mutating func readQuestion(id: String, idNode: Node, fields: [String: Node], at: SourceLocation) -> Int? {
        if !isIdentifier(id) {
            error("IN017", "`\(id)` is not a valid question id: use letters, digits and _, starting with a letter", at: location(idNode))
        }
        if let previous = questionIndex[id] {
            error("IN007", "the question `\(id)` is defined twice", at: location(idNode), notes: ["first defined at \(questions[previous].location)"])
            return nil
        }
        var kind: QuestionKind?
        if let node = fields["kind"], let name = scalar(node, what: "`kind`") {
            kind = QuestionKind(rawValue: name)
            if kind == nil {
                let names = QuestionKind.allCases.map(\.rawValue)
                let notes = NearMiss.suggestion(for: name, among: names).map { ["did you mean `\($0)`?"] }
                    ?? ["the kinds are: \(names.joined(separator: ", "))"]
                error("IN013", "unknown question kind `\(name)`", at: location(node), notes: notes)
            }
        } else if fields["kind"] == nil {
            _ = missing("kind", in: "the question `\(id)`", at: at)
        }
        let text = fields["text"].flatMap { scalar($0, what: "the question text") }.map(trimmed)
        if text == nil && fields["text"] == nil { _ = missing("text", in: "the question `\(id)`", at: at) }
        let code = fields["code"].flatMap { scalar($0, what: "`code`") }
        var question = Question(
            id: id, code: code, kind: kind ?? .text, text: TextTemplate(stringLiteral: text ?? ""),
            help: fields["help"].flatMap { scalar($0, what: "`help`") }.map(trimmed), location: location(idNode))
        question.min = fields["min"].flatMap { number($0, what: "`min`") }
        question.max = fields["max"].flatMap { number($0, what: "`max`") }
        question.unit = fields["unit"].flatMap { scalar($0, what: "`unit`") }
        question.isOptional = fields["optional"].flatMap { boolean($0, what: "`optional`") } ?? false
        question.isRedFlag = fields["red_flag"].flatMap { boolean($0, what: "`red_flag`") } ?? (code?.hasPrefix("redflag.") ?? false)
        if let node = fields["unsure"], let word = scalar(node, what: "`unsure`") {
            question.statesUnsure = true
            switch word.lowercased() {
            case "yes", "true": question.unsure = .yes
            case "ask": question.unsure = .ask
            case "keep": question.unsure = .keep
            case "no", "false":
                error("IN017", "doubt is never a \"no\": `unsure` is `ask`, `keep` or `yes`", at: location(node))
            default:
                error("IN017", "unknown `unsure` value `\(word)`", at: location(node), notes: ["`unsure` is `ask` (the default), `keep` or `yes`"])
            }
            if question.unsure == .yes, let kind, kind != .yesno {
                error("IN017", "only yes/no questions may count doubt as yes (`unsure: yes`)", at: location(node))
            }
            if kind == .text { error("IN017", "a text question keeps what is typed; it has no `unsure`", at: location(node)) }
        }
        if let kind {
            if kind == .scale {
                question.min = question.min ?? 0
                question.max = question.max ?? 10
            }
            if let min = question.min, let max = question.max, min > max {
                error("IN017", "`min` (\(NumberFormatting.plain(min))) is greater than `max` (\(NumberFormatting.plain(max)))", at: at)
            }
            if (question.min != nil || question.max != nil) && kind != .number && kind != .scale {
                error("IN017", "only number and scale questions have `min` and `max`", at: at)
            }
            if question.unit != nil && kind != .number {
                error("IN017", "only number questions have a `unit`", at: at)
            }
            if let node = fields["per"] {
                readPeriod(node, into: &question)
            }
            if let node = fields["options"] {
                if kind == .choice || kind == .multi {
                    question.options = readOptions(node, questionID: id)
                } else {
                    error("IN017", "only choice and multi questions have `options`", at: location(node))
                }
            }
            if kind == .choice || kind == .multi {
                if question.options.isEmpty && fields["options"] == nil {
                    error("IN017", "a \(kind.rawValue) question needs `options`", at: at)
                }
                if kind == .multi && question.options.count > 64 {
                    error("IN017", "a multi question may have at most 64 options, not \(question.options.count)", at: at)
                }
            }
        }
        questionIndex[id] = questions.count
        questions.append(question)
        return questions.count - 1
    }

    /// `per:` of a number question: the period its count is over (`month`, `week`, `90 days`), in hours.
    private mutating func readPeriod(_ node: Node, into question: inout Question) {
        guard let text = scalar(node, what: "`per`") else { return }
        guard question.kind == .number else {
            error("IN021", "only number questions have `per` (the period a count is over)", at: location(node))
            return
        }
        guard let hours = QuantityReader.periodHours(text) else {
            error("IN021", "`per: \(text)` is no period: write a time unit, with a count when it is more than one (`month`, `week`, `90 days`)",
                at: location(node))
            return
        }
        question.period = hours
    }

    private mutating func readOptions(_ node: Node, questionID: String) -> [OptionDefinition] {
        guard case .sequence(let items) = node else {
            error("IN006", "`options` must be a list, not a \(nodeKind(node))", at: location(node))
            return []
        }
        var options: [OptionDefinition] = []
        for item in items {
            guard let entries = mappingEntries(item, what: "an option") else { continue }
            var option = OptionDefinition(id: "", text: "", location: location(item))
            var sawID = false
            var sawText = false
            for (key, keyNode, value) in entries {
                switch key {
                case "id":
                    option.id = scalar(value, what: "the option id") ?? ""
                    sawID = true
                    if !isIdentifier(option.id) {
                        error("IN017", "`\(option.id)` is not a valid option id: use letters, digits and _, starting with a letter", at: location(value))
                    }
                case "text":
                    option.text = scalar(value, what: "the option text") ?? ""
                    sawText = true
                case "code":
                    option.code = scalar(value, what: "the option code")
                case "also":
                    switch value {
                    case .scalar(let word): option.also = [word.string]
                    case .sequence(let words): option.also = words.compactMap { scalar($0, what: "an `also` word") }
                    default: error("IN006", "`also` must be a list of words", at: location(value))
                    }
                default:
                    unknownKey(key, at: keyNode, allowed: Self.optionKeys, in: "an option")
                }
            }
            if !sawID { _ = missing("id", in: "an option of `\(questionID)`", at: location(item)) }
            if !sawText { _ = missing("text", in: "an option of `\(questionID)`", at: location(item)) }
            if sawID, let previous = options.first(where: { $0.id == option.id }) {
                error("IN007", "the option `\(option.id)` appears twice in `\(questionID)`", at: location(item), notes: ["first at \(previous.location)"])
                continue
            }
            options.append(option)
        }
        return options
    }

    private mutating func readFlags(_ node: Node, scope: NameScope) -> [FlagRule] {
        var rules: [FlagRule] = []
        for (name, keyNode, value) in mappingEntries(node, what: "`flags`") ?? [] {
            guard let raw = expression(value, what: "the flag `\(name)`"),
                let typed = checkExpression(raw, scope: scope, expecting: .bool)
            else { continue }
            rules.append(FlagRule(name: name, condition: typed, location: location(keyNode)))
        }
        return rules
    }

    private mutating func readChecks(_ node: Node, scope: NameScope) -> [CheckDefinition] {
        guard case .sequence(let items) = node else {
            error("IN006", "`checks` must be a list, not a \(nodeKind(node))", at: location(node))
            return []
        }
        var checks: [CheckDefinition] = []
        for item in items {
            guard let entries = mappingEntries(item, what: "a check") else { continue }
            var name: String?
            var condition: TypedExpression?
            var requirement: TypedExpression?
            var sawCondition = false
            for (key, keyNode, value) in entries {
                switch key {
                case "name": name = scalar(value, what: "the check's name")
                case "if":
                    sawCondition = true
                    condition = expression(value, what: "`if`").flatMap { checkExpression($0, scope: scope, expecting: .bool) }
                case "then": requirement = expression(value, what: "`then`").flatMap { checkExpression($0, scope: scope, expecting: .bool) }
                default: unknownKey(key, at: keyNode, allowed: ["name", "if", "then"], in: "a check")
                }
            }
            if !entries.contains(where: { $0.key == "then" }) { _ = missing("then", in: "a check", at: location(item)) }
            guard let requirement, !sawCondition || condition != nil else { continue }
            checks.append(CheckDefinition(name: name ?? requirement.source, condition: condition, requirement: requirement, location: location(item)))
        }
        return checks
    }

    // MARK: - Names, types and templates

    private mutating func collectLets(_ steps: [RawStep]) {
        for step in steps {
            switch step {
            case .assign(let name, _, let at):
                if questionIndex[name] != nil {
                    error("IN007", "`let \(name)` has the name of a question", at: at)
                } else if let previous = letSlots[name] {
                    error("IN007", "`let \(name)` is defined twice", at: at, notes: ["first defined at \(previous.location)"])
                } else {
                    letSlots[name] = (questions.count + letNames.count, at)
                    letNames.append(name)
                }
            case .when(_, let then, let otherwise, _):
                collectLets(then)
                collectLets(otherwise)
            default:
                break
            }
        }
    }

    private mutating func checkExpression(_ raw: RawExpression, scope: NameScope, expecting: ValueType?) -> TypedExpression? {
        var checker = TypeChecker(scope: scope, origin: raw.origin)
        let typed = checker.check(source: raw.source, expecting: expecting)
        for var diagnostic in checker.diagnostics {
            // A `let` used before the flow computes it: say where it is computed.
            if diagnostic.code == "IN008", let name = raw.source.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" })
                .map(String.init).first(where: { letSlots[$0] != nil && scope.lets[$0] == nil })
            {
                diagnostic.message = "`\(name)` is used before the flow computes it"
                diagnostic.notes = ["`let \(name)` is at \(letSlots[name]!.location)"]
            }
            diagnostics.append(diagnostic)
        }
        return typed
    }

    /// Resolves `{name}` in text to a question's answer, a `let` value, or a setting.
    private mutating func template(_ source: String, at location: SourceLocation) -> TextTemplate {
        let (pieces, problem) = TextTemplate.scan(source)
        if let problem {
            error("IN018", "in this text, \(problem); write {{ for a literal brace", at: location)
            return TextTemplate(stringLiteral: source)
        }
        var parts: [TextTemplate.Part] = []
        for piece in pieces {
            switch piece {
            case .literal(let text):
                parts.append(.literal(text))
            case .name(let name, _):
                if let index = questionIndex[name] {
                    parts.append(.value(name: name, slot: index))
                } else if let local = letSlots[name] {
                    parts.append(.value(name: name, slot: local.slot))
                } else if let setting = settings.first(where: { $0.key == name }) {
                    parts.append(.literal(setting.value))
                } else {
                    let candidates = Array(questionIndex.keys) + letNames + settings.map(\.key)
                    let notes = NearMiss.suggestion(for: name, among: candidates).map { ["did you mean `{\($0)}`?"] } ?? []
                    error("IN018", "the text refers to `{\(name)}`, which is no question, value or setting", at: location, notes: notes)
                }
            }
        }
        // Merge neighbouring literals (settings) so rendering does less work.
        var merged: [TextTemplate.Part] = []
        for part in parts {
            if case .literal(let text) = part, case .literal(let previous)? = merged.last {
                merged[merged.count - 1] = .literal(previous + text)
            } else {
                merged.append(part)
            }
        }
        return TextTemplate(source: source, parts: merged)
    }

    /// Text shown before any question (title, intro): `{settings}` filled in, answers refused.
    private mutating func settingsOnly(_ text: String, at location: SourceLocation) -> String {
        let resolved = template(text, at: location)
        var out = ""
        for part in resolved.parts {
            switch part {
            case .literal(let literal): out += literal
            case .value(let name, _):
                error("IN018", "`{\(name)}` is shown before any question is answered; only settings can be used here", at: location)
            }
        }
        return out
    }

    private mutating func convert(_ raw: [RawStep], scope: inout NameScope, slotTypes: inout [ValueType]) -> [Step] {
        var steps: [Step] = []
        for step in raw {
            switch step {
            case .say(let text, let at):
                steps.append(Step(kind: .say(template(text, at: at)), location: at))
            case .section(let title, let at):
                steps.append(Step(kind: .section(title), location: at))
            case .ask(let question, let at):
                steps.append(Step(kind: .ask(question: question), location: at))
            case .assign(let name, let raw, let at):
                guard let local = letSlots[name], local.location == at else { continue }
                if let typed = checkExpression(raw, scope: scope, expecting: nil) {
                    if case .outcome = typed.type {
                        error("IN009", "a `let` cannot hold an outcome", at: at)
                        continue
                    }
                    scope.lets[name] = (local.slot, typed.type)
                    slotTypes[local.slot] = typed.type
                    steps.append(Step(kind: .assign(name: name, slot: local.slot, typed), location: at))
                }
            case .when(let condition, let then, let otherwise, let at):
                let typed = checkExpression(condition, scope: scope, expecting: .bool)
                let thenSteps = convert(then, scope: &scope, slotTypes: &slotTypes)
                let otherwiseSteps = convert(otherwise, scope: &scope, slotTypes: &slotTypes)
                if let typed {
                    steps.append(Step(kind: .when(typed, then: thenSteps, otherwise: otherwiseSteps), location: at))
                }
            case .endIf(let condition, let outcome, let at):
                let typed = checkExpression(condition, scope: scope, expecting: .bool)
                if let index = resolveOutcome(outcome), let typed {
                    steps.append(Step(kind: .endIf(typed, outcome: index), location: at))
                }
            case .gotoIf(let condition, let label, let at):
                let typed = checkExpression(condition, scope: scope, expecting: .bool)
                if resolveLabel(label), let typed {
                    steps.append(Step(kind: .gotoIf(typed, label: label.name), location: at))
                }
            case .goto(let label, let at):
                if resolveLabel(label) { steps.append(Step(kind: .goto(label: label.name), location: at)) }
            case .label(let label, let at):
                steps.append(Step(kind: .label(label.name), location: at))
            case .end(let outcome, let at):
                if let index = resolveOutcome(outcome) { steps.append(Step(kind: .end(outcome: index), location: at)) }
            }
        }
        return steps
    }

    private mutating func resolveOutcome(_ named: Named) -> Int? {
        if let index = outcomeIndex[named.name] { return index }
        let notes = NearMiss.suggestion(for: named.name, among: rawOutcomes.map(\.id)).map { ["did you mean `\($0)`?"] }
            ?? ["the outcomes are: \(rawOutcomes.map(\.id).joined(separator: ", "))"]
        error("IN011", "unknown outcome `\(named.name)`", at: named.location, notes: notes)
        return nil
    }

    private mutating func resolveLabel(_ named: Named) -> Bool {
        if labels[named.name] != nil { return true }
        let notes = NearMiss.suggestion(for: named.name, among: labels.keys).map { ["did you mean `\($0)`?"] } ?? []
        error("IN012", "no label `\(named.name)` to go to", at: named.location, notes: notes)
        return false
    }

    // MARK: - Compiling the flow

    private func compile(_ flow: [Step]) -> ([Instruction], [SourceLocation]) {
        var program: [Instruction] = []
        var locations: [SourceLocation] = []
        var labelTargets: [String: Int] = [:]
        var pendingJumps: [(index: Int, label: String)] = []

        func append(_ instruction: Instruction, _ location: SourceLocation) -> Int {
            program.append(instruction)
            locations.append(location)
            return program.count - 1
        }
        func emit(_ steps: [Step]) {
            for step in steps {
                switch step.kind {
                case .say(let text): _ = append(.say(text), step.location)
                case .section(let title): _ = append(.section(title), step.location)
                case .ask(let question): _ = append(.ask(question: question), step.location)
                case .assign(_, let slot, let value): _ = append(.assign(slot: slot, value), step.location)
                case .when(let condition, let then, let otherwise):
                    let head = append(.jumpUnless(condition, target: -1), step.location)
                    emit(then)
                    if otherwise.isEmpty {
                        program[head] = .jumpUnless(condition, target: program.count)
                    } else {
                        let skip = append(.jump(target: -1), step.location)
                        program[head] = .jumpUnless(condition, target: program.count)
                        emit(otherwise)
                        program[skip] = .jump(target: program.count)
                    }
                case .endIf(let condition, let outcome): _ = append(.endIf(condition, outcome: outcome), step.location)
                case .gotoIf(let condition, let label):
                    pendingJumps.append((append(.jumpIf(condition, target: -1), step.location), label))
                case .goto(let label):
                    pendingJumps.append((append(.jump(target: -1), step.location), label))
                case .label(let name):
                    labelTargets[name] = program.count
                case .end(let outcome): _ = append(.end(outcome: outcome), step.location)
                }
            }
        }
        emit(flow)
        _ = append(.deadEnd, flow.last?.location ?? SourceLocation(file: file, line: 1, column: 1))
        for (index, label) in pendingJumps {
            let target = labelTargets[label] ?? program.count - 1
            switch program[index] {
            case .jumpIf(let condition, _): program[index] = .jumpIf(condition, target: target)
            default: program[index] = .jump(target: target)
            }
        }
        return (program, locations)
    }
}
