// FHIRQuestionnaire: a dialog as a FHIR R4 Questionnaire: items, answer options, codes, and enableWhen where the flow allows.

import DialogKit
import Foundation

/// A dialog as a FHIR R4 `Questionnaire` with the SDC extensions another renderer needs to ask
/// exactly what the bot asks (docs/storage.md, "The Questionnaire"):
///
/// - one item per question, in the order the flow first asks them, inside a `group` item for each
///   `section`; its concept code, `answerOption` codings (the ones `FHIRResponses` writes), `repeats`
///   for a multi answer, min/max and the unit (`questionnaire-unit`, UCUM) for numbers, `required`
///   where an answer always comes, its `help` as a child `display` item with itemControl `help`, and
///   for an "other, please specify" option a child `string` item (`ID.other`) enabled when it is chosen;
/// - when each question is asked (`FHIRFlowConditions`): `enableWhen` where the condition is one
///   comparison of an earlier answer, several that must all hold, or several of which one must;
///   otherwise an SDC `enableWhenExpression` in FHIRPath. Early ends, `goto` and `else` are part of
///   it, so every item after an `if ... end` is enabled only when that exit did not fire;
/// - what the bot computes, as hidden, read-only items with an SDC `calculatedExpression`: each
///   `let` (`let.NAME`), each score (`score.NAME`), each flag (`flag.NAME`) and the outcome's id
///   (`intake.outcome`); an option's `value:` is the `ordinalValue` extension of its coding;
/// - with `translations` (the dialog in its other languages), every text the person reads (title,
///   description, sections, questions, help, options, "other" prompts) also in each of them, with the
///   R4 `translation` extension on the element's `_text` (or `_display`, `_title`) sibling.
public enum FHIRQuestionnaire {
    public static func questionnaire(_ dialog: Dialog, translations: [Dialog] = [], now: Date = Date()) -> JSONValue {
        // Only translations of this dialog, whose questions are the same ones in the same order.
        let translations = translations.filter { $0.id == dialog.id && $0.contentHash == dialog.contentHash && $0.questions.count == dialog.questions.count }
        var members: [(String, JSONValue)] = [
            ("resourceType", "Questionnaire"),
            ("id", .string(FHIRNaming.id(dialog.id))),
            ("url", .string(FHIRNaming.questionnaireURL(dialogID: dialog.id))),
            ("version", .string(dialog.version)),
            ("name", .string(computableName(dialog.id))),
        ]
        members += translated("title", dialog.title, translations.map { ($0.language, $0.title) })
        members += [("status", "active"), ("date", .string(FHIRNaming.dateTime(now)))]
        if !dialog.intro.isEmpty {
            let trimmed = { (dialog: Dialog) in dialog.intro.trimmingCharacters(in: .whitespacesAndNewlines) }
            members += translated("description", trimmed(dialog), translations.map { ($0.language, trimmed($0)) })
        }
        var conditions = FHIRFlowConditions(dialog: dialog)

        let (order, sectionOf, sections) = layout(dialog)
        let translatedSections = translations.map { ($0.language, layout($0).sections) }.filter { $0.1.count == sections.count }
        var items: [JSONValue] = []
        var groups: [Int: (position: Int, children: [JSONValue], asked: FHIRFormula)] = [:]
        for index in order {
            // A question the flow never reaches is never enabled; with a loop, what follows it is not known.
            let asked = conditions.asked[index] ?? (conditions.isComplete ? .no : .yes)
            let item = item(dialog, index, enabled: asked, translations: translations)
            guard let section = sectionOf[index] else {
                items.append(item)
                continue
            }
            if groups[section] == nil {
                groups[section] = (items.count, [], .no)
                items.append(.null)
            }
            if var group = groups[section] {
                group.children.append(item)
                group.asked = group.asked.or(asked)
                groups[section] = group
            }
        }
        for (section, group) in groups {
            // A section is shown when any of its questions is.
            var members: [(String, JSONValue)] = [("linkId", .string(sectionLinkId(section)))]
            members += translated("text", sections[section], translatedSections.map { ($0.0, $0.1[section]) })
            members.append(("type", "group"))
            members += enablement(group.asked)
            members.append(("item", .array(group.children)))
            items[group.position] = .object(members)
        }
        if conditions.isComplete { items += calculatedItems(dialog, &conditions) }
        // Each question's answers, then the named conditions and values that read them.
        let variables = dialog.questions.enumerated().map { FHIRPathText.answerVariable(question: $0.offset, linkId: $0.element.id) }
            + conditions.variables
        if !variables.isEmpty {
            // Named conditions and values the expressions read as %name, in the order they build on each other.
            members.insert(("extension", .array(variables.map { variable in
                .object([("url", .string(FHIRNaming.variableExtension)), ("valueExpression", .object([
                    ("name", .string(variable.name)), ("language", "text/fhirpath"), ("expression", .string(variable.expression)),
                ]))])
            })), at: 2)
        }
        members.append(("item", .array(items)))
        return .object(members)
    }

