// FuzzDialogLoader: any bytes as a dialog file: loading and lint must end in a dialog or diagnostics, never a crash.

import DialogKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDialogLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let result = DialogLoader.load(bytes: Array(UnsafeBufferPointer(start: data, count: size)), file: "fuzz.yaml")
    if let dialog = result.dialog {
        _ = Linter.lint(dialog)
        var session = Session(dialog: dialog)
        _ = session.start()
        for line in ["yes", "1", "no", "2", "5", "back", "none", "skip"] where !session.isOver {
            _ = session.receive(line)
        }
    } else {
        precondition(result.diagnostics.contains { $0.severity == .error }, "a dialog that does not load must say why")
    }
    for diagnostic in result.diagnostics { _ = diagnostic.rendered(source: String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)) }
    return 0
}
