// FHIRQuestionnaire: a dialog as a FHIR R4 Questionnaire: items, answer options, codes, and enableWhen where the flow allows.

import DialogKit
import Foundation

/// A dialog as a FHIR R4 `Questionnaire`: one item per question, in the order the flow first asks
/// them, with the question's concept code, its `answerOption`s (codings matching the ones
/// `FHIRResponses` writes), `repeats` for a multi answer, and min/max extensions for numbers.
/// No item is `required`: a dialog may end early (an emergency after the first question), and the
/// response it leaves must still be valid against the Questionnaire.
///
/// `enableWhen`: a question inside `when` blocks is enabled by their conditions where those can be
/// said in FHIR: comparisons of an answer with a constant, a yes/no answer itself, `has`, `in`,
/// `answered()`, and `let` values that stand for such conditions. A condition FHIR cannot say
/// (counts, sums) is left out, so a form may show a question the bot would not ask; never the
/// reverse. Early ends (`if ... end`) and `goto` are not expressed: a form does not stop.
public enum FHIRQuestionnaire {
    public static func questionnaire(_ dialog: Dialog, now: Date = Date()) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("resourceType", "Questionnaire"),
            ("id", .string(FHIRNaming.id(dialog.id))),
            ("url", .string(FHIRNaming.questionnaireURL(dialogID: dialog.id))),
            ("version", .string(dialog.version)),
            ("name", .string(computableName(dialog.id))),
            ("title", .string(dialog.title)),
            ("status", "active"),
            ("date", .string(FHIRNaming.dateTime(now))),
        ]
        if !dialog.intro.isEmpty { members.append(("description", .string(dialog.intro.trimmingCharacters(in: .whitespacesAndNewlines)))) }
        let translator = ConditionTranslator(dialog: dialog)
        var placed = Set<Int>()
        var items: [JSONValue] = []
        func walk(_ steps: [Step], conditions: [Condition]) {
            for step in steps {
                switch step.kind {
                case .ask(let index):
                    guard placed.insert(index).inserted else { continue }
                    items.append(item(dialog, index, enableWhen: translator.enableWhen(conditions)))
                case .when(let condition, let then, let otherwise):
                    walk(then, conditions: conditions + [.holds(condition.expression)])
                    walk(otherwise, conditions: conditions + [.fails(condition.expression)])
                default:
                    continue
                }
            }
        }
        walk(dialog.flow, conditions: [])
        for index in dialog.questions.indices where !placed.contains(index) {
            items.append(item(dialog, index, enableWhen: nil))
        }
        members.append(("item", .array(items)))
        return .object(members)
    }

    /// A name a program can use: `migraine` becomes `Migraine`, `my-dialog_2` `MyDialog2`.
    static func computableName(_ id: String) -> String {
        let words = id.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        var name = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if name.first?.isLetter != true { name = "Dialog" + name }
        return name
    }

    private static func item(_ dialog: Dialog, _ index: Int, enableWhen: (conditions: [JSONValue], behavior: String?)?) -> JSONValue {
        let question = dialog.questions[index]
        var members: [(String, JSONValue)] = [("linkId", .string(question.id))]
        if let code = question.code {
            members.append(("code", .array([.object([("system", .string(FHIRNaming.conceptSystem)), ("code", .string(code))])])))
        }
        members.append(("text", .string(question.text.source)))
        members.append(("type", .string(type(of: question.kind))))
        if let enableWhen, !enableWhen.conditions.isEmpty {
            members.append(("enableWhen", .array(enableWhen.conditions)))
            if let behavior = enableWhen.behavior { members.append(("enableBehavior", .string(behavior))) }
        }
        if question.kind == .multi { members.append(("repeats", true)) }
        var extensions: [JSONValue] = []
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
        if !extensions.isEmpty { members.insert(("extension", .array(extensions)), at: 1) }
        if question.kind == .choice || question.kind == .multi {
            members.append(("answerOption", .array(question.options.map { option in
                .object([("valueCoding", coding(dialog, question, option))])
            })))
        }
        return .object(members)
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
            option: StoredOption(id: option.id, code: option.code, text: option.text))
    }

    /// A `when` condition on the way to a question, or its negation for the `otherwise` branch.
    enum Condition {
        case holds(DialogKit.Expression)
        case fails(DialogKit.Expression)
    }

    /// Turns conditions into `enableWhen` entries.
    struct ConditionTranslator {
        let dialog: Dialog
        /// The expression of each `let` slot, to see through names such as `takes_acute`.
        let definitions: [Int: DialogKit.Expression]

        init(dialog: Dialog) {
            self.dialog = dialog
            var definitions: [Int: DialogKit.Expression] = [:]
            for case .assign(let slot, let expression) in dialog.program where definitions[slot] == nil {
                definitions[slot] = expression.expression
            }
            self.definitions = definitions
        }

        /// The entries for a question under these conditions (all must hold), and the behaviour.
        func enableWhen(_ conditions: [Condition]) -> (conditions: [JSONValue], behavior: String?)? {
            // A single condition that is a disjunction FHIR can say: enableBehavior any.
            if conditions.count == 1, case .holds(let expression) = conditions[0],
                let any = disjuncts(expression, depth: 0), any.count > 1
            {
                return (any, "any")
            }
            var all: [JSONValue] = []
            for condition in conditions {
                switch condition {
                case .holds(let expression): all += conjuncts(expression, depth: 0)
                case .fails(let expression): all += conjuncts(.not(expression), depth: 0)
                }
            }
            if all.isEmpty { return nil }
            return (all, all.count > 1 ? "all" : nil)
        }

        /// Entries that all hold whenever `expression` does (the parts FHIR cannot say left out).
        private func conjuncts(_ expression: DialogKit.Expression, depth: Int) -> [JSONValue] {
            guard depth < 16 else { return [] }
            switch expression {
            case .and(let lhs, let rhs):
                return conjuncts(lhs, depth: depth + 1) + conjuncts(rhs, depth: depth + 1)
            case .not(.or(let lhs, let rhs)):
                return conjuncts(.not(lhs), depth: depth + 1) + conjuncts(.not(rhs), depth: depth + 1)
            case .slot(let slot) where slot >= dialog.questions.count:
                return definitions[slot].map { conjuncts($0, depth: depth + 1) } ?? []
            case .not(.slot(let slot)) where slot >= dialog.questions.count:
                return definitions[slot].map { conjuncts(.not($0), depth: depth + 1) } ?? []
            case .not(.not(let inner)):
                return conjuncts(inner, depth: depth + 1)
            default:
                if let single = disjuncts(expression, depth: depth), single.count == 1 { return single }
                return []
            }
        }

        /// Entries of which at least one holds exactly when `expression` does; nil when FHIR cannot say it.
        private func disjuncts(_ expression: DialogKit.Expression, depth: Int) -> [JSONValue]? {
            guard depth < 16 else { return nil }
            switch expression {
            case .or(let lhs, let rhs):
                guard let left = disjuncts(lhs, depth: depth + 1), let right = disjuncts(rhs, depth: depth + 1) else { return nil }
                return left + right
            case .slot(let slot):
                if slot >= dialog.questions.count {
                    return definitions[slot].flatMap { disjuncts($0, depth: depth + 1) }
                }
                guard dialog.questions[slot].kind == .yesno else { return nil }
                return [entry(slot, "=", ("answerBoolean", .bool(true)))]
            case .not(.slot(let slot)) where slot < dialog.questions.count && dialog.questions[slot].kind == .yesno:
                return [entry(slot, "=", ("answerBoolean", .bool(false)))]
            case .not(.compare(let op, let lhs, let rhs)):
                guard let negated = Self.negation(of: op) else { return nil }
                return disjuncts(.compare(negated, lhs, rhs), depth: depth + 1)
            case .not(.has(.slot(let slot), let option)) where slot < dialog.questions.count:
                return answer(slot, .option(option)).map { [entry(slot, "!=", $0)] }
            case .compare(let op, .slot(let slot), .constant(let value)) where slot < dialog.questions.count:
                guard let symbol = Self.symbol(op), let answer = answer(slot, value) else { return nil }
                return [entry(slot, symbol, answer)]
            case .compare(let op, .constant(let value), .slot(let slot)) where slot < dialog.questions.count:
                guard let flipped = Self.flipped(op), let symbol = Self.symbol(flipped), let answer = answer(slot, value) else { return nil }
                return [entry(slot, symbol, answer)]
            case .has(.slot(let slot), let option) where slot < dialog.questions.count:
                return answer(slot, .option(option)).map { [entry(slot, "=", $0)] }
            case .member(.slot(let slot), let items, negated: false) where slot < dialog.questions.count:
                var entries: [JSONValue] = []
                for case .constant(let value) in items {
                    guard let answer = answer(slot, value) else { return nil }
                    entries.append(entry(slot, "=", answer))
                }
                return entries.count == items.count ? entries : nil
            case .answered(let slot) where slot < dialog.questions.count:
                return [entry(slot, "exists", ("answerBoolean", .bool(true)))]
            default:
                return nil
            }
        }

        private func entry(_ slot: Int, _ op: String, _ answer: (String, JSONValue)) -> JSONValue {
            .object([("question", .string(dialog.questions[slot].id)), ("operator", .string(op)), answer])
        }

        /// The `answer[x]` for comparing question `slot` with `value`.
        private func answer(_ slot: Int, _ value: Value) -> (String, JSONValue)? {
            let question = dialog.questions[slot]
            switch (question.kind, value) {
            case (.yesno, .bool(let flag)):
                return ("answerBoolean", .bool(flag))
            case (.number, .number(let number)):
                return ("answerDecimal", .number(number))
            case (.scale, .number(let number)):
                return number == number.rounded() ? ("answerInteger", .number(Int(number))) : nil
            case (.text, .text(let text)):
                return ("answerString", .string(text))
            case (.choice, .option(let index)), (.multi, .option(let index)):
                guard question.options.indices.contains(index) else { return nil }
                return ("answerCoding", FHIRQuestionnaire.coding(dialog, question, question.options[index]))
            default:
                return nil
            }
        }

        private static func symbol(_ op: BinaryOperator) -> String? {
            switch op {
            case .equal: "="
            case .notEqual: "!="
            case .less: "<"
            case .lessOrEqual: "<="
            case .greater: ">"
            case .greaterOrEqual: ">="
            default: nil
            }
        }

        /// `a < b` read from the other side: `b > a`.
        private static func flipped(_ op: BinaryOperator) -> BinaryOperator? {
            switch op {
            case .equal, .notEqual: op
            case .less: .greater
            case .lessOrEqual: .greaterOrEqual
            case .greater: .less
            case .greaterOrEqual: .lessOrEqual
            default: nil
            }
        }

        private static func negation(of op: BinaryOperator) -> BinaryOperator? {
            switch op {
            case .equal: .notEqual
            case .notEqual: .equal
            case .less: .greaterOrEqual
            case .lessOrEqual: .greater
            case .greater: .lessOrEqual
            case .greaterOrEqual: .less
            default: nil
            }
        }
    }
}