    /// The questions in the order the flow first asks them (those it never reaches last), the
    /// section each stands under (`section.N`, from 0 here), and the sections' titles: the
    /// Questionnaire's items, which a response's items mirror.
    static func layout(_ dialog: Dialog) -> (order: [Int], sectionOf: [Int: Int], sections: [String]) {
        var order: [Int] = []
        var sectionOf: [Int: Int] = [:]
        var sections: [String] = []
        var current: Int?
        func walk(_ steps: [Step]) {
            for step in steps {
                switch step.kind {
                case .section(let title):
                    sections.append(title)
                    current = sections.count - 1
                case .ask(let index) where !order.contains(index):
                    order.append(index)
                    sectionOf[index] = current
                case .when(_, let then, let otherwise):
                    walk(then)
                    walk(otherwise)
                default:
                    continue
                }
            }
        }
        walk(dialog.flow)
        for index in dialog.questions.indices where !order.contains(index) { order.append(index) }
        return (order, sectionOf, sections)
    }

    /// Whether the Questionnaire has an item for the score: not where FHIRPath cannot compute it
    /// (`FHIRExportNotes`), nor in a dialog with a loop (no value is computed there).
    static func exportsScore(_ score: ScoreRule, of dialog: Dialog? = nil) -> Bool {
        if let dialog, FHIRFlowConditions.loopStart(dialog.program) != nil { return false }
        return !FHIRExportNotes.readsDaysAgoAsNumber(score.value.expression)
    }

    /// The group item of a section (`section` counted from 0): `section.1` for the first.
    static func sectionLinkId(_ section: Int) -> String {
        "section.\(section + 1)"
    }

    /// Hidden items whose values FHIRPath computes from the answers, as the bot does: each `let` at
    /// the end of the session, each named score, each flag, and the outcome.
    static func calculatedItems(_ dialog: Dialog, _ conditions: inout FHIRFlowConditions) -> [JSONValue] {
        var items: [JSONValue] = []
        for slot in dialog.questions.count..<dialog.slotNames.count {
            let type: String
            switch dialog.slotTypes[slot] {
            case .bool: type = "boolean"
            case .number: type = "decimal"
            case .text: type = "string"
            default: continue
            }
            // A value FHIRPath cannot compute is left out (FHIRExportNotes names it), not written as empty.
            let unsaid = dialog.program.contains {
                if case .assign(slot, let expression) = $0 { return FHIRExportNotes.readsDaysAgoAsNumber(expression.expression) }
                return false
            }
            if unsaid { continue }
            let name = dialog.slotNames[slot]
            items.append(calculatedItem(linkId: "let.\(name)", text: name, type: type, expression: conditions.finalValue(ofSlot: slot)))
        }
        for score in dialog.scores where exportsScore(score) {
            items.append(calculatedItem(linkId: "score.\(score.name)", text: score.name, type: "decimal", expression: conditions.valueAtEnd(score.value.expression)))
        }
        var flags: [(name: String, path: String)] = dialog.flags.map { ($0.name, conditions.flagPath($0.condition.expression, onlyAt: nil)) }
        for (outcome, definition) in dialog.outcomes.enumerated() {
            for rule in definition.flags {
                let path = conditions.flagPath(rule.condition.expression, onlyAt: outcome)
                if let same = flags.firstIndex(where: { $0.name == rule.name }) {
                    flags[same].path = "(\(flags[same].path)) or (\(path))"
                } else {
                    flags.append((rule.name, path))
                }
            }
        }
        for flag in flags { items.append(calculatedItem(linkId: "flag.\(flag.name)", text: flag.name, type: "boolean", expression: flag.path)) }
        items.append(calculatedItem(linkId: "intake.outcome", text: "outcome", type: "string", expression: conditions.outcomePath()))
        return items
    }

    /// A hidden, read-only item whose value is `expression` (SDC `calculatedExpression`, FHIRPath).
    static func calculatedItem(linkId: String, text: String, type: String, expression: String) -> JSONValue {
        .object([
            ("extension", .array([
                .object([("url", .string(FHIRNaming.hiddenExtension)), ("valueBoolean", true)]),
                .object([("url", .string(FHIRNaming.calculatedExpressionExtension)), ("valueExpression", fhirPath(expression))]),
            ])),
            ("linkId", .string(linkId)),
            ("text", .string(text)),
            ("type", .string(type)),
            ("readOnly", true),
        ])
    }

