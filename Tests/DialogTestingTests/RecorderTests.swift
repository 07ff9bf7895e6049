// RecorderTests: a recorded session, saved as a transcript, passes `intake test` as it stands.

import DialogKit
@testable import DialogTesting
import Foundation
import Testing
import TestSupport

@Suite("Recorder")
struct RecorderTests {
    /// Plays lines through a session as `intake chat` does, recording them.
    func record(_ lines: [String], dialog: Dialog) -> TranscriptRecorder {
        var session = Session(dialog: dialog)
        var recorder = TranscriptRecorder(dialog: dialog)
        recorder.opened(session.start())
        for line in lines where !session.isOver { recorder.typed(line, events: session.receive(line)) }
        return recorder
    }

    @Test("answers, a refused line, commands and the outcome round-trip through a transcript that passes")
    func roundTrip() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache())
        let recorder = record(["no", "lots", "help", "17", "/back", "16", "left"], dialog: dialog)
        let text = recorder.transcript(savingTo: "/tmp/elsewhere/recorded.transcript")
        #expect(text.contains("ask days\n> lots\nretry\nask days\n> help\nask days\n> 17\nask location\n> /back\nask days\n> 16"))
        #expect(text.hasSuffix("outcome consult\nflags exactly frequent\n"))
        let transcript = try ToolFixtures.transcript(text)
        let result = TranscriptRunner.run(transcript, dialog: dialog)
        #expect(result.passed, "\(result.failures)")
        #expect(result.session.outcome?.id == "consult")
    }

    @Test("recording the example dialog through its commands replays exactly, through the files on disk")
    func exampleOnDisk() throws {
        let dialogPath = Repository.path("Dialogs/example.yaml")
        let file = DialogFile.load(path: dialogPath)
        let dialog = try #require(file.result.dialog)
        let recorder = record(["no", "back", "/back", "no", "neck", "3 months", "7", "1, 3", "why", "yes", "skip"], dialog: dialog)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("recorded.transcript").path
        let text = recorder.transcript(savingTo: path)
        #expect(text.contains("\ndialog: ../"), "a transcript outside Dialogs/tests names its dialog")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let suite = TranscriptSuite.run(paths: [path])
        #expect(suite.problems.isEmpty, "\(suite.problems)")
        #expect(suite.passedCount == 1, "\(suite.results.first?.failures ?? [])")
        #expect(text.contains("outcome see_doctor\nflags exactly long_lasting severe disabling\n"))
    }

    @Test("beside its dialog in tests/<id>/, no dialog header is written; a quit session says it ended")
    func conventionalPlace() throws {
        let dialog = try ToolFixtures.dialog(ToolFixtures.headache(), file: "/tmp/d/headache.yaml")
        let recorder = record(["no", "quit"], dialog: dialog)
        let text = recorder.transcript(savingTo: "/tmp/d/tests/headache/quit.transcript")
        #expect(!text.contains("dialog:"))
        #expect(text.hasSuffix("> quit\n# ends without an outcome: the session was ended here\n"))
    }
}
