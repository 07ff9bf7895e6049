// SessionWrites: what a kept session writes (a new session, each answer, a resume), made here and handed to the backend.

import DialogKit
import Foundation

extension AssessmentStore {
    /// A session's row, as the conversation that owns it knows it.
    struct Lease: Sendable, Equatable {
        var id: String
        /// The resume code, formatted (`K7PX-R2M4-QH9T`).
        var resumeCode: String
        /// Bumped by every resume; a write that finds another value was overtaken by a resume elsewhere.
        var revision: Int
    }

    /// How the answer rows change with a write: rows from `keeping` on are replaced by `rows`.
    struct AnswerChange: Sendable {
        var keeping: Int
        /// Whether rows from `keeping` on are in the store now (after `back`, or an answer that
        /// changed an earlier one); usually not, and the write is an insert only.
        var replacesRows: Bool
        var rows: [StoredAnswer]
    }

    /// How a session ended, when it did with this write.
    enum Ending: Sendable {
        case outcome(id: String, code: String, flags: [String], scores: [Score] = [])
        case quit
    }

    /// What a write of answers gives back: for an outcome, the reference.
    struct Saved: Sendable {
        var reference: String?
    }

    /// What a resume code led to.
    enum Claim: Sendable {
        /// The session's answers, in order, to replay.
        case resumed(Lease, [StoredAnswer])
        case unknown
        case expired
        case finished
        case quit
        /// The session was started under another dialog, or another version or text of it.
        case differentDialog(found: String)
    }

    /// Stores a new session with no answers yet and a fresh resume code.
    func open(dialog: Dialog, channel: Channel) -> PendingWrite<Lease> {
        let now = options.now()
        return reported(backend.open(NewSession(
            dialogID: dialog.id, dialogVersion: dialog.version, contentHash: dialog.contentHash, channel: channel,
            language: dialog.language.description, now: now, expiry: now.addingTimeInterval(options.resumeCodeLifetime))))
    }

    /// Writes what a line changed (an accepted answer, `back`, `restart`, `quit`, the outcome) in the
    /// next transaction: the answer rows and the ending. Fails with `.continuedElsewhere` when another
    /// connection resumed the session since `lease` was written.
    func save(_ lease: Lease, answers: AnswerChange, ending: Ending?) -> PendingWrite<Saved> {
        let rows = answers.rows.map { answer in (answer: answer, value: answer.value.map { $0.stored.text() }) }
        let flags = if case .outcome(_, _, let flags, _)? = ending { JSONValue.array(flags.map(JSONValue.string)).text() } else { "[]" }
        let scores = if case .outcome(_, _, _, let scores)? = ending {
            JSONValue.array(scores.map { .object([("name", .string($0.name)), ("value", .number($0.value))]) }).text()
        } else {
            "[]"
        }
        return reported(backend.save(SessionSave(
            lease: lease, answers: answers, rows: rows, ending: ending, flags: flags, scores: scores, now: options.now())))
    }

    /// Takes over the session a resume code names, if it may be continued under `dialog`. The
    /// revision is bumped, so a connection still holding the session finds it gone at its next
    /// write. `discarding` names the caller's own fresh session (no answers), deleted on success.
    func claim(code: String, dialog: Dialog, discarding: String?) -> PendingWrite<Claim> {
        reported(backend.claim(ClaimRequest(
            code: code, dialogID: dialog.id, dialogVersion: dialog.version, contentHash: dialog.contentHash,
            discarding: discarding, now: options.now(), lifetime: options.resumeCodeLifetime)))
    }

    /// Tells `options.onWrite` of the write once it is done: registered first, so it runs before the waiter.
    private func reported<Value>(_ pending: PendingWrite<Value>) -> PendingWrite<Value> {
        guard let onWrite = options.onWrite else { return pending }
        let start = ContinuousClock.now
        pending.whenDone { [pending] in
            var failure: StoreFailure?
            if case .failure(let error)? = pending.result, error != .continuedElsewhere { failure = StoreFailure(error) }
            onWrite(StoreWriteReport(duration: ContinuousClock.now - start, failure: failure))
        }
        return pending
    }
}
