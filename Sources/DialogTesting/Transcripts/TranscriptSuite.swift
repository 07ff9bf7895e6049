// TranscriptSuite: finds transcript files and the dialogs they test, and runs them all.

import DialogKit
import Foundation

/// The transcripts under some paths, each with its dialog.
public struct TranscriptSuite: Sendable {
    /// A transcript file that could not be run (unreadable, unparsable, or its dialog does not load).
    public struct Problem: Sendable, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): error: \(message)" }
    }

    public var results: [TranscriptResult] = []
    public var problems: [Problem] = []

    public var passedCount: Int { results.filter(\.passed).count }
    public var failedCount: Int { results.count - passedCount + problems.count }

    /// Transcript files at or under these paths: a `.transcript` file itself, a dialog's `.yaml` (its
    /// `tests/<id>/` folder beside it), or a folder searched recursively.
    public static func transcriptFiles(under paths: [String]) -> [String] {
        files(withExtension: "transcript", under: paths)
    }

    /// Test files of a dialog with this extension (`transcript`, `answers`), found as `transcriptFiles` says.
    static func files(withExtension suffix: String, under paths: [String]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let enumerator = manager.enumerator(atPath: path)
                while let relative = enumerator?.nextObject() as? String {
                    if relative.hasSuffix("." + suffix) { files.append((path as NSString).appendingPathComponent(relative)) }
                }
            } else if path.hasSuffix("." + suffix) {
                files.append(path)
            } else if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                let folder = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("tests/\(name)")
                files += Self.files(withExtension: suffix, under: [folder])
            }
        }
        return Array(Set(files)).sorted()
    }

    /// The dialog a transcript tests: its `dialog:` header, or `<dialogs>/<name>.yaml` for `<dialogs>/tests/<name>/`.
    public static func dialogPath(for transcriptFile: String, header: String?) -> String {
        let folder = (transcriptFile as NSString).deletingLastPathComponent
        if let header {
            return header.hasPrefix("/") ? header : ((folder as NSString).appendingPathComponent(header) as NSString).standardizingPath
        }
        let name = (folder as NSString).lastPathComponent
        let dialogs = ((folder as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return (dialogs as NSString).appendingPathComponent("\(name).yaml")
    }

    /// Runs every transcript under `paths`.
    public static func run(paths: [String]) -> TranscriptSuite {
        var suite = TranscriptSuite()
        var dialogs: [String: DialogFile] = [:]
        // One translated dialog per file and language, as one dialog per file: the reports group by it.
        var translated: [String: Dialog] = [:]
        for file in transcriptFiles(under: paths) {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                suite.problems.append(Problem(file: file, message: "cannot be read as UTF-8 text"))
                continue
            }
            let transcript: Transcript
            switch Transcript.parse(text, file: file) {
            case .failure(let error):
                suite.problems.append(Problem(file: "\(error.file):\(error.line)", message: error.message))
                continue
            case .success(let parsed):
                transcript = parsed
            }
            let path = dialogPath(for: file, header: transcript.dialogPath)
            let dialogFile = dialogs[path] ?? DialogFile.load(path: path)
            dialogs[path] = dialogFile
            guard var dialog = dialogFile.result.dialog else {
                suite.problems.append(Problem(file: file, message: "its dialog \(path) does not load:\n" + dialogFile.report(includingLint: false).text))
                continue
            }
            if let language = transcript.language, language != dialog.language {
                guard let translation = dialogFile.translation(for: language) else {
                    suite.problems.append(Problem(file: file, message: "its dialog \(path) has no \(language) translation"))
                    continue
                }
                let key = "\(path)\u{0}\(language)"
                dialog = translated[key] ?? dialog.translated(translation)
                translated[key] = dialog
            }
            suite.results.append(TranscriptRunner.run(transcript, dialog: dialog))
        }
        return suite
    }
}
