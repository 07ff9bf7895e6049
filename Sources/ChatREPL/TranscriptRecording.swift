// TranscriptRecording: `intake chat --record FILE`: the recorder a chat's turns go to.

import DialogKit
import DialogTesting

/// The recorder of a chat, by reference, so the copy of the session the REPL runs records into it too.
public final class TranscriptRecording {
    /// The turns so far; `transcript(savingTo:)` gives the file's text.
    public var recorder: TranscriptRecorder

    /// An empty recording of a session of `dialog`.
    public init(dialog: Dialog) {
        recorder = TranscriptRecorder(dialog: dialog)
    }
}
