// DialogReader+Flow: the reader's part for `flow:`, a list of steps, each named by its first key.

import Yams

extension DialogReader {
    static let stepKinds = ["say", "section", "ask", "let", "when", "if", "label", "goto", "end", "include"]

    mutating func readFlow(_ node: Node, depth: Int) -> [StepSyntax] {
        guard case .sequence(let sequence) = node else {
            error(.wrongShape, "a flow must be a list of steps (each starting with `- `), not a \(nodeKind(node))", at: location(node))
            return []
        }
        if depth > DialogLoader.maximumNesting {
            error(.nestedTooDeep, "`when` blocks are nested more than \(DialogLoader.maximumNesting) deep", at: location(node))
            return []
        }
        var steps: [StepSyntax] = []
        for item in sequence {
            stepCount += 1
            if stepCount > DialogLoader.maximumSteps {
                if !reportedTooManySteps {
                    error(.tooManySteps, "the dialog has more than \(DialogLoader.maximumSteps) steps", at: location(item))
                    reportedTooManySteps = true
                }
                return steps
            }
            // A step named by `include` (its first step key) is replaced by the block's steps.
            if case .mapping(let mapping) = item, mapping.keys.first(where: { Self.stepKinds.contains($0.string ?? "") })?.string == "include",
                let entries = mappingEntries(item, what: "a step")
            {
                steps += readInclude(item, entries: entries, depth: depth)
                continue
            }
            if let step = readStep(item, depth: depth) { steps.append(step) }
        }
        return steps
    }

    private mutating func readStep(_ node: Node, depth: Int) -> StepSyntax? {
        guard let entries = mappingEntries(node, what: "a step") else { return nil }
        let at = location(node)
        guard let kindEntry = entries.first(where: { Self.stepKinds.contains($0.key) }) else {
            let first = entries.first
            let notes = first.flatMap { NearMiss.suggestion(for: $0.key, among: Self.stepKinds) }.map { ["did you mean `\($0)`?"] }
                ?? ["a step starts with one of: \(Self.stepKinds.joined(separator: ", "))"]
            error(.notAStep, "this step has none of the step keys\(first.map { " (found `\($0.key)`)" } ?? "")",
                at: first.map { location($0.keyNode) } ?? at, notes: notes)
            return nil
        }
        let fields = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        func checkKeys(_ allowed: [String], _ context: String) {
            for entry in entries where !allowed.contains(entry.key) {
                unknownKey(entry.key, at: entry.keyNode, allowed: allowed, in: context)
            }
        }
        let value = kindEntry.value
        switch kindEntry.key {
        case "say":
            checkKeys(["say"], "a `say` step")
            return scalar(value, what: "`say`").map { .say(trimmed($0), location(value)) }
        case "section":
            checkKeys(["section"], "a `section` step")
            return scalar(value, what: "`section`").map { .section($0, at) }
        case "ask":
            checkKeys(Self.questionKeys, "a question")
            guard let id = scalar(value, what: "the question id") else { return nil }
            return readQuestion(id: id, idNode: value, fields: fields, at: at).map { .ask(question: $0, at) }
        case "let":
            checkKeys(["let", "be"], "a `let` step")
            guard let name = scalar(value, what: "the `let` name") else { return nil }
            guard let valueNode = fields["be"] else {
                missing("be", in: "`let \(name)`", at: at)
                unreadLets.insert(name)
                return nil
            }
            if !Self.isIdentifier(name) {
                error(.invalidIdentifier, "`\(name)` is not a valid name: use letters, digits and _, starting with a letter", at: location(value))
            }
            guard let value = expression(valueNode, what: "`be`") else {
                unreadLets.insert(name)
                return nil
            }
            return .assign(name: name, value, at)
        case "when":
            checkKeys(["when", "flow", "else"], "a `when` step")
            guard let condition = expression(value, what: "`when`") else { return nil }
            guard let body = fields["flow"] else {
                missing("flow", in: "a `when` step", at: at)
                return nil
            }
            let then = readFlow(body, depth: depth + 1)
            let otherwise = fields["else"].map { readFlow($0, depth: depth + 1) } ?? []
            return .when(condition, then: then, otherwise: otherwise, at)
        case "if":
            checkKeys(["if", "end", "goto"], "an `if` step")
            guard let condition = expression(value, what: "`if`") else { return nil }
            if let endNode = fields["end"], fields["goto"] == nil {
                return scalar(endNode, what: "`end`").map { .endIf(condition, outcome: NameReference(name: $0, location: location(endNode)), at) }
            }
            if let gotoNode = fields["goto"], fields["end"] == nil {
                return scalar(gotoNode, what: "`goto`").map { .gotoIf(condition, label: NameReference(name: $0, location: location(gotoNode)), at) }
            }
            error(.missingKey, "an `if` step needs exactly one of `end` or `goto`", at: at)
            return nil
        case "label":
            checkKeys(["label"], "a `label` step")
            return scalar(value, what: "the label").map { .label(NameReference(name: $0, location: location(value)), at) }
        case "goto":
            checkKeys(["goto"], "a `goto` step")
            return scalar(value, what: "`goto`").map { .goto(NameReference(name: $0, location: location(value)), at) }
        default:
            checkKeys(["end"], "an `end` step")
            return scalar(value, what: "`end`").map { .end(NameReference(name: $0, location: location(value)), at) }
        }
    }
}
