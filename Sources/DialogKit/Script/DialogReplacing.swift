// DialogReplacing: a copy of a compiled dialog with some parts changed (the mutation tester's mutants).

extension Dialog {
    /// A new dialog like this one with the given parts replaced; everything else (id, texts, flow as
    /// written, locations, hash) is kept. The parts must fit the rest: same slots, outcomes and
    /// instruction count as the checks and `programLocations` expect.
    public func replacing(
        questions: [Question]? = nil, outcomes: [OutcomeDefinition]? = nil, flags: [FlagRule]? = nil,
        program: [Instruction]? = nil
    ) -> Dialog {
        replacingTexts(questions: questions, outcomes: outcomes, flags: flags, program: program)
    }

    /// `replacing`, with the texts outside questions and outcomes too (a translation's).
    func replacingTexts(
        title: String? = nil, intro: String? = nil, settings: [(key: String, value: String)]? = nil,
        questions: [Question]? = nil, outcomes: [OutcomeDefinition]? = nil, flags: [FlagRule]? = nil,
        flow: [Step]? = nil, program: [Instruction]? = nil, language: LanguageTag? = nil
    ) -> Dialog {
        Dialog(
            id: id, version: version, title: title ?? self.title, intro: intro ?? self.intro, settings: settings ?? self.settings,
            questions: questions ?? self.questions, slotNames: slotNames, slotTypes: slotTypes, outcomes: outcomes ?? self.outcomes,
            flags: flags ?? self.flags, checks: checks, flow: flow ?? self.flow, program: program ?? self.program,
            programLocations: programLocations, file: file, contentHash: contentHash, scores: scores, language: language ?? self.language)
    }
}