    static func fhirPath(_ expression: String) -> JSONValue {
        .object([("language", "text/fhirpath"), ("expression", .string(expression))])
    }

    /// `enableWhen` (and `enableBehavior`) where the condition is one, all or any of its comparisons;
    /// else an `enableWhenExpression`; nothing when the item is always enabled.
    static func enablement(_ asked: FHIRFormula) -> [(String, JSONValue)] {
        if asked == .yes { return [] }
        if let (entries, behavior) = asked.enableWhen {
            var members: [(String, JSONValue)] = [("enableWhen", .array(entries.map(\.json)))]
            if entries.count > 1, let behavior { members.append(("enableBehavior", .string(behavior))) }
            return members
        }
        return [("extension", .array([.object([
            ("url", .string(FHIRNaming.enableWhenExpressionExtension)), ("valueExpression", fhirPath(asked.path)),
        ])]))]
    }

    /// A name a program can use: `migraine` becomes `Migraine`, `my-dialog_2` `MyDialog2`.
    static func computableName(_ id: String) -> String {
        let words = id.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        var name = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if name.first?.isLetter != true { name = "Dialog" + name }
        return name
    }

    private static func item(_ dialog: Dialog, _ index: Int, enabled: FHIRFormula, translations: [Dialog]) -> JSONValue {
        let question = dialog.questions[index]
        let translatedQuestions = translations.map { ($0.language, $0.questions[index]) }
        /// A text of the question in each translation.
        func inTranslations(_ text: (Question) -> String?) -> [(LanguageTag, String)] {
            translatedQuestions.compactMap { language, question in text(question).map { (language, $0) } }
        }
        var members: [(String, JSONValue)] = [("linkId", .string(question.id))]
        if let code = question.code {
            members.append(("code", .array([.object([("system", .string(FHIRNaming.conceptSystem)), ("code", .string(code))])])))
        }
        members += translated("text", question.text.source, inTranslations { $0.text.source })
        members.append(("type", .string(type(of: question.kind))))
        var extensions: [JSONValue] = []
        for (key, value) in enablement(enabled) {
            if key == "extension", case .array(let more) = value { extensions += more } else { members.append((key, value)) }
        }
        members.append(("required", .bool(isRequired(question))))
        if question.kind == .multi { members.append(("repeats", true)) }
        let valueKey = question.kind == .scale ? "valueInteger" : "valueDecimal"
        func bound(_ name: String, _ value: Double?) {
            guard let value else { return }
            let number: JSONValue = question.kind == .scale ? .number(Int(value.rounded())) : .number(value)
            extensions.append(.object([("url", .string("http://hl7.org/fhir/StructureDefinition/\(name)")), (valueKey, number)]))
        }
        if question.kind == .number || question.kind == .scale {
            bound("minValue", question.min ?? (question.kind == .scale ? 0 : nil))
            bound("maxValue", question.max ?? (question.kind == .scale ? 10 : nil))
        }
        if question.kind == .number, let unit = question.unit {
            extensions.append(.object([("url", .string(FHIRNaming.unitExtension)), ("valueCoding", .object([
                ("system", .string(FHIRNaming.ucumSystem)), ("code", .string(ucum(unit, per: question.period))),
                ("display", .string(unitDisplay(unit, per: question.period))),
            ]))]))
        }
        if !extensions.isEmpty { members.insert(("extension", .array(extensions)), at: 0) }
        if question.kind == .choice || question.kind == .multi {
            members.append(("answerOption", .array(question.options.enumerated().map { number, option in
                let display = translated("display", option.text, inTranslations { $0.options.indices.contains(number) ? $0.options[number].text : nil })
                return .object([("valueCoding", adding(display.dropFirst(), to: coding(dialog, question, option)))])
            })))
        }
        var children: [JSONValue] = []
        if let help = question.help?.trimmingCharacters(in: .whitespacesAndNewlines), !help.isEmpty {
            children.append(.object([
                ("extension", .array([.object([
                    ("url", .string(FHIRNaming.itemControlExtension)),
                    ("valueCodeableConcept", .object([("coding", .array([.object([
                        ("system", .string(FHIRNaming.itemControlSystem)), ("code", "help"), ("display", "Help-Button"),
                    ])]))])),
                ])])),
                ("linkId", .string("\(question.id).help")),
            ] + translated("text", help, inTranslations { $0.help?.trimmingCharacters(in: .whitespacesAndNewlines) }) + [
                ("type", "display"),
            ]))
        }
        if let other = question.options.first(where: \.isOther) {
            // "Other, please specify": a text item under the question, asked when that option is chosen;
            // a response answers it inside the answer with that option's coding.
            let chosen = FHIRNaming.optionCoding(
                dialogID: dialog.id, questionID: question.id, questionCode: question.code,
                option: StoredOption(id: other.id, code: other.code, text: other.text))
            children.append(.object([
                ("linkId", .string(FHIRNaming.otherLinkId(questionID: question.id))),
            ] + translated("text", other.otherPrompt ?? other.text, inTranslations { question in
                question.options.first(where: \.isOther).map { $0.otherPrompt ?? $0.text }
            }) + [
                ("type", "string"),
                ("enableWhen", .array([.object([("question", .string(question.id)), ("operator", "="), ("answerCoding", chosen)])])),
                ("required", true),
            ]))
        }
        if !children.isEmpty { members.append(("item", .array(children))) }
        return .object(members)
    }

