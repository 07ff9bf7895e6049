// StoreFileTests: the file's mode 0600 (and SQLite's -wal and -shm), its folder 0700, WAL, and the default path.

import AssessmentStore
import Foundation
import GRDB
import Testing

@Suite("The database file")
struct StoreFileTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("a new store is made 0600 in a new folder 0700, and so are its -wal and -shm files")
    func modes() throws {
        let root = try StoreFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("data/intake")
        let path = folder.appendingPathComponent("assessments.sqlite").path
        let store = try AssessmentStore(path: path)
        #expect(try Self.mode(folder.path) == 0o700)
        #expect(try Self.mode(root.appendingPathComponent("data").path) == 0o700)
        #expect(try Self.mode(path) == 0o600)
        _ = StoreFixtures.converse(["no"], dialog: try StoreFixtures.example, store: store)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            #expect(try Self.mode(path + suffix) == 0o600, "\(suffix)")
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "WAL mode keeps a -wal file while open")
        let mode = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("an existing folder keeps its mode; a store that cannot be made says why")
    func existingFolderAndFailure() throws {
        let root = try StoreFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        let path = root.appendingPathComponent("a.sqlite").path
        _ = try AssessmentStore(path: path)
        #expect(try Self.mode(root.path) == 0o755)
        #expect(try Self.mode(path) == 0o600)

        let blocked = root.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocked)
        #expect(throws: StoreError.self) { try AssessmentStore(path: blocked.appendingPathComponent("a.sqlite").path) }
        let notDatabase = root.appendingPathComponent("text.sqlite")
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: notDatabase)
        #expect(throws: StoreError.self) { try AssessmentStore(path: notDatabase.path) }
    }

    @Test("the default path follows XDG_DATA_HOME, else ~/.local/share")
    func defaultPath() {
        #expect(StoreFile.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"]) == "/data/intake/assessments.sqlite")
        #expect(StoreFile.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/intake/assessments.sqlite")
        #expect(
            StoreFile.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"]) == "/home/a/.local/share/intake/assessments.sqlite",
            "a relative XDG_DATA_HOME is ignored, as the XDG spec says")
    }

    @Test("codes use no look-alike characters and read back however they are typed")
    func codes() {
        for _ in 0..<200 {
            let reference = ReadableCode.random(length: ReadableCode.referenceLength)
            #expect(reference.count == 9 && reference.split(separator: "-").count == 2)
            #expect(!reference.contains { "01OILU".contains($0) })
            #expect(ReadableCode.normalized(reference.lowercased().replacingOccurrences(of: "-", with: " "), length: 8) == reference)
        }
        #expect(ReadableCode.normalized("K7PX-2M4Q", length: 8) == "K7PX-2M4Q")
        #expect(ReadableCode.normalized("k7px2m4q", length: 8) == "K7PX-2M4Q")
        #expect(ReadableCode.normalized("K7PX-2M4O", length: 8) == nil, "O is not in the alphabet")
        #expect(ReadableCode.normalized("K7PX-2M4", length: 8) == nil)
        #expect(ReadableCode.random(length: ReadableCode.resumeCodeLength).count == 14)
    }
}
