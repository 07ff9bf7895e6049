// TurnLoop: runs N session turns of the migraine dialog and prints the time per turn, for profilers.
//
// `perf stat -e instructions:u` or `valgrind --tool=callgrind` on this (N and 0 turns, subtracted) gives a
// turn's cost without the benchmark harness:  swift run -c release TurnLoop 1000000

import DialogKit
import Foundation

let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("Dialogs/migraine.yaml")))
guard let dialog = DialogLoader.load(bytes: bytes, file: "migraine.yaml").dialog else { fatalError("migraine.yaml does not load") }
let transcript = try String(contentsOf: root.appendingPathComponent("Dialogs/tests/migraine/longest_path_47_questions.transcript"), encoding: .utf8)
let answers = transcript.split(separator: "\n").filter { $0.hasPrefix(">") }.map { line -> String in
    var typed = line.dropFirst()
    if typed.first == " " { typed = typed.dropFirst() }
    return String(typed)
}

let turns = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 0 : 100_000
var session = Session(dialog: dialog)
var events = session.start().count
var next = 0
let start = ContinuousClock.now
for _ in 0..<turns {
    if next == answers.count {
        session = Session(dialog: dialog)
        events &+= session.start().count
        next = 0
    }
    events &+= session.receive(answers[next]).count
    next += 1
}
let elapsed = ContinuousClock.now - start
let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
print("\(turns) turns, \(turns > 0 ? nanoseconds / Double(turns) : 0) ns a turn (\(events) events)")