    /// `key` with its English text and, when a translation says it otherwise, `_key` with the R4
    /// `translation` extension for each language (`lang`, `content`), as FHIR puts extensions of a
    /// primitive element.
    static func translated(_ key: String, _ english: String, _ translations: [(LanguageTag, String)]) -> [(String, JSONValue)] {
        let differing = translations.filter { $0.1 != english && !$0.1.isEmpty }
        guard !differing.isEmpty else { return [(key, .string(english))] }
        let extensions: [JSONValue] = differing.map { language, text in
            .object([
                ("url", .string(FHIRNaming.translationExtension)),
                ("extension", .array([
                    .object([("url", "lang"), ("valueCode", .string(language.description))]),
                    .object([("url", "content"), ("valueString", .string(text))]),
                ])),
            ])
        }
        return [(key, .string(english)), ("_" + key, .object([("extension", .array(extensions))]))]
    }

    /// `object` with `members` added at its end.
    static func adding<Members: Sequence<(String, JSONValue)>>(_ members: Members, to object: JSONValue) -> JSONValue {
        guard case .object(let existing) = object else { return object }
        let more = Array(members)
        return more.isEmpty ? object : .object(existing + more)
    }

    /// Whether an asked question always gets an answer in the response: not when it may be skipped,
    /// when doubt is kept without a value, or for a multi question without a `none` option (whose
    /// empty answer has no value to send).
    static func isRequired(_ question: Question) -> Bool {
        if question.isOptional || question.unsure == .keep { return false }
        if question.kind == .multi, !question.options.contains(where: { $0.id == "none" }) { return false }
        return true
    }

    /// The UCUM code of a question's unit: the time units by their UCUM symbols (`wk`, `mo`, `a`),
    /// any other unit as an annotation (`{cups}`); with `per:`, divided by the period (`d/mo`).
    static func ucum(_ unit: String, per period: Double?) -> String {
        let symbols = [
            "minute": "min", "minutes": "min", "hour": "h", "hours": "h", "day": "d", "days": "d", "week": "wk", "weeks": "wk",
            "month": "mo", "months": "mo", "year": "a", "years": "a",
        ]
        let base = symbols[unit.lowercased()] ?? "{\(unit.filter { $0 != "{" && $0 != "}" && $0 != " " })}"
        guard let period else { return base }
        let periods: [(Double, String)] = [(24, "d"), (168, "wk"), (730.5, "mo"), (8766, "a")]
        if let named = periods.first(where: { abs($0.0 - period) < 0.001 }) { return "\(base)/\(named.1)" }
        if (period / 24).rounded() == period / 24 { return "\(base)/(\(NumberFormatting.plain(period / 24)).d)" }
        return "\(base)/(\(NumberFormatting.plain(period)).h)"
    }

    static func unitDisplay(_ unit: String, per period: Double?) -> String {
        guard let period else { return unit }
        let names: [(Double, String)] = [(24, "a day"), (168, "a week"), (730.5, "a month"), (8766, "a year")]
        if let named = names.first(where: { abs($0.0 - period) < 0.001 }) { return "\(unit) \(named.1)" }
        return "\(unit) in \(NumberFormatting.plain(period / 24)) days"
    }

    static func type(of kind: QuestionKind) -> String {
        switch kind {
        case .yesno: "boolean"
        case .choice, .multi: "choice"
        case .number: "decimal"
        case .scale: "integer"
        case .text: "string"
        case .date: "date"
        case .time: "time"
        }
    }

    static func coding(_ dialog: Dialog, _ question: Question, _ option: OptionDefinition) -> JSONValue {
        FHIRNaming.optionCoding(
            dialogID: dialog.id, questionID: question.id, questionCode: question.code,
            option: StoredOption(id: option.id, code: option.code, text: option.text), value: option.value)
    }
}
