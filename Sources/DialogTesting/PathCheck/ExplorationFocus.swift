// ExplorationFocus: what one exploration must tell apart: the slots that can matter to the properties
// it judges (their cone of influence), and those flags and checks. Properties with the same cone are
// explored together; answers outside the cone are tried once.

import DialogKit

/// The slots, flags and checks one exploration judges.
struct ExplorationFocus: Sendable {
    /// The slots whose values can change the way through the dialog or a judged flag or check.
    var slots: SlotSet
    var flagNames: Set<String>
    /// Indices into `Dialog.checks`.
    var checks: Set<Int>

    /// Everything: every slot, flag and check.
    static func everything(_ dialog: Dialog) -> ExplorationFocus {
        let allFlags = Set((dialog.flags + dialog.outcomes.flatMap(\.flags)).map(\.name))
        return ExplorationFocus(
            slots: SlotSet(capacity: dialog.slotNames.count, dialog.slotNames.indices), flagNames: allFlags,
            checks: Set(dialog.checks.indices))
    }

    /// The groups a full check explores: first the way through the dialog itself (outcomes, dead ends,
    /// loops) with every property that needs nothing more, then one group per other cone.
    static func groups(for dialog: Dialog) -> [ExplorationFocus] {
        let cones = Cones(dialog: dialog)
        var groups = [ExplorationFocus(slots: cones.control, flagNames: [], checks: [])]
        // Properties whose cones hold the same questions share an exploration: what it costs is the
        // answers tried, and `let` values computed from the same answers add little.
        func questions(_ cone: SlotSet) -> [Int] {
            cone.members.filter { $0 < dialog.questions.count }
        }
        func add(_ cone: SlotSet, flags: Set<String>, checks: Set<Int>) {
            if let index = groups.firstIndex(where: { questions($0.slots) == questions(cone) }) {
                groups[index].slots.formUnion(cone)
                groups[index].flagNames.formUnion(flags)
                groups[index].checks.formUnion(checks)
            } else {
                groups.append(ExplorationFocus(slots: cone, flagNames: flags, checks: checks))
            }
        }
        var seen = Set<String>()
        for rule in dialog.flags + dialog.outcomes.flatMap(\.flags) where seen.insert(rule.name).inserted {
            add(cones.cone(ofFlag: rule.name), flags: [rule.name], checks: [])
        }
        for index in dialog.checks.indices {
            let (cone, flags) = cones.cone(ofCheck: index)
            add(cone, flags: flags, checks: [index])
        }
        return groups
    }

    /// For a mutant: the way through the dialog, and every flag whose value the changed expression can reach.
    static func forChange(at owner: ExpressionOwner?, of dialog: Dialog) -> ExplorationFocus {
        let cones = Cones(dialog: dialog)
        var slots = cones.control
        var flags = Set<String>()
        var changedSlot: Int?
        switch owner {
        case .instruction(let index)?:
            if case .assign(let slot, let expression) = dialog.program[index] {
                changedSlot = slot
                for read in cones.closure(expression.expression.slotsRead).members { slots.insert(read) }
            }
        case .flag(let index)?:
            flags.insert(dialog.flags[index].name)
        case .outcomeFlag(let outcome, let index)?:
            flags.insert(dialog.outcomes[outcome].flags[index].name)
        default:
            break
        }
        for rule in dialog.flags + dialog.outcomes.flatMap(\.flags) {
            let cone = cones.cone(ofFlag: rule.name)
            if flags.contains(rule.name) || changedSlot.map(cone.contains) == true || rule.condition.expression.slotsRead.contains(where: slots.contains) {
                flags.insert(rule.name)
                slots.formUnion(cone)
            }
        }
        return ExplorationFocus(slots: slots, flagNames: flags, checks: [])
    }
}

/// Cones of influence: the slots a value depends on, through the `let` values that compute it.
private struct Cones {
    let dialog: Dialog
    /// For each `let` slot, what its computations read.
    let letReads: [Int: [Int]]
    /// The slots the way through the dialog depends on.
    let control: SlotSet

    init(dialog: Dialog) {
        self.dialog = dialog
        var reads: [Int: [Int]] = [:]
        for instruction in dialog.program {
            if case .assign(let slot, let expression) = instruction { reads[slot, default: []] += expression.expression.slotsRead }
        }
        letReads = reads
        let sayOnly = DialogAnalysis.sayOnlyConditionals(dialog.program)
        var conditions: [Int] = []
        for (index, instruction) in dialog.program.enumerated() where instruction.isConditional && !sayOnly.contains(index) {
            conditions += instruction.expression?.expression.slotsRead ?? []
        }
        // A constraint that reads earlier answers decides, with them, which answers can be given at all.
        for question in dialog.questions.indices where !dialog.constraintReads(question).isEmpty {
            conditions += dialog.constraintReads(question) + [question]
        }
        control = Self.closure(conditions, letReads: reads, slotCount: dialog.slotNames.count)
    }

    func closure(_ slots: [Int]) -> SlotSet {
        Self.closure(slots, letReads: letReads, slotCount: dialog.slotNames.count)
    }

    /// The slots and every slot their `let` computations read, transitively.
    static func closure(_ slots: [Int], letReads: [Int: [Int]], slotCount: Int) -> SlotSet {
        var set = SlotSet(capacity: slotCount)
        var stack = slots
        while let slot = stack.popLast() {
            guard !set.contains(slot) else { continue }
            set.insert(slot)
            stack += letReads[slot] ?? []
        }
        return set
    }

    func cone(ofFlag name: String) -> SlotSet {
        let reads = (dialog.flags + dialog.outcomes.flatMap(\.flags)).filter { $0.name == name }.flatMap(\.condition.expression.slotsRead)
        var cone = closure(reads)
        cone.formUnion(control)
        return cone
    }

    /// A check's cone, and the flags it reads through `flagged(...)`.
    func cone(ofCheck index: Int) -> (SlotSet, Set<String>) {
        let check = dialog.checks[index]
        let expressions = [check.condition?.expression, check.requirement.expression].compactMap { $0 }
        var flags = Set<String>()
        for expression in expressions {
            for (_, node) in expression.nodesWithPaths {
                if case .flagged(let name) = node { flags.insert(name) }
            }
        }
        var cone = closure(expressions.flatMap(\.slotsRead))
        cone.formUnion(control)
        for flag in flags { cone.formUnion(self.cone(ofFlag: flag)) }
        return (cone, flags)
    }
}
