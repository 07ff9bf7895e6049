// FuzzSession: any bytes as lines typed into the migraine dialog: answer matching, commands and
// snapshots never crash, and a refused line never changes the session.

import DialogKit
import Foundation

let migraineDialog: Dialog = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let bytes = [UInt8](try! Data(contentsOf: root.appendingPathComponent("Dialogs/migraine.yaml")))
    return DialogLoader.load(bytes: bytes, file: "migraine.yaml").dialog!
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSession(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var session = Session(dialog: migraineDialog)
    _ = session.start()
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(200) where !session.isOver {
        let before = session.snapshot
        let events = session.receive(String(line))
        if case .retry? = events.first {
            precondition(session.snapshot == before, "a refused line must change nothing")
        }
    }
    if !session.isOver {
        let (restored, _) = try! Session.restore(session.snapshot, dialog: migraineDialog)
        precondition(restored.currentQuestionID == session.currentQuestionID, "a snapshot restores the same question")
    }
    return 0
}
