// DialogReader+Questions: the reader's part for a question (`- ask:`): its kind, bounds, doubt, period and options.

import Yams

extension DialogReader {
    static let questionKeys = ["ask", "code", "kind", "text", "help", "options", "min", "max", "unit", "per", "optional", "red_flag", "unsure", "relative", "other"] + ruleKeys
    static let optionKeys = ["id", "text", "also", "code", "value", "other", "prompt"]

    /// Reads a question into `questions` and gives its index, or nil when its id is taken (reported).
    mutating func readQuestion(id: String, idNode: Node, fields: [String: Node], at: SourceLocation) -> Int? {
        if !Self.isIdentifier(id) {
            error(.invalidIdentifier, "`\(id)` is not a valid question id: use letters, digits and _, starting with a letter", at: location(idNode))
        }
        if let previous = questionIndex[id] {
            error(.duplicateID, "the question `\(id)` is defined twice", at: location(idNode), notes: ["first defined at \(questions[previous].location)"])
            return nil
        }
        var kind: QuestionKind?
        if let node = fields["kind"], let name = scalar(node, what: "`kind`") {
            kind = QuestionKind(rawValue: name)
            if kind == nil {
                let names = QuestionKind.allCases.map(\.rawValue)
                let notes = NearMiss.suggestion(for: name, among: names).map { ["did you mean `\($0)`?"] }
                    ?? ["the kinds are: \(names.joined(separator: ", "))"]
                error(.unknownQuestionKind, "unknown question kind `\(name)`", at: location(node), notes: notes)
            }
        } else if fields["kind"] == nil {
            missing("kind", in: "the question `\(id)`", at: at)
        }
        let text = fields["text"].flatMap { scalar($0, what: "the question text") }.map(trimmed)
        if text == nil && fields["text"] == nil { missing("text", in: "the question `\(id)`", at: at) }
        let code = fields["code"].flatMap { scalar($0, what: "`code`") }
        var question = Question(
            id: id, code: code, kind: kind ?? .text, text: TextTemplate(stringLiteral: text ?? ""),
            help: fields["help"].flatMap { scalar($0, what: "`help`") }.map(trimmed), location: location(idNode))
        if kind == .date || kind == .time {
            readCalendarSettings(fields, kind: kind!, into: &question, at: at)
        } else {
            question.min = fields["min"].flatMap { number($0, what: "`min`") }
            question.max = fields["max"].flatMap { number($0, what: "`max`") }
            if let node = fields["relative"] { calendarSettingNotForKind(node) }
        }
        if let node = fields["other"] { misplacedOther(node, kind: kind) }
        question.unit = fields["unit"].flatMap { scalar($0, what: "`unit`") }
        question.isOptional = fields["optional"].flatMap { boolean($0, what: "`optional`") } ?? false
        question.isRedFlag = fields["red_flag"].flatMap { boolean($0, what: "`red_flag`") } ?? (code?.hasPrefix("redflag.") ?? false)
        if let node = fields["unsure"], let word = scalar(node, what: "`unsure`") {
            question.statesUnsure = true
            switch word.lowercased() {
            case "yes", "true": question.unsure = .yes
            case "ask": question.unsure = .ask
            case "keep": question.unsure = .keep
            case "no", "false":
                error(.invalidQuestionSetting, "doubt is never a \"no\": `unsure` is `ask`, `keep` or `yes`", at: location(node))
            default:
                error(.invalidQuestionSetting, "unknown `unsure` value `\(word)`", at: location(node), notes: ["`unsure` is `ask` (the default), `keep` or `yes`"])
            }
            if question.unsure == .yes, let kind, kind != .yesno {
                error(.settingNotForKind, "only yes/no questions may count doubt as yes (`unsure: yes`)", at: location(node))
            }
            if kind == .text { error(.settingNotForKind, "a text question keeps what is typed; it has no `unsure`", at: location(node)) }
        }
        if let kind {
            if kind == .scale {
                question.min = question.min ?? 0
                question.max = question.max ?? 10
            }
            if let min = question.min, let max = question.max, min > max {
                error(.invalidQuestionSetting, "`min` (\(NumberFormatting.plain(min))) is greater than `max` (\(NumberFormatting.plain(max)))", at: at)
            }
            if (question.min != nil || question.max != nil) && kind != .number && kind != .scale {
                error(.settingNotForKind, "only number and scale questions have `min` and `max`", at: at)
            }
            if question.unit != nil && kind != .number {
                error(.settingNotForKind, "only number questions have a `unit`", at: at)
            }
            if let node = fields["per"] {
                readPeriod(node, into: &question)
            }
            if let node = fields["options"] {
                if kind == .choice || kind == .multi {
                    question.options = readOptions(node, questionID: id)
                } else {
                    error(.settingNotForKind, "only choice and multi questions have `options`", at: location(node))
                }
            }
            if kind == .choice || kind == .multi {
                if question.options.isEmpty && fields["options"] == nil {
                    error(.missingKey, "a \(kind.rawValue) question needs `options`", at: at)
                }
                if kind == .multi && question.options.count > 64 {
                    error(.tooManyOptions, "a multi question may have at most 64 options, not \(question.options.count)", at: at)
                }
            }
        }
        if kind == nil { untypedQuestions.insert(questions.count) }
        if let node = fields["text"] { questionTextLocations[questions.count] = location(node) }
        readRules(fields, into: &question, kind: kind, index: questions.count, at: at)
        questionIndex[id] = questions.count
        questions.append(question)
        return questions.count - 1
    }

