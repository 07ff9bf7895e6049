// DialogLoading: finds and loads the dialog a command runs, printing diagnostics when it does not load.

import ArgumentParser
import DialogKit
import DialogTesting
import Foundation

/// The dialog to run when none is named: the migraine dialog once it exists, else the example.
func defaultDialogPath() -> String {
    let candidates = ["Dialogs/migraine.yaml", "Dialogs/example.yaml"]
    // Beside the working directory first, then beside the package the binary was built in (.build/<config>/intake).
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let packageRoot = executable.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    for root in [FileManager.default.currentDirectoryPath, packageRoot] {
        for candidate in candidates {
            let path = (root as NSString).appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: path) {
                return root == FileManager.default.currentDirectoryPath ? candidate : path
            }
        }
    }
    return candidates[0]
}

/// The dialog files `paths` name, as every command that takes dialog files reads them: a file as it is
/// (one that does not exist is reported when it is loaded), a folder as its `*.yaml` and `*.yml` files,
/// sorted (not those of its subfolders, where transcripts live). A folder with none is said on standard
/// error and ends the command (exit status 1): checking nothing must not pass.
func dialogFiles(_ paths: [String]) throws -> [String] {
    var files: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            files.append(path)
            continue
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let dialogs = names.filter { name in
            var isFolder: ObjCBool = false
            let full = (path as NSString).appendingPathComponent(name)
            return (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
        if dialogs.isEmpty {
            StandardError.write("intake: the folder \(path) holds no dialog file (*.yaml or *.yml)\n")
            throw ExitCode(1)
        }
        files += dialogs.map { (path as NSString).appendingPathComponent($0) }
    }
    return files
}

/// The one dialog file `path` names, for a command that runs or draws one dialog: the file, or the only
/// dialog of a folder. A folder with several is refused with their names (exit status 1).
func singleDialogFile(_ path: String) throws -> String {
    let files = try dialogFiles([path])
    guard files.count == 1 else {
        let names = files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
        StandardError.write("intake: the folder \(path) holds \(files.count) dialogs (\(names)); this command takes one: name its file\n")
        throw ExitCode(1)
    }
    return files[0]
}

/// Loads the dialog at `path` (a file, or a folder holding one dialog); when it does not load, prints
/// its diagnostics to standard error and throws `ExitCode(1)`, so the command ends through
/// ArgumentParser as for any other failure.
func loadDialog(path: String) throws -> Dialog {
    try loadDialog(path: path, language: nil)
}

/// Writes to standard error without buffering surprises.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
