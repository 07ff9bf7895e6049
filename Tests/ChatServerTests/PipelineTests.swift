// PipelineTests: each handler of a connection's pipeline alone, on an EmbeddedChannel with a clock the test moves.
@testable import ChatServer
import DialogKit
import NIOCore
import NIOEmbedded
import Testing

@Suite struct AdmissionHandlerTests {
    @Test func aRefusedClientIsToldWhyAndClosed() throws {
        let setup = makeSetup(.plain, maxSessions: 0)
        let channel = EmbeddedChannel(handler: AdmissionHandler(setup: setup))
        defer { channel.end() }
        try channel.activate()
        #expect(try channel.written().contains("the service is full (0 sessions)"))
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
        #expect(setup.registry.openSessions == 0)
    }

    @Test func anAdmittedClientGetsTheConnectionsHandlersAndAdmissionLeaves() throws {
        let setup = makeSetup(.json)
        let channel = EmbeddedChannel(handler: AdmissionHandler(setup: setup))
        try channel.activate()
        #expect(!channel.has(AdmissionHandler.self))
        #expect(channel.has(RateLimitHandler.self))
        #expect(channel.has(IdleWatchdog.self))
        #expect(channel.has(ConversationHandler.self))
        #expect(!channel.has(ProtocolDetectionHandler.self))
        #expect(try channel.written().contains(#""type":"ask","id":"saddle_numbness""#))
        #expect(setup.registry.openSessions == 1)
        // The session is forgotten when the channel closes, though admission has left the pipeline.
        channel.end()
        channel.embeddedEventLoop.run()
        #expect(setup.registry.openSessions == 0)
    }

    @Test func autoModeStartsWithTheDetector() throws {
        let channel = EmbeddedChannel(handler: AdmissionHandler(setup: makeSetup(.auto)))
        defer { channel.end() }
        try channel.activate()
        #expect(channel.has(ProtocolDetectionHandler.self))
        #expect(!channel.has(ConversationHandler.self))
        #expect(try channel.written().isEmpty)
    }
}

@Suite struct ProtocolDetectionHandlerTests {
    private func detecting(logs: LogRecorder = LogRecorder()) throws -> (EmbeddedChannel, ConnectionSetup) {
        let setup = makeSetup(.auto, logs: logs) { $0.detectionWait = .milliseconds(400) }
        let detector = ProtocolDetectionHandler(setup: setup, connection: testConnection(logs: logs))
        let channel = EmbeddedChannel(handlers: [RateLimitHandler(limits: setup.limits), detector])
        try channel.activate()
        return (channel, setup)
    }

    @Test func anIRCFirstLineReplacesTheDetectorWithIRCsHandlers() throws {
        let (channel, _) = try detecting()
        defer { channel.end() }
        try channel.writeInbound(LineFramer.Frame.line(Array("NICK a".utf8)))
        #expect(!channel.has(ProtocolDetectionHandler.self))
        #expect(channel.has(KeepAliveHandler.self))
        #expect(channel.has(ConversationHandler.self))
        try channel.writeInbound(LineFramer.Frame.line(Array("USER a 0 * :A".utf8)))
        // IRC from the first byte: no plain greeting came first.
        let text = try channel.written()
        #expect(text.hasPrefix(":intake.local "))
        #expect(text.contains(":intake.local 001 a "))
    }

    @Test func silenceGetsThePlainGreetingAndTheFirstLineIsAnAnswer() throws {
        let (channel, _) = try detecting()
        defer { channel.end() }
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(399))
        #expect(try channel.written().isEmpty)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(try channel.written().contains("step 1 of"))
        #expect(channel.has(ConversationHandler.self))
        #expect(!channel.has(KeepAliveHandler.self))
        try channel.writeInbound(LineFramer.Frame.line(Array("no".utf8)))
        #expect(!channel.has(ProtocolDetectionHandler.self))
        #expect(try channel.written().contains("step 2 of"))
    }

    @Test func anIRCClientSlowerThanTheWaitStillGetsIRC() throws {
        let logs = LogRecorder()
        let (channel, _) = try detecting(logs: logs)
        defer { channel.end() }
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(400))
        #expect(try channel.written().hasSuffix("> "))
        try channel.writeInbound(LineFramer.Frame.line(Array("NICK a".utf8)))
        #expect(try channel.written().hasPrefix("\r\n"))
        #expect(!channel.has(ProtocolDetectionHandler.self))
        #expect(channel.has(KeepAliveHandler.self))
        try channel.writeInbound(LineFramer.Frame.line(Array("USER a 0 * :A".utf8)))
        #expect(try channel.written().contains(":intake.local 001 a "))
        let lines = logs.lines.withLockedValue { $0 }
        #expect(lines.contains { $0.contains("late protocol switch") })
        #expect(lines.filter { $0.contains("protocol chosen") }.count == 2)
    }

    @Test func aCloseBeforeAnyProtocolIsSaidInPlainText() throws {
        let logs = LogRecorder()
        let (channel, _) = try detecting(logs: logs)
        channel.pipeline.fireUserInboundEventTriggered(ChatServer.Stopping())
        #expect(try channel.written().contains(ServerMessages.stopping.english))
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
        // Nothing was chosen, and the timer that would have chosen plain text does nothing now.
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        let lines = logs.lines.withLockedValue { $0 }
        #expect(!lines.contains { $0.contains("protocol chosen") })
        #expect(lines.contains { $0.contains("connection closed") && $0.contains("protocol=none") })
        channel.end()
    }
}

