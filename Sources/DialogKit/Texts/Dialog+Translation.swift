// Dialog+Translation: a dialog with a translation's texts in place of the English ones, the flow unchanged.

extension Dialog {
    /// This dialog in the language of `translation`: each text the translation has a current version of
    /// (`DialogTranslation.texts`) in place of the English, every other text English. The flow, the
    /// questions' ids, codes and bounds, the outcomes' codes and the content hash stay the same, so
    /// answers are kept by the same option ids and a session may be resumed in either language.
    ///
    /// A `{name}` in a translated text shows what the English one shows: the same answer, or the
    /// setting's value in the translation (`setting.clinic_name`), in the English texts it lacks too. An option's English text stays one of
    /// the words that choose it, beside its `also:` words, for a person who answers in English.
    public func translated(_ translation: DialogTranslation) -> Dialog {
        let catalog = TextCatalog(self)
        let texts = translation.texts
        var settings = self.settings
        for (index, setting) in settings.enumerated() {
            if let text = texts["setting.\(setting.key)"] { settings[index].value = text }
        }
        let settingValues = Dictionary(settings.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        func template(_ english: TextTemplate, _ text: String) -> TextTemplate {
            english.translated(to: text, settings: settingValues) ?? english
        }

        var (title, intro) = (self.title, self.intro)
        var questions = self.questions
        var outcomes = self.outcomes
        var sections: [SourceLocation: String] = [:]
        var says: [SourceLocation: String] = [:]
        for entry in catalog.entries {
            // A template the translation lacks is shown in English, with the settings' translated values.
            guard let text = texts[entry.id] ?? (entry.isTemplate ? entry.text : nil) else { continue }
            switch entry.place {
            case .title: title = text
            case .intro: intro = text
            case .setting: break
            case .section(let location): sections[location] = text
            case .say(let location): says[location] = text
            case .outcome(let index): outcomes[index].text = template(outcomes[index].text, text)
            case .question(let index, let part):
                var question = questions[index]
                switch part {
                case .text: question.text = template(question.text, text)
                case .help: question.help = text
                case .label: question.label = text
                case .constraintMessage: question.rules.constraintMessage = text
                case .patternMessage: question.rules.patternMessage = text
                case .scaleMin: question.rules.scaleLabels?.low = text
                case .scaleMax: question.rules.scaleLabels?.high = text
                case .option(let number):
                    let english = question.options[number].text
                    question.options[number].text = text
                    if !question.options[number].also.contains(english) { question.options[number].also.append(english) }
                case .otherPrompt(let number): question.options[number].otherPrompt = text
                }
                questions[index] = question
            }
        }

        func translatedSteps(_ steps: [Step]) -> [Step] {
            steps.map { step in
                var step = step
                switch step.kind {
                case .section(let english): step.kind = .section(sections[step.location] ?? english)
                case .say(let english): step.kind = .say(says[step.location].map { template(english, $0) } ?? english)
                case .when(let condition, let then, let otherwise):
                    step.kind = .when(condition, then: translatedSteps(then), otherwise: translatedSteps(otherwise))
                case .ask, .assign, .endIf, .gotoIf, .goto, .label, .end: break
                }
                return step
            }
        }
        let program = zip(self.program, programLocations).map { instruction, location -> Instruction in
            switch instruction {
            case .section(let english): .section(sections[location] ?? english)
            case .say(let english): .say(says[location].map { template(english, $0) } ?? english)
            default: instruction
            }
        }
        return replacingTexts(
            title: title, intro: intro, settings: settings, questions: questions, outcomes: outcomes,
            flow: translatedSteps(flow), program: program, language: translation.language)
    }
}

extension TextTemplate {
    /// `text`, a translation of this template, with each `{name}` meaning what it means here: the same
    /// answer, or the value of the setting in `settings`. Nil when the translation cannot be read or
    /// names something this template does not show (`DialogTranslation` reports both and keeps the English).
    func translated(to text: String, settings: [String: String]) -> TextTemplate? {
        let (pieces, problem) = TextTemplate.scan(text)
        if problem != nil { return nil }
        let englishNames = Set(TextTemplate.scan(source).pieces.compactMap { piece -> String? in
            if case .name(let name, _) = piece { return name }
            return nil
        })
        var parts: [Part] = []
        func appendLiteral(_ literal: String) {
            if case .literal(let previous)? = parts.last {
                parts[parts.count - 1] = .literal(previous + literal)
            } else {
                parts.append(.literal(literal))
            }
        }
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                appendLiteral(literal)
            case .name(let name, _):
                let shown = self.parts.first { if case .value(name, _) = $0 { true } else { false } }
                if let shown {
                    parts.append(shown)
                } else if englishNames.contains(name), let value = settings[name] {
                    appendLiteral(value)
                } else {
                    return nil
                }
            }
        }
        return TextTemplate(source: text, parts: parts)
    }
}
