// ServerFarewell: what the server said as it ended a session early, and which of its limits said it.

/// The last notice a server sent before it ended or closed a session the load run had not finished:
/// a refusal at the door (the server full, too many sessions from one address), the flood cut-off,
/// a time limit. A load run names it and the `intake serve` option that raises the limit, since a
/// run against a server with default limits is refused long before it measures anything.
struct ServerFarewell: Equatable {
    /// The notice, as the person would have read it.
    var text: String

    /// The limits whose refusals a load run can meet, each known by words of its sentence in
    /// `ChatServer`'s ServerMessages (a test holds the two together) and the option that raises it.
    private static let limits: [(words: String, option: String)] = [
        ("the service is full", "--max-sessions"),
        ("sessions from your address", "--max-sessions-per-address"),
        ("Too much input too fast", "--flood-backlog, --lines-per-second or --line-burst"),
        ("faster than anyone types", "--lines-per-second or --line-burst"),
        ("reached its time limit", "--max-session-length"),
        ("without an answer", "--idle-timeout"),
        ("That line was too long", "--max-line-bytes"),
    ]

    /// The `intake serve` option that would have let the session go on, when the notice is a limit's.
    var option: String? {
        Self.limits.first { text.contains($0.words) }?.option
    }

    /// "the server ended the session at the greeting, saying "…" (raise intake serve's --max-sessions)".
    func describe(at reply: Int, of replies: Int) -> String {
        let when = reply == 0 ? "at the greeting" : "while reply \(reply) of \(replies) was awaited"
        let advice = option.map { " (a limit of the server: raise `intake serve \($0)`)" } ?? ""
        return "the server ended the session \(when), saying \"\(text)\"\(advice)"
    }
}