@Suite struct RateLimitHandlerTests {
    private func limited(rate: Double = 2, burst: Int = 3, floodBacklog: Int = 5) throws -> (EmbeddedChannel, Recorder, ReadCounter) {
        var limits = ServerLimits()
        limits.linesPerSecond = rate
        limits.lineBurst = burst
        limits.floodBacklog = floodBacklog
        let recorder = Recorder()
        let reads = ReadCounter()
        let channel = EmbeddedChannel(handlers: [reads, RateLimitHandler(limits: limits), recorder])
        try channel.activate()
        return (channel, recorder, reads)
    }

    private func send(_ lines: Range<Int>, to channel: EmbeddedChannel) throws {
        for index in lines {
            try channel.writeInbound(LineFramer.Frame.line(Array("line \(index)".utf8)))
        }
    }

    @Test func theBurstGoesOnThenLinesWaitAndComeAtTheRate() throws {
        let (channel, recorder, reads) = try limited()
        defer { channel.end() }
        try send(0..<5, to: channel)
        #expect(recorder.lines == ["line 0", "line 1", "line 2"])
        #expect(recorder.notices == [ServerMessages.slowDown.english])
        // While lines wait, the socket is not read.
        let before = reads.reads
        channel.read()
        #expect(reads.reads == before)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        #expect(recorder.lines.count == 4)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        #expect(recorder.lines == ["line 0", "line 1", "line 2", "line 3", "line 4"])
        // All went on: the read that was held back is made.
        #expect(reads.reads == before + 1)
        #expect(recorder.closes.isEmpty)
        #expect(recorder.notices.count == 1)
    }

    @Test func aFloodIsCut() throws {
        let (channel, recorder, _) = try limited()
        defer { channel.end() }
        // Three go on at once; the sixth line waiting is one too many.
        try send(0..<8, to: channel)
        #expect(recorder.closes.isEmpty)
        try send(8..<9, to: channel)
        #expect(recorder.closes.map(\.reason) == [ServerMessages.flood.english])
        #expect(recorder.closes.first?.linger == true)
        // Closing: nothing more goes on, even when tokens come back.
        try send(10..<20, to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(recorder.lines.count == 3)
        #expect(recorder.closes.count == 1)
    }

    @Test func linesWaitWhileAReplyWaitsForTheStoreAndStillCountAsAFlood() throws {
        let (channel, recorder, _) = try limited(burst: 100)
        defer { channel.end() }
        try channel.triggerUserOutboundEvent(ConnectionSignal.waitingForStore).wait()
        try send(0..<3, to: channel)
        #expect(recorder.lines.isEmpty)
        // Waiting for the store is not being slowed: no notice.
        #expect(recorder.notices.isEmpty)
        try channel.triggerUserOutboundEvent(ConnectionSignal.written).wait()
        #expect(recorder.lines == ["line 0", "line 1", "line 2"])
        try channel.triggerUserOutboundEvent(ConnectionSignal.waitingForStore).wait()
        try send(3..<9, to: channel)
        #expect(recorder.closes.map(\.reason) == [ServerMessages.flood.english])
    }

    @Test func theEndOfInputWaitsForTheLinesBeforeIt() throws {
        let (channel, recorder, _) = try limited(burst: 1)
        defer { channel.end() }
        try send(0..<2, to: channel)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(recorder.inputClosed == 0)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        #expect(recorder.lines.count == 2)
        #expect(recorder.inputClosed == 1)
    }
}

@Suite struct IdleWatchdogTests {
    private func watched(idle: Duration = .seconds(10), warning: Duration = .seconds(4),
                         length: Duration = .seconds(3600)) throws -> (EmbeddedChannel, Recorder) {
        var limits = ServerLimits()
        limits.idleTimeout = idle
        limits.idleWarning = warning
        limits.maxSessionLength = length
        let recorder = Recorder()
        let channel = EmbeddedChannel(handlers: [IdleWatchdog(limits: limits), recorder])
        try channel.activate()
        return (channel, recorder)
    }

    @Test func aSilentClientIsWarnedThenClosed() throws {
        let (channel, recorder) = try watched()
        defer { channel.end() }
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(5999))
        #expect(recorder.notices.isEmpty)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(recorder.notices == [ServerMessages.idleWarning(remaining: .seconds(4)).english])
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(recorder.closes.map(\.reason) == [ServerMessages.idleTimeout(after: .seconds(10)).english])
    }

    @Test func anAnswerStartsTheClockAgain() throws {
        let (channel, recorder) = try watched()
        defer { channel.end() }
        channel.embeddedEventLoop.advanceTime(by: .seconds(7))
        #expect(recorder.notices.count == 1)
        try channel.triggerUserOutboundEvent(ConnectionSignal.answered).wait()
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(recorder.closes.isEmpty)
        #expect(recorder.notices.count == 2)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(recorder.closes.count == 1)
    }

