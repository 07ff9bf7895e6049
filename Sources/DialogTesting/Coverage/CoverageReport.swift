// CoverageReport: what the transcripts of each dialog reached, by category, as text and as JSON.

import DialogKit
import Foundation

/// Coverage of every dialog a set of transcripts tests.
public struct CoverageReport: Sendable, Codable {
    public var dialogs: [DialogCoverage]

    /// Whether every item of every category was reached.
    public var isFull: Bool { dialogs.allSatisfy(\.isFull) }

    /// The report as text: per dialog a line per category, then what no transcript reached.
    public var text: String {
        dialogs.map(\.text).joined(separator: "\n\n")
    }

    /// The report as JSON (pretty, keys sorted, so it diffs well).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}

/// Coverage of one dialog.
public struct DialogCoverage: Sendable, Codable {
    public var dialog: String
    public var file: String
    public var transcripts: Int
    public var categories: [CoverageCategory]

    public var isFull: Bool { categories.allSatisfy { $0.missing.isEmpty } }

    public func category(_ name: String) -> CoverageCategory? {
        categories.first { $0.name == name }
    }

    public var text: String {
        var lines = ["\(file) (\(dialog)): coverage by \(transcripts) transcript\(transcripts == 1 ? "" : "s")"]
        let width = categories.map(\.name.count).max() ?? 0
        for category in categories {
            let name = category.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(category.reached)/\(category.total)  \(category.percentText)")
        }
        for category in categories {
            for item in category.impossible {
                lines.append("  (not counted: \(item.location): \(category.singular): \(item.item): no answers can reach it)")
            }
        }
        let missing = categories.filter { !$0.missing.isEmpty }
        if missing.isEmpty {
            lines.append("  everything was reached")
        } else {
            lines.append("  not reached by any transcript:")
            for category in missing {
                for item in category.missing { lines.append("    \(item.location): \(category.singular): \(item.item)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// One category: steps, questions, answers, branches, outcomes, flags, threshold bands.
public struct CoverageCategory: Sendable, Codable {
    public var name: String
    public var singular: String
    public var reached: Int
    public var total: Int
    public var covered: [CoverageItem]
    public var missing: [CoverageItem]
    /// Items no answers can reach (a band outside what the answers' bounds allow): not counted.
    public var impossible: [CoverageItem]

    init(name: String, singular: String, items: [(CoverageItem, Bool)], impossible: [CoverageItem] = []) {
        self.name = name
        self.singular = singular
        self.impossible = impossible
        covered = items.filter(\.1).map(\.0)
        missing = items.filter { !$0.1 }.map(\.0)
        reached = covered.count
        total = items.count
    }

    var percentText: String {
        total == 0 ? "(none)" : String(format: "%.0f%%", (Double(reached) * 100 / Double(total)).rounded(.down))
    }
}

/// One thing that can be reached, and where it is written.
public struct CoverageItem: Sendable, Codable, Equatable {
    public var item: String
    public var location: String
}

extension DialogCoverage {
    /// The coverage an observer saw, item by item.
    init(observer: CoverageObserver, transcripts: Int) {
        let dialog = observer.dialog
        func place(_ location: SourceLocation) -> String { "\(location.file):\(location.line)" }

        // Steps: instructions grouped by where they are written (a `when` with `else` compiles to two).
        var stepItems: [(CoverageItem, Bool)] = []
        var stepIndex: [SourceLocation: Int] = [:]
        for (index, instruction) in dialog.program.enumerated() {
            if case .deadEnd = instruction { continue }
            let location = dialog.programLocations[index]
            let reached = observer.instructions.contains(index)
            if let existing = stepIndex[location] {
                if reached { stepItems[existing].1 = true }
                continue
            }
            stepIndex[location] = stepItems.count
            stepItems.append((CoverageItem(item: Self.describe(instruction, dialog: dialog), location: place(location)), reached))
        }

        var questionItems: [(CoverageItem, Bool)] = []
        var answerItems: [(CoverageItem, Bool)] = []
        let asked = Set(observer.instructions.compactMap { index -> Int? in
            if case .ask(let question) = dialog.program[index] { return question }
            return nil
        })
        for (index, question) in dialog.questions.enumerated() {
            questionItems.append((CoverageItem(item: question.id, location: place(question.location)), asked.contains(index)))
            func add(_ name: String, _ item: CoverageObserver.AnswerItem, _ location: SourceLocation) {
                answerItems.append((CoverageItem(item: "\(question.id) = \(name)", location: place(location)), observer.answers.contains(item)))
            }
            switch question.kind {
            case .yesno:
                add("yes", .yes(index), question.location)
                add("no", .no(index), question.location)
            case .choice, .multi:
                for (optionIndex, option) in question.options.enumerated() {
                    add(option.id, .option(question: index, option: optionIndex), option.location)
                }
                if question.kind == .multi && !question.options.contains(where: { $0.id == "none" }) {
                    add("(none chosen)", .emptyChoice(index), question.location)
                }
            default: break
            }
            if question.isOptional { add("skip", .skipped(index), question.location) }
        }

        var branchItems: [(CoverageItem, Bool)] = []
        for (index, instruction) in dialog.program.enumerated() where instruction.isConditional {
            guard let condition = instruction.expression else { continue }
            let location = place(dialog.programLocations[index])
            branchItems.append((CoverageItem(item: "`\(condition.source)` holds", location: location), observer.branches.contains(index * 2 + 1)))
            branchItems.append((CoverageItem(item: "`\(condition.source)` does not hold", location: location), observer.branches.contains(index * 2)))
        }

        let outcomeItems = dialog.outcomes.enumerated().map { index, outcome in
            (CoverageItem(item: outcome.id, location: place(outcome.location)), observer.outcomes.contains(index))
        }
        var flagItems: [(CoverageItem, Bool)] = []
        for rule in dialog.flags + dialog.outcomes.flatMap(\.flags) where !flagItems.contains(where: { $0.0.item == rule.name }) {
            flagItems.append((CoverageItem(item: rule.name, location: place(rule.location)), observer.flags.contains(rule.name)))
        }

        var bandItems: [(CoverageItem, Bool)] = []
        var impossibleBands: [CoverageItem] = []
        let ranges = ValueRange.slotRanges(of: dialog)
        for (index, site) in observer.thresholds.enumerated() {
            let range = ValueRange.of(site.operand, slots: ranges)
            for (band, name) in site.bandNames.enumerated() {
                let item = CoverageItem(item: "\(site.text): \(name)", location: place(site.location))
                let reached = observer.bands.contains(index * 2 + band)
                if !reached && !site.band(band, isPossibleIn: range) {
                    impossibleBands.append(item)
                } else {
                    bandItems.append((item, reached))
                }
            }
        }

        self.init(
            dialog: dialog.id, file: dialog.file, transcripts: transcripts,
            categories: [
                CoverageCategory(name: "steps", singular: "step", items: stepItems),
                CoverageCategory(name: "questions", singular: "question", items: questionItems),
                CoverageCategory(name: "answers", singular: "answer", items: answerItems),
                CoverageCategory(name: "branches", singular: "branch", items: branchItems),
                CoverageCategory(name: "outcomes", singular: "outcome", items: outcomeItems),
                CoverageCategory(name: "flags", singular: "flag", items: flagItems),
                CoverageCategory(name: "threshold bands", singular: "band", items: bandItems, impossible: impossibleBands),
            ])
    }

    /// A step as an author recognises it.
    static func describe(_ instruction: Instruction, dialog: Dialog) -> String {
        switch instruction {
        case .say(let text): return "say \"\(text.source.prefix(40))\(text.source.count > 40 ? "..." : "")\""
        case .section(let title): return "section \(title)"
        case .ask(let question): return "ask \(dialog.questions[question].id)"
        case .assign(let slot, _): return "let \(dialog.slotNames[slot])"
        case .jumpUnless(let condition, _): return "when \(condition.source)"
        case .jumpIf(let condition, _): return "if \(condition.source) (goto)"
        case .jump: return "goto"
        case .endIf(let condition, let outcome): return "if \(condition.source) (end \(dialog.outcomes[outcome].id))"
        case .end(let outcome): return "end \(dialog.outcomes[outcome].id)"
        case .deadEnd: return "end of the flow"
        }
    }
}

/// Measures transcript coverage of dialogs.
public enum CoverageCollector {
    /// Coverage of each dialog by the transcripts of a suite run (transcripts that could not run add nothing).
    public static func coverage(of suite: TranscriptSuite) -> CoverageReport {
        var observers: [String: CoverageObserver] = [:]
        var counts: [String: Int] = [:]
        var order: [String] = []
        for result in suite.results {
            let dialog = result.session.dialog
            if observers[dialog.file] == nil {
                observers[dialog.file] = CoverageObserver(dialog: dialog)
                order.append(dialog.file)
            }
            PathTracer.observe(result.transcript, dialog: dialog, into: &observers[dialog.file]!)
            counts[dialog.file, default: 0] += 1
        }
        return CoverageReport(dialogs: order.map { DialogCoverage(observer: observers[$0]!, transcripts: counts[$0]!) })
    }

    /// Coverage of one dialog by some transcripts.
    public static func coverage(of dialog: Dialog, transcripts: [Transcript]) -> DialogCoverage {
        var observer = CoverageObserver(dialog: dialog)
        for transcript in transcripts { PathTracer.observe(transcript, dialog: dialog, into: &observer) }
        return DialogCoverage(observer: observer, transcripts: transcripts.count)
    }
}
