// Line: what one call to LineEditor.readLine() brings back.

/// The result of reading one line at the terminal.
public enum Line: Sendable, Equatable {
    /// A line the person entered with Return, without the line terminator.
    case text(String)
    /// Ctrl-C: the line was thrown away and shown ending in "^C"; the caller carries on.
    case interrupt
    /// Ctrl-D on an empty line, or the input closed (`LineEditor.inputClosed` tells which).
    case endOfFile
    /// No key for the time `readLine(idle:)` was given; what had been typed is dropped.
    case idle
}
