// TelnetFilterTests: the telnet byte state machine, alone and inside an EmbeddedChannel.
@testable import ChatServer
import NIOCore
import NIOEmbedded
import Testing

private let IAC: UInt8 = 255, DONT: UInt8 = 254, DO: UInt8 = 253, WONT: UInt8 = 252, WILL: UInt8 = 251
private let SB: UInt8 = 250, SE: UInt8 = 240, IP: UInt8 = 244, BRK: UInt8 = 243, AYT: UInt8 = 246
private let NAWS: UInt8 = 31, ECHO: UInt8 = 1, SGA: UInt8 = 3, TM: UInt8 = 6, TTYPE: UInt8 = 24

/// Runs chunks through a filter one call each and returns every piece, data joined up.
private func filtered(_ chunks: [[UInt8]], filter: inout TelnetFilter) -> (data: [UInt8], replies: [UInt8], events: [TelnetFilter.Event]) {
    var data: [UInt8] = [], replies: [UInt8] = [], events: [TelnetFilter.Event] = []
    for chunk in chunks {
        for piece in filter.process(chunk) {
            switch piece {
            case .data(let bytes): data += bytes
            case .reply(let bytes): replies += bytes
            case .event(let event): events.append(event)
            }
        }
    }
    return (data, replies, events)
}

private func filtered(_ bytes: [UInt8]) -> (data: [UInt8], replies: [UInt8], events: [TelnetFilter.Event]) {
    var filter = TelnetFilter()
    return filtered([bytes], filter: &filter)
}

@Suite struct TelnetFilterTests {
    @Test func plainDataPassesUntouched() {
        let result = filtered(Array("yes\r\n".utf8))
        #expect(result.data == Array("yes\r\n".utf8))
        #expect(result.replies.isEmpty)
        #expect(result.events.isEmpty)
    }

    @Test func doubledIACIsOneLiteralByte() {
        let result = filtered([0x61, IAC, IAC, 0x62])
        #expect(result.data == [0x61, 0xFF, 0x62])
        #expect(result.replies.isEmpty)
    }

    @Test func optionsAreRefusedPerRFC1143() {
        // DO ECHO -> WONT ECHO; WILL TTYPE -> DONT TTYPE; and, once the client has shown it speaks
        // telnet, one DO NAWS.
        let result = filtered([IAC, DO, ECHO, IAC, WILL, TTYPE, IAC, DO, SGA])
        #expect(result.data.isEmpty)
        #expect(result.replies == [IAC, WONT, ECHO, IAC, DO, NAWS, IAC, DONT, TTYPE, IAC, WONT, SGA])
    }

    @Test func confirmationsAreNeverAnswered() {
        // DONT and WONT for options already off must get no reply (that is how loops start).
        var filter = TelnetFilter()
        let first = filtered([[IAC, WILL, NAWS]], filter: &filter)
        #expect(first.replies == [IAC, DO, NAWS])
        let second = filtered([[IAC, DONT, ECHO, IAC, WONT, TTYPE, IAC, WILL, NAWS]], filter: &filter)
        #expect(second.replies.isEmpty)
        // The client turns NAWS off: acknowledged once, then silence.
        let third = filtered([[IAC, WONT, NAWS], [IAC, WONT, NAWS]], filter: &filter)
        #expect(third.replies == [IAC, DONT, NAWS])
    }

    @Test func nawsIsAskedOnlyOfClientsThatSpeakTelnet() {
        #expect(filtered(Array("hello\r\n".utf8)).replies.isEmpty)
        var filter = TelnetFilter()
        let asked = filtered([[IAC, 241 /* NOP */]], filter: &filter)
        #expect(asked.replies == [IAC, DO, NAWS])
        #expect(filter.clientSpeaksTelnet)
        // The answer (WILL NAWS) confirms our request: no reply; then the size arrives.
        let size = filtered([[IAC, WILL, NAWS, IAC, SB, NAWS, 0, 100, 0, 40, IAC, SE]], filter: &filter)
        #expect(size.replies.isEmpty)
        #expect(size.events == [.windowSize(columns: 100, rows: 40)])
    }

    @Test func windowSizeWithADoubledIACByte() {
        var filter = TelnetFilter()
        let result = filtered([[IAC, WILL, NAWS, IAC, SB, NAWS, 1, IAC, IAC, 0, 24, IAC, SE]], filter: &filter)
        #expect(result.events == [.windowSize(columns: 0x1FF, rows: 24)])
    }

    @Test func stateCarriesAcrossReadsAByteAtATime() {
        let bytes: [UInt8] = Array("ab".utf8) + [IAC, DO, ECHO, IAC, IAC]
            + [IAC, WILL, NAWS, IAC, SB, NAWS, 0, 90, 0, 30, IAC, SE] + Array("c".utf8)
        var whole = TelnetFilter()
        var single = TelnetFilter()
        let a = filtered([bytes], filter: &whole)
        let b = filtered(bytes.map { [$0] }, filter: &single)
        #expect(a.data == b.data)
        #expect(a.replies == b.replies)
        #expect(a.events == b.events)
        #expect(b.data == Array("ab".utf8) + [0xFF] + Array("c".utf8))
        #expect(b.events == [.windowSize(columns: 90, rows: 30)])
    }

