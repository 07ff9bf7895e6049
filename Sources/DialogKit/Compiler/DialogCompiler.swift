// DialogCompiler: runs the compiler's passes over a dialog's YAML tree and builds the Dialog.

import Yams

/// The passes in order, each with diagnostics of its own: `DialogReader` (YAML to `DialogSyntax`),
/// `DialogResolver` (names, types and text, giving the checked step tree), `FlowCompiler` (the tree
/// to the program sessions run). The resolver runs even when the reader found errors, so that one
/// load reports as much as it can; the program is only compiled for a dialog without errors.
enum DialogCompiler {
    static func compile(
        _ root: Node.Mapping, source: String, file: String, contentHash: String
    ) -> (dialog: Dialog?, diagnostics: [Diagnostic], warningsBesideErrors: [Diagnostic]) {
        var reader = DialogReader(file: file)
        let syntax = reader.read(root)
        var resolver = DialogResolver(syntax, source: source)
        let resolution = resolver.resolve()
        let diagnostics = Diagnostic.sortedByPosition(reader.diagnostics + resolver.diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }), let id = syntax.id, let title = resolution.title else {
            return (nil, diagnostics, Linter.questionWarnings(resolution.questions))
        }
        let (program, locations) = FlowCompiler.compile(resolution.flow, file: file)
        let dialog = Dialog(
            id: id, version: syntax.version, title: title, intro: resolution.intro, settings: syntax.settings,
            questions: resolution.questions, slotNames: resolution.slotNames, slotTypes: resolution.slotTypes,
            outcomes: resolution.outcomes, flags: resolution.flags, checks: resolution.checks, flow: resolution.flow,
            program: program, programLocations: locations, file: file, contentHash: contentHash,
            scores: resolution.scores)
        return (dialog, diagnostics, [])
    }
}
