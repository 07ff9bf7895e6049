// FuzzTranscript: any text as a transcript: parsing and running it against the example dialog never crash.

import DialogKit
import DialogTesting
import Foundation

let exampleDialog: Dialog = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let bytes = [UInt8](try! Data(contentsOf: root.appendingPathComponent("Dialogs/example.yaml")))
    return DialogLoader.load(bytes: bytes, file: "example.yaml").dialog!
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTranscript(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if case .success(let transcript) = Transcript.parse(text, file: "fuzz.transcript") {
        let result = TranscriptRunner.run(transcript, dialog: exampleDialog)
        for failure in result.failures { _ = failure.description }
    }
    return 0
}