    @Test func theSessionLengthHoldsHoweverActive() throws {
        let (channel, recorder) = try watched(length: .seconds(5))
        defer { channel.end() }
        for _ in 0..<4 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            try channel.triggerUserOutboundEvent(ConnectionSignal.answered).wait()
        }
        #expect(recorder.closes.isEmpty)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(recorder.closes.map(\.reason) == [ServerMessages.sessionTooLong(limit: .seconds(5)).english])
    }
}

@Suite struct KeepAliveHandlerTests {
    @Test func aSilentClientIsPingedThenDropped() throws {
        let recorder = Recorder()
        let channel = EmbeddedChannel(handlers: [KeepAliveHandler(ping: Reply(text: "PING x\r\n"), interval: .seconds(3)), recorder])
        defer { channel.end() }
        try channel.activate()
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(try channel.written() == "PING x\r\n")
        // Any line is an answer.
        try channel.writeInbound(LineFramer.Frame.line(Array("PONG x".utf8)))
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(try channel.written() == "PING x\r\n")
        #expect(recorder.closes.isEmpty)
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(recorder.closes.map(\.reason) == ["Ping timeout"])
    }
}

@Suite struct ConversationHandlerTests {
    /// A JSON conversation of a runner whose every step waits for the store, behind a rate limiter.
    private func kept(floodBacklog: Int = 100, opensWithAWrite: Bool = false) throws -> (EmbeddedChannel, WaitingRunner.Log) {
        var limits = ServerLimits()
        limits.floodBacklog = floodBacklog
        limits.lineBurst = 1000
        let setup = makeSetup(.json, limits: limits)
        let log = WaitingRunner.Log()
        let conversation = JSONConversation(session: WaitingRunner(log: log, opensWithAWrite: opensWithAWrite))
        let channel = EmbeddedChannel(handlers: [
            RateLimitHandler(limits: limits),
            ConversationHandler(conversation: conversation, setup: setup, connection: testConnection()),
        ])
        try channel.activate()
        return (channel, log)
    }

    private func finishWrite(_ index: Int, of log: WaitingRunner.Log, on channel: EmbeddedChannel) {
        log.writes.withLockedValue { $0 }[index].finish()
        channel.embeddedEventLoop.run()
    }

    @Test func noReplyBeforeItsWriteIsDoneAndLinesWaitInOrder() throws {
        let (channel, log) = try kept()
        defer { channel.end() }
        #expect(try channel.written().contains("hello"))
        for line in ["a", "b", "c"] {
            try channel.writeInbound(LineFramer.Frame.line(Array(line.utf8)))
        }
        #expect(log.received.withLockedValue { $0 } == ["a"])
        #expect(try channel.written().isEmpty)
        finishWrite(0, of: log, on: channel)
        #expect(try channel.written().contains("kept a"))
        #expect(log.received.withLockedValue { $0 } == ["a", "b"])
        finishWrite(1, of: log, on: channel)
        finishWrite(2, of: log, on: channel)
        #expect(try channel.written().contains("kept c"))
    }

    @Test func aFloodDuringAWaitIsCutInTheProtocolsWords() throws {
        let (channel, log) = try kept(floodBacklog: 3)
        defer { channel.end() }
        _ = try channel.written()
        for line in ["a", "b", "c", "d", "e"] {
            try channel.writeInbound(LineFramer.Frame.line(Array(line.utf8)))
        }
        let text = try channel.written()
        #expect(text.contains(ServerMessages.flood.english))
        #expect(text.hasSuffix(#"{"type":"end"}"# + "\r\n"))
        // The write that was waiting finishes after the close was decided: nothing more is said.
        finishWrite(0, of: log, on: channel)
        #expect(try channel.written().isEmpty)
    }

    @Test func theLineThatChoseTheProtocolWaitsForAnOpeningThatWaits() throws {
        // A kept session's opening (its resume code) is written before it is shown; the line that made
        // the detector choose reached the conversation meanwhile, and must be the first answer after it.
        let log = WaitingRunner.Log()
        let setup = makeSetup(.auto) { $0.makeRunner = { _, _, _ in WaitingRunner(log: log, opensWithAWrite: true) } }
        let channel = EmbeddedChannel(handlers: [
            RateLimitHandler(limits: setup.limits),
            ProtocolDetectionHandler(setup: setup, connection: testConnection()),
        ])
        defer { channel.end() }
        try channel.activate()
        try channel.writeInbound(LineFramer.Frame.line(Array("a".utf8)))
        try channel.writeInbound(LineFramer.Frame.line(Array("b".utf8)))
        #expect(try channel.written().isEmpty)
        #expect(log.received.withLockedValue { $0 }.isEmpty)
        finishWrite(0, of: log, on: channel)
        #expect(try channel.written().contains("hello"))
        #expect(log.received.withLockedValue { $0 } == ["a"])
        finishWrite(1, of: log, on: channel)
        #expect(try channel.written().contains("kept a"))
        #expect(log.received.withLockedValue { $0 } == ["a", "b"])
    }
}
