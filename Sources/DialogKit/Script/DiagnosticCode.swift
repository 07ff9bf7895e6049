// DiagnosticCode: the catalog of every diagnostic, each code with its severity and one-line meaning.

/// Every problem Intake reports about a dialog file, one case per problem, with its stable code
/// (`IN012`), its severity and what it means. A `Diagnostic` is made from a case, never from a bare
/// string, so that a code keeps one meaning and this is the only place codes are written.
/// docs/dialog-language.md shows `documentationTable`; a test keeps the page and the catalog the same.
public enum DiagnosticCode: String, CaseIterable, Sendable {
    // The file as a whole (DialogLoader).
    case unreadableFile = "IN001"
    case invalidYAML = "IN002"
    case notADialog = "IN003"
    // Keys and shapes (the reader).
    case unknownKey = "IN004"
    case missingKey = "IN005"
    case wrongShape = "IN006"
    case duplicateID = "IN007"
    // Names, types and limits (the reader, the resolver and the type checker).
    case unknownName = "IN008"
    case typeMismatch = "IN009"
    case invalidExpression = "IN010"
    case unknownOutcome = "IN011"
    case unknownLabel = "IN012"
    case unknownQuestionKind = "IN013"
    case nestedTooDeep = "IN014"
    case expressionTooDeep = "IN015"
    case tooManySteps = "IN016"
    case invalidQuestionSetting = "IN017"
    case unknownTextName = "IN018"
    case notAStep = "IN019"
    case controlCharacter = "IN020"
    case invalidPeriod = "IN021"
    case usedBeforeComputed = "IN022"
    case wrongOperandForm = "IN023"
    case wrongArgumentCount = "IN024"
    case notAllowedHere = "IN025"
    case invalidIdentifier = "IN026"
    case settingNotForKind = "IN027"
    case tooManyOptions = "IN028"
    case unclosedBrace = "IN029"
    // Scores, validation, labels and outcome levels.
    case invalidOptionValue = "IN035"
    case noOptionValues = "IN036"
    case ruleNotForKind = "IN037"
    case invalidPattern = "IN038"
    case fractionalBound = "IN039"
    case unknownOutcomeLevel = "IN040"
    case emptyLabel = "IN041"
    // Date and time questions, "other, please specify", and `include:` (issue 17).
    case invalidCalendarValue = "IN045"
    case calendarBoundsReversed = "IN046"
    case misplacedOther = "IN047"
    case includeMissing = "IN048"
    case includeCycle = "IN049"
    case includeOutside = "IN050"
    case includeNotABlock = "IN051"
    case calendarSettingNotForKind = "IN052"
    case includeNeedsSetting = "IN053"
    // Translations (a dialog's PO files).
    case unreadableTranslation = "IN054"
    case translationInterpolation = "IN055"
    // What a dialog that loads may still get wrong (Linter).
    case unreachableStep = "IN101"
    case outcomeNeverReached = "IN102"
    case deadEnd = "IN103"
    case ambiguousWord = "IN104"
    case missingHelp = "IN105"
    case redFlagAfterExit = "IN106"
    case loopWithoutExit = "IN107"
    case emergencyNumberUnset = "IN108"
    case doubtUnstated = "IN109"
    case keptDoubtUnread = "IN110"
    case readBeforeAsked = "IN111"
    case outcomeLevelUnstated = "IN116"
    case sharedLabel = "IN117"
    case constraintWithoutMessage = "IN118"
    case levelDisagreesWithCode = "IN119"
    case includeReplaced = "IN120"
    case missingTranslation = "IN121"
    case staleTranslation = "IN122"
    case unknownTranslation = "IN123"
    case ambiguousTranslation = "IN124"

    /// A code's severity and meaning, side by side so that neither can be added without the other.
    public struct Descriptor: Sendable, Equatable {
        public var severity: Diagnostic.Severity
        /// One line saying what the problem is, as docs/dialog-language.md lists it.
        public var meaning: String

        init(_ severity: Diagnostic.Severity, _ meaning: String) {
            self.severity = severity
            self.meaning = meaning
        }
    }

    /// The code as written in diagnostics, such as `IN012`.
    public var code: String { rawValue }

    /// Whether the problem keeps the dialog from loading (or lint from passing), or is a warning.
    public var severity: Diagnostic.Severity { descriptor.severity }

    /// One line saying what the problem is.
    public var meaning: String { descriptor.meaning }

