// Linter: warnings and errors about a dialog that loads but may not do what its author means.

/// Finds problems in a loaded dialog: unreachable steps, outcomes never reached, dead ends, loops with
/// no way out, answer words two options share, questions without help, red flags after an early exit,
/// and an emergency number that text shows but `settings` leaves empty.
public enum Linter {
    public static func lint(_ dialog: Dialog) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let program = dialog.program
        let reachable = reachableInstructions(program)

        // Unreachable steps: report the first instruction of each unreachable run.
        var previousUnreachable = false
        for index in program.indices {
            let isUnreachable = !reachable[index]
            if isUnreachable, !previousUnreachable, program[index] != .deadEnd {
                diagnostics.append(Diagnostic(.unreachableStep, "this step can never be reached", at: dialog.programLocations[index]))
            }
            previousUnreachable = isUnreachable
        }

        // Outcomes never reached.
        var reachedOutcomes = Set<Int>()
        for index in program.indices where reachable[index] {
            switch program[index] {
            case .end(let outcome), .endIf(_, let outcome): reachedOutcomes.insert(outcome)
            default: break
            }
        }
        for (index, outcome) in dialog.outcomes.enumerated() where !reachedOutcomes.contains(index) {
            diagnostics.append(Diagnostic(.outcomeNeverReached, "the outcome `\(outcome.id)` is never reached", at: outcome.location))
        }

        // Dead ends: the flow can run out without an outcome; loops: a place from which no outcome can be reached.
        if let last = program.indices.last, reachable[last], case .deadEnd = program[last] {
            diagnostics.append(Diagnostic(
                .deadEnd, "the flow can reach its end without an outcome; finish it with `- end: OUTCOME`",
                at: dialog.programLocations[last]))
        }
        let canFinish = instructionsThatCanFinish(program)
        for index in program.indices where reachable[index] && !canFinish[index] {
            if case .deadEnd = program[index] { continue }
            if case .jump = program[index] {
                diagnostics.append(Diagnostic(
                    .loopWithoutExit, "this `goto` loops with no way out: no outcome can be reached from here",
                    at: dialog.programLocations[index]))
                break
            }
        }

        diagnostics += questionWarnings(dialog.questions)

