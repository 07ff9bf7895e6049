// EditHistory: the lines a person entered, in memory, and optionally kept in a file created 0600.
import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a history file could not be used.
public struct HistoryFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "history file \(path): \(reason)" }
}

/// The history Up/Down and Ctrl-R walk: libedit's, owned here.
///
/// By default it lives in memory only and dies with the process (a kiosk must not show the last
/// person's answers). With a file it is loaded at start and written after every entry, so a
/// crash loses nothing; the file is created, and kept, readable by its owner only (0600).
public final class EditHistory {
    let handle: OpaquePointer
    /// The file entries are kept in, if any.
    public let file: String?

    /// An empty history of at most `size` entries, loaded from `file` when it exists. The file is
    /// created at once (empty, 0600) so a wrong path is reported before anyone types; a file that
    /// is not a libedit history file is refused rather than overwritten.
    public init(size: Int = 500, file: String? = nil) throws(HistoryFileError) {
        CharacterLocale.prepare()
        guard let handle = history_winit() else {
            throw HistoryFileError(path: file ?? "", reason: "libedit could not create a history")
        }
        self.handle = handle
        self.file = file
        intake_history_setsize(handle, Int32(clamping: size))
        intake_history_setunique(handle, 1)
        // Thrown from here, the object is complete, so deinit ends the history.
        if let file {
            try Self.prepare(file)
            try load(file)
        }
    }

    deinit {
        history_wend(handle)
    }

    /// Adds a line (blank lines are not kept, nor a repeat of the line before) and saves the file.
    public func add(_ line: String) {
        guard line.contains(where: { !$0.isWhitespace }) else { return }
        let wide = WideText.make(line)
        _ = wide.withUnsafeBufferPointer { intake_history_enter(handle, $0.baseAddress) }
        if let file { try? save(to: file) }
    }

    /// The entries, oldest first.
    public var entries: [String] {
        var lines: [String] = []
        var entry = intake_history_oldest(handle)
        while let current = entry {
            lines.append(WideText.string(from: current))
            entry = intake_history_newer(handle)
        }
        return lines
    }

    /// Forgets every entry (the file keeps what it has until the next save).
    public func clear() {
        intake_history_clear(handle)
    }

    /// Writes every entry to `path` with permissions 0600, whatever they were before.
    public func save(to path: String) throws(HistoryFileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HistoryFileError(path: path, reason: Self.errnoText()) }
        fchmod(fd, 0o600)
        guard let stream = fdopen(fd, "w") else {
            close(fd)
            throw HistoryFileError(path: path, reason: Self.errnoText())
        }
        let written = intake_history_save_fp(handle, stream)
        guard fclose(stream) == 0, written >= 0 else {
            throw HistoryFileError(path: path, reason: "could not write it")
        }
    }

    private func load(_ path: String) throws(HistoryFileError) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_size > 0 else { return }
        guard intake_history_load(handle, path) >= 0 else {
            throw HistoryFileError(path: path, reason: "could not read it")
        }
    }

    /// Creates the file 0600 when missing; refuses a directory or somebody else's file format.
    private static func prepare(_ path: String) throws(HistoryFileError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HistoryFileError(path: path, reason: errnoText()) }
        defer { close(fd) }
        // The file holds a person's answers: owner only, also when it was there before.
        fchmod(fd, 0o600)
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw HistoryFileError(path: path, reason: errnoText()) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw HistoryFileError(path: path, reason: "not a regular file")
        }
        guard status.st_size > 0 else { return }
        // libedit's history files begin with this line; anything else is a file we must not clobber.
        let cookie = Array("_HiStOrY_V2_\n".utf8)
        var head = [UInt8](repeating: 0, count: cookie.count)
        let count = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count == cookie.count, head == cookie else {
            throw HistoryFileError(path: path, reason: "not a history file written by intake; choose another file")
        }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
