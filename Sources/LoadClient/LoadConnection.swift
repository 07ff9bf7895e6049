// LoadConnection: one session over one connection: types the script's lines and checks every reply.
import NIOCore

/// The client side of one session. Replies are read as JSON lines (or, against the echo server, as
/// the line sent coming back; against the same-bytes baseline, as lines counted until the reply has
/// as many as intake's); a reply is complete at its `ask` or `end` event, and is then checked
/// against the script before the next line goes out.
final class LoadConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State { case connecting, playing, complete, held, failed }

    private unowned let driver: LoopDriver
    let slot: Int
    private let script: LoadScript
    private let connectStart: NIODeadline
    private var context: ChannelHandlerContext?
    private var state = State.connecting
    private var splitter = LineSplitter()

    /// The reply being read: 0 is the greeting, k the reply to the k-th line.
    private var reply = 0
    private var askID: [UInt8] = []
    private var sawAsk = false
    private var sawRetry = false
    private var outcomeID: String?
    private var outcomeFlags: [String] = []
    private var ended = false
    private var echoed: [UInt8]?
    /// The last say line of the reply being read: the server's notice, should it end the session early.
    private var lastSay: [UInt8] = []
    /// Same-bytes baseline: the lines and bytes of the reply so far.
    private var sizedLines = 0
    private var sizedBytes = 0

    /// While a reply is awaited, since when (for the timeout).
    private(set) var waitingSince: NIODeadline?
    private var measuredFrom = NIODeadline.uptimeNanoseconds(0)
    private var measured = false

    init(driver: LoopDriver, slot: Int, script: LoadScript, connectStart: NIODeadline) {
        self.driver = driver
        self.slot = slot
        self.script = script
        self.connectStart = connectStart
        askID.reserveCapacity(32)
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        state = .playing
        waitingSince = .now()
        driver.register(self)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .complete: driver.sessionDone()
        case .held: driver.sessionHeld()
        case .failed: break
        case .connecting, .playing:
            state = .failed
            let why = farewell.map { $0.describe(at: reply, of: script.inputs.count) }
                ?? "the server closed the connection while reply \(reply) of \(script.inputs.count) was awaited"
            driver.sessionFailed("\(script.name): \(why)")
        }
        self.context = nil
        driver.connectionClosed(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        driver.received(bytes: buffer.readableBytes)
        guard state == .playing else { return }
        buffer.withUnsafeReadableBytes { bytes in
            splitter.feed(bytes) { line, wireBytes in
                read(line, wireBytes: wireBytes)
                return state == .playing
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("connection error: \(error)")
    }

    // MARK: Replies

    private func read(_ line: [UInt8], wireBytes: Int) {
        switch driver.target {
        case .intake: break
        case .echo:
            echoed = line
            completeReply()
            return
        case .sizedEcho:
            sizedLines += 1
            sizedBytes += wireBytes
            if let expected = script.replies?[reply], sizedLines >= expected.lines { completeReply() }
            return
        }
        let head = EventReader.head(line)
        switch head.kind {
        case .ask:
            sawAsk = true
            askID.removeAll(keepingCapacity: true)
            if let id = head.id { askID.append(contentsOf: line[id]) }
            completeReply()
        case .retry:
            sawRetry = true
        case .outcome:
            outcomeID = head.id.map { String(decoding: line[$0], as: UTF8.self) }
            outcomeFlags = EventReader.flags(line) ?? []
        case .end:
            ended = true
            completeReply()
        case .say:
            // Copied into kept capacity: no allocation on the hot path after the first say.
            lastSay.removeAll(keepingCapacity: true)
            lastSay.append(contentsOf: line)
        case .other:
            break
        }
    }

    private func completeReply() {
        let now = NIODeadline.now()
        waitingSince = nil
        if let problem = problem() {
            fail(problem)
            return
        }
        if reply == 0 {
            driver.greeted(after: (now - connectStart).nanoseconds)
        } else {
            driver.replied(from: measuredFrom, now: now, measured: measured)
        }
        let wasGreeting = reply == 0
        let sessionEnded = ended
        sawAsk = false
        sawRetry = false
        outcomeID = nil
        ended = false
        if sessionEnded {
            guard reply == script.inputs.count else {
                fail(farewell?.describe(at: reply, of: script.inputs.count) ?? "the session ended after line \(reply) of \(script.inputs.count)")
                return
            }
            finish()
            return
        }
        lastSay.removeAll(keepingCapacity: true)
        if reply == script.inputs.count {
            guard !script.expectsOutcome || driver.target != .intake else {
                fail("no outcome after the last line")
                return
            }
            finish()
            return
        }
        if driver.isIdle {
            state = .held
            return
        }
        reply += 1
        driver.sendNext(self, greetingJustCame: wasGreeting)
    }

    /// What is wrong with the reply just read, if anything.
    private func problem() -> String? {
        switch driver.target {
        case .intake: break
        case .sizedEcho:
            let expected = script.replies?[reply]
            defer { sizedLines = 0; sizedBytes = 0 }
            guard let expected, sizedBytes != expected.bytes else { return nil }
            let which = reply == 0 ? "the greeting" : "the reply to line \(reply)"
            return "\(which) was \(sizedBytes) bytes in \(sizedLines) lines, not intake's \(expected.bytes) in \(expected.lines)"
        case .echo:
            guard reply > 0 else { return nil }
            let sent = script.inputs[reply - 1].dropLast()
            return echoed.map({ sent.elementsEqual($0) }) == true ? nil
                : "line \(reply) came back as \"\(String(decoding: echoed ?? [], as: UTF8.self))\", not \"\(String(decoding: sent, as: UTF8.self))\""
        }
        if ended, !sawAsk, reply < script.inputs.count, let farewell {
            return farewell.describe(at: reply, of: script.inputs.count)
        }
        let check = script.checks[reply]
        let which = reply == 0 ? "the greeting" : "the reply to line \(reply) (\(String(decoding: script.inputs[reply - 1].dropLast(), as: UTF8.self)))"
        if let expected = check.askID, !sawAsk || askID != expected {
            let actual = sawAsk ? "`\(String(decoding: askID, as: UTF8.self))`" : "no question"
            return "\(which) asked \(actual), not `\(String(decoding: expected, as: UTF8.self))`"
        }
        if check.retry, !sawRetry { return "\(which) was not a retry" }
        if let expected = check.outcome, outcomeID != expected {
            return "\(which) reached the outcome \(outcomeID.map { "`\($0)`" } ?? "none"), not `\(expected)`"
        }
        if check.outcome != nil || !check.flags.isEmpty || !check.noFlags.isEmpty || check.flagsExactly != nil {
            guard outcomeID != nil else { return "\(which) has no outcome to check flags on" }
            let flags = outcomeFlags
            let missing = check.flags.filter { !flags.contains($0) }
            let present = check.noFlags.filter { flags.contains($0) }
            if !missing.isEmpty { return "\(which): the outcome lacks the flags \(missing.joined(separator: " "))" }
            if !present.isEmpty { return "\(which): the outcome has the flags \(present.joined(separator: " "))" }
            if let exactly = check.flagsExactly, Set(exactly) != Set(flags) {
                return "\(which): the outcome's flags are [\(flags.joined(separator: " "))], not exactly [\(exactly.joined(separator: " "))]"
            }
        }
        return nil
    }

    /// What the server said last, when the reply being read had a say line.
    private var farewell: ServerFarewell? {
        guard !lastSay.isEmpty, let text = EventReader.text(lastSay) else { return nil }
        return ServerFarewell(text: text)
    }

    // MARK: Sending and ending

    /// Sends the next line; its latency counts from `from` (when it was due, in an open-loop run).
    func send(measuredFrom from: NIODeadline, measured: Bool) {
        guard state == .playing, let context else { return }
        measuredFrom = from
        self.measured = measured
        waitingSince = .now()
        let line = driver.target == .sizedEcho ? script.requests?[reply - 1] ?? [] : script.inputs[reply - 1]
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: line)), promise: nil)
    }

    private func finish() {
        state = .complete
        context?.close(promise: nil)
    }

    private func fail(_ message: String) {
        guard state == .playing || state == .connecting || state == .held else { return }
        state = .failed
        waitingSince = nil
        driver.sessionFailed("\(script.name): \(message)")
        context?.close(promise: nil)
    }

    func timedOut() {
        fail("no reply within the timeout (waiting for reply \(reply) of \(script.inputs.count))")
    }

    /// Idle runs: the hold is over; a held connection closes as a success.
    func release() {
        if state == .held { context?.close(promise: nil) }
    }
}
