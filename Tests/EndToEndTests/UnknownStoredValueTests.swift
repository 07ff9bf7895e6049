// UnknownStoredValueTests: a store file holding a channel or kind this version does not know, read by the built binary's show and export.

import Foundation
import GRDB
import Testing

@Suite("Stored values this version does not know (built binary)")
struct UnknownStoredValueTests {
    @Test(
        "show and every export refuse a file with an unknown channel or answer kind, naming the value, and print nothing else",
        arguments: [
            ("UPDATE assessment SET channel = 'carrier-pigeon'", "the channel \"carrier-pigeon\" is not known to this version of Intake"),
            ("UPDATE answer SET kind = 'drawing' WHERE position = 1", "the kind \"drawing\" is not known to this version of Intake"),
        ])
    func refused(sql: String, message: String) async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let chat = try await IntakeBinary.run(StorageCommandTests.example + ["--db", db], stdin: "no\n1\n10 days\n4\nrest\nskip\n".data)
        let reference = try #require(StorageCommandTests.reference(in: chat.stdout), "\(chat.stdout)")
        let code = try #require(StorageCommandTests.resumeCode(in: chat.stdout))
        // Raw SQL, as another program (or a newer Intake) would write the file.
        try await DatabaseQueue(path: db).write { db in try db.execute(sql: sql) }

        for arguments in [["show", reference], ["export"], ["export", "--format", "json"], ["export", "--format", "csv"]] {
            let result = try await IntakeBinary.run(arguments + ["--db", db])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
            #expect(result.stderr == "intake: the assessment store failed: \(message)\n", "\(arguments)")
            #expect(!result.stderr.contains(code))
        }
    }
}
