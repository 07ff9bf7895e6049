// DialogTranslation: a dialog's translation into one language (its PO file), checked against the dialog's texts.

/// The texts of one language for a dialog, by text id, with what is wrong with the translation.
/// A translated text is used only when it is current: translated from the English the dialog has
/// now (its `msgid`), not marked fuzzy, not empty, and showing the same `{name}`s as the English;
/// every other text stays English, and lint says why.
public struct DialogTranslation: Sendable {
    public var language: LanguageTag
    /// The current translations, by text id.
    public var texts: [String: String] = [:]
    /// Missing (IN121), stale (IN122) and unknown (IN123) texts, ambiguous options (IN124), `{name}`s
    /// dropped or added (IN055), control characters (IN020), a file that does not read (IN054).
    public var diagnostics: [Diagnostic] = []

    /// How many missing ids a diagnostic names before it says how many more there are.
    static let missingListed = 12

    /// Checks `file`, the PO file of `language`, against the texts of `catalog`'s dialog.
    public init(catalog: TextCatalog, file: POFile, language: LanguageTag, fileName: String) {
        self.language = language
        diagnostics = file.diagnostics
        // A file that does not read has no texts to check: its error is the one to fix.
        if !diagnostics.isEmpty { return }
        let start = SourceLocation(file: fileName, line: 1, column: 1)
        if let stated = file.header["Language"], !stated.isEmpty, case .success(let tag) = LanguageTag.parse(stated), tag != language {
            diagnostics.append(Diagnostic(.unreadableTranslation, "the file says it is in \(tag), but its name makes it the \(language) translation", at: start))
        }
        var seen: [String: SourceLocation] = [:]
        // Ids already reported as wrong, which are not reported as missing too.
        var reported: Set<String> = []
        for entry in file.entries {
            guard let id = entry.context else {
                diagnostics.append(Diagnostic(.unknownTranslation, "an entry without msgctxt: each text is named by its id there", at: entry.location,
                    notes: ["`intake translate extract` writes the ids"]))
                continue
            }
            if let first = seen[id] {
                diagnostics.append(Diagnostic(.unreadableTranslation, "`\(id)` is translated twice", at: entry.location, notes: ["first at \(first)"]))
                continue
            }
            seen[id] = entry.location
            guard let english = catalog[id] else {
                diagnostics.append(Diagnostic(.unknownTranslation, "a translation of `\(id)`, which the dialog no longer has", at: entry.location,
                    notes: ["remove it, or extract again to see the dialog's ids"]))
                continue
            }
            if entry.translation.isEmpty { continue }
            if entry.source != english.text {
                reported.insert(id)
                diagnostics.append(Diagnostic(.staleTranslation, "`\(id)` was translated from an older English text", at: entry.location,
                    notes: ["the English is now: \(Self.shortened(english.text))", "until it is translated again, the English is shown"]))
                continue
            }
            if entry.isFuzzy {
                reported.insert(id)
                diagnostics.append(Diagnostic(.staleTranslation, "`\(id)` is marked fuzzy (not yet checked by a translator)", at: entry.location,
                    notes: ["until the mark is removed, the English is shown"]))
                continue
            }
            if let control = entry.translation.unicodeScalars.first(where: Self.isControl) {
                reported.insert(id)
                diagnostics.append(Diagnostic(.controlCharacter,
                    "the translation of `\(id)` holds the control character U+\(String(control.value, radix: 16, uppercase: true)): terminals would act on it",
                    at: entry.location))
                continue
            }
            if english.isTemplate, let problem = Self.interpolationProblem(english: english, translation: entry.translation) {
                reported.insert(id)
                diagnostics.append(Diagnostic(.translationInterpolation, "the translation of `\(id)` \(problem)", at: entry.location,
                    notes: ["the English shows: " + (english.interpolations.isEmpty ? "no {name}" : english.interpolations.map { "{\($0)}" }.joined(separator: ", "))]))
                continue
            }
            texts[id] = entry.translation
        }
        let missing = catalog.entries.filter { texts[$0.id] == nil && !reported.contains($0.id) }
        if !missing.isEmpty {
            let listed = missing.prefix(Self.missingListed).map(\.id).joined(separator: ", ")
            let more = missing.count > Self.missingListed ? ", and \(missing.count - Self.missingListed) more" : ""
            diagnostics.append(Diagnostic(.missingTranslation,
                "\(missing.count) of the dialog's \(catalog.entries.count) texts \(missing.count == 1 ? "has" : "have") no \(language) translation: the English is shown",
                at: start, notes: [listed + more, "`intake translate extract` writes them with the translations there are"]))
        }
        diagnostics += ambiguousOptions(catalog: catalog, file: file)
    }

    /// Two options of one question whose translations read the same: a person could not choose between them.
    private func ambiguousOptions(catalog: TextCatalog, file: POFile) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var byQuestion: [String: [(id: String, folded: String)]] = [:]
        for entry in catalog.entries {
            let parts = entry.id.split(separator: ".")
            guard parts.count == 3, parts[1] == "option", let text = texts[entry.id] else { continue }
            let question = String(parts[0])
            let folded = TextFolding.fold(text)
            if let other = byQuestion[question, default: []].first(where: { $0.folded == folded }) {
                let location = file.entries.first { $0.context == entry.id }?.location ?? SourceLocation(file: "", line: 1, column: 1)
                found.append(Diagnostic(.ambiguousTranslation, "the options `\(other.id)` and `\(entry.id)` read the same in \(language): \"\(text)\"",
                    at: location, notes: ["a person typing it could mean either; translate them apart"]))
            }
            byQuestion[question, default: []].append((entry.id, folded))
        }
        return found
    }

    /// What is wrong with the `{name}`s of a translation of a template, or nil.
    static func interpolationProblem(english: TextCatalog.Entry, translation: String) -> String? {
        let scanned = TextTemplate.scan(translation)
        if let error = scanned.error { return "is not a valid text: \(error) (write {{ for a literal brace)" }
        let names = scanned.pieces.compactMap { piece -> String? in
            if case .name(let name, _) = piece { return name }
            return nil
        }
        let dropped = english.interpolations.filter { !names.contains($0) }
        let added = names.filter { !english.interpolations.contains($0) }
        if let name = dropped.first { return "does not show {\(name)}\(dropped.count > 1 ? " (and \(dropped.count - 1) more)" : "")" }
        if let name = added.first { return "shows {\(name)}, which the English does not" }
        return nil
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    static func shortened(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(77)) + "..."
    }
}
