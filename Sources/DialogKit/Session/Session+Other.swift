// Session+Other: "other, please specify": the follow-up text an `other: true` option asks for, and how it is kept.

extension Session {
    /// The "other" option of a question, when `value` chooses it.
    func chosenOther(_ value: Value?, question: Int) -> Int? {
        let options = dialog.questions[question].options
        guard let other = options.firstIndex(where: \.isOther) else { return nil }
        switch value {
        case .option(let index)?: return index == other ? other : nil
        case .options(let bits)?: return bits & (1 << UInt64(other)) != 0 ? other : nil
        default: return nil
        }
    }

    /// Added to a refused line at a question with an "other" option: the way to give an answer not listed.
    func otherHint(_ question: Int) -> String {
        guard let index = dialog.questions[question].options.firstIndex(where: \.isOther) else { return "" }
        return " " + UserTexts.Other.hint(index + 1, dialog.questions[question].options[index].text)
    }

    /// The follow-up asked after an "other" option was chosen: a text question with the id `QUESTION.other`.
    func otherAsk(_ index: Int) -> Ask {
        var ask = makeAsk(index, followUp: false)
        let option = dialog.questions[index].options.first(where: \.isOther)
        ask.id = dialog.questions[index].id + ".other"
        ask.code = nil
        ask.kind = .text
        ask.text = option?.otherPrompt ?? UserTexts.Other.prompt(option?.text ?? "")
        ask.options = []
        ask.min = nil
        ask.max = nil
        ask.unit = nil
        ask.isOptional = false
        return ask
    }

    /// A line at the follow-up: what the "other" answer is. `back` returns to the choice; other commands
    /// work as at any question; a line that only repeats the option's name says nothing and is asked again.
    mutating func receiveOther(_ text: String, folded: String, question: Int) -> [Event] {
        if let (command, _) = Command.parse(text, folded: folded) {
            guard command == .back else { return perform(command) }
            values.answers.clear(question)
            phase = .asking
            return [.say(Say(UserTexts.goingBack, style: .notice)), .ask(makeAsk(question))]
        }
        guard case .value(.text(let said)?, _) = AnswerMatcher.matchText(text) else { return retry(UserTexts.Other.sayWhat) }
        let option = dialog.questions[question].options.first(where: \.isOther)
        let saysNothing = [
            "other", "others", "something else", "else", "specify", "please specify",
            "otro", "otra", "otros", "otras", "otra cosa", "algo mas", "especificar", "especifique", "no se",
        ]
        if saysNothing.contains(TextFolding.fold(said)) || option.map({ TextFolding.fold($0.text) == TextFolding.fold(said) }) == true {
            return retry(UserTexts.Other.sayWhat)
        }
        values.answers.setOtherText(question, said)
        phase = .asking
        answered.append(UInt16(question))
        position += 1
        var events: [Event] = []
        run(emitting: true, into: &events)
        return events
    }
}

extension UserTexts {
    /// The "other, please specify" follow-up.
    enum Other {
        static func prompt(_ option: String) -> String {
            text("You chose \"\(option)\". Please say what it is.", es: "Ha elegido \"\(option)\". Por favor, diga qué es.")
        }
        static func hint(_ number: Int, _ option: String) -> String {
            text("If none of them fits, choose \(number) (\(option)) and say what it is.",
                es: "Si ninguna encaja, elija \(number) (\(option)) y diga qué es.")
        }
        static var sayWhat: String {
            text("Please say in a few words what it is (or type back to choose another answer).",
                es: "Por favor, diga en pocas palabras qué es (o escriba atrás para elegir otra respuesta).")
        }
    }
}
