// ChatScreen: the REPL's output: events rendered at the terminal's width, drawn again after a resize.
import DialogKit
import Foundation
import LineEditing

/// What the REPL shows. It renders each turn at the terminal's width as it is now, and keeps the
/// last turn so that a resize can clear the screen and draw it again at the new width.
final class ChatScreen {
    /// Lines longer than this are hard to read, however wide the window.
    static let readableWidth = 100

    private let editor: LineEditor
    private let color: Bool
    private let fixedWidth: Int?
    private var lastTurn: [Event] = []
    private var lastNote: String?

    /// `fixedWidth` (from `--width`) wins over the terminal's columns.
    init(editor: LineEditor, color: Bool, fixedWidth: Int?) {
        self.editor = editor
        self.color = color
        self.fixedWidth = fixedWidth
    }

    /// Shows one turn of the session, with an optional dim line after it.
    func show(_ events: [Event], note: String? = nil) {
        guard !events.isEmpty || note != nil else { return }
        lastTurn = events
        lastNote = note
        editor.write(render(events, note: note, width: width(columns: editor.columns)))
    }

    /// A line about the REPL itself (not from the dialog), dim.
    func notice(_ text: String) {
        let lines = TextWrapping.wrap(text, width: width(columns: editor.columns))
        editor.write(lines.map(dim).joined(separator: "\n") + "\n")
    }

    /// After a resize: the last turn again, wrapped to the new width, on a cleared screen. Leaves
    /// the cursor at the start of a line, where the editor draws the prompt and the typed line.
    func redraw(columns: Int) {
        var text = ""
        // Clearing needs a terminal that understands ANSI; a dumb one just gets the turn again.
        if ProcessInfo.processInfo.environment["TERM"] != "dumb" { text += "\u{1B}[H\u{1B}[2J" } else { text += "\n" }
        text += render(lastTurn, note: lastNote, width: width(columns: columns))
        editor.write(text)
    }

    /// A kiosk between two people: the screen and its scrollback cleared, and the last turn
    /// forgotten, so that a resize cannot draw the previous person's screen again.
    func clearForNextPerson() {
        lastTurn = []
        lastNote = nil
        // A dumb terminal cannot clear; pushing the text out of sight is the best it allows.
        let dumb = ProcessInfo.processInfo.environment["TERM"] == "dumb"
        editor.write(dumb ? String(repeating: "\n", count: 200) : LineEditor.clearScreenAndScrollback)
    }

    private func width(columns: Int) -> Int {
        max(20, fixedWidth ?? min(columns, Self.readableWidth))
    }

    private func render(_ events: [Event], note: String?, width: Int) -> String {
        var text = TextRenderer(width: width, color: color).render(events)
        if let note {
            text += TextWrapping.wrap(note, width: width).map(dim).joined(separator: "\n") + "\n"
        }
        return text
    }

    private func dim(_ line: String) -> String {
        color && !line.isEmpty ? "\u{1B}[2m" + line + "\u{1B}[0m" : line
    }
}
