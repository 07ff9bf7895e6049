// EditHistoryTests: history in memory, and in a file created 0600 that a later run reads back.
import Foundation
import LineEditing
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

struct EditHistoryTests {
    @Test func entriesKeepTheirOrderSkippingBlanksAndRepeats() throws {
        let history = try EditHistory()
        for line in ["first", "", "   ", "second", "second", "fièvre 日本"] { history.add(line) }
        #expect(history.entries == ["first", "second", "fièvre 日本"])
        history.clear()
        #expect(history.entries.isEmpty)
    }

    @Test func theSizeLimitDropsTheOldest() throws {
        let history = try EditHistory(size: 2)
        for line in ["a", "b", "c"] { history.add(line) }
        #expect(history.entries == ["b", "c"])
    }

    @Test func aFileIsCreated0600AndReadBackByTheNextRun() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/history"
        let umaskBefore = umask(0)  // even with a permissive umask
        defer { umask(umaskBefore) }
        do {
            let history = try EditHistory(file: path)
            #expect(try permissions(path) == 0o600)  // created at once, before any entry
            history.add("one side of my head")
            history.add("fièvre 日本")
        }
        #expect(try permissions(path) == 0o600)
        let again = try EditHistory(file: path)
        #expect(again.entries == ["one side of my head", "fièvre 日本"])
    }

    @Test func anExistingFileIsTightenedTo0600() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/history"
        let history = try EditHistory(file: path)
        history.add("yes")
        chmod(path, 0o644)
        _ = try EditHistory(file: path)
        #expect(try permissions(path) == 0o600)
    }

    @Test func aFileOfAnotherKindIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/notes"
        try "my own notes\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: HistoryFileError.self) { try EditHistory(file: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my own notes\n")
    }

    @Test func aDirectoryOrAnUnwritablePlaceIsRefusedWithTheReason() throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try EditHistory(file: directory.path)
            Issue.record("a directory was accepted")
        } catch {
            #expect(error.path == directory.path)
        }
        do {
            _ = try EditHistory(file: directory.path + "/missing/history")
            Issue.record("a path in a missing directory was accepted")
        } catch {
            #expect(error.description.contains("No such file or directory"))
        }
    }

    private func permissions(_ path: String) throws -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { throw PseudoTerminal.Failure(description: "no \(path)") }
        return status.st_mode & 0o777
    }
}
