// PortFile: `intake serve --port-file FILE`: the bound port for scripts, written whole once the server listens.

import ArgumentParser
import Foundation

/// The machine-readable ready signal of `intake serve`: a file holding the port the server listens
/// on (with `--port 0`, the one the kernel picked), its digits and a newline.
///
/// Scripts wait for the file rather than read the human log line, whose wording may change. The
/// file is written to a temporary name beside it and renamed, so a reader that sees it sees all of
/// it; it appears only once the listener is bound and the stop signals are caught, so a script may
/// connect, or send SIGTERM, as soon as it is there.
struct PortFile {
    let path: String

    /// The folder the file goes in, where the temporary file is made too (a rename does not cross file systems).
    private var folder: String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// Says, before anything is bound, why the file could not be written: a folder that does not
    /// exist or cannot be written to, a folder where the file should be, a file the server keeps
    /// (`keeping`: the store and its WAL, by any spelling of their path), or an existing file that
    /// does not hold a port. The last two would be replaced by the port and deleted at the stop, so
    /// they are refused rather than lost. Exit status 1.
    func checkWritable(keeping kept: [String] = []) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw reportFailure("it is a folder")
        }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw reportFailure("there is no folder \(folder)")
        }
        guard access(folder, W_OK) == 0 else { throw reportFailure("the folder \(folder) cannot be written to") }
        let resolved = Self.resolve(path)
        if let clash = kept.first(where: { Self.resolve($0) == resolved }) {
            throw reportFailure("it is \(clash), which the server keeps; give the port file a name of its own")
        }
        if FileManager.default.fileExists(atPath: path), !holdsAPort() {
            throw reportFailure("a file is there that does not hold a port, and it is left as it is; give the port file a name of its own")
        }
    }

    /// The one spelling of a path: absolute, without `.` and `..`, with the symbolic links of its folder followed.
    private static func resolve(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: absolute).standardizedFileURL
        let folder = url.deletingLastPathComponent().resolvingSymlinksInPath()
        return folder.appendingPathComponent(url.lastPathComponent).resolvingSymlinksInPath().path
    }

    /// Whether the file holds what `write(port:)` writes (digits and a newline), as one an earlier
    /// server left after SIGKILL does: only such a file is replaced or removed.
    private func holdsAPort() -> Bool {
        guard let data = FileManager.default.contents(atPath: path), (2...7).contains(data.count), data.last == UInt8(ascii: "\n") else {
            return false
        }
        return data.dropLast().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Writes `port` and a newline to a temporary file beside `path`, then renames it to `path`.
    func write(port: Int) throws {
        let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw reportFailure(String(cString: strerror(errno))) }
        let bytes = Array("\(port)\n".utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let writeError = errno
        close(descriptor)
        guard written == bytes.count else {
            unlink(temporary)
            throw reportFailure(written < 0 ? String(cString: strerror(writeError)) : "only \(written) bytes were written")
        }
        guard rename(temporary, path) == 0 else {
            let renameError = errno
            unlink(temporary)
            throw reportFailure(String(cString: strerror(renameError)))
        }
    }

    /// Takes the file away when the server has stopped, so that it never names a port nobody listens on
    /// (after SIGKILL it stays, and the next server replaces it). A file that no longer holds a port is
    /// someone else's by now and stays.
    func remove() {
        if holdsAPort() { unlink(path) }
    }

    /// Says on standard error why the file cannot be written; returns the exit status to throw.
    private func reportFailure(_ reason: String) -> ExitCode {
        StandardError.write("intake: cannot write the port file \(path): \(reason).\n")
        return ExitCode.failure
    }
}
