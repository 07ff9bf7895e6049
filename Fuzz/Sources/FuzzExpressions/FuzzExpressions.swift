// FuzzExpressions: any text as a condition in a dialog: parsing, type checking and evaluation never crash.

import DialogKit

/// A dialog whose questions give every type, with the fuzzed text as the condition of an `if`.
func dialogSource(condition: String) -> String {
    """
    dialog: f
    title: F
    flow:
      - ask: flag
        kind: yesno
        text: Flag?
      - ask: days
        kind: number
        text: Days?
      - ask: where
        kind: choice
        text: Where?
        options:
          - {id: one_side, text: One side}
          - {id: both_sides, text: Both}
      - ask: meds
        kind: multi
        text: Meds?
        options:
          - {id: triptan, text: Triptan}
          - {id: none, text: None}
      - let: total
        be: days + 1
      - if: >-
          \(condition)
        end: yes_outcome
      - end: no_outcome
    outcomes:
      yes_outcome: {code: consult, text: Yes.}
      no_outcome: {code: consult, text: No.}
    """
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpressions(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // One line of a folded block scalar: the expression language, not YAML, is what is fuzzed here.
    let condition = String(text.map { $0.isNewline ? " " : $0 })
    let result = DialogLoader.load(source: dialogSource(condition: condition), file: "fuzz.yaml")
    guard let dialog = result.dialog else { return 0 }
    for answers in [["yes", "15", "1", "1"], ["no", "0", "2", "none"]] {
        var session = Session(dialog: dialog)
        _ = session.start()
        for answer in answers { _ = session.receive(answer) }
        precondition(session.isOver, "every path of this dialog ends in an outcome")
    }
    return 0
}
