// KnownValue: the store's enum columns (status, channel, kind) as GRDB values, and the error for a value this version does not know.

import DialogKit
import GRDB

/// A stored value this version of Intake does not know (a newer version wrote the file, or someone
/// edited it). Reading fails with it rather than guess (`.quit`, `.chat`, `.text`); it names the
/// column and the value only, never the row, which may hold a resume code or what a person typed.
struct UnknownStoredValue: Error, CustomStringConvertible {
    var column: String
    var value: String
    var description: String { "the \(column) \"\(value)\" is not known to this version of Intake" }
}

/// A record's enum column: decoding a raw value the enum lacks throws `UnknownStoredValue`.
///
/// GRDB decodes a `DatabaseValueConvertible` property of a `Decodable` record through
/// `fromDatabaseValue`, which can only say nil, and the error it then throws quotes the whole row.
/// The wrapper is not `DatabaseValueConvertible`, so GRDB hands it the column's value to decode
/// itself, with the column's name in the coding path.
@propertyWrapper
struct Known<Value: RawRepresentable & Sendable>: Decodable, Sendable where Value.RawValue == String {
    var wrappedValue: Value

    init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        let column = decoder.codingPath.last?.stringValue ?? "value"
        let container = try decoder.singleValueContainer()
        // The schema says NOT NULL; a file that breaks it is reported the same way, not trapped on.
        guard !container.decodeNil() else { throw UnknownStoredValue(column: column, value: "NULL") }
        let raw = try container.decode(String.self)
        guard let value = Value(rawValue: raw) else { throw UnknownStoredValue(column: column, value: raw) }
        wrappedValue = value
    }
}

// Stored as their raw values, so requests can compare columns with them (`Column("status") == .finished`)
// and writes can bind them.
extension StoredAssessment.Status: DatabaseValueConvertible {}
extension Channel: DatabaseValueConvertible {}
// DialogKit does no storage and must not import GRDB, so the conformance is made here, where the column is.
extension QuestionKind: DatabaseValueConvertible {}
