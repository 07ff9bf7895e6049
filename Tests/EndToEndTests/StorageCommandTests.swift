// StorageCommandTests: intake chat --db and --resume, show, export, purge through the built binary, and a SIGKILL in the middle of many sessions.

import AssessmentStore
import Foundation
import GRDB
import Testing
import TestSupport

@Suite("Kept assessments (built binary)")
struct StorageCommandTests {
    static let example = ["chat", "--dialog", "Dialogs/example.yaml"]
    /// The migraine dialog's longest path (Dialogs/tests/migraine/longest_path_47_questions.transcript): 47 answers to `consult`.
    static let longest = [
        "no", "no", "no", "no", "no", "no", "no", "no", "yes", "1, 5", "no", "34", "no", "yes", "no", "no", "no",
        "no", "no", "no", "1", "throbbing", "7", "12 hours", "16", "1 year", "2 years", "no", "yes", "yes", "1, 3, 4",
        "2", "3", "1", "2", "0", "ibuprofen and sumatriptan", "5", "propranolol",
        "no", "no", "no", "no", "no", "no", "no", "no",
    ]

    static func database() throws -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-e2e-\(UUID().uuidString)")
        return (folder.appendingPathComponent("kept/assessments.sqlite").path, folder)
    }

    static func resumeCode(in text: String) -> String? {
        guard let range = text.range(of: #"resume [2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}"#, options: .regularExpression) else { return nil }
        return String(text[range].dropFirst("resume ".count))
    }

    static func reference(in text: String) -> String? {
        guard let range = text.range(of: #"Your reference: [2-9A-Z]{4}-[2-9A-Z]{4}"#, options: .regularExpression) else { return nil }
        return String(text[range].dropFirst("Your reference: ".count))
    }

    @Test("chat --db: cut off, resumed with --resume, finished; the reference opens it in show and every export")
    func chatResumeShowExport() async throws {
        let (db, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await IntakeBinary.run(Self.example + ["--db", db], stdin: "no\n1\n".data)
        #expect(first.status == 3)
        let code = try #require(Self.resumeCode(in: first.stdout), "\(first.stdout)")
        let attributes = try FileManager.default.attributesOfItem(atPath: db)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let second = try await IntakeBinary.run(Self.example + ["--db", db, "--resume", code.lowercased()], stdin: "10 days\n4\nrest\nskip\n".data)
        #expect(second.status == 0, "\(second.stdout)")
        #expect(second.stdout.contains("Welcome back. Your 2 answers are kept"))
        #expect(!second.stdout.contains("step 1 of") && second.stdout.contains("step 3 of"), "it carries on at the third question")
        let reference = try #require(Self.reference(in: second.stdout), "\(second.stdout)")
        #expect(second.stdout.contains("- Where is the pain worst? Lower back"), "the outcome's summary has the answers from before the cut")

        let shown = try await IntakeBinary.run(["show", reference.lowercased(), "--db", db])
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("Assessment \(reference)\n"))
        #expect(shown.stdout.contains("Outcome:   self_care"))
        #expect(shown.stdout.contains("-> Lower back (typed: \"1\")"))
        #expect(shown.stdout.contains("Answers (6):"))

        let fhir = try await IntakeBinary.run(["export", "--db", db])
        #expect(fhir.status == 0)
        let bundle = try JSONSerialization.jsonObject(with: fhir.stdoutBytes) as? [String: Any]
        #expect(bundle?["resourceType"] as? String == "Bundle")
        let entries = bundle?["entry"] as? [[String: Any]] ?? []
        let resource = entries.first?["resource"] as? [String: Any]
        #expect(resource?["resourceType"] as? String == "QuestionnaireResponse")
        #expect((resource?["identifier"] as? [String: Any])?["value"] as? String == reference)
        #expect(fhir.stderr == "intake: note: 1 response lists its items flat, not nested in the Questionnaire's section groups; give the dialog with --dialog to nest them (docs/storage.md).\nintake: exported 1 assessment.\n")
        #expect((resource?["item"] as? [[String: Any]])?.contains { $0["linkId"] as? String == "where" } == true, "flat: the questions at the top")

        // With its dialog the response nests its questions in the sections' groups, as the Questionnaire does.
        let nested = try await IntakeBinary.run(["export", "--db", db, "--dialog", "Dialogs/example.yaml"])
        #expect(nested.status == 0)
        #expect(nested.stderr == "intake: exported 1 assessment.\n")
        let nestedBundle = try JSONSerialization.jsonObject(with: nested.stdoutBytes) as? [String: Any]
        let nestedResource = ((nestedBundle?["entry"] as? [[String: Any]])?.first?["resource"]) as? [String: Any]
        let top = nestedResource?["item"] as? [[String: Any]] ?? []
        #expect(!top.isEmpty && top.allSatisfy { ($0["linkId"] as? String)?.hasPrefix("section.") == true || ($0["item"] == nil) })
        let groups = top.filter { ($0["linkId"] as? String)?.hasPrefix("section.") == true }
        #expect(groups.contains { ($0["item"] as? [[String: Any]])?.contains { $0["linkId"] as? String == "where" } == true }, "\(top)")
        let other = try await IntakeBinary.run(["export", "--db", db, "--dialog", "Dialogs/migraine.yaml"])
        #expect(other.stderr.hasPrefix("intake: note: 1 response of a dialog other than migraine lists its items flat"), "\(other.stderr)")

        let json = try await IntakeBinary.run(["export", "--db", db, "--format", "json"])
        #expect(json.stdout.split(separator: "\n").count == 1)
        #expect(json.stdout.contains(#""reference":"\#(reference)""#))
        let csv = try await IntakeBinary.run(["export", "--db", db, "--format", "csv", "--dialog", "Dialogs/example.yaml"])
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
        #expect(csv.stdout.hasPrefix("reference,id,dialog,version,content_hash,channel,language,started_at,finished_at,outcome,outcome_code,flags,saddle_numbness,where,"))

        let none = try await IntakeBinary.run(["export", "--db", db, "--since", "2999-01-01"])
        #expect(none.status == 0)
        #expect(none.stderr == "intake: exported 0 assessments.\n")

        let file = folder.appendingPathComponent("out.json").path
        let written = try await IntakeBinary.run(["export", "--db", db, "--output", file])
        #expect(written.status == 0 && written.stdout.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test("resume typed at the first question continues; with --json the stream keeps the contract and the reference")
    func resumeTypedJSON() async throws {
        let (db, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await IntakeBinary.run(Self.example + ["--db", db, "--json"], stdin: "no\n".data)
        let code = try #require(Self.resumeCode(in: first.stdout))
        let second = try await IntakeBinary.run(Self.example + ["--db", db, "--json"], stdin: "resume \(code)\n1\n10 days\n4\nrest\nskip\n".data)
        #expect(second.status == 0)
        let lines = second.stdout.split(separator: "\n")
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }
        let outcome = try #require(lines.first { $0.hasPrefix(#"{"type":"outcome""#) })
        #expect(outcome.range(of: #""reference":"[2-9A-Z]{4}-[2-9A-Z]{4}","level":"self_care"\}$"#, options: .regularExpression) != nil, "\(outcome)")
        let kept = try AssessmentStore(path: db).finishedAssessments()
        #expect(kept.count == 1)
        #expect(kept.first?.channel == .json)
        #expect(kept.first?.answers.count == 6)
    }

    @Test("three wrong codes end the chat; bad arguments get a clear message")
    func wrongCodesAndBadArguments() async throws {
        let (db, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wrong = try await IntakeBinary.run(Self.example + ["--db", db], stdin: "resume AAAA\nresume K7PX-R2M4-QH9T\nresume ZZZZ-ZZZZ-ZZZZ\nno\n".data)
        #expect(wrong.status == 3)
        #expect(wrong.stdout.contains("3 resume codes did not work, so this session ends here."))
        #expect(!wrong.stdout.contains("> no"), "nothing is read after that")

        let noDB = try await IntakeBinary.run(Self.example + ["--resume", "K7PX-R2M4-QH9T"])
        #expect(noDB.status == 64)
        #expect(noDB.stderr.contains("--resume needs --db"))

        let unknown = try await IntakeBinary.run(["show", "K7PX-2M4Q", "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("has the reference K7PX-2M4Q"))
        let malformed = try await IntakeBinary.run(["show", "hello", "--db", db])
        #expect(malformed.status == 1)
        #expect(malformed.stderr.contains("hello is not a reference"))

        let missing = try await IntakeBinary.run(["export", "--db", folder.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no assessment store at"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("none.sqlite").path), "reading makes no file")

        let since = try await IntakeBinary.run(["export", "--db", db, "--since", "last tuesday"])
        #expect(since.status == 64)
        #expect(since.stderr.contains("--since last tuesday: give a date"))
        let age = try await IntakeBinary.run(["purge", "--db", db, "--older-than", "ninety"])
        #expect(age.status == 64)

        let notDatabase = try IntakeBinary.temporaryFile("not a database at all, just text\n", name: "x.sqlite")
        let broken = try await IntakeBinary.run(["show", "K7PX-2M4Q", "--db", notDatabase])
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("intake: cannot open the assessment store"))
    }

    @Test("purge says how many it deleted; export --questionnaire writes the dialog as FHIR")
    func purgeAndQuestionnaire() async throws {
        let (db, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await IntakeBinary.run(Self.example + ["--db", db], stdin: "no\n1\n10 days\n4\nrest\nskip\n".data)
        _ = try await IntakeBinary.run(Self.example + ["--db", db], stdin: "yes\n".data)
        _ = try await IntakeBinary.run(Self.example + ["--db", db], stdin: "no\n".data)
        let kept = try await IntakeBinary.run(["purge", "--db", db, "--older-than", "90d"])
        #expect(kept.stdout == "Deleted 0 finished assessments and 0 abandoned sessions older than 90d (0 answers in all).\n")
        let all = try await IntakeBinary.run(["purge", "--db", db, "--older-than", "0d"])
        #expect(all.status == 0)
        #expect(all.stdout == "Deleted 2 finished assessments and 1 abandoned session older than 0d (8 answers in all).\n")

        let questionnaire = try await IntakeBinary.run(["export", "--questionnaire", "Dialogs/migraine.yaml"])
        #expect(questionnaire.status == 0)
        let resource = try JSONSerialization.jsonObject(with: questionnaire.stdoutBytes) as? [String: Any]
        #expect(resource?["resourceType"] as? String == "Questionnaire")
        #expect(resource?["url"] as? String == "urn:intake:questionnaire:migraine")
        // Questions stand in their sections' groups, with help items inside them and computed items beside.
        func flattened(_ items: [[String: Any]]) -> [[String: Any]] {
            items.flatMap { [$0] + flattened($0["item"] as? [[String: Any]] ?? []) }
        }
        let items = flattened(resource?["item"] as? [[String: Any]] ?? [])
        let questions = items.filter { !(["group", "display"] as [String]).contains($0["type"] as? String ?? "") && !(($0["linkId"] as? String) ?? ".").contains(".") }
        #expect(questions.count == 51, "one item per question of the migraine dialog")
    }

    @Test("processes killed with SIGKILL in the middle of many sessions: every accepted answer kept, none duplicated; one resumes and finishes")
    func sigkill() async throws {
        let (db, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Where each session is killed: after this many answers were accepted (the next one is
        // sent, and the process killed before its reply is read).
        let killPoints = [0, 3, 9, 10, 17, 22, 26, 30, 33, 34]
        var sessions: [(process: LiveIntake, code: String, killAt: Int)] = []
        for killAt in killPoints {
            let process = try LiveIntake(["chat", "--json", "--db", db])
            let opening = try #require(await process.read(until: { $0.hasPrefix(#"{"type":"ask""#) }))
            let code = try #require(Self.resumeCode(in: opening.joined(separator: "\n")))
            sessions.append((process, code, killAt))
        }
        // Round robin, so kills land while the other sessions are mid-way and writing.
        for step in 0..<Self.longest.count {
            for session in sessions where session.process.process.isRunning {
                session.process.send(Self.longest[step])
                if step == session.killAt {
                    await session.process.kill()
                    continue
                }
                let reply = await session.process.read(until: { $0.hasPrefix(#"{"type":"ask""#) || $0.hasPrefix(#"{"type":"outcome""#) })
                #expect(reply != nil, "no reply at step \(step)")
            }
        }
        for session in sessions {
            #expect(session.process.process.terminationReason == .uncaughtSignal)
            #expect(session.process.process.terminationStatus == SIGKILL)
        }

        let ids = try await DatabaseQueue(path: db).read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT resumeCode, id FROM assessment").map {
                ($0["resumeCode"] as String, $0["id"] as String)
            })
        }
        let stored = Dictionary(uniqueKeysWithValues: try AssessmentStore(path: db).allAssessments().map { ($0.id, $0) })
        #expect(stored.count == killPoints.count)
        for session in sessions {
            let assessment = try #require(ids[session.code].flatMap { stored[$0] })
            let typed = assessment.answers.map(\.typed)
            // Accepted (a reply was read): killAt answers. The one sent as the kill came may or may not have made it.
            #expect(typed.count == session.killAt || typed.count == session.killAt + 1, "killed at \(session.killAt): \(typed.count) kept")
            #expect(typed == Self.longest.prefix(typed.count).map { Optional($0) }, "in order, none lost, none twice")
            #expect(assessment.answers.map(\.position) == Array(0..<typed.count))
            // The last answer finishes the session: killed as it was sent, it may have been kept, and
            // the session with it.
            let finishedByTheLastAnswer = typed.count == Self.longest.count && assessment.status == .finished
            #expect(assessment.status == .open || finishedByTheLastAnswer)
        }

        // The one killed after 22 answers resumes in a new process and finishes.
        let chosen = try #require(sessions.first { $0.killAt == 22 })
        let kept = try #require(ids[chosen.code].flatMap { stored[$0] }).answers.count
        let rest = Self.longest.dropFirst(kept).joined(separator: "\n") + "\n"
        let resumed = try await IntakeBinary.run(["chat", "--db", db, "--resume", chosen.code], stdin: rest.data)
        #expect(resumed.status == 0, "\(resumed.stdout.suffix(400))")
        #expect(resumed.stdout.contains("Your \(kept) answers are kept"))
        let reference = try #require(Self.reference(in: resumed.stdout))
        let finished = try #require(try AssessmentStore(path: db).assessment(reference: reference))
        #expect(finished.answers.map(\.typed) == Self.longest.map { Optional($0) })
        #expect(finished.outcomeCode == "consult")
    }

    @Test("several processes writing one file at once: every session kept whole")
    func concurrentProcesses() async throws {
        let (db, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = Self.longest.joined(separator: "\n") + "\n"
        _ = try AssessmentStore(path: db)
        var processes: [Process] = []
        for _ in 0..<4 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: IntakeBinary.path)
            process.arguments = ["chat", "--db", db]
            process.currentDirectoryURL = IntakeBinary.repositoryRoot
            let pipe = Pipe()
            process.standardInput = pipe
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            pipe.fileHandleForWriting.write(input.data)
            try pipe.fileHandleForWriting.close()
            processes.append(process)
        }
        for process in processes {
            await process.exited()
            #expect(process.terminationStatus == 0)
        }
        let kept = try AssessmentStore(path: db).finishedAssessments()
        #expect(kept.count == 4)
        #expect(Set(kept.compactMap(\.reference)).count == 4)
        for assessment in kept { #expect(assessment.answers.map(\.typed) == Self.longest.map { Optional($0) }) }
    }

    @Test("the Questionnaire of a dialog whose dates and times FHIRPath can say comes without a warning; one that reads days_ago() as a number names it")
    func questionnaireWithDatesWarnsOnlyForWhatIsLeftOut() async throws {
        let dated = try await IntakeBinary.run(["export", "--questionnaire", "Tests/DialogKitTests/Data/kinds/onset.yaml"])
        #expect(dated.status == 0)
        #expect(dated.stderr.isEmpty, "days_ago(onset) <= 7 and the date and time constants are said in FHIRPath: \(dated.stderr)")
        #expect(dated.stdout.contains("\"type\": \"date\""), "the date item is there")
        #expect(dated.stdout.contains("today() - 7 days"), "days_ago(onset) <= 7 is onset >= today() - 7 days")
        #expect(dated.stdout.contains("@T23:00:00") && dated.stdout.contains("@2026-01-01"), "time and date constants")
        let leftOut = try await IntakeBinary.run(["export", "--questionnaire", "Tests/Data/fhir/fhir_dates.yaml"])
        #expect(leftOut.status == 0)
        let warnings = leftOut.stderr.split(separator: "\n")
        #expect(warnings.count == 2, "\(leftOut.stderr)")
        #expect(leftOut.stderr.contains("the score `weeks_since` is `days_ago(onset) / 7`"), "\(leftOut.stderr)")
        #expect(!leftOut.stdout.contains("score.weeks_since") && leftOut.stdout.contains("score.recent_score"))
        #expect(leftOut.stderr.contains("line 24: `let weeks` is `days_ago(onset) / 7`, which uses days_ago() as a number of days"), "\(leftOut.stderr)")
        #expect(!leftOut.stdout.contains("let.weeks"), "the value FHIRPath cannot compute has no item")
        #expect(leftOut.stdout.contains("let.recent"))
        let plain = try await IntakeBinary.run(["export", "--questionnaire", "Dialogs/example.yaml"])
        #expect(plain.status == 0)
        #expect(plain.stderr.isEmpty, "\(plain.stderr)")
    }
}
