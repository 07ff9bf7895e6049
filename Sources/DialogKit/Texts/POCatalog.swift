// POCatalog: a dialog's text catalog as a gettext PO file, the format Poedit, Weblate and msgfmt read.

/// Writes a `TextCatalog` as a gettext PO file for one language: each text's id is its `msgctxt`
/// (two texts may read the same in English and differ in the translation), the English text its
/// `msgid`, and what the translator needs to know (what the text is, the question, the options,
/// where it is in the dialog) goes in the extracted comments. Templates that show `{name}` are marked
/// `python-brace-format`, whose braces are the dialog's (`{{` is a literal brace in both), so that
/// `msgfmt --check` refuses a translation that drops or invents one.
public enum POCatalog {
    /// The PO file of `catalog` for `language` (a BCP 47 tag: `es`, `pt-BR`). With `existing`, the
    /// language's translation so far, each text keeps its translation, as gettext's msgmerge does: one
    /// made from another English text is kept marked fuzzy with that English (`#| msgid`), and one of
    /// an id the dialog no longer has is written as an obsolete entry (`#~`), for the translator to reuse.
    public static func render(
        _ catalog: TextCatalog, language: String, dialogVersion: String, generator: String, existing: POFile? = nil
    ) -> String {
        var previous: [String: POFile.Entry] = [:]
        for entry in existing?.entries ?? [] {
            if let id = entry.context, previous[id] == nil { previous[id] = entry }
        }
        // The translator's comments and who translated it are the existing file's (msgmerge keeps them too).
        let comments = existing?.headerComments ?? []
        var out = comments.isEmpty
            ? "# The texts of the dialog \(catalog.dialogID), to translate into \(language).\n# Translate each msgstr; keep every {name} as it is.\n"
            : translatorComments(comments)
        out += "msgid \"\"\nmsgstr \"\"\n"
        let kept = existing?.header ?? [:]
        let header = [
            "Project-Id-Version: \(catalog.dialogID) \(dialogVersion)",
            // gettext's own placeholders, which Poedit fills in when the translator saves.
            "PO-Revision-Date: \(kept["PO-Revision-Date"] ?? "YEAR-MO-DA HO:MI+ZONE")",
            "Last-Translator: \(kept["Last-Translator"] ?? "FULL NAME <EMAIL@ADDRESS>")",
            "Language-Team: \(kept["Language-Team"] ?? language)",
            "Language: \(language)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Generator: \(generator)",
        ]
        for field in header { out += "\"\(escape(field))\\n\"\n" }
        for entry in catalog.entries {
            out += "\n"
            let old = previous.removeValue(forKey: entry.id)
            out += translatorComments(old?.translatorComments ?? [])
            for line in [entry.role] + entry.notes {
                for part in line.split(separator: "\n", omittingEmptySubsequences: false) { out += "#. \(part)\n" }
            }
            out += "#: \(entry.location.file):\(entry.location.line)\n"
            let translation = old?.translation ?? ""
            let isFuzzy = !translation.isEmpty && (old?.isFuzzy == true || old?.source != entry.text)
            let flags = (isFuzzy ? ["fuzzy"] : []) + (entry.isTemplate && entry.text.contains("{") ? ["python-brace-format"] : [])
            if !flags.isEmpty { out += "#, \(flags.joined(separator: ", "))\n" }
            if isFuzzy, let old, old.source != entry.text {
                out += quoted(old.source).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    .map { $0.offset == 0 ? "#| msgid \($0.element)\n" : "#| \($0.element)\n" }.joined()
            }
            out += "msgctxt \(quoted(entry.id))\n"
            out += "msgid \(quoted(entry.text))\n"
            out += "msgstr \(quoted(translation))\n"
        }
        for entry in existing?.entries ?? [] {
            guard let id = entry.context, previous[id] == entry, !entry.translation.isEmpty else { continue }
            out += "\n" + translatorComments(entry.translatorComments) + "#. no longer in the dialog\n"
            for (keyword, text) in [("msgctxt", id), ("msgid", entry.source), ("msgstr", entry.translation)] {
                out += quoted(text).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    .map { $0.offset == 0 ? "#~ \(keyword) \($0.element)\n" : "#~ \($0.element)\n" }.joined()
            }
        }
        return out
    }

    /// Translator comments as PO writes them: `# text`, or `#` alone for an empty line.
    private static func translatorComments(_ lines: [String]) -> String {
        lines.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined()
    }

    /// A PO string: one quoted line, or for text with line breaks an empty first line and one quoted
    /// line per line of text (each ending in `\n`), as gettext's own tools write them.
    static func quoted(_ text: String) -> String {
        guard text.contains("\n") else { return "\"\(escape(text))\"" }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if lines.last == "\n" { lines.removeLast() } else { lines[lines.count - 1].removeLast() }
        return "\"\"\n" + lines.map { "\"\(escape($0))\"" }.joined(separator: "\n")
    }

    /// C escapes for what a PO string cannot hold as it is.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let octal = String(scalar.value, radix: 8)
                    out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
