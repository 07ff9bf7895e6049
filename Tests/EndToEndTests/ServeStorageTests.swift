// ServeStorageTests: `intake serve` keeps assessments: a connection cut off and resumed over TCP (plain and IRC), three wrong codes close it, --no-store.

import AssessmentStore
import Foundation
import Testing

@Suite("intake serve with the assessment store (built binary, real sockets)", .serialized)
struct ServeStorageTests {
    static func resumeCode(in text: String) -> String? {
        StorageCommandTests.resumeCode(in: text)
    }

    @Test("a plain connection cut off after two answers resumes on a new connection with both kept, and finishes with a reference")
    func plainResume() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db])
        defer { server.stopInBackground() }
        #expect(server.stderr.contains("assessments kept in \(db)"))

        let first = try LineSocket(port: server.port)
        #expect(await first.read(until: "Type help for more.\r\n> "))
        let code = try #require(Self.resumeCode(in: first.received), "\(first.received)")
        first.send("no")
        #expect(await first.read(until: "Where is the pain worst?"))
        first.send("2")
        #expect(await first.read(until: "How long have you had this pain?"))
        // The line drops: the client goes away without a word.
        first.close()

        let second = try LineSocket(port: server.port)
        #expect(await second.read(until: "> "))
        second.send("resume \(code.lowercased())")
        #expect(await second.read(until: "How long have you had this pain?"), "\(second.received)")
        #expect(second.received.contains("Welcome back. Your 2 answers are kept"))
        for answer in ["10 days", "4", "rest", "skip"] { second.send(answer) }
        #expect(await second.read(until: "Your reference: "))
        #expect(await second.readUntilClosed())
        #expect(second.received.contains("- Where is the pain worst? Upper back"))
        let reference = try #require(StorageCommandTests.reference(in: second.received))

        let kept = try #require(try AssessmentStore(path: db).assessment(reference: reference))
        #expect(kept.channel == .plain)
        #expect(kept.answers.map(\.typed) == ["no", "2", "10 days", "4", "rest", "skip"])
        #expect(!server.stderr.contains("10 days") && !server.stderr.contains(code), "no answer and no code in the log")
    }

    @Test("answers sent before the greeting (`nc < answers.txt`) wait for the kept opening, then are taken in order")
    func answersBeforeTheGreeting() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db])
        defer { server.stopInBackground() }
        let client = try LineSocket(port: server.port)
        // At once, before the protocol is known: the first line chooses it, and is the first answer.
        let answers = ["no", "1", "3 weeks", "4", "1, 2", "skip"]
        for answer in answers { client.send(answer) }
        #expect(await client.read(until: "Your reference: "), "\(client.received)")
        #expect(await client.readUntilClosed())
        #expect(client.received.components(separatedBy: "Your resume code is").count == 2, "one opening, with its code")
        let reference = try #require(StorageCommandTests.reference(in: client.received))
        let kept = try #require(try AssessmentStore(path: db).assessment(reference: reference))
        #expect(kept.answers.map(\.typed) == answers)
        #expect(server.process.isRunning, "the server is still up")
    }

    @Test("`resume CODE` and the rest of the answers in one burst: the resume is done first, then each answer in order")
    func resumeAndAnswersInOneBurst() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db])
        defer { server.stopInBackground() }
        let first = try LineSocket(port: server.port)
        #expect(await first.read(until: "Type help for more.\r\n> "))
        let code = try #require(Self.resumeCode(in: first.received))
        first.send("no")
        #expect(await first.read(until: "Where is the pain worst?"))
        first.close()

        let second = try LineSocket(port: server.port)
        #expect(await second.read(until: "> "))
        // Pasted all at once: every line after the resume waits for the resume's write.
        for line in ["resume \(code)", "1", "3 weeks", "4", "1, 2", "skip"] { second.send(line) }
        #expect(await second.read(until: "Your reference: "), "\(second.received)")
        #expect(second.received.contains("Welcome back. Your 1 answer is kept"))
        let reference = try #require(StorageCommandTests.reference(in: second.received))
        let kept = try #require(try AssessmentStore(path: db).assessment(reference: reference))
        #expect(kept.answers.map(\.typed) == ["no", "1", "3 weeks", "4", "1, 2", "skip"])
    }

    @Test("one code typed on two connections at the same moment: one carries the session on, the other is told and ends")
    func oneCodeOnTwoConnectionsAtOnce() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db])
        defer { server.stopInBackground() }
        let first = try LineSocket(port: server.port)
        #expect(await first.read(until: "Type help for more.\r\n> "))
        let code = try #require(Self.resumeCode(in: first.received))
        first.send("no")
        #expect(await first.read(until: "Where is the pain worst?"))
        first.close()

        let a = try LineSocket(port: server.port)
        let b = try LineSocket(port: server.port)
        let aPrompted = await a.read(until: "> ")
        let bPrompted = await b.read(until: "> ")
        #expect(aPrompted && bPrompted)
        a.send("resume \(code)")
        b.send("resume \(code)")
        let aWelcomed = await a.read(until: "Welcome back.")
        let bWelcomed = await b.read(until: "Welcome back.")
        #expect(aWelcomed && bWelcomed)
        a.send("1")
        b.send("2")
        for client in [a, b] {
            // Either it goes on or it is told that the other did; the second wait only if the first found nothing.
            let answered = await client.read(until: "How long have you had this pain?")
            #expect(answered ? true : await client.read(until: "continued on another connection"))
        }
        let overtaken = [a, b].filter { $0.received.contains("This questionnaire was continued on another connection") }
        #expect(overtaken.count == 1, "exactly one of the two carries on")
        let carrier = try #require([a, b].first { !$0.received.contains("continued on another connection") })
        for answer in ["3 weeks", "4", "1, 2", "skip"] { carrier.send(answer) }
        #expect(await carrier.read(until: "Your reference: "))
        let reference = try #require(StorageCommandTests.reference(in: carrier.received))
        let kept = try #require(try AssessmentStore(path: db).assessment(reference: reference))
        #expect(kept.answers.count == 6, "no answer of the other connection interleaved")
        #expect(kept.answers[1].typed == (carrier === a ? "1" : "2"))
    }

    @Test("an answer and quit in one packet: the answer is kept, then the session is quit, in that order")
    func answerThenQuitInOnePacket() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db])
        defer { server.stopInBackground() }
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "Type help for more.\r\n> "))
        client.send("no\r\nquit")
        #expect(await client.readUntilClosed())
        #expect(client.received.contains("Where is the pain worst?"), "the answer was taken first")
        let sessions = try AssessmentStore(path: db).allAssessments()
        #expect(sessions.count == 1)
        #expect(sessions.first?.status == .quit)
        #expect(sessions.first?.answers.map(\.typed) == ["no"])
    }

    @Test("an IRC client resumes a session started over plain text with `resume CODE` in the query")
    func ircResume() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db])
        defer { server.stopInBackground() }
        let plain = try LineSocket(port: server.port)
        #expect(await plain.read(until: "> "))
        let code = try #require(Self.resumeCode(in: plain.received))
        plain.send("no")
        #expect(await plain.read(until: "Where is the pain worst?"))

        let irc = try LineSocket(port: server.port)
        irc.send("NICK kiosk")
        irc.send("USER kiosk 0 * :Kiosk")
        #expect(await irc.read(until: "step 1 of about"))
        irc.send("PRIVMSG intake :resume \(code)")
        #expect(await irc.read(until: "Where is the pain worst?"), "\(irc.received)")
        #expect(irc.received.contains("Welcome back. Your 1 answer is kept"))
        for answer in ["1", "10 days", "4", "rest", "skip"] { irc.send("PRIVMSG intake :\(answer)") }
        #expect(await irc.read(until: "Your reference: "), "\(irc.received)")
        let reference = try #require(StorageCommandTests.reference(in: irc.received))
        let kept = try #require(try AssessmentStore(path: db).assessment(reference: reference))
        #expect(kept.answers.count == 6)
        #expect(kept.channel == .plain, "the channel it was started on")

        // The plain connection that started it is told at its next answer, and closed.
        plain.send("1")
        #expect(await plain.read(until: "continued on another connection"))
        #expect(await plain.readUntilClosed())
    }

    @Test("three wrong codes close the connection with a line saying why; over IRC too")
    func wrongCodes() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db])
        defer { server.stopInBackground() }
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "> "))
        client.send("resume K7PX-R2M4-QH9T")
        #expect(await client.read(until: "not known"))
        client.send("resume")
        client.send("resume AAAA-BBBB-CCCC")
        client.send("resume 2222-3333-4444")
        #expect(await client.readUntilClosed(), "\(client.received)")
        #expect(client.received.contains("Three resume codes did not work, so this connection closes."))

        let irc = try LineSocket(port: server.port)
        irc.send("NICK kiosk")
        irc.send("USER kiosk 0 * :Kiosk")
        #expect(await irc.read(until: "step 1 of about"))
        for code in ["K7PX-R2M4-QH9T", "AAAA-BBBB-CCCC", "2222-3333-4444"] { irc.send("PRIVMSG intake :resume \(code)") }
        #expect(await irc.readUntilClosed(), "\(irc.received)")
        #expect(irc.received.contains("ERROR :Closing Link: 127.0.0.1 (too many wrong resume codes)"))
    }

    @Test("the server killed with SIGKILL in the middle of ten sessions, restarted: every accepted answer there, none twice; one resumes and finishes")
    func serverKilled() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let answers = StorageCommandTests.longest
        // --language en: the answers are the English ones (the migraine dialog otherwise asks the language first).
        let server = try await LiveServer(["--db", db, "--language", "en", "--max-sessions-per-address", "50", "--line-burst", "100"])
        // Each connection stops after a different number of answers; all are open when the server dies.
        let stops = [1, 4, 7, 10, 13, 16, 19, 22, 25, 28]
        var clients: [(socket: LineSocket, code: String, stop: Int)] = []
        for stop in stops {
            let socket = try LineSocket(port: server.port)
            #expect(await socket.read(until: "> "))
            clients.append((socket, try #require(Self.resumeCode(in: socket.received)), stop))
        }
        for step in 0..<answers.count {
            for client in clients where step < client.stop {
                client.socket.send(answers[step])
                // The next question's prompt: the answer was accepted (and so kept).
                #expect(await client.socket.read(until: "step \(step + 2) of about"), "step \(step) of \(client.stop)")
            }
        }
        // One more answer each, sent as the server dies: it may or may not have been kept.
        for client in clients { client.socket.send(answers[client.stop]) }
        await server.kill()
        #expect(server.process.terminationReason == .uncaughtSignal)

        let restarted = try await LiveServer(["--db", db, "--language", "en"])
        defer { restarted.stopInBackground() }
        let kept = try AssessmentStore(path: db).allAssessments()
        #expect(kept.count == stops.count)
        for assessment in kept {
            let typed = assessment.answers.compactMap(\.typed)
            #expect(typed == Array(answers.prefix(typed.count)), "in order, none lost, none twice")
            #expect(assessment.answers.map(\.position) == Array(0..<typed.count))
            #expect(stops.contains(typed.count) || stops.contains(typed.count - 1), "\(typed.count) kept")
        }
        #expect(Set(kept.map(\.answers.count)).count >= stops.count - 1)

        // One of them carries on over TCP with the restarted server.
        let chosen = clients[5]
        let again = try LineSocket(port: restarted.port)
        #expect(await again.read(until: "> "))
        again.send("resume \(chosen.code)")
        #expect(await again.read(until: "Welcome back."))
        let resumed = try #require(kept.first { $0.answers.count == chosen.stop || $0.answers.count == chosen.stop + 1 })
        for answer in answers.dropFirst(resumed.answers.count) { again.send(answer) }
        #expect(await again.read(until: "Your reference: "), "\(again.received.suffix(300))")
        let reference = try #require(StorageCommandTests.reference(in: again.received))
        let finished = try #require(try AssessmentStore(path: db).assessment(reference: reference))
        #expect(finished.answers.compactMap(\.typed) == answers)
    }

    @Test("two servers on one database file: sessions on both kept whole, and a session resumes across them")
    func twoServers() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let servers = [try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db]), try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db])]
        defer { for server in servers { server.stopInBackground() } }
        let answers = ["no", "1", "10 days", "4", "rest", "skip"]
        var clients: [LineSocket] = []
        for index in 0..<8 {
            let socket = try LineSocket(port: servers[index % 2].port)
            #expect(await socket.read(until: "> "))
            clients.append(socket)
        }
        for answer in answers { for client in clients { client.send(answer) } }
        for client in clients { #expect(await client.read(until: "Your reference: "), "\(client.received.suffix(200))") }
        // Started on one server, cut off, resumed on the other.
        let first = try LineSocket(port: servers[0].port)
        #expect(await first.read(until: "> "))
        let code = try #require(Self.resumeCode(in: first.received))
        first.send("no")
        #expect(await first.read(until: "Where is the pain worst?"))
        first.close()
        let second = try LineSocket(port: servers[1].port)
        #expect(await second.read(until: "> "))
        second.send("resume \(code)")
        for answer in answers.dropFirst() { second.send(answer) }
        #expect(await second.read(until: "Your reference: "), "\(second.received.suffix(300))")

        let kept = try AssessmentStore(path: db).finishedAssessments()
        #expect(kept.count == 9)
        #expect(Set(kept.compactMap(\.reference)).count == 9)
        for assessment in kept { #expect(assessment.answers.compactMap(\.typed) == answers) }
    }

    @Test("--no-store keeps nothing and gives no resume code")
    func noStore() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"])
        defer { server.stopInBackground() }
        #expect(server.stderr.contains("assessments not kept (--no-store)"))
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "> "))
        #expect(Self.resumeCode(in: client.received) == nil)
        for answer in ["no", "1", "10 days", "4", "rest", "skip"] { client.send(answer) }
        #expect(await client.readUntilClosed())
        #expect(client.received.contains("Your answers suggest"))
        #expect(!client.received.contains("Your reference"))
        #expect(!FileManager.default.fileExists(atPath: db))

        let both = try await IntakeBinary.run(["serve", "--no-store", "--db", db])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--db and --no-store do not go together"))
    }
}