    /// The code's severity and meaning.
    public var descriptor: Descriptor {
        switch self {
        case .unreadableFile: Descriptor(.error, "the file cannot be a dialog: over 1 MiB, not UTF-8, binary (NUL bytes), missing or unreadable")
        case .invalidYAML: Descriptor(.error, "YAML syntax error, or a key twice in one mapping (said at the second, with where the first is)")
        case .notADialog: Descriptor(.error, "empty file, or the top level is not a mapping")
        case .unknownKey: Descriptor(.error, "unknown key (with a suggestion)")
        case .missingKey:
            Descriptor(.error, "a required key is missing (`dialog`, `title`, `flow`, `outcomes`, `kind`, `text`, `code`, `be`, a choice's `options`, ...), or an `if` step has neither or both of `end` and `goto`")
        case .wrongShape: Descriptor(.error, "a value of the wrong shape (a list where text belongs, a number that is not one, ...)")
        case .duplicateID: Descriptor(.error, "a duplicate question, option, `let`, label or outcome, or a `let` with a question's name")
        case .unknownName: Descriptor(.error, "an unknown name, option, flag or function in an expression (with a suggestion)")
        case .typeMismatch: Descriptor(.error, "a type error in an expression: a value of the wrong type for its operator, function or place")
        case .invalidExpression: Descriptor(.error, "an expression that does not parse")
        case .unknownOutcome: Descriptor(.error, "an unknown outcome in `end`")
        case .unknownLabel: Descriptor(.error, "an unknown label in `goto`")
        case .unknownQuestionKind: Descriptor(.error, "an unknown question kind")
        case .nestedTooDeep: Descriptor(.error, "nesting deeper than 64 (`when` blocks or YAML brackets)")
        case .expressionTooDeep: Descriptor(.error, "an expression nested deeper than 64")
        case .tooManySteps: Descriptor(.error, "more than 10,000 steps")
        case .invalidQuestionSetting: Descriptor(.error, "a question setting with an invalid value: `min` above `max`, an unknown `unsure` value, or `unsure: no`")
        case .unknownTextName: Descriptor(.error, "`{name}` in text that is no question, value or setting, or an answer shown in the title or intro")
        case .notAStep: Descriptor(.error, "a step with none of the step keys")
        case .controlCharacter:
            Descriptor(.error, "a control character in text (an escape written as `\\e`, a bell, a C1 control): terminals would act on it")
        case .invalidPeriod: Descriptor(.error, "`per:` that names no period (`per: forever`), or `per:` on a question that is not `kind: number`")
        case .usedBeforeComputed: Descriptor(.error, "a `let` value used before the flow computes it (a note says where it is computed)")
        case .wrongOperandForm: Descriptor(.error, "an operand of the wrong form: a list `[...]` anywhere but after `in`, `in` without a list, `has` without an option id")
        case .wrongArgumentCount: Descriptor(.error, "a function given the wrong number of arguments (`count()`, `size(a, b)`)")
        case .notAllowedHere: Descriptor(.error, "something used where it cannot be: `flagged()` outside `checks`, `is unsure` of a computed value, a `let` holding an outcome")
        case .invalidIdentifier: Descriptor(.error, "a question id, option id or `let` name that is not letters, digits and `_`, starting with a letter")
        case .settingNotForKind:
            Descriptor(.error, "a setting the question's kind does not have: `min`/`max` (number, scale), `unit` (number), `options` (choice, multi), `unsure` (not text), `unsure: yes` (yes/no)")
        case .tooManyOptions: Descriptor(.error, "a multi question with more than 64 options")
        case .unclosedBrace: Descriptor(.error, "text with an opening `{` and no closing `}` (write `{{` for a literal brace)")
        case .invalidOptionValue: Descriptor(.error, "an option `value` that is not a number, or a question where some options have a `value` and others not")
        case .noOptionValues: Descriptor(.error, "`value()` of something that is no choice or multi question, or of a question whose options have no `value`")
        case .ruleNotForKind:
            Descriptor(.error, "a rule the question's kind does not have: `integer` (number; a scale is always whole), `pattern` (text), `labels` (scale), `constraint` (number, scale, text), or a message without its rule")
        case .invalidPattern: Descriptor(.error, "a `pattern` that is not a valid regular expression")
        case .fractionalBound: Descriptor(.error, "a `min` or `max` that is not a whole number at a question that takes whole numbers (`integer: true`, a scale)")
        case .unknownOutcomeLevel: Descriptor(.error, "an unknown outcome level (emergency, urgent, consult, self_care), in an outcome's `level` or in `level == ...` in checks")
        case .emptyLabel: Descriptor(.error, "an empty or blank `label`, scale `labels` end, `constraint_message` or `pattern_message`")
        case .unreachableStep: Descriptor(.warning, "a step that can never be reached")
        case .outcomeNeverReached: Descriptor(.warning, "an outcome that is never reached")
        case .deadEnd: Descriptor(.error, "the flow can end without an outcome (a dead end)")
        case .ambiguousWord: Descriptor(.warning, "an answer word that names two options, so typing it cannot choose")
        case .missingHelp: Descriptor(.warning, "a question without `help`")
        case .redFlagAfterExit: Descriptor(.warning, "a red-flag question after an early exit to a non-emergency outcome")
        case .loopWithoutExit: Descriptor(.error, "a `goto` loop with no way out")
        case .emergencyNumberUnset:
            Descriptor(.error, "text (a `say`, a question's `text` or `help`, an outcome) shows `{emergency_number}` but `settings` sets it to an empty or blank value (unset, interpolated text is IN018): a dialog must never fall back to a number that may not connect where it is used")
        case .doubtUnstated: Descriptor(.warning, "a yes/no question whose yes can end the dialog, with no `unsure:`")
        case .keptDoubtUnread: Descriptor(.warning, "`unsure: keep` on a question no step reads with `is unsure`")
        case .readBeforeAsked:
            Descriptor(.warning, "a condition or `let` reads a question that no way to it has asked yet, so it has no answer there (a note says where it is asked)")
        case .outcomeLevelUnstated:
            Descriptor(.warning, "an outcome with no `level` whose code is none of emergency, urgent, consult, self_care: lint, the graph and checks cannot tell how urgent it is")
        case .sharedLabel: Descriptor(.warning, "two questions with the same `label`, so summaries and CSV headers cannot tell them apart")
        case .constraintWithoutMessage:
            Descriptor(.warning, "a `constraint` with no `constraint_message`: a person whose answer fails it is not told what would be accepted")
        case .levelDisagreesWithCode: Descriptor(.warning, "an outcome whose `level` is not the level its code names (`code: emergency` with `level: self_care`)")
        case .invalidCalendarValue:
            Descriptor(.error, "a date or time that is none: `min`/`max` of a date question (YYYY-MM-DD or `today`) or a time question (HH:MM), or `date(...)`/`time(...)` in an expression")
        case .calendarBoundsReversed: Descriptor(.error, "a date question whose `min` is after its `max`")
        case .misplacedOther:
            Descriptor(.error, "`other:` or `prompt:` where no option can take them: on the question itself, on a question that is not choice or multi, a second `other` option, or `prompt:` without `other: true`")
        case .includeMissing: Descriptor(.error, "an `include:` whose file does not exist or cannot be read")
        case .includeCycle: Descriptor(.error, "an `include:` that leads back to a file that is including it (a cycle)")
        case .includeOutside: Descriptor(.error, "an `include:` path that is absolute or leads outside the folder of the dialog (`../../etc/passwd`)")
        case .includeNotABlock:
            Descriptor(.error, "an included file that is no block: not a `.yaml` file, not UTF-8 text, a dialog, or without `block:` and `flow:`")
        case .calendarSettingNotForKind: Descriptor(.error, "`relative:` on a question that is not `kind: date`")
        case .includeNeedsSetting: Descriptor(.error, "an included block `needs:` a setting the dialog does not set")
        case .includeReplaced: Descriptor(.warning, "an outcome of an included block that the dialog defines differently: the dialog's own is used")
        case .unreadableTranslation: Descriptor(.error, "a translation (PO) file that does not read: not UTF-8, a syntax error, plural forms, a text translated twice, or a `Language` other than its name says")
        case .translationInterpolation: Descriptor(.error, "a translation that drops or adds a `{name}` of its English text, or has an unclosed `{`")
        case .missingTranslation: Descriptor(.warning, "texts of the dialog with no translation in a language it has (the English is shown)")
        case .staleTranslation: Descriptor(.warning, "a translation made from an older English text, or marked fuzzy (the English is shown until it is translated again)")
        case .unknownTranslation: Descriptor(.warning, "a translation of a text id the dialog no longer has, or an entry without `msgctxt`")
        case .ambiguousTranslation: Descriptor(.warning, "two options of one question whose translations read the same")
        }
    }

    /// The catalog as the Markdown table in docs/dialog-language.md ("Diagnostics"), one row a code.
    public static var documentationTable: String {
        var lines = ["| code | severity | meaning |", "| --- | --- | --- |"]
        for code in allCases {
            lines.append("| \(code.rawValue) | \(code.severity.rawValue) | \(code.meaning) |")
        }
        return lines.joined(separator: "\n")
    }
}
