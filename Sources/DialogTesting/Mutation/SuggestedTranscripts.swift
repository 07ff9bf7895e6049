// SuggestedTranscripts: transcripts that would notice the surviving mutants, for an author to review and keep.

import DialogKit

extension MutationReport {
    /// Transcripts that kill the survivors that can be killed: for a changed threshold, branch or
    /// outcome, the shortest answers that tell it apart, ending as the dialog ends now; for dropped
    /// `also` words, one transcript per question typing each word and checking the summary names the
    /// answer it stands for. They pin down what the dialog does today: review each before keeping it.
    public var suggestedTranscripts: [(name: String, text: String)] {
        var out: [(name: String, text: String)] = []
        var words: [String: [WordWitness]] = [:]
        var questionOrder: [String] = []
        var used = Set<String>()
        func unique(_ base: String) -> String {
            var name = base
            var number = 2
            while used.contains(name) {
                name = "\(base)_\(number)"
                number += 1
            }
            used.insert(name)
            return name
        }
        for survivor in survivors {
            switch survivor.verdict {
            case .distinguishable(var example)?:
                example.explanation = [
                    "Suggested by `intake test --mutate --suggest`: notices \(survivor.mutant.place): \(survivor.mutant.change).",
                    "It pins down what the dialog does today; check that this is what it should do.",
                ]
                let line = survivor.mutant.location.line
                out.append((unique("mutant_line\(line)_\(survivor.mutant.kind.rawValue.replacingOccurrences(of: " ", with: "_"))"), example.transcript))
            case .wordReadDifferently(let witness)?:
                if words[witness.question] == nil { questionOrder.append(witness.question) }
                words[witness.question, default: []].append(witness)
            default:
                break
            }
        }
        for question in questionOrder {
            let witnesses = words[question] ?? []
            // Words that end the session need a transcript each; the others share one, going back after each.
            var groups: [[WordWitness]] = witnesses.filter(\.ends).map { [$0] }
            let going = witnesses.filter { !$0.ends }
            if !going.isEmpty { groups.insert(going, at: 0) }
            for group in groups {
                guard let first = group.first else { continue }
                var lines = [
                    "# Suggested by `intake test --mutate --suggest`: each of these words names its answer at `\(question)`.",
                    "# Check each answer below is the one the word should mean.",
                ]
                if !group.contains(where: \.ends) {
                    lines.append(Transcript.endsWithoutOutcomeMarker + ": it goes back after each word, so it stops at the question.")
                }
                for step in first.prefix {
                    lines.append("ask \(step.question)")
                    lines.append("> \(step.typed)")
                }
                for witness in group {
                    lines.append("ask \(question)")
                    lines.append("> \(witness.word)")
                    // Read the same by both: what is said on the way tells them apart.
                    if let text = witness.saidByMutantOnly { lines.append("never says \(text)") }
                    if let text = witness.saidByDialogOnly { lines.append("says \(text)") }
                    if witness.ends {
                        lines.append("says \(witness.summaryLine)")
                    } else {
                        lines.append("> summary")
                        lines.append("says \(witness.summaryLine)")
                        lines.append("> /back")
                    }
                }
                out.append((unique("words_\(question)"), lines.joined(separator: "\n") + "\n"))
            }
        }
        return out
    }
}
