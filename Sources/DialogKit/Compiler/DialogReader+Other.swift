// DialogReader+Other: the reader's part for "other, please specify": `other: true` and `prompt:` on an option.

import Yams

extension DialogReader {
    /// `other: true` (choosing the option asks what it is) and `prompt:` (how that is asked) on an option.
    mutating func readOtherSetting(_ key: String, _ value: Node, into option: inout OptionDefinition) {
        if key == "other" {
            option.isOther = boolean(value, what: "`other`") ?? false
        } else {
            option.otherPrompt = scalar(value, what: "`prompt`").map(trimmed)
            option.otherPromptLocation = location(value)
        }
    }

    /// One `other` option at most, and `prompt:` only on it.
    mutating func checkOtherOptions(_ options: [OptionDefinition], questionID: String) {
        var first: OptionDefinition?
        for option in options {
            if option.otherPrompt != nil && !option.isOther {
                error(.misplacedOther, "`prompt:` asks what an \"other\" answer is, but the option `\(option.id)` has no `other: true`",
                    at: option.otherPromptLocation ?? option.location)
            }
            guard option.isOther else { continue }
            if let first {
                error(.misplacedOther, "`\(questionID)` has two \"other\" options (`\(first.id)` and `\(option.id)`); one asks what else it is",
                    at: option.location, notes: ["the first is at \(first.location)"])
            } else {
                first = option
            }
        }
    }

    /// `other:` written on the question, not on an option.
    mutating func misplacedOther(_ node: Node, kind: QuestionKind?) {
        let note = kind == .choice || kind == .multi
            ? "write `other: true` on the option that means \"other\", with an optional `prompt:`"
            : "only choice and multi questions have an \"other, please specify\" option; a free answer is `kind: text`"
        error(.misplacedOther, "`other` belongs on an option of a choice or multi question, not on the question", at: location(node), notes: [note])
    }
}
