// FlowCompiler: the compiler's third pass, the checked step tree to the flat program of instructions.

/// Compiles the flow to what sessions run: a `when` becomes a conditional jump over its body (and a jump
/// over its `else`), a label becomes the index a `goto` jumps to, and a final `deadEnd` catches a flow
/// that runs off its end. Lint, the path checker and the graph export read this program rather than
/// the tree, so that they see exactly what sessions run.
enum FlowCompiler {
    /// The program and, for each instruction, the position of the step it came from.
    static func compile(_ flow: [Step], file: String) -> (program: [Instruction], locations: [SourceLocation]) {
        var program: [Instruction] = []
        var locations: [SourceLocation] = []
        var labelTargets: [String: Int] = [:]
        // A `goto` may jump forward, to a label not emitted yet: its target is filled in at the end.
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
                    } else if !canFallThrough(then) {
                        // No jump over the `else` when the body never reaches its end: that jump could
                        // never run, and lint would call the `when` itself unreachable.
                        program[head] = .jumpUnless(condition, target: program.count)
                        emit(otherwise)
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
            // The resolver refused a `goto` without its label; the dead end is only a safe place to point.
            let target = labelTargets[label] ?? program.count - 1
            switch program[index] {
            case .jumpIf(let condition, _): program[index] = .jumpIf(condition, target: target)
            default: program[index] = .jump(target: target)
            }
        }
        return (program, locations)
    }

    /// Whether running `steps` can go on past their last step: not when it is an `end` or a `goto`, nor
    /// a `when` whose body and `else` both cannot. A label last can be jumped to, so it falls through.
    static func canFallThrough(_ steps: [Step]) -> Bool {
        guard let last = steps.last else { return true }
        switch last.kind {
        case .end, .goto: return false
        case .when(_, let then, let otherwise): return otherwise.isEmpty || canFallThrough(then) || canFallThrough(otherwise)
        default: return true
        }
    }
}
