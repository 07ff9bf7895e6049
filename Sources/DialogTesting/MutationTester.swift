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
    /// Killed mutants over all, in percent (100 when there are no mutants).
    public var score: Double { results.isEmpty ? 100 : Double(killed) * 100 / Double(results.count) }

    public var text: String {
        var lines = ["\(file): \(results.count) mutants, \(transcripts) transcripts, \(String(format: "%.1f", seconds)) s"]
        for kind in Mutant.Kind.allCases {
            let ofKind = results.filter { $0.mutant.kind == kind }
            if ofKind.isEmpty { continue }
            lines.append("  \(kind.rawValue): \(ofKind.filter(\.killed).count)/\(ofKind.count) noticed")
        }
        if !survivors.isEmpty {
            lines.append("  mutants no transcript notices:")
            for survivor in survivors {
                lines.append("    \(survivor.mutant.place): \(survivor.mutant.kind.rawValue): \(survivor.mutant.change)")
                if let verdict = survivor.verdict { lines.append("      \(verdict.text)") }
            }
        }
        lines.append("\(file): mutation score \(killed)/\(results.count) = \(String(format: "%.1f", score))%")
        return lines.joined(separator: "\n")
    }
}

/// Mutation testing (issue 6): each mutant is run against the transcripts; one that none fails survives.
public enum MutationTester {
    /// Runs `transcripts` (which must pass on `dialog`) against every mutant. With `explain`, each
    /// survivor is explored side by side with the dialog to tell whether any answers could notice it.
    public static func run(_ dialog: Dialog, transcripts: [Transcript], explain: Bool = false) -> MutationReport {
        let start = Date()
        var results: [MutationReport.Result] = []
        for mutant in MutantGenerator.mutants(of: dialog) {
            let killer = transcripts.first { !TranscriptRunner.run($0, dialog: mutant.dialog).passed }
            var result = MutationReport.Result(mutant: mutant, killed: killer != nil, killedBy: killer?.file, verdict: nil)
            if explain && killer == nil { result.verdict = MutantExplainer.verdict(for: mutant, of: dialog) }
            results.append(result)
        }
        return MutationReport(file: dialog.file, transcripts: transcripts.count, results: results, seconds: Date().timeIntervalSince(start))
    }
}
