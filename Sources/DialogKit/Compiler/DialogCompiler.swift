// DialogCompiler: runs the compiler's passes over a dialog's YAML tree and builds the Dialog.

import Yams

/// The passes in order, each with diagnostics of its own: `DialogReader` (YAML to `DialogSyntax`),
/// `DialogResolver` (names, types and text, giving the checked step tree), `FlowCompiler` (the tree
/// to the program sessions run). The resolver runs even when the reader found errors, so that one
/// load reports as much as it can; the program is only compiled for a dialog without errors.
enum DialogCompiler {
    static func compile(
        _ root: Node.Mapping, source: String, file: String, bytes: [UInt8], includes: ((String) -> IncludedText)? = nil
    ) -> (dialog: Dialog?, diagnostics: [Diagnostic], warningsBesideErrors: [Diagnostic], includedFiles: [(path: String, includedAt: SourceLocation)]) {
        var reader = DialogReader(file: file, readInclude: includes)
        let syntax = reader.read(root)
        var resolver = DialogResolver(syntax, source: source)
        let resolution = resolver.resolve()
        let included = reader.includedFiles.map { (path: $0.path, includedAt: $0.includedAt) }
        let diagnostics = Diagnostic.sortedByPosition(Self.namingIncludes(reader.diagnostics + resolver.diagnostics, included))
        // A stored session resumes only under the same text: the blocks' text is part of it.
        let contentHash = Dialog.fingerprint(reader.includedFiles.isEmpty ? bytes : bytes + reader.includedFiles.flatMap { Array($0.path.utf8) + [0] + $0.bytes })
        guard !diagnostics.contains(where: { $0.severity == .error }), let id = syntax.id, let title = resolution.title else {
            return (nil, diagnostics, Self.namingIncludes(Linter.questionWarnings(resolution.questions), included), included)
        }
        let (program, locations) = FlowCompiler.compile(resolution.flow, file: file)
        let dialog = Dialog(
            id: id, version: syntax.version, title: title, intro: resolution.intro, settings: syntax.settings,
            questions: resolution.questions, slotNames: resolution.slotNames, slotTypes: resolution.slotTypes,
            outcomes: resolution.outcomes, flags: resolution.flags, checks: resolution.checks, flow: resolution.flow,
            program: program, programLocations: locations, file: file, contentHash: contentHash,
            scores: resolution.scores)
        return (dialog, diagnostics, [], included)
    }

    /// Each diagnostic in an included file gets a note naming the `include:` that brought the file in.
    static func namingIncludes(_ diagnostics: [Diagnostic], _ included: [(path: String, includedAt: SourceLocation)]) -> [Diagnostic] {
        guard !included.isEmpty else { return diagnostics }
        return diagnostics.map { diagnostic in
            guard let include = included.first(where: { $0.path == diagnostic.location.file }) else { return diagnostic }
            var noted = diagnostic
            noted.notes.append("in the block \(include.path), included at \(include.includedAt)")
            return noted
        }
    }
}
