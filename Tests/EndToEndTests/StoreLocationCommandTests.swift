// StoreLocationCommandTests: a --db URL Intake does not keep, through the built binary: every storage command exits 64 and makes nothing.

import AssessmentStore
import Foundation
import Testing
import TestSupport

@Suite("--db URLs (built binary)")
struct StoreLocationCommandTests {
    /// Refused by this build: unknown kinds, unreadable PostgreSQL URLs, and any PostgreSQL URL without the trait.
    static let urls = StoreLocationCase.all.filter { row in
        switch row.kind {
        case .file: false
        case .unknown, .badpostgres: true
        case .postgres: !StoreLocation.postgresIsBuilt
        }
    }

    /// Each command that takes --db, as a person would type it.
    static let commands: [[String]] = [
        // A port file in no folder: were the value taken, serve would stop there rather than listen on.
        ["serve", "--port", "0", "--dialog", "Dialogs/example.yaml", "--port-file", "/nonexistent/intake.port"],
        ["chat", "--dialog", "Dialogs/example.yaml"],
        ["show", "K7PX-2M4Q"],
        ["export"],
        ["purge", "--older-than", "90d"],
    ]

    @Test("serve, chat, show, export and purge refuse it with exit code 64, one clear line, and make no folder", arguments: urls)
    func refusedByEveryCommand(_ row: StoreLocationCase) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let firstPart = String(row.value.prefix { $0 != "/" })
        for command in Self.commands {
            // XDG_DATA_HOME in the temporary folder: were the value ignored, the default store would be made there.
            let result = try await IntakeBinary.run(
                command + ["--db", row.value], stdin: "no\n".data,
                environment: ["XDG_DATA_HOME": folder.path, "HOME": folder.path, "PATH": "/usr/bin:/bin"])
            #expect(result.status == 64, "\(command[0]): \(result.stderr)")
            #expect(result.stderr.hasPrefix("intake: --db"), "\(command[0]): \(result.stderr)")
            let word = row.kind == .unknown || (row.kind == .badpostgres && StoreLocation.postgresIsBuilt) ? row.says ?? "\u{0}" : "PostgreSQL"
            #expect(result.stderr.contains(word), "\(command[0]): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(command[0]): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(command[0]) started anyway: \(result.stdout)")
            if let password = row.password, password.count > 2 { #expect(!result.stderr.contains(password), "the message quotes the password") }
        }
        #expect(!FileManager.default.fileExists(atPath: IntakeBinary.repositoryRoot.appendingPathComponent(firstPart).path),
                "a folder named after the URL was made")
        #expect((try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty, "the default store was made instead")
    }
}

@Suite("--db postgres:// (built binary)", .enabled(if: StoreLocation.postgresIsBuilt, "built without the trait PostgreSQL"))
struct PostgresCommandTests {
    @Test("a server that is down, a wrong password: serve and show exit 1 with one line naming the database, never the password")
    func refusedAtStart() async throws {
        let down = "postgres://intake:s3cr%C3%A9t@127.0.0.1:\(try PostgresTestCluster.freePort())/intake?sslmode=disable&connect_timeout=2"
        let cluster = try #require(await PostgresTestCluster.shared, "no PostgreSQL for the tests: \(PostgresTestCluster.sharedFailure)")
        let wrong = cluster.url(try await cluster.makeDatabase(), password: "wr0ng-pässword")
        for (url, says) in [(down, "no PostgreSQL server answered there"), (wrong, "password authentication failed")] {
            for command in [["serve", "--port", "0", "--dialog", "Dialogs/example.yaml"], ["show", "K7PX-2M4Q"]] {
                let result = try await IntakeBinary.run(command + ["--db", url])
                #expect(result.status == 1, "\(command[0]): \(result.stderr)")
                #expect(result.stderr.hasPrefix("intake: cannot open the assessment store postgres://intake@127.0.0.1:"), "\(result.stderr)")
                #expect(result.stderr.contains(says), "\(result.stderr)")
                #expect(!result.stderr.contains("s3cr") && !result.stderr.contains("wr0ng"), "the message quotes the password")
                #expect(result.stdout.isEmpty)
            }
        }
    }

    @Test("chat --db on PostgreSQL, cut off, resumed with --resume through another process, found by show")
    func chatResumeShow() async throws {
        let cluster = try #require(await PostgresTestCluster.shared, "no PostgreSQL for the tests: \(PostgresTestCluster.sharedFailure)")
        let url = cluster.url(try await cluster.makeDatabase())
        let chat = ["chat", "--dialog", "Dialogs/example.yaml", "--db", url]
        let first = try await IntakeBinary.run(chat, stdin: "no\n1\n".data)
        #expect(first.status == 3, "\(first.stderr)")
        let code = try #require(StorageCommandTests.resumeCode(in: first.stdout), "\(first.stdout)")
        let second = try await IntakeBinary.run(chat + ["--resume", code], stdin: "10 days\n4\nrest\nskip\n".data)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Welcome back. Your 2 answers are kept"))
        let reference = try #require(StorageCommandTests.reference(in: second.stdout))
        let shown = try await IntakeBinary.run(["show", reference, "--db", url])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Answers (6):"))
    }
}
