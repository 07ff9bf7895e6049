// TranslateCommandTests: `intake translate extract` through the built binary, its PO file read by gettext's msgfmt.

import Foundation
import Testing
import TestSupport

@Suite("intake translate extract (built binary, msgfmt)")
struct TranslateCommandTests {
    static let awkward = "Tests/DialogKitTests/Data/translation/awkward-texts.yaml"

    /// msgfmt --check on a PO file: its status and what it said.
    static func msgfmt(_ po: String) async throws -> (status: Int32, output: String) {
        let file = try IntakeBinary.temporaryFile(po, name: "texts.po")
        // Reading its output and waiting for it on a thread of its own, not the cooperative pool's.
        return try await offThePool { try msgfmtWaiting(file) }
    }

    private static func msgfmtWaiting(_ file: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["msgfmt", "--check", "-o", "/dev/null", file]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("the migraine dialog's PO file passes msgfmt --check, every text in it once")
    func migrainePassesMsgfmt() async throws {
        let result = try await IntakeBinary.run(["translate", "extract", "Dialogs/migraine.yaml", "--language", "es"])
        #expect(result.status == 0, "\(result.stderr)")
        let checked = try await Self.msgfmt(result.stdout)
        #expect(checked.status == 0, "\(checked.output)")
        #expect(result.stdout.contains("msgctxt \"thunderclap.text\"\n"))
        #expect(result.stdout.contains("\"Language: es\\n\"\n"))
    }

    @Test("msgfmt refuses a translation that drops a {name} or invents one: the texts are marked as brace formats")
    func braceFormatsAreChecked() async throws {
        let result = try await IntakeBinary.run(["translate", "extract", Self.awkward, "--language", "es"])
        #expect(result.status == 0, "\(result.stderr)")
        let empty = "msgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"\"\n"
        #expect(result.stdout.contains(empty))
        let translated = result.stdout.replacingOccurrences(of: empty, with: "msgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"¿Cuánto, de 0 a 10? Dijo {pain}.\"\n")
        await #expect(try Self.msgfmt(translated).status == 0)
        let dropped = result.stdout.replacingOccurrences(of: empty, with: "msgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"¿Cuánto, de 0 a 10?\"\n")
        await #expect(try Self.msgfmt(dropped).status != 0)
        let invented = result.stdout.replacingOccurrences(of: empty, with: "msgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"¿Cuánto? {dolor}\"\n")
        await #expect(try Self.msgfmt(invented).status != 0)
    }

    @Test("written to a file with -o; a folder holding the dialog works as the file does")
    func outputFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-po-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("example.es-MX.po").path
        let result = try await IntakeBinary.run(["translate", "extract", "Dialogs/example.yaml", "--language", "es_mx", "-o", output])
        // es_mx is a locale's spelling: refused with the tag meant, and nothing written.
        #expect(result.status == 64)
        #expect(result.stderr.contains("\"es_mx\" is written es-MX as a language tag"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let written = try await IntakeBinary.run(["translate", "extract", "Dialogs/example.yaml", "--language", "es-mx", "-o", output])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("\"Language: es-MX\\n\"\n"))
    }