    /// `per:` of a number question: the period its count is over (`month`, `week`, `90 days`), in hours.
    private mutating func readPeriod(_ node: Node, into question: inout Question) {
        guard let text = scalar(node, what: "`per`") else { return }
        guard question.kind == .number else {
            error(.invalidPeriod, "only number questions have `per` (the period a count is over)", at: location(node))
            return
        }
        guard let hours = QuantityReader.periodHours(text) else {
            error(.invalidPeriod, "`per: \(text)` is no period: write a time unit, with a count when it is more than one (`month`, `week`, `90 days`)",
                at: location(node))
            return
        }
        question.period = hours
    }

    private mutating func readOptions(_ node: Node, questionID: String) -> [OptionDefinition] {
        guard case .sequence(let items) = node else {
            error(.wrongShape, "`options` must be a list, not a \(nodeKind(node))", at: location(node))
            return []
        }
        var options: [OptionDefinition] = []
        for item in items {
            guard let entries = mappingEntries(item, what: "an option") else { continue }
            var option = OptionDefinition(id: "", text: "", location: location(item))
            var sawID = false
            var sawText = false
            for (key, keyNode, value) in entries {
                switch key {
                case "id":
                    option.id = scalar(value, what: "the option id") ?? ""
                    sawID = true
                    if !Self.isIdentifier(option.id) {
                        error(.invalidIdentifier, "`\(option.id)` is not a valid option id: use letters, digits and _, starting with a letter", at: location(value))
                    }
                case "text":
                    option.text = scalar(value, what: "the option text") ?? ""
                    sawText = true
                case "code":
                    option.code = scalar(value, what: "the option code")
                case "value":
                    option.value = optionValue(value)
                case "other", "prompt":
                    readOtherSetting(key, value, into: &option)
                case "also":
                    switch value {
                    case .scalar(let word): option.also = [word.string]
                    case .sequence(let words): option.also = words.compactMap { scalar($0, what: "an `also` word") }
                    default: error(.wrongShape, "`also` must be a list of words", at: location(value))
                    }
                default:
                    unknownKey(key, at: keyNode, allowed: Self.optionKeys, in: "an option")
                }
            }
            if !sawID { missing("id", in: "an option of `\(questionID)`", at: location(item)) }
            if !sawText { missing("text", in: "an option of `\(questionID)`", at: location(item)) }
            if sawID, let previous = options.first(where: { $0.id == option.id }) {
                error(.duplicateID, "the option `\(option.id)` appears twice in `\(questionID)`", at: location(item), notes: ["first at \(previous.location)"])
                continue
            }
            options.append(option)
        }
        checkOptionValues(options, questionID: questionID)
        checkOtherOptions(options, questionID: questionID)
        return options
    }
}
