// TranslateCommandTests: `intake translate extract` through the built binary, its PO file read by gettext's msgfmt.

import Foundation
import Testing

@Suite("intake translate extract (built binary, msgfmt)")
struct TranslateCommandTests {
    static let awkward = "Tests/DialogKitTests/Data/translation/awkward-texts.yaml"

    /// msgfmt --check on a PO file: its status and what it said.
    static func msgfmt(_ po: String) throws -> (status: Int32, output: String) {
        let file = try IntakeBinary.temporaryFile(po, name: "texts.po")
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
    func migrainePassesMsgfmt() throws {
        let result = try IntakeBinary.run(["translate", "extract", "Dialogs/migraine.yaml", "--language", "es"])
        #expect(result.status == 0, "\(result.stderr)")
        let checked = try Self.msgfmt(result.stdout)
        #expect(checked.status == 0, "\(checked.output)")
        #expect(result.stdout.contains("msgctxt \"thunderclap.text\"\n"))
        #expect(result.stdout.contains("\"Language: es\\n\"\n"))
    }

    @Test("msgfmt refuses a translation that drops a {name} or invents one: the texts are marked as brace formats")
    func braceFormatsAreChecked() throws {
        let result = try IntakeBinary.run(["translate", "extract", Self.awkward, "--language", "es"])
        #expect(result.status == 0, "\(result.stderr)")
        let empty = "msgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"\"\n"
        #expect(result.stdout.contains(empty))
        let translated = result.stdout.replacingOccurrences(of: empty, with: "msgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"¿Cuánto, de 0 a 10? Dijo {pain}.\"\n")
        #expect(try Self.msgfmt(translated).status == 0)
        let dropped = result.stdout.replacingOccurrences(of: empty, with: "msgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"¿Cuánto, de 0 a 10?\"\n")
        #expect(try Self.msgfmt(dropped).status != 0)
        let invented = result.stdout.replacingOccurrences(of: empty, with: "msgid \"How bad, 0 to 10? You said {pain}.\"\nmsgstr \"¿Cuánto? {dolor}\"\n")
        #expect(try Self.msgfmt(invented).status != 0)
    }

    @Test("written to a file with -o; a folder holding the dialog works as the file does")
    func outputFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-po-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("example.es-MX.po").path
        let result = try IntakeBinary.run(["translate", "extract", "Dialogs/example.yaml", "--language", "es_mx", "-o", output])
        // es_mx is a locale's spelling: refused with the tag meant, and nothing written.
        #expect(result.status == 64)
        #expect(result.stderr.contains("\"es_mx\" is written es-MX as a language tag"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let written = try IntakeBinary.run(["translate", "extract", "Dialogs/example.yaml", "--language", "es-mx", "-o", output])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("\"Language: es-MX\\n\"\n"))
    }

    @Test("bad input: a missing dialog, a broken one and an unwritable output each get a clear message and exit non-zero")
    func badInput() throws {
        let missing = try IntakeBinary.run(["translate", "extract", "Dialogs/nothing-here.yaml", "--language", "es"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nothing-here.yaml"), "\(missing.stderr)")
        let broken = try IntakeBinary.temporaryFile("dialog: x\nflow: [\n")
        let failed = try IntakeBinary.run(["translate", "extract", broken, "--language", "es"])
        #expect(failed.status != 0)
        #expect(failed.stdout.isEmpty)
        let unwritable = try IntakeBinary.run(["translate", "extract", "Dialogs/example.yaml", "--language", "es", "-o", "/nonexistent/folder/x.po"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot write /nonexistent/folder/x.po"), "\(unwritable.stderr)")
    }
}
