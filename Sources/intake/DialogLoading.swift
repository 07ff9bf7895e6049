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

/// Loads the dialog at `path`; when it does not load, prints its diagnostics to standard error and
/// throws `ExitCode(1)`, so the command ends through ArgumentParser as for any other failure.
func loadDialog(path: String) throws -> Dialog {
    let file = DialogFile.load(path: path)
    guard let dialog = file.result.dialog else {
        StandardError.write(file.report(includingLint: false).text)
        StandardError.write("intake: \(path) does not load as a dialog.\n")
        throw ExitCode(1)
    }
    return dialog
}

/// Writes to standard error without buffering surprises.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