    @Test("bad input: a missing dialog, a broken one and an unwritable output each get a clear message and exit non-zero")
    func badInput() async throws {
        let missing = try await IntakeBinary.run(["translate", "extract", "Dialogs/nothing-here.yaml", "--language", "es"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nothing-here.yaml"), "\(missing.stderr)")
        let broken = try IntakeBinary.temporaryFile("dialog: x\nflow: [\n")
        let failed = try await IntakeBinary.run(["translate", "extract", broken, "--language", "es"])
        #expect(failed.status != 0)
        #expect(failed.stdout.isEmpty)
        let unwritable = try await IntakeBinary.run(["translate", "extract", "Dialogs/example.yaml", "--language", "es", "-o", "/nonexistent/folder/x.po"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot write /nonexistent/folder/x.po"), "\(unwritable.stderr)")
    }

    @Test("lint checks the translations beside a dialog: each problem of the test translation, and exit 1 for its errors")
    func lintFindsTranslationProblems() async throws {
        let result = try await IntakeBinary.run(["lint", "Tests/DialogKitTests/Data/translation/problems/clinic.yaml"])
        #expect(result.status == 1)
        for finding in ["clinic.es.po:13:1: error[IN055]", "clinic.es.po:18:1: warning[IN122]", "clinic.es.po:27:1: warning[IN124]",
            "clinic.es.po:32:1: error[IN055]", "clinic.es.po:38:1: warning[IN122]", "clinic.es.po:43:1: error[IN020]",
            "clinic.es.po:48:1: warning[IN123]", "clinic.es.po:1:1: warning[IN121]"]
        {
            #expect(result.stdout.contains(finding), "\(finding) in \(result.stdout)")
        }
        #expect(result.stdout.contains("clinic.yaml: 3 errors, 5 warnings"), "\(result.stdout)")
    }

    @Test("import refuses a translation with errors and writes nothing; a good one is put beside the dialog, and extract keeps it")
    func importThenExtract() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = folder.appendingPathComponent("clinic.yaml").path
        try FileManager.default.copyItem(atPath: IntakeBinary.repositoryRoot.appendingPathComponent("Tests/DialogKitTests/Data/translation/problems/clinic.yaml").path, toPath: dialog)
        let bad = IntakeBinary.repositoryRoot.appendingPathComponent("Tests/DialogKitTests/Data/translation/problems/clinic.es.po").path
        let refused = try await IntakeBinary.run(["translate", "import", bad, dialog])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("3 errors; nothing was written"), "\(refused.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("clinic.es.po").path))

        let extracted = try await IntakeBinary.run(["translate", "extract", dialog, "--language", "es"])
        let good = extracted.stdout.replacingOccurrences(of: "msgid \"Which side hurts, {clinic_name} asks?\"\nmsgstr \"\"",
            with: "msgid \"Which side hurts, {clinic_name} asks?\"\nmsgstr \"¿Qué lado duele?, pregunta {clinic_name}\"")
        let translated = try IntakeBinary.temporaryFile(good, name: "mine.po")
        let imported = try await IntakeBinary.run(["translate", "import", translated, dialog])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("clinic.es.po: 1 of 11 texts translated"), "\(imported.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("clinic.es.po").path))

        // The English changes: extract keeps the translation, marked fuzzy with the English it was made from.
        let changed = try String(contentsOfFile: dialog, encoding: .utf8).replacingOccurrences(of: "Which side hurts", with: "Which side aches")
        try changed.write(toFile: dialog, atomically: true, encoding: .utf8)
        let merged = try await IntakeBinary.run(["translate", "extract", dialog, "--language", "es"])
        #expect(merged.status == 0)
        #expect(merged.stdout.contains("#, fuzzy, python-brace-format\n#| msgid \"Which side hurts, {clinic_name} asks?\"\nmsgctxt \"side.text\"\nmsgid \"Which side aches, {clinic_name} asks?\"\nmsgstr \"¿Qué lado duele?, pregunta {clinic_name}\"\n"), "\(merged.stdout)")
        await #expect(try Self.msgfmt(merged.stdout).status == 0)
        let lint = try await IntakeBinary.run(["lint", dialog])
        #expect(lint.stdout.contains("warning[IN122]: `side.text` was translated from an older English text"), "\(lint.stdout)")
    }

    @Test("import without a language anywhere, or of a file that is not there, says so")
    func importWithoutLanguage() async throws {
        let file = try IntakeBinary.temporaryFile("msgctxt \"title\"\nmsgid \"Example\"\nmsgstr \"Ejemplo\"\n", name: "x.po")
        let result = try await IntakeBinary.run(["translate", "import", file, "Dialogs/example.yaml"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("does not say its language (no Language header): give --language"), "\(result.stderr)")
        let missing = try await IntakeBinary.run(["translate", "import", "/nonexistent.po", "Dialogs/example.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent.po does not exist"))
    }
}
