// FHIRChecker: checks parsed JSON against the parts of the FHIR R4 structure definitions Intake writes.

import Foundation

/// The FHIR R4 rules for Bundle, QuestionnaireResponse and Questionnaire that apply to what Intake
/// writes: resource types, required elements (cardinality 1..1), code value sets, the form of
/// the primitive types (id, uri, code, dateTime), one `value[x]` per answer of an allowed type
/// and of the item's type, codings among the item's answerOptions (a Coding may carry extensions,
/// as `ordinalValue`), a response's items nested and ordered as its Questionnaire's (groups hold
/// items, a question's children stand in its answers), and the invariants bdl-1, que-0, que-2,
/// que-5, que-7, que-12, qrs-1 and ext-1. Each broken rule is one message.
struct FHIRChecker {
    private(set) var problems: [String] = []

    static let dateTime = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#
    static let id = #"^[A-Za-z0-9\-\.]{1,64}$"#
    static let uri = #"^\S+$"#
    static let code = #"^[^\s]+( [^\s]+)*$"#
    static let itemTypes: Set<String> = [
        "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text", "url",
        "choice", "open-choice", "attachment", "reference", "quantity",
    ]
    static let operators: Set<String> = ["exists", "=", "!=", ">", "<", ">=", "<="]
    static let answerTypes: Set<String> = [
        "valueBoolean", "valueDecimal", "valueInteger", "valueDate", "valueDateTime", "valueTime", "valueString",
        "valueUri", "valueAttachment", "valueCoding", "valueQuantity", "valueReference",
    ]
    /// The answer type each item type takes.
    static let answerTypeOfItem = [
        "boolean": "valueBoolean", "decimal": "valueDecimal", "integer": "valueInteger", "string": "valueString",
        "text": "valueString", "choice": "valueCoding", "date": "valueDate", "time": "valueTime",
    ]

    mutating func fail(_ message: String) { problems.append(message) }

    /// Items and the items inside them (a section's group, a question's help), in document order.
    static func flattened(_ items: [JSONNode]) -> [JSONNode] {
        items.flatMap { [$0] + flattened($0["item"]?.array ?? []) }
    }

    @discardableResult
    mutating func string(_ node: JSONNode, _ key: String, at path: String, required: Bool = true, pattern: String? = nil) -> String? {
        guard let value = node[key] else {
            if required { fail("\(path).\(key) is required") }
            return nil
        }
        guard let text = value.string, !text.isEmpty else {
            fail("\(path).\(key) must be a non-empty string")
            return nil
        }
        if let pattern, text.range(of: pattern, options: .regularExpression) == nil { fail("\(path).\(key) `\(text)` has the wrong form") }
        return text
    }

    mutating func coding(_ node: JSONNode?, at path: String) {
        guard let node, node.object != nil else { return fail("\(path) must be a Coding object") }
        string(node, "system", at: path, pattern: Self.uri)
        string(node, "code", at: path, pattern: Self.code)
        let elements = ["extension", "system", "version", "code", "display", "userSelected"]
        // `_display`: the extensions of the primitive `display` (its translations), checked by `primitiveExtensions`.
        for key in node.keys where !elements.contains(key) && !(key.hasPrefix("_") && elements.contains(String(key.dropFirst()))) {
            fail("\(path).\(key) is not an element of Coding")
        }
        extensions(node, at: path)
    }

    /// Each extension has a url and one value[x] (ext-1).
    mutating func extensions(_ node: JSONNode, at path: String) {
        guard let elements = node["extension"] else { return }
        guard let array = elements.array else { return fail("\(path).extension must be an array") }
        for (index, element) in array.enumerated() {
            string(element, "url", at: "\(path).extension[\(index)]", pattern: Self.uri)
            if element.keys.filter({ $0.hasPrefix("value") }).count != 1 { fail("ext-1: \(path).extension[\(index)] needs one value[x]") }
        }
    }

