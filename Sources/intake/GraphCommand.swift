// GraphCommand: `intake graph PATH`: the dialog as Graphviz dot or Mermaid, optionally with transcript coverage.

import ArgumentParser
import DialogKit
import DialogTesting
import Foundation

extension GraphFormat: ExpressibleByArgument {}

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a dialog: questions, branches with their conditions, outcomes coloured by level.",
        discussion: """
            Render with Graphviz: intake graph Dialogs/example.yaml | dot -Tsvg > example.svg. \
            With --coverage, the ways no transcript under the folder takes are drawn dashed.
            """
    )

    @Argument(help: "The dialog file (.yaml), or a folder holding one.")
    var path: String

    @Option(name: .long, help: "dot (Graphviz) or mermaid.")
    var format: GraphFormat = .dot

    @Option(name: .long, help: "A folder (or transcript files' folder) whose transcripts of this dialog mark what is covered.")
    var coverage: String?

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let path = try singleDialogFile(path)
        let dialog = try loadDialog(path: path)
        var transcripts: [Transcript]?
        if let coverage {
            guard FileManager.default.fileExists(atPath: coverage) else {
                StandardError.write("intake: \(coverage) does not exist\n")
                throw ExitCode(1)
            }
            transcripts = try transcriptsOfDialog(path, under: coverage)
            if transcripts?.isEmpty ?? true {
                StandardError.write("intake: no transcript under \(coverage) tests \(path); everything is drawn dashed\n")
            }
        }
        let text = GraphRenderer.render(DialogGraph(dialog: dialog, transcripts: transcripts), format: format)
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                StandardError.write("intake: cannot write \(output): \(error.localizedDescription)\n")
                throw ExitCode(1)
            }
        } else {
            print(text, terminator: "")
        }
    }

    /// The transcripts under `folder` whose dialog is the file at `path`.
    private func transcriptsOfDialog(_ path: String, under folder: String) throws -> [Transcript] {
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        var found: [Transcript] = []
        for file in TranscriptSuite.transcriptFiles(under: [folder]) {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8),
                case .success(let transcript) = Transcript.parse(text, file: file)
            else {
                StandardError.write("intake: \(file) cannot be read as a transcript; left out\n")
                continue
            }
            let dialogPath = TranscriptSuite.dialogPath(for: file, header: transcript.dialogPath)
            // The graph is drawn of the dialog as written; a transcript in a translation plays another text.
            if !transcript.isTranslated, URL(fileURLWithPath: dialogPath).standardizedFileURL.path == target { found.append(transcript) }
        }
        return found
    }
}
