// PortFileTests: `intake serve --port-file`, the ready signal scripts wait for instead of reading the log.

import Foundation
import Testing

@Suite struct PortFileTests {
    @Test("the port file holds exactly the port and a newline, and the server answers on that port")
    func portFileHoldsTheBoundPort() async throws {
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"])
        defer { server.stopInBackground() }
        let text = try String(contentsOf: server.portFile, encoding: .utf8)
        #expect(text == "\(server.port)\n")
        #expect(server.port > 0, "--port 0 is never the port written")
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "Type help for more.\r\n> "), "a session opens on the port in the file")
        // Nothing is left beside it: the temporary file it was written to was renamed.
        let folder = server.portFile.deletingLastPathComponent()
        let name = server.portFile.lastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(name) && $0 != name }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("a stopped server takes its port file away")
    func portFileRemovedOnStop() async throws {
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"])
        server.process.terminate()
        await server.waitForExit()
        #expect(server.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: server.portFile.path))
        await server.stop()
    }

    @Test("a port file in a folder that does not exist is a clear error, before anything listens")
    func portFileInAMissingFolder() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("intake-no-such-\(UUID().uuidString)")
        let file = missing.appendingPathComponent("port").path
        let result = try await IntakeBinary.run(["serve", "--port", "0", "--no-store", "--dialog", "Dialogs/example.yaml", "--port-file", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write the port file \(file): there is no folder \(missing.path)."), "\(result.stderr)")
        #expect(!result.stderr.contains("serving"), "refused before the server started")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test("a port file that names a folder is refused")
    func portFileThatIsAFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.path
        let result = try await IntakeBinary.run(["serve", "--port", "0", "--no-store", "--dialog", "Dialogs/example.yaml", "--port-file", folder])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write the port file \(folder): it is a folder."), "\(result.stderr)")
    }

    /// A folder of its own for each test, removed after it.
    private func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-portfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("a port file typed as the store's own path is refused, and the store is left whole (the stop would have deleted it)")
    func portFileThatIsTheStore() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("assessments.sqlite").path
        let kept = try await IntakeBinary.run(["chat", "--dialog", "Dialogs/example.yaml", "--db", db], stdin: Data("no\nquit\n".utf8))
        #expect(kept.stdout.contains("Your resume code is"), "\(kept.stdout)")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        // The same file by another spelling, and the WAL beside a store not made yet.
        // A symbolic link to the store, made by someone tidying the kiosk's folders.
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link", withDestinationPath: db)
        for (portFile, store) in [(folder.path + "/./assessments.sqlite", db), (folder.path + "/fresh.sqlite-wal", folder.path + "/fresh.sqlite"), (folder.path + "/link", db)] {
            let result = try await IntakeBinary.run(["serve", "--port", "0", "--dialog", "Dialogs/example.yaml", "--db", store, "--port-file", portFile])
            #expect(result.status == 1)
            #expect(result.stderr.contains("which the server keeps; give the port file a name of its own"), "\(result.stderr)")
            #expect(!result.stderr.contains("serving"), "refused before the server started")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/fresh.sqlite"), "nothing was opened")
    }

    @Test("an existing file that does not hold a port is left as it is; one an earlier server left is replaced")
    func portFileOverAnotherFile() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notes = folder.appendingPathComponent("notes.txt")
        try Data("the kiosk's wifi password\n".utf8).write(to: notes)
        let refused = try await IntakeBinary.run(["serve", "--port", "0", "--no-store", "--dialog", "Dialogs/example.yaml", "--port-file", notes.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("a file is there that does not hold a port, and it is left as it is"), "\(refused.stderr)")
        #expect(try String(contentsOf: notes, encoding: .utf8) == "the kiosk's wifi password\n")
        // The dialog's own file, typed where the port file goes.
        let dialog = folder.appendingPathComponent("example.yaml")
        try FileManager.default.copyItem(at: IntakeBinary.repositoryRoot.appendingPathComponent("Dialogs/example.yaml"), to: dialog)
        let before = try Data(contentsOf: dialog)
        let overDialog = try await IntakeBinary.run(["serve", "--port", "0", "--no-store", "--dialog", dialog.path, "--port-file", dialog.path])
        #expect(overDialog.status == 1)
        #expect(try Data(contentsOf: dialog) == before)

        // What a server killed with SIGKILL leaves: replaced by the next one, which answers on its own port.
        let stale = folder.appendingPathComponent("port")
        try Data("4242\n".utf8).write(to: stale)
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"], portFile: stale)
        defer { server.stopInBackground() }
        #expect(try String(contentsOf: stale, encoding: .utf8) == "\(server.port)\n")
    }
}
