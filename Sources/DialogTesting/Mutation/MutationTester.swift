// MutationTester: runs a dialog's transcripts against each of its mutants and scores how many they notice.

import DialogKit
import Foundation

/// The result of mutation testing one dialog.
public struct MutationReport: Sendable {
    /// A mutant and whether some transcript failed on it.
    public struct Result: Sendable {
        public var mutant: Mutant
        public var killed: Bool
        /// The transcript that noticed it.
        public var killedBy: String?
        /// For a survivor, when asked for: whether it could be noticed at all.
        public var verdict: MutantVerdict?
    }

    public var file: String
    public var transcripts: Int
    public var results: [Result]
    public var seconds: Double

    public var killed: Int { results.filter(\.killed).count }
    public var survivors: [Result] { results.filter { !$0.killed } }
    /// Killed mutants over those that are not known to be equivalent, in percent (100 when there are none).
    public var score: Double {
        let counted = results.count - survivors.filter { $0.verdict?.isEquivalent == true }.count
        return counted == 0 ? 100 : Double(killed) * 100 / Double(counted)
    }

    /// Killed mutants over all of them, in percent.
    public var rawScore: Double { results.isEmpty ? 100 : Double(killed) * 100 / Double(results.count) }

    public var text: String {
        var lines = ["\(file): \(results.count) mutants, \(transcripts) transcripts, \(String(format: "%.1f", seconds)) s"]
        for kind in Mutant.Kind.allCases {
            let ofKind = results.filter { $0.mutant.kind == kind }
            if ofKind.isEmpty { continue }
            lines.append("  \(kind.rawValue): \(ofKind.filter(\.killed).count)/\(ofKind.count) noticed")
        }
        // Survivors a transcript could notice are the work to do; equivalent ones behave like the
        // dialog and are listed apart, as hints to tidy it.
        let noticeable = survivors.filter { $0.verdict?.isEquivalent != true }
        let equivalentMutants = survivors.filter { $0.verdict?.isEquivalent == true }
        for (heading, group) in [
            ("mutants no transcript notices:", noticeable),
            ("equivalent mutants (they behave exactly like the dialog; left out of the score):", equivalentMutants),
        ] where !group.isEmpty {
            lines.append("  " + heading)
            for survivor in group {
                lines.append("    \(survivor.mutant.place): \(survivor.mutant.kind.rawValue): \(survivor.mutant.change)")
                if let verdict = survivor.verdict { lines.append("      \(verdict.text)") }
            }
        }
        // The score counts the mutants some transcript could notice: an equivalent mutant behaves exactly
        // like the dialog (the usual definition, killed / (all - equivalent)); the raw share follows.
        let equivalent = equivalentMutants.count
        var scoreLine = "\(file): mutation score \(killed)/\(results.count - equivalent) = \(String(format: "%.1f", score))%"
        if equivalent > 0 {
            scoreLine += " (\(equivalent) equivalent mutant\(equivalent == 1 ? "" : "s") left out; of all \(results.count): "
                + String(format: "%.1f", rawScore) + "%)"
        }
        lines.append(scoreLine)
        return lines.joined(separator: "\n")
    }
}

