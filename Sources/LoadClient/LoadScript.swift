// LoadScript: one session a load run plays: the lines to type and what each reply must show.
import DialogTesting

/// A transcript turned into what a load connection needs: the typed lines as bytes, and for the
/// greeting and each line the expectations the JSON events can show (the question asked, a retry,
/// the outcome and its flags). Text expectations (`says`) are `intake test`'s job: they are read
/// from the plain text rendering, which the JSON protocol does not send.
public struct LoadScript: Sendable {
    /// What one reply must show; every field is optional.
    public struct Check: Sendable, Equatable {
        /// The id of the question the reply asks.
        public var askID: [UInt8]?
        /// The reply refuses the line (a `retry` event).
        public var retry = false
        /// The reply carries this outcome.
        public var outcome: String?
        /// Flags the outcome carries (`flags`), does not carry (`no flags`), or carries exactly.
        public var flags: [String] = []
        public var noFlags: [String] = []
        public var flagsExactly: [String]?

        public init() {}

        var isEmpty: Bool { self == Check() }
    }

    /// Where the session comes from, for failure messages (a transcript's file name).
    public var name: String
    /// Each typed line, with its LF.
    public var inputs: [[UInt8]]
    /// `checks[0]` is for the greeting, `checks[k]` for the reply to the k-th line.
    public var checks: [Check]
    /// For the same-bytes baseline (`measuringReplies(with:)`): `replies[0]` is the greeting's shape,
    /// `replies[k]` that of intake's reply to the k-th line ...
    public var replies: [ReplyShape]?
    /// ... and `requests[k - 1]` the line (with its LF) that asks the baseline for that reply.
    public var requests: [[UInt8]]?

    public init(name: String, inputs: [[UInt8]], checks: [Check]) {
        precondition(checks.count == inputs.count + 1, "one check per reply, the greeting's included")
        self.name = name
        self.inputs = inputs
        self.checks = checks
    }

    /// The session a transcript describes.
    public init(transcript: Transcript) {
        var inputs: [[UInt8]] = []
        var checks = [Check()]
        for line in transcript.lines {
            switch line.step {
            case .input(let text):
                inputs.append(Array(text.utf8) + [0x0A])
                checks.append(Check())
            case .asks(let id): checks[checks.count - 1].askID = Array(id.utf8)
            case .retry: checks[checks.count - 1].retry = true
            case .outcome(let id): checks[checks.count - 1].outcome = id
            case .flags(let flags): checks[checks.count - 1].flags += flags
            case .noFlags(let flags): checks[checks.count - 1].noFlags += flags
            case .flagsExactly(let flags): checks[checks.count - 1].flagsExactly = flags
            case .says, .saysExactly, .neverSays: break
            }
        }
        self.init(name: transcript.file, inputs: inputs, checks: checks)
    }

    /// Whether some reply must carry an outcome (the session then ends on the server's side).
    public var expectsOutcome: Bool { checks.contains { $0.outcome != nil } }
}
