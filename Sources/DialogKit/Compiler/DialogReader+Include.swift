// DialogReader+Include: `- include: blocks/red-flags.yaml`, a shared block of steps read in place, and a
// block file read on its own (for its own lint and transcripts).

import Yams

/// A file a dialog includes, as the loader layer read it: DialogKit reads no files, so the caller is
/// asked for each path `include:` resolves to (`DialogLoader.load(bytes:file:includes:)`).
public enum IncludedText: Sendable, Equatable {
    case bytes([UInt8])
    /// No file at that path.
    case missing
    /// The file exists but cannot be read, or (found by the caller) is a link that leads outside the dialog's folder.
    case unreadable(String)
}

/// An included block's setting as read: a default (the dialog's own value wins), or with `needs:` one the
/// dialog must give (`value` nil), for `read` to merge.
struct IncludedSetting {
    var key: String
    var value: String?
    var location: SourceLocation
}

extension DialogReader {
    static let blockKeys = ["block", "needs", "settings", "flow", "outcomes"]
    /// The outcome a block read on its own ends in when its flow runs to its end: the including dialog
    /// would go on from there.
    static let blockEndOutcome = "continue"

    /// Where `written`, in `includingFile`, leads: a path relative to the including file's folder, never
    /// absolute and never outside `root` (the folder of the dialog first loaded). Nil with the reason.
    static func includePath(_ written: String, from includingFile: String, root: String) -> (path: String?, refusal: String?) {
        if written.isEmpty { return (nil, "`include` names no file") }
        if written.hasPrefix("/") || written.hasPrefix("~") || written.contains("\\") || written.contains(":") {
            return (nil, "`\(written)` is not a path relative to this file; an include must be in the dialog's folder")
        }
        let rootParts = root.split(separator: "/").map(String.init).filter { $0 != "." }
        var parts = includingFile.split(separator: "/").dropLast().map(String.init).filter { $0 != "." }
        for part in written.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                // Leaving the dialog's folder, even to come back into it, is refused: the path must stay inside.
                guard parts.count > rootParts.count, parts.last != ".." else {
                    return (nil, "`\(written)` leads outside the dialog's folder; an include must be in it or below it")
                }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        guard Array(parts.prefix(rootParts.count)) == rootParts, parts.count > rootParts.count else {
            return (nil, "`\(written)` leads outside the dialog's folder; an include must be in it or below it")
        }
        return ((includingFile.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/"), nil)
    }

    /// An `include:` step: the steps of the block it names, read with positions in the block's file.
    mutating func readInclude(_ node: Node, entries: [(key: String, keyNode: Node, value: Node)], depth: Int) -> [StepSyntax] {
        for entry in entries where entry.key != "include" {
            unknownKey(entry.key, at: entry.keyNode, allowed: ["include"], in: "an `include` step")
        }
        guard let valueNode = entries.first(where: { $0.key == "include" })?.value, let written = scalar(valueNode, what: "`include`") else { return [] }
        let at = location(valueNode)
        let (resolved, refusal) = Self.includePath(written, from: file, root: includeRoot)
        guard let path = resolved else {
            error(.includeOutside, refusal ?? "`\(written)` cannot be included", at: at)
            return []
        }
        if let start = includeStack.firstIndex(of: path) {
            let chain = (includeStack[start...] + [path]).joined(separator: " includes ")
            error(.includeCycle, "`\(written)` is already being included here: the includes go round in a circle", at: at, notes: [chain])
            return []
        }
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else {
            error(.includeNotABlock, "`\(written)` is not a YAML file (a block is a .yaml file with `block:` and `flow:`)", at: at)
            return []
        }
        guard let readInclude else {
            error(.includeMissing, "`\(written)` cannot be read: this dialog was loaded from its text alone, with no folder to read includes from", at: at)
            return []
        }
        let bytes: [UInt8]
        switch readInclude(path) {
        case .missing:
            error(.includeMissing, "`\(written)` does not exist (looked for \(path))", at: at)
            return []
        case .unreadable(let reason):
            error(.includeMissing, "`\(written)` cannot be read: \(reason)", at: at)
            return []
        case .bytes(let read):
            bytes = read
        }
        guard let root = blockRoot(bytes, path: path, written: written, at: at) else { return [] }
        includedFiles.append((path: path, bytes: bytes, includedAt: at))
        let saved = file
        file = path
        includeStack.append(path)
        defer {
            file = saved
            includeStack.removeLast()
        }
        let values = knownValues(root, allowed: Self.blockKeys, in: "a block")
        if let node = values["settings"] {
            for (key, keyNode, value) in mappingEntries(node, what: "`settings`") ?? [] {
                if let text = scalar(value, what: "the setting `\(key)`") {
                    includedSettings.append(IncludedSetting(key: key, value: text, location: location(keyNode)))
                }
            }
        }
        for (name, node) in needs(values["needs"]) {
            includedSettings.append(IncludedSetting(key: name, value: nil, location: location(node)))
        }
        if let node = values["outcomes"] { readOutcomes(node, fromBlock: true) }
        guard let flow = values["flow"] else { return [] }
        // An include counts as a level of nesting, so a long chain of includes stops at the same limit.
        return readFlow(flow, depth: depth + 1)
    }

    /// The top-level mapping of an included file, or nil with the reason it is no block.
    private mutating func blockRoot(_ bytes: [UInt8], path: String, written: String, at: SourceLocation) -> Node.Mapping? {
        func refuse(_ message: String) -> Node.Mapping? {
            error(.includeNotABlock, message, at: at)
            return nil
        }
        if bytes.count > DialogLoader.maximumFileSize { return refuse("`\(written)` is \(bytes.count) bytes; a block may be at most 1 MiB") }
        guard !bytes.contains(0), let source = String(validating: bytes, as: UTF8.self) else {
            return refuse("`\(written)` is not a text file in UTF-8, so it is no block")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: source)
        } catch let yamlError as YamlError {
            let (message, location) = DialogLoader.describe(yamlError, file: path)
            error(.invalidYAML, message, at: location ?? SourceLocation(file: path, line: 1, column: 1), notes: ["included at \(at)"])
            return nil
        } catch {
            return refuse("`\(written)` is not valid YAML")
        }
        guard case .mapping(let mapping)? = root else {
            return refuse("`\(written)` is no block: its top level must be a mapping with `block:` and `flow:`")
        }
        let keys = mapping.keys.compactMap(\.string)
        if keys.contains("dialog") {
            return refuse("`\(written)` is a dialog, not a block: a block has `block:` and `flow:`, and no `dialog:` or `title:`")
        }
        guard keys.contains("block"), keys.contains("flow") else {
            return refuse("`\(written)` is no block: it needs `block:` (its name) and `flow:` (its steps)")
        }
        return mapping
    }

    /// `needs: [emergency_number]`: the settings a block uses that the including dialog must give.
    private mutating func needs(_ node: Node?) -> [(String, Node)] {
        guard let node else { return [] }
        guard case .sequence(let items) = node else {
            error(.wrongShape, "`needs` must be a list of setting names, such as [emergency_number]", at: location(node))
            return []
        }
        return items.compactMap { item in scalar(item, what: "a setting name").map { ($0, item) } }
    }

    /// The settings of included blocks, merged after the dialog's own: a block's value is a default,
    /// which the dialog's own replaces; a setting the block `needs` must be the dialog's.
    mutating func mergeIncludedSettings(into settings: inout [(key: String, value: String)]) {
        for setting in includedSettings where !settings.contains(where: { $0.key == setting.key }) {
            guard let value = setting.value else {
                if !includedSettings.contains(where: { $0.key == setting.key && $0.value != nil }) {
                    error(.includeNeedsSetting, "the block needs the setting `\(setting.key)`, which the dialog does not set",
                        at: setting.location, notes: ["add `\(setting.key):` to the dialog's `settings`"])
                }
                continue
            }
            settings.append((setting.key, value))
        }
    }

    /// A block file read on its own (`intake lint blocks/red-flags.yaml`, its own transcripts): a dialog
    /// whose flow is the block's, then the end `continue`, which stands for the dialog that would go on.
    mutating func readBlockAsDialog(_ root: Node.Mapping) -> DialogSyntax {
        var syntax = DialogSyntax(file: file)
        includeStack = [file]
        let values = knownValues(root, allowed: Self.blockKeys, in: "a block")
        let start = SourceLocation(file: file, line: 1, column: 1)
        syntax.id = values["block"].flatMap { scalar($0, what: "the block's name") }
        syntax.title = syntax.id.map { TextSyntax(text: "Block \($0)", location: start) }
        if let node = values["settings"] {
            for (key, _, value) in mappingEntries(node, what: "`settings`") ?? [] {
                if let text = scalar(value, what: "the setting `\(key)`") { syntax.settings.append((key, text)) }
            }
        }
        // On its own, a needed setting shows as its name in brackets: the dialog that includes the block gives the value.
        for (name, _) in needs(values["needs"]) where !syntax.settings.contains(where: { $0.key == name }) {
            syntax.settings.append((name, "[\(name)]"))
        }
        if let node = values["outcomes"] { readOutcomes(node, fromBlock: false) }
        let end = values["flow"].flatMap { node -> SourceLocation? in
            if case .sequence(let items) = node, let last = items.last { return location(last) }
            return nil
        } ?? start
        if outcomeIndex[Self.blockEndOutcome] == nil {
            outcomeIndex[Self.blockEndOutcome] = outcomes.count
            outcomes.append(OutcomeSyntax(
                id: Self.blockEndOutcome, code: Self.blockEndOutcome,
                text: "The block ends here; the dialog that includes it goes on.", textLocation: end, location: end))
        }
        if let node = values["flow"] {
            syntax.flow = readFlow(node, depth: 1) + [.end(NameReference(name: Self.blockEndOutcome, location: end), end)]
        } else {
            missing("flow", in: "the block", at: start)
        }
        mergeIncludedSettings(into: &syntax.settings)
        syntax.questions = questions
        syntax.outcomes = outcomes
        return syntax
    }
}