/// Mutation testing (issue 6): each mutant is run against the transcripts; one that none fails survives.
public enum MutationTester {
    /// Runs `transcripts` (which must pass on `dialog`) against every mutant. With `explain`, each
    /// survivor is explored side by side with the dialog to tell whether any answers could notice it.
    public static func run(_ dialog: Dialog, transcripts: [Transcript], explain: Bool = false) -> MutationReport {
        let start = Date()
        // What each transcript reaches: a mutant is first tried only on the transcripts that reach what
        // it changed (most are killed there, fast); a survivor is then run against all of them.
        var reached: [CoverageObserver] = []
        var typed: [[(question: Int, line: String)]] = []
        for transcript in transcripts {
            var observer = CoverageObserver(dialog: dialog)
            PathTracer.observe(transcript, dialog: dialog, into: &observer)
            reached.append(observer)
            typed.append(linesTyped(transcript, dialog: dialog))
        }
        let order = transcripts.indices.sorted { transcripts[$0].lines.count < transcripts[$1].lines.count }
        var results: [MutationReport.Result] = []
        var paths: MutantExplainer.QuestionPaths?
        for mutant in MutantGenerator.mutants(of: dialog) {
            let likely = order.filter { reaches(reached[$0], mutant, dialog: dialog) }
            var killer = likely.first { !TranscriptRunner.passes(transcripts[$0], dialog: mutant.dialog) }
            if killer == nil, let dropped = mutant.droppedWord {
                // Only a line typed at that question that could name the word reads differently without it.
                let others = order.filter { !likely.contains($0) && typed[$0].contains { $0.question == dropped.question && couldName($0.line, dropped.word) } }
                killer = others.first { !TranscriptRunner.passes(transcripts[$0], dialog: mutant.dialog) }
            } else if killer == nil {
                let others = order.filter { !likely.contains($0) }
                killer = others.first { !TranscriptRunner.passes(transcripts[$0], dialog: mutant.dialog) }
            }
            var result = MutationReport.Result(mutant: mutant, killed: killer != nil, killedBy: killer.map { transcripts[$0].file }, verdict: nil)
            if explain && killer == nil {
                if mutant.droppedWord != nil && paths == nil { paths = MutantExplainer.pathsToQuestions(dialog) }
                result.verdict = MutantExplainer.verdict(for: mutant, of: dialog, paths: paths)
            }
            results.append(result)
        }
        return MutationReport(file: dialog.file, transcripts: transcripts.count, results: results, seconds: Date().timeIntervalSince(start))
    }

    /// The lines a transcript types, each with the question asked when it was typed.
    static func linesTyped(_ transcript: Transcript, dialog: Dialog) -> [(question: Int, line: String)] {
        var session = Session(dialog: dialog, today: transcript.today)
        _ = session.start()
        var out: [(question: Int, line: String)] = []
        for case .input(let line) in transcript.lines.map(\.step) {
            if session.isOver { break }
            if let id = session.currentQuestionID, let question = dialog.questions.firstIndex(where: { $0.id == id }) {
                out.append((question, line))
            }
            _ = session.receive(line)
        }
        return out
    }

    /// Whether a typed line could name an option through `word`: it contains the word, or some piece of
    /// it (a multi answer's parts) is the start of the word. Generous on purpose: it only decides which
    /// transcripts are worth running.
    static func couldName(_ line: String, _ word: String) -> Bool {
        func fold(_ text: String) -> String {
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).trimmingCharacters(in: .whitespaces)
        }
        let folded = fold(line)
        let target = fold(word)
        if folded.contains(target) { return true }
        var pieces = [folded]
        for separator in [",", ";", "&", "+", "/", " and ", " also ", " plus ", " as well as "] {
            pieces = pieces.flatMap { $0.components(separatedBy: separator) }
        }
        return pieces.map(fold).contains { !$0.isEmpty && target.hasPrefix($0) }
    }

    /// Whether a transcript reached what the mutant changed.
    private static func reaches(_ observer: CoverageObserver, _ mutant: Mutant, dialog: Dialog) -> Bool {
        if let dropped = mutant.droppedWord {
            return observer.instructions.contains { index in
                if case .ask(let question) = dialog.program[index] { return question == dropped.question }
                return false
            }
        }
        switch mutant.owner {
        case .instruction(let index)?: return observer.instructions.contains(index)
        case .flag?: return !observer.outcomes.isEmpty
        case .outcomeFlag(let outcome, _)?: return observer.outcomes.contains(outcome)
        default: break
        }
        // Outcome and branch mutants change one instruction.
        for index in dialog.program.indices where dialog.program[index] != mutant.dialog.program[index] {
            return observer.instructions.contains(index)
        }
        return true
    }
}
