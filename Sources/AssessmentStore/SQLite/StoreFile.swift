// StoreFile: where the database lives by default, and making its folder 0700 and file 0600 before SQLite opens it.

import Foundation

/// The database file's place and permissions. Assessments are health data: the file is readable
/// by its owner only, and so are the folder made for it and SQLite's -wal and -shm files (SQLite
/// gives those the database file's mode).
public enum StoreFile {
    /// `$XDG_DATA_HOME/intake/assessments.sqlite`, else `~/.local/share/intake/assessments.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = (home as NSString).appendingPathComponent(".local/share")
        }
        return (dataHome as NSString).appendingPathComponent("intake/assessments.sqlite")
    }

    /// Makes the folder (0700, with any missing parents) and an empty file (0600) when they do not
    /// exist; an existing folder or file keeps the mode it has.
    static func prepare(path: String) throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotOpen(path: path, reason: "cannot make the folder \(folder) (\(error.localizedDescription))")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            // The umask may have taken bits away, never added them; set exactly 0600.
            fchmod(descriptor, 0o600)
            close(descriptor)
        } else if errno != EEXIST {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
