// TelnetFilter: a byte state machine that takes telnet commands out of the input stream, across reads.

/// Removes telnet commands from what a client sends and says what they meant.
///
/// Pure: bytes in, ordered pieces out (data, bytes to send back, events); no I/O. The state carries over
/// from one `process` call to the next, so a command split across two reads (or sent a byte at a time)
/// is understood the same as one sent whole.
///
/// Option negotiation follows RFC 1143's Q method: every option the client offers (`WILL`) or asks of
/// us (`DO`) is refused (`DONT`, `WONT`), except the client's window size (NAWS, RFC 1073), which the
/// filter asks for itself once the client has shown that it speaks telnet. Nothing that merely
/// confirms a state already in force is answered, so two correct peers never loop.
public struct TelnetFilter: Sendable {
    /// Why the client wants to stop.
    public enum Interrupt: String, Sendable, Equatable {
        /// `IAC IP`: a telnet client's Ctrl-C.
        case interruptProcess
        /// `IAC BRK`.
        case breakKey
        /// `IAC ABORT`.
        case abort
        /// `IAC EOF`: a telnet client's Ctrl-D in line mode.
        case endOfFile
        /// A raw Ctrl-C byte (0x03).
        case controlC
        /// A raw Ctrl-D byte (0x04).
        case controlD
    }

    /// What a telnet command meant, for the layers above.
    public enum Event: Sendable, Equatable {
        /// The client wants the session to end.
        case interrupt(Interrupt)
        /// The client reported its window size (columns, rows); either may be 0 for "unknown".
        case windowSize(columns: Int, rows: Int)
    }

    /// One piece of the filter's output, in input order.
    public enum Piece: Sendable, Equatable {
        /// Bytes of the client's data, commands removed.
        case data([UInt8])
        /// Bytes to send back to the client (option refusals, the answer to "are you there").
        case reply([UInt8])
        /// Something the client said with a command.
        case event(Event)
    }

    /// Where the parser is between bytes.
    private enum State: Sendable {
        case data
        /// After an IAC.
        case command
        /// After IAC WILL/WONT/DO/DONT: the option byte comes next.
        case option(verb: UInt8)
        /// Inside IAC SB ... IAC SE.
        case subnegotiation
        /// After an IAC inside a subnegotiation.
        case subnegotiationCommand
    }

    /// RFC 1143's state of an option on the client's side (we never enable one on ours).
    private enum OptionState: Sendable {
        case no, yes, wantNo, wantYes
    }

    /// The longest subnegotiation kept; the rest of a longer one is read and dropped.
    public static let subnegotiationLimit = 64

    /// What the filter answers to `IAC AYT`.
    public static let areYouThereReply: [UInt8] = Array("\r\n[Yes, Intake is here.]\r\n".utf8)

    /// Whether raw Ctrl-C and Ctrl-D bytes end the session. IRC clients use 0x03 for colours, so the
    /// connection turns this off once it knows it speaks IRC.
    public var endsOnControlKeys: Bool

    /// Whether the client has sent a telnet command (not just a doubled 0xFF).
    public private(set) var clientSpeaksTelnet = false

    private var state: State = .data
    private var clientOptions = [OptionState](repeating: .no, count: 256)
    private var subnegotiation: [UInt8] = []
    private var subnegotiationLength = 0
    private var askedForWindowSize = false

    public init(endsOnControlKeys: Bool = true) {
        self.endsOnControlKeys = endsOnControlKeys
    }

