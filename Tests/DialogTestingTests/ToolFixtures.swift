// ToolFixtures: small dialogs and transcripts for the tool tests (checker, coverage, mutants, graph).

import DialogKit
import DialogTesting
import Testing

enum ToolFixtures {
    /// A headache dialog with a red flag, a threshold and a check that a red flag ends in emergency.
    /// With `plantedViolation`, the red flag leads to `consult` instead: the check must fail.
    static func headache(plantedViolation: Bool = false) -> String {
        """
        dialog: headache
        title: Headache check
        flow:
          - ask: thunderclap
            code: redflag.thunderclap
            kind: yesno
            text: Did a headache reach its worst within a minute?
            help: Sudden and explosive.
          - if: thunderclap
            end: \(plantedViolation ? "consult" : "emergency")
          - ask: days
            kind: number
            min: 0
            max: 31
            text: On how many days a month do you have a headache?
            help: A number from 0 to 31.
          - ask: location
            kind: choice
            text: Where is the pain?
            help: Choose one.
            options:
              - id: one_side
                text: One side
                also: [left, right]
              - id: both_sides
                text: Both sides
          - if: days >= 15
            end: consult
          - end: self_care
        flags:
          redflag.thunderclap: thunderclap
          frequent: days >= 15
        outcomes:
          emergency:
            code: emergency
            text: Call the emergency number now.
          consult:
            code: consult
            text: Please book a consultation.
          self_care:
            code: self_care
            text: This may settle.
        checks:
          - name: a red flag always ends in emergency
            if: thunderclap
            then: outcome == emergency
          - name: frequent headaches are never self care
            if: days >= 15
            then: outcome != self_care
        """
    }

    static func dialog(_ source: String, file: String = "headache.yaml") throws -> Dialog {
        let result = DialogLoader.load(source: source, file: file)
        return try #require(result.dialog, "\(result.diagnostics.map(\.description))")
    }

    static func transcript(_ text: String, file: String = "test.transcript") throws -> Transcript {
        switch Transcript.parse(text, file: file) {
        case .success(let transcript): return transcript
        case .failure(let error): throw error
        }
    }

    /// Transcripts that reach every outcome but never test the threshold's edge.
    static let weakSuite = [
        "ask thunderclap\n> yes\noutcome emergency\n",
        "ask thunderclap\n> no\nask days\n> 2\nask location\n> 1\noutcome self_care\n",
        "ask thunderclap\n> no\nask days\n> 30\nask location\n> 2\noutcome consult\n",
    ]

    /// The weak suite, plus both sides of `days >= 15` at its edge and every `also` word.
    static let strongSuite = weakSuite + [
        "ask thunderclap\n> no\n> 15\n> left\noutcome consult\nflags exactly frequent\n",
        "ask thunderclap\n> no\n> 14\n> right\noutcome self_care\nflags exactly\n",
        "ask thunderclap\n> no\n> 16\n> left\noutcome consult\n",
    ]
}
