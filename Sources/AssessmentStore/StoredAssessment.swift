// StoredAssessment: a kept assessment as read back: who, when, which dialog, the answers and the outcome.

import DialogKit
import Foundation

/// An assessment read from the store: a finished one, or (for `intake show`) one still open.
public struct StoredAssessment: Sendable, Equatable {
    /// Whether the session reached an outcome, is still open (resumable until its code expires), or was quit.
    public enum Status: String, Sendable, Codable {
        case open, finished, quit
    }

    /// A random identifier (a UUID), never shown to the person.
    public var id: String
    public var status: Status
    /// The reference the person quotes (`K7PX-2M4Q`); set when the assessment finished.
    public var reference: String?
    public var dialogID: String
    public var dialogVersion: String
    public var contentHash: String
    public var channel: Channel
    public var startedAt: Date
    /// When the last answer was kept.
    public var updatedAt: Date
    public var finishedAt: Date?
    public var outcomeID: String?
    public var outcomeCode: String?
    public var flags: [String]
    /// The dialog's named scores the outcome carried (`scores:`), in the dialog's order.
    public var scores: [Score] = []
    /// The language the session was started in (a BCP 47 tag, `en` for sessions kept before languages
    /// were); each answer keeps the question's text as it was shown, in that language.
    public var language: String = LanguageTag.english.description
    /// The answers in the order given.
    public var answers: [StoredAnswer]

    public init(
        id: String, status: Status, reference: String?, dialogID: String, dialogVersion: String, contentHash: String,
        channel: Channel, startedAt: Date, updatedAt: Date, finishedAt: Date?, outcomeID: String?, outcomeCode: String?,
        flags: [String], answers: [StoredAnswer], scores: [Score] = [], language: String = LanguageTag.english.description
    ) {
        self.id = id
        self.status = status
        self.reference = reference
        self.dialogID = dialogID
        self.dialogVersion = dialogVersion
        self.contentHash = contentHash
        self.channel = channel
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
        self.outcomeID = outcomeID
        self.outcomeCode = outcomeCode
        self.flags = flags
        self.answers = answers
        self.scores = scores
        self.language = language
    }

    /// The last answer given to each question, in the order first asked (a question asked again,
    /// after `back` or through a loop, counts once, with its latest answer).
    public var latestAnswers: [StoredAnswer] {
        var latest: [String: StoredAnswer] = [:]
        var order: [String] = []
        for answer in answers {
            if latest[answer.questionID] == nil { order.append(answer.questionID) }
            latest[answer.questionID] = answer
        }
        return order.compactMap { latest[$0] }
    }
}
