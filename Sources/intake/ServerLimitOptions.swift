// ServerLimitOptions: the limits `intake serve` enforces, as one option group whose defaults are ServerLimits()'s.

import ArgumentParser
import AssessmentStore
import ChatServer

/// `--max-sessions`, `--idle-timeout` and the rest: one option for each of `ServerLimits`' fields.
///
/// The defaults are read from `ServerLimits()`, so a limit's default is written in one place (the
/// server) and `intake serve --help` shows what the server would use anyway.
struct ServerLimitOptions: ParsableArguments {
    /// The server's own defaults, which every option below starts from.
    private static let defaults = ServerLimits()

    @Option(name: .long, help: "Sessions open at once, from everyone.")
    var maxSessions = defaults.maxSessions

    @Option(name: .long, help: "Sessions open at once from one address.")
    var maxSessionsPerAddress = defaults.maxSessionsPerAddress

    @Option(name: .long, help: "Seconds without input before a session is closed.", transform: DurationArgument.seconds)
    var idleTimeout = defaults.idleTimeout.inSeconds

    @Option(name: .long, help: "Seconds before the idle timeout that the person is warned.", transform: DurationArgument.seconds)
    var idleWarning = defaults.idleWarning.inSeconds

    @Option(name: .long, help: "Seconds a session may last at most.", transform: DurationArgument.seconds)
    var maxSessionLength = defaults.maxSessionLength.inSeconds

    @Option(name: .long, help: "The longest input line in bytes; longer lines are refused.")
    var maxLineBytes = defaults.maxLineBytes

    @Option(name: .long, help: "Input lines read per second once the burst is used; faster input is slowed.")
    var linesPerSecond = defaults.linesPerSecond

    @Option(name: .long, help: "Lines that may arrive at once before the rate applies.")
    var lineBurst = defaults.lineBurst

    @Option(name: .long, help: "Lines waiting to be read beyond which a client is cut off.")
    var floodBacklog = defaults.floodBacklog

    private static let attemptDefaults = ResumeAttemptLimits()

    @Option(name: .long, help: "Wrong resume codes from one address, counted in the store by every server, before resume is refused for a while.")
    var wrongCodesPerAddress = attemptDefaults.perAddress

    @Option(name: .long, help: "Wrong tries of codes sharing their first four characters, from any address, before they are refused for a while.")
    var wrongCodesPerCode = attemptDefaults.perCode

    @Option(name: .long, help: "Seconds the wrong resume codes are counted for.")
    var wrongCodeWindow = attemptDefaults.window

    func validate() throws {
        guard wrongCodesPerAddress > 0, wrongCodesPerCode > 0, wrongCodeWindow > 0 else {
            throw ValidationError("--wrong-codes-per-address, --wrong-codes-per-code and --wrong-code-window must be positive.")
        }
        guard maxSessions > 0, maxSessionsPerAddress > 0 else {
            throw ValidationError("--max-sessions and --max-sessions-per-address must be at least 1.")
        }
        guard idleTimeout > 0, maxSessionLength > 0, idleWarning >= 0 else {
            throw ValidationError("--idle-timeout and --max-session-length must be positive, --idle-warning not negative.")
        }
        guard maxLineBytes >= 16 else { throw ValidationError("--max-line-bytes must be at least 16.") }
        guard linesPerSecond > 0, lineBurst > 0, floodBacklog > 0 else {
            throw ValidationError("--lines-per-second, --line-burst and --flood-backlog must be positive.")
        }
    }

    /// The store's limits on wrong resume codes.
    var attemptLimits: ResumeAttemptLimits {
        var limits = ResumeAttemptLimits()
        limits.perAddress = wrongCodesPerAddress
        limits.perCode = wrongCodesPerCode
        limits.window = wrongCodeWindow
        return limits
    }

    /// The limits as the server takes them; what has no option here (the IRC ping interval) keeps its default.
    var limits: ServerLimits {
        var limits = Self.defaults
        limits.maxSessions = maxSessions
        limits.maxSessionsPerAddress = maxSessionsPerAddress
        limits.idleTimeout = .seconds(idleTimeout)
        limits.idleWarning = .seconds(idleWarning)
        limits.maxSessionLength = .seconds(maxSessionLength)
        limits.maxLineBytes = maxLineBytes
        limits.linesPerSecond = linesPerSecond
        limits.lineBurst = lineBurst
        limits.floodBacklog = floodBacklog
        return limits
    }
}

extension Duration {
    /// Seconds as a `Double`, the unit the command line gives times in.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
