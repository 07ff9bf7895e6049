// ChatSessionTests: the session `intake chat` runs, bare or kept in a real SQLite store, and its recording.

import AssessmentStore
import ChatREPL
import DialogKit
import DialogTesting
import Foundation
import Testing

@Suite struct ChatSessionTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func example() throws -> Dialog {
        let file = DialogFile.load(path: repositoryRoot.appendingPathComponent("Dialogs/example.yaml").path)
        return try #require(file.result.dialog)
    }

    /// A store in a folder of its own, removed by the caller.
    static func store() throws -> (AssessmentStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chat-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try AssessmentStore(path: folder.appendingPathComponent("assessments.sqlite").path), folder)
    }

    static func text(_ events: [Event]) -> String {
        TextRenderer(width: 200, color: false).render(events)
    }

    @Test("a bare session runs the dialog to its outcome and keeps nothing")
    func bareSessionReachesItsOutcome() throws {
        var session = ChatSession(dialog: try Self.example())
        let opening = Self.text(session.start())
        #expect(session.currentAsk?.id == "saddle_numbness")
        #expect(!opening.contains("resume code"))
        #expect(session.completionCandidates.contains("yes"))
        _ = session.receive("yes")
        #expect(session.isOver)
        #expect(session.outcome?.id == "emergency")
        #expect(session.outcome?.reference == nil)
    }

    @Test("a kept session gives a resume code and a reference")
    func keptSessionHasCodeAndReference() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        var session = ChatSession(dialog: try Self.example(), keptIn: store, channel: .chat, resuming: nil)
        #expect(Self.text(session.start()).contains("resume code"))
        _ = session.receive("yes")
        #expect(session.isOver)
        #expect(session.outcome?.reference != nil)
    }

    @Test("three wrong resume codes end the chat with a line saying why")
    func threeWrongCodesEndTheChat() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        var session = ChatSession(dialog: try Self.example(), keptIn: store, channel: .chat, resuming: nil)
        _ = session.start()
        var last: [Event] = []
        for code in ["resume AAAA", "resume K7PX-R2M4-QH9T", "resume ZZZZ-ZZZZ-ZZZZ"] {
            #expect(!session.isOver)
            last = session.receive(code)
        }
        #expect(session.isOver)
        #expect(session.outcome == nil)
        #expect(Self.text(last).contains("3 resume codes did not work, so this session ends here."))
        #expect(last.last.map { if case .end = $0 { true } else { false } } == true)
    }

    @Test("a recording shared by copies of the session holds every turn")
    func recordingIsSharedByCopies() throws {
        let dialog = try Self.example()
        var session = ChatSession(dialog: dialog)
        let recording = TranscriptRecording(dialog: dialog)
        session.recording = recording
        _ = session.start()
        var copy = session
        _ = copy.receive("yes")
        let transcript = recording.recorder.transcript(savingTo: "example.transcript")
        #expect(transcript.contains("ask saddle_numbness"))
        #expect(transcript.contains("> yes"))
        #expect(transcript.contains("outcome emergency"))
    }
}
