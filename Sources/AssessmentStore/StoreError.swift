// StoreError: why the store could not be opened or written, in words a person can act on.

/// A failure of the store, with a message for the person running the command.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The file or its folder could not be made or opened.
    case cannotOpen(path: String, reason: String)
    /// SQLite refused a read or a write (the disk is full, the file is locked too long, ...).
    case database(String)
    /// Another connection resumed the session since this one last wrote it.
    case continuedElsewhere

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the assessment store \(path): \(reason)"
        case .database(let message): "the assessment store failed: \(message)"
        case .continuedElsewhere: "the session was continued on another connection"
        }
    }
}
