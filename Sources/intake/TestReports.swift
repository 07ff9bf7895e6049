// TestReports: the extra outputs of `intake test`: coverage (text, JSON), JUnit XML, mutation testing.

import ArgumentParser
import AssessmentStore
import DialogKit
import DialogTesting
import Foundation

extension TestDialogs {
    /// Writes what the options ask for after the transcripts ran; true when something failed
    /// (a file that cannot be written, a mutation score below `--min-score`).
    func writeReports(_ suite: TranscriptSuite, seconds: Double) throws -> Bool {
        var failed = false
        if let junit {
            failed = !write(JUnitReport.xml(for: suite, seconds: seconds), to: junit) || failed
        }
        if coverage || coverageJson != nil {
            let report = CoverageCollector.coverage(of: suite)
            if coverage {
                print("")
                print(report.dialogs.isEmpty ? "coverage: no transcript ran" : report.text)
            }
            if let coverageJson { failed = !write(report.json + "\n", to: coverageJson) || failed }
        }
        if mutate { failed = mutationTesting(suite) || failed }
        if let fhirOut { failed = !writeFHIR(suite, into: fhirOut) || failed }
        return failed
    }

    /// For each dialog, `<id>.questionnaire.json`; for each transcript, `<id>/<name>.json` holding the
    /// QuestionnaireResponse of its session (as `intake export` writes one) and what the engine did:
    /// the questions it asked on the way the session took, what "other" options were said to be, each
    /// `let` value, the flags, the scores,
    /// the outcome, and the session's date (`today:`), which the expressions' `today()` must read.
    private func writeFHIR(_ suite: TranscriptSuite, into folder: String) -> Bool {
        var written = Set<String>()
        var ok = true
        let instant = Date(timeIntervalSince1970: 1_790_000_000)
        for result in suite.results {
            let session = result.session
            let dialog = session.dialog
            let dialogFolder = (folder as NSString).appendingPathComponent(dialog.id)
            try? FileManager.default.createDirectory(atPath: dialogFolder, withIntermediateDirectories: true)
            if written.insert(dialog.id).inserted {
                let path = (folder as NSString).appendingPathComponent("\(dialog.id).questionnaire.json")
                ok = write(FHIRQuestionnaire.questionnaire(dialog, now: instant).text(pretty: true) + "\n", to: path) && ok
            }
            let name = ((result.transcript.file as NSString).lastPathComponent as NSString).deletingPathExtension
            let assessment = StoredAssessment(session: session, id: "transcript-\(name)", at: instant)
            var lets: [(String, JSONValue)] = []
            for slot in dialog.questions.count..<dialog.slotNames.count {
                let value: JSONValue
                switch session.value(ofSlot: slot) {
                case .bool(let flag)?: value = .bool(flag)
                case .number(let number)?: value = .number(number)
                case .text(let text)?: value = .string(text)
                case nil: value = .null
                default: continue
                }
                lets.append((dialog.slotNames[slot], value))
            }
            let engine: JSONValue = .object([
                // An "other, please specify" follow-up (`ID.other`) is asked, and its item enabled, after its question.
                ("asked", .array(session.keptAnswers.flatMap { kept -> [JSONValue] in
                    let id = dialog.questions[kept.question].id
                    return kept.other == nil ? [.string(id)] : [.string(id), .string(id + ".other")]
                } + (session.currentQuestionID.map { [.string($0)] } ?? []))),
                ("other", .object(session.keptAnswers.compactMap { kept in
                    kept.other.map { (dialog.questions[kept.question].id + ".other", JSONValue.string($0)) }
                })),
                ("lets", .object(lets)),
                ("flags", .array((session.outcome?.flags ?? []).map { .string($0) })),
                ("scores", .object((session.outcome?.scores ?? []).map { ($0.name, JSONValue.number($0.value)) })),
                ("today", .optional(session.today?.iso)),
                ("outcome", .optional(session.outcome?.id)),
                ("passed", .bool(result.passed)),
            ])
            let document: JSONValue = .object([
                ("transcript", .string(result.transcript.file)), ("dialog", .string(dialog.id)),
                ("response", FHIRResponses.response(assessment, dialog: dialog)), ("engine", engine),
            ])
            ok = write(document.text(pretty: true) + "\n", to: (dialogFolder as NSString).appendingPathComponent("\(name).json")) && ok
        }
        return ok
    }

    /// Mutation testing of each dialog the suite tests, with the transcripts that pass on it.
    private func mutationTesting(_ suite: TranscriptSuite) -> Bool {
        var failed = false
        var dialogs: [(dialog: Dialog, transcripts: [Transcript], failing: Int)] = []
        let inTranslations = suite.results.filter(\.transcript.isTranslated).count
        if inTranslations > 0 {
            print("mutation testing: the \(inTranslations) transcript\(inTranslations == 1 ? "" : "s") played in a translation are left out (mutants are made of the dialog as written)")
        }
        for result in suite.results where !result.transcript.isTranslated {
            let dialog = result.session.dialog
            if let index = dialogs.firstIndex(where: { $0.dialog === dialog }) {
                if result.passed { dialogs[index].transcripts.append(result.transcript) } else { dialogs[index].failing += 1 }
            } else {
                dialogs.append((dialog, result.passed ? [result.transcript] : [], result.passed ? 0 : 1))
            }
        }
        for (dialog, transcripts, failing) in dialogs {
            print("")
            if failing > 0 {
                print("\(dialog.file): \(failing) transcript\(failing == 1 ? "" : "s") fail on the dialog itself; mutants are run against the \(transcripts.count) that pass")
            }
            let report = MutationTester.run(dialog, transcripts: transcripts, explain: true)
            print(report.text)
            if let suggest { failed = !writeSuggestions(report, into: suggest) || failed }
            if let minScore, report.score < minScore {
                print("\(dialog.file): the mutation score is below --min-score \(NumberFormatting.plain(minScore))%")
                failed = true
            }
        }
        return failed
    }

    /// Writes the suggested transcripts of one dialog into `folder/<dialog id>/`.
    private func writeSuggestions(_ report: MutationReport, into folder: String) -> Bool {
        let suggestions = report.suggestedTranscripts
        let dialogID = report.results.first?.mutant.dialog.id ?? "dialog"
        let target = (folder as NSString).appendingPathComponent(dialogID)
        do {
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        } catch {
            print("intake: cannot create \(target): \(error.localizedDescription)")
            return false
        }
        var ok = true
        for (name, text) in suggestions {
            ok = write(text, to: (target as NSString).appendingPathComponent(name + ".transcript")) && ok
        }
        print("\(report.file): \(suggestions.count) suggested transcript\(suggestions.count == 1 ? "" : "s") in \(target); review them before keeping them")
        return ok
    }

    private func write(_ text: String, to path: String) -> Bool {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return true
        } catch {
            print("intake: cannot write \(path): \(error.localizedDescription)")
            return false
        }
    }
}
