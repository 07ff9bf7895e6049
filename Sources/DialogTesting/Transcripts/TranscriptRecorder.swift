// TranscriptRecorder: writes a chat session as a transcript that `intake test` passes as it stands.

import DialogKit
import Foundation

/// Records what a person types and what the bot asks, so doing a dialog once makes a test of it.
/// The transcript holds `ask` lines, the typed `>` lines, `retry` where a line was refused, and the
/// outcome with exactly its flags.
public struct TranscriptRecorder: Sendable {
    public let dialog: Dialog
    /// The date the recorded session was given: written as `today:` when the dialog asks a date, so that
    /// the transcript reads "yesterday" as the same day whenever it runs.
    public var today: CalendarDay?
    private var lines: [String] = []
    /// Whether the session has ended (with an outcome or without): a recording that stops before
    /// then is marked `# ends without an outcome`, which `intake test` asks of such a transcript.
    private var ended = false

    public init(dialog: Dialog) {
        self.dialog = dialog
    }

    /// The opening events (`Session.start()`).
    public mutating func opened(_ events: [Event]) {
        record(events)
    }

    /// A typed line and the events it caused.
    public mutating func typed(_ line: String, events: [Event]) {
        lines.append("> " + Session.sanitized(line))
        record(events)
    }

    private mutating func record(_ events: [Event]) {
        if events.contains(where: { if case .retry = $0 { true } else { false } }) { lines.append("retry") }
        for event in events {
            switch event {
            case .ask(let ask):
                // The question again after a command or a retry: still worth the `ask` line, which checks it.
                lines.append("ask \(ask.id)")
            case .outcome(let outcome):
                lines.append("outcome \(outcome.id)")
                lines.append(outcome.flags.isEmpty ? "flags exactly" : "flags exactly \(outcome.flags.joined(separator: " "))")
                ended = true
            case .end where !ended:
                lines.append(Transcript.endsWithoutOutcomeMarker + ": the session was ended here")
                ended = true
            default:
                break
            }
        }
    }

    /// The transcript text for a file at `path`: a `dialog:` header unless the file is where
    /// `intake test` finds the dialog anyway (`Dialogs/tests/<id>/` beside `Dialogs/<id>.yaml`).
    public func transcript(savingTo path: String) -> String {
        var header = ["# Recorded with `intake chat --record` from \(dialog.id) version \(dialog.version)."]
        let dialogPath = Self.absolute(dialog.file)
        if Self.absolute(TranscriptSuite.dialogPath(for: path, header: nil)) != dialogPath {
            header.append("dialog: " + Self.relative(dialogPath, from: Self.absolute((path as NSString).deletingLastPathComponent)))
        }
        if dialog.language != .english { header.append("language: \(dialog.language)") }
        if let today, dialog.questions.contains(where: { $0.kind == .date }) { header.append("today: " + today.iso) }
        let ending = ended ? [] : [Transcript.endsWithoutOutcomeMarker + ": the recording stopped here"]
        return (header + lines + ending).joined(separator: "\n") + "\n"
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    /// `target` relative to the folder `base` (both absolute).
    static func relative(_ target: String, from base: String) -> String {
        let targetParts = target.split(separator: "/")
        let baseParts = base.split(separator: "/")
        var common = 0
        while common < targetParts.count, common < baseParts.count, targetParts[common] == baseParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: baseParts.count - common)
        return (ups + targetParts[common...].map(String.init)).joined(separator: "/")
    }
}
