// LineFramerTests: line endings, the length limit and sanitizing, alone and inside an EmbeddedChannel.
@testable import ChatServer
import DialogKit
import NIOCore
import NIOEmbedded
import Testing

private func frames(_ chunks: [String], limit: Int = 1024) -> [LineFramer.Frame] {
    var framer = LineFramer(maxLineBytes: limit)
    return chunks.flatMap { framer.append(Array($0.utf8)) }
}

private func line(_ text: String) -> LineFramer.Frame { .line(Array(text.utf8)) }

@Suite struct LineFramerTests {
    @Test func everyLineEnding() {
        #expect(frames(["a\r\nb\nc\rd\r\0e\r\n"]) == [line("a"), line("b"), line("c"), line("d"), line("e")])
    }

    @Test func crLFSplitAcrossReadsIsOneEnding() {
        #expect(frames(["yes\r", "\nno\r", "\0", "maybe\r"]) == [line("yes"), line("no"), line("maybe")])
        #expect(frames(["a\r", "", "\n", "b\n"]) == [line("a"), line("b")])
    }

    @Test func emptyLinesAreLines() {
        #expect(frames(["\r\n\n"]) == [line(""), line("")])
    }

    @Test func aByteAtATime() {
        let text = "first\r\nsecond\r\0third\n"
        #expect(frames(text.map(String.init)) == [line("first"), line("second"), line("third")])
    }

    @Test func overLongLineIsReportedOnceAndDropped() {
        let long = String(repeating: "x", count: 5000)
        #expect(frames(["ok\n", long, long, "\nafter\n"], limit: 1024)
            == [line("ok"), .tooLong(bytes: 10_000), line("after")])
        // Exactly at the limit is fine.
        #expect(frames([String(repeating: "y", count: 16) + "\n"], limit: 16) == [line(String(repeating: "y", count: 16))])
    }

    @Test func partialLineAtEndOfInput() {
        var framer = LineFramer()
        #expect(framer.append(Array("no newline".utf8)).isEmpty)
        #expect(framer.finish() == line("no newline"))
        #expect(framer.finish() == nil)
    }

    @Test func sanitizerRepairsAndStrips() {
        #expect(InputSanitizer.text(from: [0x79, 0xFF, 0x65, 0x73]) == "y\u{FFFD}es")
        #expect(InputSanitizer.text(from: Array("\u{1B}[31mred\u{1B}[0m\u{07}!".utf8)) == "red!")
        #expect(InputSanitizer.text(from: Array("\u{1B}]0;title\u{07}ok".utf8)) == "ok")
        #expect(InputSanitizer.text(from: [0x61, 0x00, 0x62, 0x09, 0x63, 0x7F]) == "ab c")
        #expect(InputSanitizer.text(from: Array("caf\u{E9} \u{202E}x".utf8)) == "caf\u{E9} x")
        #expect(InputSanitizer.text(from: Array("\u{03}04,12red\u{02}bold\u{0F}".utf8), ircFormatting: true) == "redbold")
        #expect(InputSanitizer.text(from: Array("\u{01}VERSION\u{01}".utf8), ircFormatting: true) == "\u{01}VERSION\u{01}")
        #expect(InputSanitizer.text(from: Array("\u{01}VERSION\u{01}".utf8)) == "VERSION")
    }

    @Test func handlerFramesAndFlushesTheLastLineOnHalfClose() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(LineFramingHandler(maxLineBytes: 8))
        try channel.writeInbound(ByteBuffer(string: "one\r\ntwo is too long\r"))
        try channel.writeInbound(ByteBuffer(string: "\nthr"))
        #expect(try channel.readInbound(as: LineFramer.Frame.self) == line("one"))
        #expect(try channel.readInbound(as: LineFramer.Frame.self) == .tooLong(bytes: 15))
        #expect(try channel.readInbound(as: LineFramer.Frame.self) == nil)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try channel.readInbound(as: LineFramer.Frame.self) == line("thr"))
        _ = try channel.finish()
    }
}
