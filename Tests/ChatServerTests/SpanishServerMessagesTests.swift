// SpanishServerMessagesTests: the server's own sentences in the session's language, over real sockets.
@testable import ChatServer
import DialogKit
import Foundation
import Testing
import TestSupport

/// The migraine dialog as written and in its Spanish translation.
private let english = RepositoryDialogs.named("migraine")
private let spanish: Dialog = {
    do { return try RepositoryDialogs.load("Dialogs/migraine.yaml", in: "es") } catch { fatalError("\(error)") }
}()

/// A server on 127.0.0.1 running `dialog` (or, with `choosing`, asking each connection its language).
private func withDialogServer(_ dialog: Dialog, protocolMode: ChatProtocol = .plain, choosing: Bool = false,
                              limits: ServerLimits = ServerLimits(), _ body: (Int) async throws -> Void) async throws {
    let choice = choosing ? LanguageChoice(dialogs: [english, spanish]) : nil
    try await withServer(protocolMode, dialog: dialog, limits: limits, configure: { configuration in
        if let choice {
            configuration.makeRunner = { _, _, _ in LanguageChoosingRunner(choice: choice) { Session(dialog: $0) } }
        }
    }) { _, port in try await body(port) }
}

@Suite("The server's own sentences in the session's language")
struct SpanishServerMessagesTests {
    @Test("with the dialog in Spanish, the idle warning and the idle close are in Spanish")
    func idleInSpanish() async throws {
        var limits = ServerLimits()
        limits.idleTimeout = .seconds(3)
        limits.idleWarning = .seconds(2)
        try await withDialogServer(spanish, limits: limits) { port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "paso 1 de")
            try await client.read(until: "¿Sigue ahí? Esta sesión se cerrará dentro de 2 segundos si no responde.")
            try await client.read(until: "Esta sesión se ha cerrado tras 3 segundos sin respuesta. Adiós.")
            #expect(try await client.waitForClose())
            #expect(!(try await client.text).contains("Are you still there"))
        }
    }

    @Test("a line over the limit is refused in Spanish, in plain text and in JSON; the session goes on")
    func lineTooLongInSpanish() async throws {
        var limits = ServerLimits()
        limits.maxLineBytes = 64
        for mode in [ChatProtocol.plain, .json] {
            try await withDialogServer(spanish, protocolMode: mode, limits: limits) { port in
                let client = try await TestClient.connect(port: port)
                try await client.read(until: "como un trueno")
                try await client.send(String(repeating: "a", count: 200) + "\r\n")
                try await client.read(until: "Esa línea era demasiado larga (más de 64 bytes) y no se ha tenido en cuenta.")
                try await client.send("no\r\n")
                try await client.read(until: mode == .json ? #""id":"neuro_deficit""# : "paso 2 de")
                await client.close()
            }
        }
    }

    @Test("at the language question the server speaks English; once Spanish is chosen, Spanish; English chosen stays English")
    func followsTheChosenLanguage() async throws {
        var limits = ServerLimits()
        limits.maxLineBytes = 64
        let tooLong = String(repeating: "b", count: 200) + "\r\n"
        try await withDialogServer(english, choosing: true, limits: limits) { port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "Español")
            try await client.send(tooLong)
            try await client.read(until: "That line was too long (over 64 bytes) and was ignored.")
            try await client.send("español\r\n")
            try await client.read(until: "como un trueno")
            try await client.send(tooLong)
            try await client.read(until: "Esa línea era demasiado larga (más de 64 bytes)")
            await client.close()

            let other = try await TestClient.connect(port: port)
            try await other.read(until: "Español")
            try await other.send("english\r\n")
            try await other.read(until: "like a thunderclap")
            try await other.send(tooLong)
            try await other.read(until: "That line was too long (over 64 bytes) and was ignored.")
            #expect(!(try await other.text).contains("Esa línea"))
            await other.close()
        }
    }

    @Test("a person who quits a Spanish session is told goodbye in Spanish")
    func goodbyeInSpanish() async throws {
        try await withDialogServer(spanish) { port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "como un trueno")
            try await client.send("salir\r\n")
            try await client.read(until: "Adiós.")
            #expect(try await client.waitForClose())
            #expect(!(try await client.text).contains("Goodbye"))
        }
    }

    @Test("an IRC client of a server in Spanish reads the message of the day, the end and the restart in Spanish")
    func ircMessageOfTheDayInSpanish() async throws {
        try await withDialogServer(spanish, protocolMode: .irc) { port in
            let client = try await TestClient.connect(port: port)
            try await register(client, nick: "maria")
            try await client.read(until: ":intake.local 372 maria :- Autoevaluación del dolor de cabeza")
            try await client.read(until: "abrirá una conversación privada con usted; responda allí. Escriba ayuda, atrás o salir en cualquier momento.")
            try await client.read(until: ":intake.local 376 maria")
            try await client.read(until: "como un trueno")
            // A red flag ends it; what the bot says after the end, and its restart word, are Spanish too.
            try await client.send("PRIVMSG intake :sí\r\n")
            try await client.read(until: "Este cuestionario ha terminado. Escriba reiniciar para empezar de nuevo, o /quit para salir.")
            try await client.send("PRIVMSG intake :hola\r\n")
            try await client.read(until: "Escriba reiniciar para empezar de nuevo, o /quit para salir.")
            try await client.send("PRIVMSG intake :reiniciar\r\n")
            try await client.read(until: "como un trueno")
            #expect(!(try await client.text).contains("will open a query with you"))
            #expect(!(try await client.text).contains("This assessment is finished"))
            await client.close()
        }
    }

    @Test("every sentence has its Spanish, different from its English, and English stays as it was")
    func everySentenceIsTranslated() {
        let sentences: [ServerSentence] = [
            ServerMessages.tooManySessions(limit: 5), ServerMessages.tooManyFromAddress(limit: 2),
            ServerMessages.idleWarning(remaining: .seconds(60)), ServerMessages.idleTimeout(after: .seconds(600)),
            ServerMessages.sessionTooLong(limit: .seconds(1800)), ServerMessages.slowDown, ServerMessages.flood,
            ServerMessages.lineTooLong(limit: 4096), ServerMessages.interrupted, ServerMessages.endOfInput,
            ServerMessages.stopping, ServerMessages.finished, ServerMessages.tooManyWrongCodes,
            ServerMessages.kioskReading, ServerMessages.goodbye, ServerMessages.ircQueryNotice(bot: "Intake"),
            ServerMessages.ircFinished,
        ]
        for sentence in sentences {
            #expect(sentence.spanish != sentence.english, "\(sentence.english)")
            #expect(sentence.text(in: .english) == sentence.english)
            #expect(sentence.text(in: spanish.language) == sentence.spanish)
        }
        #expect(ServerMessages.idleWarning(remaining: .seconds(60)).spanish.contains("1 minuto"))
        #expect(ServerMessages.idleTimeout(after: .seconds(600)).spanish.contains("10 minutos"))
        #expect(ServerMessages.idleWarning(remaining: .seconds(1)).spanish.contains("1 segundo"))
    }
}
