// ServerMessages: every sentence the server itself says (refusals, warnings, goodbyes), in one place.

/// The service's own sentences, kept together so they read alike and are easy to review.
enum ServerMessages {
    static func tooManySessions(limit: Int) -> String {
        "Sorry, the service is full (\(limit) sessions). Please try again in a few minutes."
    }

    static func tooManyFromAddress(limit: Int) -> String {
        "Sorry, there are already \(limit) sessions from your address. Please finish one and try again."
    }

    /// A connection's PROXY header (or its missing one) refused, with what was wrong.
    static func proxyHeaderRefused(_ reason: String) -> String {
        "Connection refused: \(reason)."
    }

    static func idleWarning(remaining: Duration) -> String {
        "Are you still there? This session closes in \(describe(remaining)) unless you answer."
    }

    static func idleTimeout(after idle: Duration) -> String {
        "This session was closed after \(describe(idle)) without an answer. Goodbye."
    }

    static func sessionTooLong(limit: Duration) -> String {
        "This session has reached its time limit of \(describe(limit)). Goodbye."
    }

    static let slowDown = "You are sending lines faster than anyone types; they will be read slowly."

    static let flood = "Too much input too fast. This session is closed."

    static func lineTooLong(limit: Int) -> String {
        "That line was too long (over \(limit) bytes) and was ignored."
    }

    static let interrupted = "Interrupted. Goodbye."

    static let endOfInput = "End of input. Goodbye."

    static let stopping = "The service is stopping now. Goodbye."

    static let finished = "This assessment is finished. Goodbye."

    /// After the third resume code that did not work on one connection.
    static let tooManyWrongCodes = "Three resume codes did not work, so this connection closes. Connect again to try once more."

    /// A kiosk, under the last screen of a person's session (`intake serve --kiosk`).
    static let kioskReading = "Press Enter when you have read this."

    /// After `quit`, or a dialog that stopped without an outcome.
    static let goodbye = "Goodbye."

    /// "10 minutes", "1 minute", "90 seconds", "2 seconds".
    static func describe(_ duration: Duration) -> String {
        let seconds = Int((Double(duration.components.seconds)
            + Double(duration.components.attoseconds) / 1e18).rounded())
        if seconds >= 60, seconds % 60 == 0 {
            let minutes = seconds / 60
            return minutes == 1 ? "1 minute" : "\(minutes) minutes"
        }
        return seconds == 1 ? "1 second" : "\(seconds) seconds"
    }
}