    /// Filters the next bytes read from the client.
    public mutating func process<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [Piece] {
        var output = Output()
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if case .data = state {
                // Copy runs of plain data in one go: most input has no command in it at all.
                let controlKeys = endsOnControlKeys
                let special = bytes[index...].firstIndex { byte in
                    byte == TelnetByte.iac || (controlKeys && (byte == TelnetByte.ctrlC || byte == TelnetByte.ctrlD))
                } ?? bytes.endIndex
                output.data.append(contentsOf: bytes[index..<special])
                index = special
                guard index != bytes.endIndex else { break }
            } else if case .subnegotiation = state {
                // The same for the inside of a subnegotiation, which a hostile client may never end.
                let end = bytes[index...].firstIndex(of: TelnetByte.iac) ?? bytes.endIndex
                keepSubnegotiationBytes(bytes[index..<end])
                index = end
                guard index != bytes.endIndex else { break }
            }
            step(bytes[index], &output)
            index = bytes.index(after: index)
        }
        output.flushData()
        return output.pieces
    }

    private mutating func step(_ byte: UInt8, _ output: inout Output) {
        switch state {
        case .data:
            switch byte {
            case TelnetByte.iac:
                state = .command
            case TelnetByte.ctrlC:
                output.emit(.event(.interrupt(.controlC)))
            case TelnetByte.ctrlD:
                output.emit(.event(.interrupt(.controlD)))
            default:
                output.data.append(byte)
            }

        case .command:
            state = .data
            if byte == TelnetByte.iac {
                output.data.append(TelnetByte.iac)
                return
            }
            clientSpeaksTelnet = true
            switch byte {
            case TelnetByte.will, TelnetByte.wont, TelnetByte.do, TelnetByte.dont:
                state = .option(verb: byte)
            case TelnetByte.sb:
                subnegotiation.removeAll(keepingCapacity: true)
                subnegotiationLength = 0
                state = .subnegotiation
            case TelnetByte.interruptProcess:
                output.emit(.event(.interrupt(.interruptProcess)))
            case TelnetByte.breakKey:
                output.emit(.event(.interrupt(.breakKey)))
            case TelnetByte.abort:
                output.emit(.event(.interrupt(.abort)))
            case TelnetByte.endOfFile:
                output.emit(.event(.interrupt(.endOfFile)))
            case TelnetByte.areYouThere:
                output.emit(.reply(Self.areYouThereReply))
            default:
                // NOP, DM, GA, EC, EL, AO, SUSP, SE out of place, or a byte that is no command: dropped.
                // Erase commands are not applied: line-mode clients edit the line before sending it.
                break
            }
            // Option commands ask after they are answered, so a client's own WILL NAWS is not asked twice.
            if case .option = state { return }
            askForWindowSizeOnce(&output)

        case .option(let verb):
            state = .data
            negotiate(verb: verb, option: byte, &output)
            askForWindowSizeOnce(&output)

        case .subnegotiation:
            if byte == TelnetByte.iac {
                state = .subnegotiationCommand
            } else {
                keepSubnegotiationByte(byte)
            }

        case .subnegotiationCommand:
            switch byte {
            case TelnetByte.iac:
                keepSubnegotiationByte(TelnetByte.iac)
                state = .subnegotiation
            case TelnetByte.se:
                state = .data
                finishSubnegotiation(&output)
            default:
                // RFC 855 allows no other command here; end the subnegotiation and read on as commands.
                state = .command
                step(byte, &output)
            }
        }
    }

    private mutating func askForWindowSizeOnce(_ output: inout Output) {
        guard clientSpeaksTelnet, !askedForWindowSize else { return }
        askedForWindowSize = true
        if clientOptions[Int(TelnetByte.naws)] == .no {
            clientOptions[Int(TelnetByte.naws)] = .wantYes
            output.emit(.reply([TelnetByte.iac, TelnetByte.do, TelnetByte.naws]))
        }
    }

    /// RFC 1143, section 7, for the client's side ("him") and for ours ("us", which stays NO).
    private mutating func negotiate(verb: UInt8, option: UInt8, _ output: inout Output) {
        let wanted = option == TelnetByte.naws
        let index = Int(option)
        switch verb {
        case TelnetByte.will:
            switch clientOptions[index] {
            case .no:
                if wanted {
                    clientOptions[index] = .yes
                    output.emit(.reply([TelnetByte.iac, TelnetByte.do, option]))
                } else {
                    output.emit(.reply([TelnetByte.iac, TelnetByte.dont, option]))
                }
            case .yes:
                break
            case .wantNo:
                // A DONT answered by WILL is the client's error; RFC 1143 settles on NO, silently.
                clientOptions[index] = .no
            case .wantYes:
                clientOptions[index] = .yes
            }
        case TelnetByte.wont:
            switch clientOptions[index] {
            case .no:
                break
            case .yes:
                clientOptions[index] = .no
                output.emit(.reply([TelnetByte.iac, TelnetByte.dont, option]))
            case .wantNo, .wantYes:
                clientOptions[index] = .no
            }
        case TelnetByte.do:
            // We enable nothing on our side: no echo, no suppress-go-ahead, so the client stays in line mode.
            output.emit(.reply([TelnetByte.iac, TelnetByte.wont, option]))
        default:
            // DONT: our side is already NO, and confirming it would start a loop.
            break
        }
    }

    private mutating func keepSubnegotiationBytes<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        // Saturates: only "over the limit" matters, and an endless subnegotiation must not overflow it.
        subnegotiationLength = min(subnegotiationLength + bytes.count, Self.subnegotiationLimit + 1)
        let room = Self.subnegotiationLimit - subnegotiation.count
        if room > 0 { subnegotiation.append(contentsOf: bytes.prefix(room)) }
    }

    private mutating func keepSubnegotiationByte(_ byte: UInt8) {
        subnegotiationLength = min(subnegotiationLength + 1, Self.subnegotiationLimit + 1)
        if subnegotiation.count < Self.subnegotiationLimit {
            subnegotiation.append(byte)
        }
    }

    private mutating func finishSubnegotiation(_ output: inout Output) {
        defer { subnegotiation.removeAll(keepingCapacity: true) }
        guard subnegotiationLength <= Self.subnegotiationLimit,
              subnegotiation.first == TelnetByte.naws,
              clientOptions[Int(TelnetByte.naws)] == .yes,
              subnegotiation.count == 5
        else { return }
        let columns = Int(subnegotiation[1]) << 8 | Int(subnegotiation[2])
        let rows = Int(subnegotiation[3]) << 8 | Int(subnegotiation[4])
        output.emit(.event(.windowSize(columns: columns, rows: rows)))
    }

    /// The pieces being built, with a run of data bytes not yet closed.
    private struct Output {
        var pieces: [Piece] = []
        var data: [UInt8] = []

        mutating func flushData() {
            guard !data.isEmpty else { return }
            pieces.append(.data(data))
            data.removeAll()
        }

        mutating func emit(_ piece: Piece) {
            flushData()
            pieces.append(piece)
        }
    }
}
