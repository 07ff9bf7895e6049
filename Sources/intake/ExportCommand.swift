// ExportCommand: `intake export`: kept assessments as FHIR R4, JSON lines or CSV; or a dialog as a FHIR Questionnaire.

import ArgumentParser
import AssessmentStore
import DialogKit
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write kept assessments as FHIR R4, JSON lines or CSV, or a dialog as a FHIR Questionnaire.",
        discussion: """
            fhir: a Bundle (collection) of QuestionnaireResponse resources. json: one object per line per \
            assessment. csv: one row per assessment, one column per question. Only finished assessments \
            are exported. With --questionnaire, writes that dialog as a FHIR R4 Questionnaire instead. \
            --dialog (no default here): with fhir, the responses to that dialog have their items nested in \
            its section groups, as its Questionnaire has them (R4 asks it), and their codings carry the \
            options' values; without it they are flat. With csv, the question columns are in its order.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case fhir, json, csv
    }

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Only assessments finished at or after this: 2026-03-01, 2026-03-01T09:00:00Z, or 7d (days ago).", valueName: "date"))
    var since: String?

    @Option(name: .long, help: "fhir, json or csv.")
    var format: Format = .fhir

    /// `--dialog`, as the commands that run a dialog declare it; read here without their default.
    @OptionGroup var dialogOptions: DialogOptions

    @Option(name: .long, help: ArgumentHelp("Write this dialog as a FHIR R4 Questionnaire (no store is read).", valueName: "path"))
    var questionnaire: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file (created 0600) instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let since, TimeArgument.instant(since) == nil {
            throw ValidationError("--since \(since): give a date (2026-03-01), a date and time (2026-03-01T09:00:00Z), or an age (7d).")
        }
    }

    func run() throws {
        if let questionnaire {
            // Every language the dialog has: English, then each translation without errors.
            let languages = try loadDialogInEveryLanguage(path: questionnaire)
            let loaded = languages[0]
            for note in FHIRExportNotes.leftOut(loaded) { StandardError.write("intake: warning: \(questionnaire): \(note) (docs/storage.md).\n") }
            try write(FHIRQuestionnaire.questionnaire(loaded, translations: Array(languages.dropFirst())).text(pretty: true) + "\n")
            return
        }
        let opened = try store.openExisting()
        let assessments: [StoredAssessment]
        do {
            assessments = try opened.finishedAssessments(since: since.flatMap { TimeArgument.instant($0) })
        } catch {
            StandardError.write("intake: \(error)\n")
            throw ExitCode(1)
        }
        switch format {
        case .fhir:
            let dialog = try dialogOptions.dialog.map { try loadDialog(path: $0) }
            try write(FHIRResponses.bundle(assessments, dialogs: dialog.map { [$0] } ?? []).text(pretty: true) + "\n")
            let flat = assessments.filter { $0.dialogID != dialog?.id }.count
            if flat > 0 {
                let which = dialog.map { "of a dialog other than \($0.id) " } ?? ""
                StandardError.write("intake: note: \(flat) response\(flat == 1 ? "" : "s") \(which)list\(flat == 1 ? "s its" : " their") items flat, not nested in the Questionnaire's section groups; give the dialog with --dialog to nest them (docs/storage.md).\n")
            }
        case .json:
            try write(assessments.map { TableExport.jsonLine($0) + "\n" }.joined())
        case .csv:
            let order = try dialogOptions.dialog.map { try loadDialog(path: $0).questions.map(\.id) } ?? []
            try write(TableExport.csv(assessments, questionOrder: order))
        }
        StandardError.write("intake: exported \(assessments.count) assessment\(assessments.count == 1 ? "" : "s").\n")
    }

    private func write(_ text: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        // Health data: readable by the owner only, as the store is.
        let descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            StandardError.write("intake: cannot write \(output): \(String(cString: strerror(errno)))\n")
            throw ExitCode(1)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        handle.write(Data(text.utf8))
    }
}