        // Red-flag questions after an early exit to anything but emergency care.
        var earlyExit: (location: SourceLocation, outcome: String)?
        for index in program.indices where reachable[index] {
            switch program[index] {
            case .end(let outcome), .endIf(_, let outcome):
                if earlyExit == nil, dialog.outcomes[outcome].level != .emergency {
                    earlyExit = (dialog.programLocations[index], dialog.outcomes[outcome].id)
                }
            case .ask(let question):
                if let exit = earlyExit, dialog.questions[question].isRedFlag {
                    diagnostics.append(Diagnostic(
                        .redFlagAfterExit,
                        "the red-flag question `\(dialog.questions[question].id)` comes after an early exit to `\(exit.outcome)`: someone could leave before being asked it",
                        at: dialog.questions[question].location, notes: ["the exit is at \(exit.location)"]))
                }
            default: break
            }
        }
        diagnostics += doubtWarnings(dialog, reachable: reachable)
        diagnostics += readBeforeAsked(dialog, reachable: reachable)
        diagnostics += unsetEmergencyNumber(in: dialog)
        diagnostics += levelAndRuleWarnings(dialog)
        return Diagnostic.sortedByPosition(diagnostics)
    }

    /// The warnings that need only the questions, not the compiled program: what lint can still say
    /// about a dialog with errors, so that warnings come beside the errors and not only once every
    /// error is fixed.
    public static func questionWarnings(_ questions: [Question]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for question in questions {
            if question.help == nil {
                diagnostics.append(Diagnostic(.missingHelp, "the question `\(question.id)` has no `help`", at: question.location))
            }
            diagnostics += ambiguousWords(in: question)
        }
        return diagnostics
    }

    /// A yes/no question whose yes can end the dialog must say what doubt does (IN109): its default
    /// asks again, which is safe but may not be what the author means at a red flag. A question that
    /// keeps doubt (`unsure: keep`) must have a step that reads it (IN110), or "not sure" would pass
    /// as no answer at all.
    static func doubtWarnings(_ dialog: Dialog, reachable: [Bool]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let questionCount = dialog.questions.count
        /// The questions a condition depends on, through the `let` values it reads.
        func questionsRead(by expression: Expression) -> Set<Int> {
            var found = Set<Int>()
            var pending = expression.slotsRead
            var seen = Set<Int>()
            while let slot = pending.popLast() {
                guard seen.insert(slot).inserted else { continue }
                if slot < questionCount { found.insert(slot) } else if let definition = dialog.letDefinitions[slot] { pending += definition.expression.slotsRead }
            }
            return found
        }
        var warned = Set<Int>()
        var doubtsRead = Set<Int>()
        for index in dialog.program.indices {
            guard let expression = dialog.instructionExpressions[index] else { continue }
            doubtsRead.formUnion(expression.doubtsRead)
            guard reachable[index], case .endIf = dialog.program[index] else { continue }
            for question in questionsRead(by: expression).sorted() where dialog.questions[question].kind == .yesno
                && !dialog.questions[question].statesUnsure && warned.insert(question).inserted
            {
                diagnostics.append(Diagnostic(
                    .doubtUnstated,
                    "a yes to `\(dialog.questions[question].id)` can end the dialog, but the question does not say what doubt does",
                    at: dialog.questions[question].location,
                    notes: [
                        "the end is at \(dialog.programLocations[index])",
                        "add `unsure: yes` to count \"not sure\" as yes, or `unsure: keep` and a step for `\(dialog.questions[question].id) is unsure`; without it, doubt is asked again",
                    ]))
            }
        }
        for definition in dialog.letDefinitions.values { doubtsRead.formUnion(definition.expression.doubtsRead) }
        for question in dialog.questions.indices where dialog.questions[question].unsure == .keep && !doubtsRead.contains(question) {
            diagnostics.append(Diagnostic(
                .keptDoubtUnread,
                "`\(dialog.questions[question].id)` keeps \"not sure\" as its answer (`unsure: keep`), but no step reads `\(dialog.questions[question].id) is unsure`",
                at: dialog.questions[question].location,
                notes: ["a kept doubt has no value, so every comparison with it is false: the flow goes on as if the question had not been asked"]))
        }
        return diagnostics
    }

    /// IN111: a condition or `let` that reads a question no way to it has asked yet. The question has no
    /// answer there on any path, so every comparison with it is false and the branch can never fire;
    /// the same mistake with a `let` is an error (IN022). A question asked on some ways here but not on
    /// others (after a `when`, or an optional one) is not warned: reading it there is how a flow asks
    /// "was this asked and answered?".
    static func readBeforeAsked(_ dialog: Dialog, reachable: [Bool]) -> [Diagnostic] {
        let program = dialog.program
        let questionCount = dialog.questions.count
        // The questions some way from the start has asked before each instruction runs (a may-analysis:
        // a join unites), as one bit a question.
        let words = (questionCount + 63) / 64
        var asked = [[UInt64]?](repeating: nil, count: program.count)
        if !program.isEmpty { asked[0] = [UInt64](repeating: 0, count: words) }
        var pending = program.isEmpty ? [] : [0]
        while let index = pending.popLast() {
            guard var after = asked[index] else { continue }
            if case .ask(let question) = program[index] { after[question / 64] |= 1 << UInt64(question % 64) }
            for case let next? in program[index].successors(at: index) where next < program.count {
                if var known = asked[next] {
                    var grew = false
                    for word in 0..<words where known[word] | after[word] != known[word] {
                        known[word] |= after[word]
                        grew = true
                    }
                    guard grew else { continue }
                    asked[next] = known
                } else {
                    asked[next] = after
                }
                pending.append(next)
            }
        }
        var diagnostics: [Diagnostic] = []
        for index in program.indices where reachable[index] {
            let typed: TypedExpression
            switch program[index] {
            case .assign(_, let expression), .jumpUnless(let expression, _), .jumpIf(let expression, _), .endIf(let expression, _):
                typed = expression
            default: continue
            }
            guard let before = asked[index] else { continue }
            var read = typed.expression.slotsRead
            for slot in typed.expression.doubtsRead where !read.contains(slot) { read.append(slot) }
            for question in read where question < questionCount && before[question / 64] & (1 << UInt64(question % 64)) == 0 {
                let id = dialog.questions[question].id
                var location = typed.location
                location.column += offset(ofName: id, in: typed.source) ?? 0
                diagnostics.append(Diagnostic(
                    .readBeforeAsked,
                    "`\(id)` is read here before it is asked: no way to this step asks it first, so it has no answer here yet",
                    at: location, notes: ["`\(id)` is asked at \(dialog.questions[question].location); move this step after it"]))
            }
        }
        return diagnostics
    }

    /// Where a name first stands as a whole word in expression text (not inside a longer name or a quoted text).
    static func offset(ofName name: String, in source: String) -> Int? {
        let characters = Array(source)
        let target = Array(name)
        var index = 0
        var quote: Character?
        func isNamePart(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if index + target.count <= characters.count, Array(characters[index..<index + target.count]) == target,
                index == 0 || !isNamePart(characters[index - 1]),
                index + target.count == characters.count || !isNamePart(characters[index + target.count])
            {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The setting whose value text must never silently fall back to a default: a number that does not
    /// connect where the dialog is used is worse than none.
    static let emergencyNumberSetting = "emergency_number"

    /// IN108: text shows `{emergency_number}` but `settings` leaves it unset or blank. (Unset is already a
    /// load error, IN018, for interpolated text; `help` is shown as written and is checked here too.)
    static func unsetEmergencyNumber(in dialog: Dialog) -> [Diagnostic] {
        let value = dialog.settings.first { $0.key == emergencyNumberSetting }?.value
        if let value, !value.allSatisfy(\.isWhitespace) { return [] }
        var texts: [(source: String, location: SourceLocation)] = []
        for (index, instruction) in dialog.program.enumerated() {
            if case .say(let text) = instruction { texts.append((text.source, dialog.programLocations[index])) }
        }
        for question in dialog.questions {
            texts.append((question.text.source, question.location))
            if let help = question.help { texts.append((help, question.location)) }
        }
        for outcome in dialog.outcomes { texts.append((outcome.text.source, outcome.location)) }
        let what = value == nil ? "unset" : "empty"
        return texts.filter { mentionsEmergencyNumber($0.source) }.map { text in
            Diagnostic(
                .emergencyNumberUnset,
                "this text shows `{\(emergencyNumberSetting)}`, but the setting is \(what): set it to the emergency number where the dialog is used",
                at: text.location, notes: ["a dialog must not fall back to a number that may not connect there (911 works only in North America)"])
        }
    }

    static func mentionsEmergencyNumber(_ source: String) -> Bool {
        TextTemplate.scan(source).pieces.contains { piece in
            if case .name(let name, _) = piece { return name == emergencyNumberSetting }
            return false
        }
    }

    /// Which instructions some path from the start reaches, taking every branch both ways.
    public static func reachableInstructions(_ program: [Instruction]) -> [Bool] {
        var reachable = [Bool](repeating: false, count: program.count)
        var stack = program.isEmpty ? [] : [0]
        while let index = stack.popLast() {
            guard index < program.count, !reachable[index] else { continue }
            reachable[index] = true
            for case let next? in program[index].successors(at: index) { stack.append(next) }
        }
        return reachable
    }

    /// Which instructions have a path to an outcome.
    static func instructionsThatCanFinish(_ program: [Instruction]) -> [Bool] {
        var canFinish = [Bool](repeating: false, count: program.count)
        var changed = true
        while changed {
            changed = false
            for index in program.indices where !canFinish[index] {
                let finishes: Bool
                switch program[index] {
                case .end, .endIf: finishes = true
                case .deadEnd: finishes = false
                default: finishes = program[index].successors(at: index).contains { $0.map { $0 < program.count && canFinish[$0] } ?? false }
                }
                if finishes {
                    canFinish[index] = true
                    changed = true
                }
            }
        }
        return canFinish
    }

    /// `also` words (and option texts) that name two options, so a person typing them cannot be understood.
    static func ambiguousWords(in question: Question) -> [Diagnostic] {
        var owner: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for (index, option) in question.options.enumerated() {
            var names = Set([option.text] + option.also).map(TextFolding.fold)
            names.append(TextFolding.fold(option.id.replacingUnderscores()))
            for name in Set(names) where !name.isEmpty {
                if let other = owner[name], other != index {
                    diagnostics.append(Diagnostic(
                        .ambiguousWord,
                        "\"\(name)\" names two options of `\(question.id)`: `\(question.options[other].id)` and `\(option.id)`",
                        at: option.location))
                } else {
                    owner[name] = index
                }
            }
        }
        return diagnostics
    }
}
