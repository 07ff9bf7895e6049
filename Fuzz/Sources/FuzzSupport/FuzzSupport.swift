// FuzzSupport: what the server fuzz targets share: the example dialog and the test for characters safe to show.

import DialogKit
import Foundation

/// Dialogs/example.yaml of the Intake package, loaded once.
public let exampleDialog: Dialog = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let bytes = [UInt8](try! Data(contentsOf: root.appendingPathComponent("Dialogs/example.yaml")))
    return DialogLoader.load(bytes: bytes, file: "example.yaml").dialog!
}()

/// False for C0 and C1 controls, DEL and the bidirectional overrides: what could move a cursor, change
/// colours, ring, or make text read as something else on a terminal or in an IRC client.
public func isSafeOnScreen(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return false
    default: return true
    }
}
