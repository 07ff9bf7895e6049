// FHIRNaming: the URIs and codings the FHIR exports share, so a response's codes match its questionnaire's.

import Foundation

/// Names in the FHIR resources Intake writes. Intake has no web address of its own, so the
/// canonical URLs and code systems are URNs under `urn:intake:` (a receiving system maps them
/// to its own; docs/storage.md lists them).
enum FHIRNaming {
    /// The code system of the concept codes in `shared/clinical/concepts.md` (`headache.location`).
    static let conceptSystem = "urn:intake:concept"
    /// The identifier system of assessment references (`K7PX-2M4Q`).
    static let referenceSystem = "urn:intake:reference"
    /// The code system of outcome codes (`emergency`, `consult`, ...).
    static let outcomeSystem = "urn:intake:outcome"
    /// The code system of flags an outcome carries.
    static let flagSystem = "urn:intake:flag"
    static let outcomeExtension = "urn:intake:fhir:extension:outcome"
    static let flagExtension = "urn:intake:fhir:extension:flag"
    /// On an answer the person gave with doubt that the dialog counted as yes ("not sure (taken as yes)").
    static let unsureExtension = "urn:intake:fhir:extension:unsure"
    /// FHIR's own extension for a value that is missing, with `asked-unknown`: asked, and the person did not know.
    static let dataAbsentReasonExtension = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

    /// SDC and core extensions the Questionnaire uses (docs/storage.md lists each).
    static let enableWhenExpressionExtension = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
    static let calculatedExpressionExtension = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
    static let hiddenExtension = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
    static let unitExtension = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
    static let itemControlExtension = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
    static let itemControlSystem = "http://hl7.org/fhir/questionnaire-item-control"
    static let ucumSystem = "http://unitsofmeasure.org"
    /// A text in another language, beside the element it translates (`_text`, `_display`).
    static let translationExtension = "http://hl7.org/fhir/StructureDefinition/translation"
    static let variableExtension = "http://hl7.org/fhir/StructureDefinition/variable"
    /// On an option's coding: its score (`value:`), which `value()` sums.
    static let ordinalValueExtension = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

    /// The item of what the person said an "other, please specify" option is: `helped.other`, the
    /// id the dialog's follow-up has in events and transcripts.
    static func otherLinkId(questionID: String) -> String {
        questionID + ".other"
    }

    /// The questionnaire's canonical URL, without the version.
    static func questionnaireURL(dialogID: String) -> String {
        "urn:intake:questionnaire:\(dialogID)"
    }

    /// A canonical reference to one version: `urn:intake:questionnaire:migraine|1`.
    static func questionnaireReference(dialogID: String, version: String) -> String {
        questionnaireURL(dialogID: dialogID) + "|" + version
    }

    /// The coding of an option. An option with its own concept code (`symptom.nausea`) is that
    /// concept; any other is a value of its question's concept (`headache.location` / `one_side`),
    /// or, for a question without a code, of the dialog's question. An option's score (`value:`)
    /// is its `ordinalValue` extension.
    static func optionCoding(dialogID: String, questionID: String, questionCode: String?, option: StoredOption, value: Double? = nil) -> JSONValue {
        let system: String
        let code: String
        if let own = option.code {
            system = conceptSystem
            code = own
        } else {
            system = conceptSystem + ":" + (questionCode ?? "\(dialogID).\(questionID)")
            code = option.id
        }
        var members: [(String, JSONValue)] = [("system", .string(system)), ("code", .string(code)), ("display", .string(option.text))]
        if let value {
            members.insert(("extension", .array([.object([("url", .string(ordinalValueExtension)), ("valueDecimal", .number(value))])])), at: 0)
        }
        return .object(members)
    }

    /// A FHIR `id`: letters, digits, `-` and `.`, at most 64 characters.
    static func id(_ text: String) -> String {
        let kept = text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "-" }
        return String(String(kept).prefix(64))
    }

    /// A FHIR `instant`/`dateTime`: `2026-03-01T09:30:12Z`.
    static func dateTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