    @Test func iacInsideAUTF8CharacterLeavesTheCharacterWhole() {
        // "é" is C3 A9; a command between its two bytes is removed and the character survives.
        let result = filtered([0xC3, IAC, 241, 0xA9])
        #expect(result.data == [0xC3, 0xA9])
    }

    @Test func interruptProcessAndTimingMark() {
        // What a telnet client sends for Ctrl-C: IAC IP IAC DO TIMING-MARK.
        let result = filtered([IAC, IP, IAC, DO, TM])
        #expect(result.events == [.interrupt(.interruptProcess)])
        #expect(result.replies.suffix(3) == [IAC, WONT, TM])
    }

    @Test func breakAndControlKeysInterrupt() {
        #expect(filtered([IAC, BRK]).events == [.interrupt(.breakKey)])
        #expect(filtered(Array("ab".utf8) + [0x03]).events == [.interrupt(.controlC)])
        #expect(filtered([0x04]).events == [.interrupt(.controlD)])
        var irc = TelnetFilter(endsOnControlKeys: false)
        let colour = filtered([[0x03] + Array("4red".utf8)], filter: &irc)
        #expect(colour.events.isEmpty)
        #expect(colour.data == [0x03] + Array("4red".utf8))
    }

    @Test func areYouThereIsAnswered() {
        let result = filtered([IAC, AYT])
        #expect(result.replies.starts(with: TelnetFilter.areYouThereReply))
    }

    @Test func subnegotiationIsCapped() {
        // An endless subnegotiation is read and dropped; data after its end comes through.
        var filter = TelnetFilter()
        var chunks: [[UInt8]] = [[IAC, SB, TTYPE]]
        chunks += Array(repeating: [UInt8](repeating: 0x41, count: 1000), count: 100)
        chunks.append([IAC, SE] + Array("ok".utf8))
        let result = filtered(chunks, filter: &filter)
        #expect(result.data == Array("ok".utf8))
        #expect(result.events.isEmpty)
        // An over-long NAWS subnegotiation does not set a size.
        var naws = TelnetFilter()
        let long = filtered([[IAC, WILL, NAWS, IAC, SB, NAWS] + [UInt8](repeating: 1, count: 100) + [IAC, SE]], filter: &naws)
        #expect(long.events.isEmpty)
    }

    @Test func handlerPassesDataRepliesAndEvents() throws {
        let channel = EmbeddedChannel()
        let recorder = EventRecorder()
        try channel.pipeline.syncOperations.addHandlers([TelnetHandler(), recorder])
        try channel.writeInbound(ByteBuffer(bytes: Array("hi".utf8) + [IAC, DO, ECHO, IAC, IP] + Array("!".utf8)))
        let first = try channel.readInbound(as: ByteBuffer.self)
        let second = try channel.readInbound(as: ByteBuffer.self)
        #expect(first.map { Array($0.readableBytesView) } == Array("hi".utf8))
        #expect(second.map { Array($0.readableBytesView) } == Array("!".utf8))
        var replies: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { replies += buffer.readableBytesView }
        #expect(replies == [IAC, WONT, ECHO, IAC, DO, NAWS])
        #expect(recorder.events == [.interrupt(.interruptProcess)])
        // Outbound data has its 0xFF bytes doubled.
        try channel.writeOutbound(ByteBuffer(bytes: [0x41, 0xFF, 0x42]))
        let escaped = try channel.readOutbound(as: ByteBuffer.self)
        #expect(escaped.map { Array($0.readableBytesView) } == [0x41, 0xFF, 0xFF, 0x42])
        _ = try channel.finish()
    }

    @Test func handlerStopsInterruptingOnControlBytesWhenTold() throws {
        let channel = EmbeddedChannel()
        let recorder = EventRecorder()
        try channel.pipeline.syncOperations.addHandlers([TelnetHandler(), recorder])
        channel.pipeline.triggerUserOutboundEvent(TelnetHandler.KeepControlBytes(), promise: nil)
        try channel.writeInbound(ByteBuffer(bytes: [0x03, 0x34]))
        #expect(recorder.events.isEmpty)
        #expect(try channel.readInbound(as: ByteBuffer.self).map { Array($0.readableBytesView) } == [0x03, 0x34])
        _ = try channel.finish()
    }
}

/// Records the telnet events that reach the end of a pipeline, and passes data through.
final class EventRecorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    var events: [TelnetFilter.Event] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TelnetFilter.Event { events.append(event) }
    }
}