    /// A Bundle; returns its entries' resources.
    mutating func bundle(_ bundle: JSONNode) -> [JSONNode] {
        if bundle["resourceType"]?.string != "Bundle" { fail("resourceType must be Bundle") }
        string(bundle, "id", at: "Bundle", required: false, pattern: Self.id)
        let type = string(bundle, "type", at: "Bundle")
        if let type, !["document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection"].contains(type) {
            fail("Bundle.type `\(type)` is not in the BundleType value set")
        }
        string(bundle, "timestamp", at: "Bundle", required: false, pattern: Self.dateTime)
        if bundle["total"] != nil, type != "searchset", type != "history" { fail("bdl-1: total only when a search or history") }
        var resources: [JSONNode] = []
        for (index, entry) in (bundle["entry"]?.array ?? []).enumerated() {
            guard let resource = entry["resource"], resource.object != nil else {
                fail("Bundle.entry[\(index)] must hold a resource")
                continue
            }
            string(entry, "fullUrl", at: "Bundle.entry[\(index)]", pattern: Self.uri)
            resources.append(resource)
        }
        return resources
    }

    /// A QuestionnaireResponse; with `questionnaire`, its items and answers are checked against it.
    mutating func questionnaireResponse(_ resource: JSONNode, questionnaire: JSONNode? = nil) {
        let path = "QuestionnaireResponse"
        if resource["resourceType"]?.string != "QuestionnaireResponse" { fail("resourceType must be QuestionnaireResponse") }
        string(resource, "id", at: path, required: false, pattern: Self.id)
        if let status = string(resource, "status", at: path),
            !["in-progress", "completed", "amended", "entered-in-error", "stopped"].contains(status)
        {
            fail("\(path).status `\(status)` is not in the QuestionnaireResponseStatus value set")
        }
        string(resource, "questionnaire", at: path, required: false, pattern: Self.uri)
        string(resource, "authored", at: path, required: false, pattern: Self.dateTime)
        if let identifier = resource["identifier"] {
            if identifier.object == nil { fail("\(path).identifier is 0..1: one object") } else { string(identifier, "value", at: "\(path).identifier") }
        }
        for (index, element) in (resource["extension"]?.array ?? []).enumerated() {
            string(element, "url", at: "\(path).extension[\(index)]", pattern: Self.uri)
            if element.keys.filter({ $0.hasPrefix("value") }).count != 1 { fail("ext-1: \(path).extension[\(index)] needs one value[x]") }
        }
        var definitions: [String: JSONNode] = [:]
        for item in Self.flattened(questionnaire?["item"]?.array ?? []) {
            if let linkId = item["linkId"]?.string { definitions[linkId] = item }
        }
        var seen = Set<String>()
        items(resource["item"]?.array ?? [], at: path, in: questionnaire?["item"]?.array, definitions: definitions, seen: &seen)
    }

