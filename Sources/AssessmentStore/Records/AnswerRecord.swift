// AnswerRecord: a row of `answer` as the reads see it (show, the exports, a resume's replay).

import DialogKit
import GRDB

/// One kept answer, read. Rows from before v2 have no `shown` and get words made from the value.
struct AnswerRecord: Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "answer"
    /// The session the answer belongs to (`answer.assessmentID`). The reads go from answers to their
    /// sessions, not the other way (`including(all:)`), so that a selection of any size is one join.
    static let assessment = belongsTo(AssessmentRecord.self, using: ForeignKey(["assessmentID"]))

    var assessmentID: String
    var position: Int
    var questionID: String
    var code: String?
    @Known var kind: QuestionKind
    var question: String
    var typed: String?
    /// JSON in the column (`{"number":12}`); null when skipped.
    var value: AnswerValue?
    var shown: String?
    var unsure: Bool
    var unit: String?
    var label: String?

    enum Columns {
        static let assessmentID = Column(CodingKeys.assessmentID)
        static let position = Column(CodingKeys.position)
    }

    /// The answers of one session, in the order given.
    static func of(_ assessmentID: String) -> QueryInterfaceRequest<Self> {
        filter(Columns.assessmentID == assessmentID).order(Columns.position)
    }

    var stored: StoredAnswer {
        StoredAnswer(
            position: position, questionID: questionID, code: code, kind: kind, question: question, typed: typed,
            value: value, shown: shown ?? value?.words ?? "skipped", unsure: unsure, unit: unit, label: label)
    }
}
