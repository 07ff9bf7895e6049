// ChatRecording: `intake chat --record FILE` saves the session as a transcript.

import ArgumentParser
import ChatREPL
import Foundation

extension Chat {
    /// Writes the recorded transcript; a file that cannot be written is an error (exit 1), said on stderr.
    func save(_ recording: TranscriptRecording, to path: String) throws {
        let text = recording.recorder.transcript(savingTo: path)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            StandardError.write("intake: cannot write the transcript to \(path): \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
    }
}