    /// A response's items, and those inside them: a group holds items and no answer, a question's
    /// answers hold the items under the question (its "other, please specify"). With the
    /// Questionnaire (`level`: the items its parent holds there), each item must stand where the
    /// Questionnaire's does, in its order.
    private mutating func items(_ list: [JSONNode], at path: String, in level: [JSONNode]?, definitions: [String: JSONNode], seen: inout Set<String>) {
        var lastPosition = -1
        for (index, item) in list.enumerated() {
            let itemPath = "\(path).item[\(index)]"
            guard let linkId = string(item, "linkId", at: itemPath) else { continue }
            if item["answer"] != nil, item["item"] != nil { fail("qrs-1: \(itemPath) has both answer and item") }
            let answers = item["answer"]?.array ?? []
            let definition = definitions[linkId]
            let isGroup = definition?["type"]?.string == "group"
            if let level {
                if let position = level.firstIndex(where: { $0["linkId"]?.string == linkId }) {
                    if position <= lastPosition { fail("\(itemPath) `\(linkId)` is out of the Questionnaire's order") }
                    lastPosition = position
                } else if definition != nil {
                    fail("\(itemPath) `\(linkId)` is not where the Questionnaire has it (R4: a response's items mirror its nesting)")
                }
            }
            if isGroup {
                if !answers.isEmpty { fail("\(itemPath): the group `\(linkId)` has answers") }
                let children = item["item"]?.array ?? []
                if children.isEmpty { fail("\(itemPath): the group `\(linkId)` has no items") }
                items(children, at: itemPath, in: level == nil ? nil : definition?["item"]?.array ?? [], definitions: definitions, seen: &seen)
                continue
            }
            // Only a multi question answered with nothing, or doubt kept without a value, has an item and no answer.
            let absent = item["extension"]?.array?.contains { $0["url"] == .string("http://hl7.org/fhir/StructureDefinition/data-absent-reason") } == true
            if answers.isEmpty, !absent, level == nil || definition?["repeats"] != .bool(true) { fail("\(itemPath) has no answer") }
            if level != nil {
                guard let definition else { fail("\(itemPath).linkId `\(linkId)` is not in the Questionnaire"); continue }
                let repeats = definition["repeats"] == .bool(true)
                if !seen.insert(linkId).inserted { fail("\(itemPath) answers `\(linkId)` a second time") }
                if answers.count > 1, !repeats { fail("\(itemPath) has \(answers.count) answers but does not repeat") }
            }
            for (number, answer) in answers.enumerated() {
                let answerPath = "\(itemPath).answer[\(number)]"
                let values = answer.keys.filter { $0.hasPrefix("value") }
                guard values.count == 1, let key = values.first, let value = answer[key] else { fail("\(answerPath) needs exactly one value[x]"); continue }
                if !Self.answerTypes.contains(key) { fail("\(answerPath).\(key) is not an answer type") }
                switch (key, value) {
                case ("valueBoolean", .bool), ("valueDecimal", .number): break
                case ("valueInteger", .number(let number)) where number == number.rounded(): break
                case ("valueString", .string(let text)) where !text.isEmpty: break
                case ("valueDate", .string(let text)) where text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil: break
                case ("valueTime", .string(let text)) where text.range(of: #"^\d{2}:\d{2}:\d{2}$"#, options: .regularExpression) != nil: break
                case ("valueCoding", _): coding(value, at: "\(answerPath).valueCoding")
                default: fail("\(answerPath).\(key) has the wrong JSON type: \(value)")
                }
                if let children = answer["item"]?.array {
                    items(children, at: answerPath, in: level == nil ? nil : definition?["item"]?.array ?? [], definitions: definitions, seen: &seen)
                }
                guard let definition, let type = definition["type"]?.string else { continue }
                if Self.answerTypeOfItem[type] != key { fail("\(answerPath) is \(key) but item `\(linkId)` is of type \(type)") }
                if key == "valueCoding", let options = definition["answerOption"]?.array {
                    let offered = options.contains {
                        $0["valueCoding"]?["system"] == value["system"] && $0["valueCoding"]?["code"] == value["code"]
                    }
                    if !offered { fail("\(answerPath).valueCoding \(value["code"]?.string ?? "") is not an answerOption of `\(linkId)`") }
                }
            }
        }
    }

    /// Every `_name` element under `node`: the extensions of the primitive `name` beside it (which must
    /// be there, as Intake writes no `_name` alone), each with a url (ele-1, ext-1); a `translation`
    /// extension holds exactly a `lang` code and a `content` string.
    mutating func primitiveExtensions(_ node: JSONNode, at path: String) {
        if let array = node.array {
            for (index, element) in array.enumerated() { primitiveExtensions(element, at: "\(path)[\(index)]") }
            return
        }
        for key in node.keys {
            guard let child = node[key] else { continue }
            guard key.hasPrefix("_") else {
                primitiveExtensions(child, at: "\(path).\(key)")
                continue
            }
            let name = String(key.dropFirst())
            if node[name] == nil { fail("\(path).\(key) has no \(name) beside it") }
            guard let extensions = child["extension"]?.array, !extensions.isEmpty else {
                fail("ele-1: \(path).\(key) has no extension")
                continue
            }
            for (number, element) in extensions.enumerated() {
                let where_ = "\(path).\(key).extension[\(number)]"
                guard string(element, "url", at: where_, pattern: Self.uri) == "http://hl7.org/fhir/StructureDefinition/translation" else { continue }
                let parts = element["extension"]?.array ?? []
                let lang = parts.filter { $0["url"]?.string == "lang" }
                let content = parts.filter { $0["url"]?.string == "content" }
                if parts.count != 2 || lang.count != 1 || content.count != 1 { fail("\(where_): a translation needs one lang and one content") }
                if let code = lang.first?["valueCode"]?.string { if code.isEmpty { fail("\(where_): empty lang") } } else { fail("\(where_): lang needs a valueCode") }
                if content.first?["valueString"]?.string?.isEmpty != false { fail("\(where_): content needs a valueString") }
            }
        }
    }

    /// A Questionnaire.
    mutating func questionnaire(_ resource: JSONNode) {
        let path = "Questionnaire"
        primitiveExtensions(resource, at: path)
        if resource["resourceType"]?.string != "Questionnaire" { fail("resourceType must be Questionnaire") }
        string(resource, "id", at: path, required: false, pattern: Self.id)
        string(resource, "url", at: path, required: false, pattern: Self.uri)
        string(resource, "name", at: path, required: false, pattern: #"^[A-Z]([A-Za-z0-9_]){0,254}$"#)
        if let status = string(resource, "status", at: path), !["draft", "active", "retired", "unknown"].contains(status) {
            fail("\(path).status `\(status)` is not in the PublicationStatus value set")
        }
        string(resource, "date", at: path, required: false, pattern: Self.dateTime)
        var earlier = Set<String>()
        for (index, item) in Self.flattened(resource["item"]?.array ?? []).enumerated() {
            let itemPath = "\(path).item[\(index)]"
            guard let linkId = string(item, "linkId", at: itemPath) else { continue }
            if earlier.contains(linkId) { fail("que-2: linkId `\(linkId)` is not unique") }
            if item["enableWhen"] != nil, item["extension"]?.array?.contains(where: { $0["url"]?.string?.hasSuffix("enableWhenExpression") == true }) == true {
                fail("\(itemPath) has both enableWhen and an enableWhenExpression")
            }
            guard let type = string(item, "type", at: itemPath) else { continue }
            if !Self.itemTypes.contains(type) { fail("\(itemPath).type `\(type)` is not in the QuestionnaireItemType value set") }
            if type != "display", item["text"]?.string == nil { fail("\(itemPath).text is expected for a question") }
            if item["answerOption"] != nil, type != "choice", type != "open-choice" { fail("que-5: answerOption only for choice items") }
            if type == "choice", item["answerOption"] == nil, item["answerValueSet"] == nil { fail("\(itemPath) is a choice without options") }
            if let required = item["required"], case .bool = required {} else if item["required"] != nil { fail("\(itemPath).required must be a boolean") }
            for (number, option) in (item["answerOption"]?.array ?? []).enumerated() {
                if option.keys.filter({ $0.hasPrefix("value") }).count != 1 { fail("\(itemPath).answerOption[\(number)] needs one value[x]") }
                if let coding = option["valueCoding"] { self.coding(coding, at: "\(itemPath).answerOption[\(number)].valueCoding") }
            }
            for (number, code) in (item["code"]?.array ?? []).enumerated() { coding(code, at: "\(itemPath).code[\(number)]") }
            for (number, element) in (item["extension"]?.array ?? []).enumerated() {
                string(element, "url", at: "\(itemPath).extension[\(number)]", pattern: Self.uri)
                if element.keys.filter({ $0.hasPrefix("value") }).count != 1 { fail("ext-1: \(itemPath).extension[\(number)] needs one value[x]") }
            }
            let conditions = item["enableWhen"]?.array ?? []
            if conditions.count > 1, item["enableBehavior"] == nil { fail("que-12: \(itemPath) has several enableWhen but no enableBehavior") }
            if let behavior = item["enableBehavior"]?.string, !["all", "any"].contains(behavior) { fail("\(itemPath).enableBehavior `\(behavior)`") }
            for (number, condition) in conditions.enumerated() {
                let conditionPath = "\(itemPath).enableWhen[\(number)]"
                if let question = string(condition, "question", at: conditionPath), !earlier.contains(question) {
                    fail("\(conditionPath).question `\(question)` is not an earlier item")
                }
                let op = string(condition, "operator", at: conditionPath) ?? ""
                if !Self.operators.contains(op) { fail("\(conditionPath).operator `\(op)` is not in the value set") }
                let answers = condition.keys.filter { $0.hasPrefix("answer") }
                if answers.count != 1 { fail("\(conditionPath) needs exactly one answer[x]") }
                if op == "exists", answers != ["answerBoolean"] { fail("que-7: \(conditionPath) exists takes answerBoolean") }
                if let coding = condition["answerCoding"] { self.coding(coding, at: "\(conditionPath).answerCoding") }
            }
            earlier.insert(linkId)
        }
    }
}
