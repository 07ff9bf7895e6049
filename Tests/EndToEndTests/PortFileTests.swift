// PortFileTests: `intake serve --port-file`, the ready signal scripts wait for instead of reading the log.

import Foundation
import Testing

@Suite struct PortFileTests {
    @Test("the port file holds exactly the port and a newline, and the server answers on that port")
    func portFileHoldsTheBoundPort() throws {
        let server = try LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"])
        defer { server.stop() }
        let text = try String(contentsOf: server.portFile, encoding: .utf8)
        #expect(text == "\(server.port)\n")
        #expect(server.port > 0, "--port 0 is never the port written")
        let client = try LineSocket(port: server.port)
        #expect(client.read(until: "Type help for more.\r\n> "), "a session opens on the port in the file")
        // Nothing is left beside it: the temporary file it was written to was renamed.
        let folder = server.portFile.deletingLastPathComponent()
        let name = server.portFile.lastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(name) && $0 != name }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("a stopped server takes its port file away")
    func portFileRemovedOnStop() throws {
        let server = try LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"])
        server.process.terminate()
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: server.portFile.path))
        server.stop()
    }

    @Test("a port file in a folder that does not exist is a clear error, before anything listens")
    func portFileInAMissingFolder() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("intake-no-such-\(UUID().uuidString)")
        let file = missing.appendingPathComponent("port").path
        let result = try IntakeBinary.run(["serve", "--port", "0", "--no-store", "--dialog", "Dialogs/example.yaml", "--port-file", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write the port file \(file): there is no folder \(missing.path)."), "\(result.stderr)")
        #expect(!result.stderr.contains("serving"), "refused before the server started")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test("a port file that names a folder is refused")
    func portFileThatIsAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.path
        let result = try IntakeBinary.run(["serve", "--port", "0", "--no-store", "--dialog", "Dialogs/example.yaml", "--port-file", folder])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write the port file \(folder): it is a folder."), "\(result.stderr)")
    }
}
