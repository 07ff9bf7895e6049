// BoundedEvaluationTests: what a dialog author's file can make the engine do is bounded: no code runs, no
// loop runs forever, no nesting or alias overflows the stack or the memory (docs/security.md).

import DialogKit
import Foundation
import Testing

@Suite struct BoundedEvaluationTests {
    private static let outcomes = "outcomes:\n  done: {code: consult, text: Done.}\n"

    /// A flow that goes round without asking stops within one turn's instruction budget, says so, and ends;
    /// a loop that says something each time round does not pile up a turn of endless output either.
    @Test(arguments: ["  - label: again\n  - goto: again\n", "  - label: again\n  - say: round\n  - goto: again\n"])
    func aLoopWithoutAQuestionStops(flow: String) throws {
        let source = "dialog: loop\ntitle: L\nflow:\n\(flow)  - end: done\n\(Self.outcomes)"
        let dialog = try #require(DialogLoader.load(source: source, file: "loop.yaml").dialog)
        var session = Session(dialog: dialog)
        let started = ContinuousClock.now
        let events = session.start()
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(session.isOver)
        #expect(events.count <= 1_100, "one turn made \(events.count) events")
        #expect(events.contains { if case .say(let say) = $0 { say.text.contains("went round in a loop") } else { false } })
        #expect(events.last == .end)
    }

    @Test func deeplyNestedExpressionsAreRefusedNotRecursed() {
        let condition = String(repeating: "(", count: 100_000) + "true" + String(repeating: ")", count: 100_000)
        let source = "dialog: d\ntitle: D\nflow:\n  - if: \(condition)\n    end: done\n  - end: done\n\(Self.outcomes)"
        let result = DialogLoader.load(source: source, file: "deep.yaml")
        #expect(result.dialog == nil)
        #expect(result.diagnostics.contains { $0.message.contains("nested more than") })
    }

    @Test func deeplyNestedYAMLIsRefusedBeforeParsing() {
        let source = "dialog: d\ntitle: D\nx: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            + "\nflow:\n  - end: done\n\(Self.outcomes)"
        let result = DialogLoader.load(source: source, file: "deep.yaml")
        #expect(result.dialog == nil)
        #expect(result.diagnostics.contains { $0.code == "IN014" })
    }

    /// "Billion laughs": nine levels of aliases, each ten of the one before, would be 10^9 strings if expanded.
    @Test func anAliasBombIsRefusedQuickly() {
        var lines = ["dialog: bomb", "title: T", "settings:", "  k0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...8 {
            lines.append("  k\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("flow:\n  - end: done\n\(Self.outcomes)")
        let started = ContinuousClock.now
        let result = DialogLoader.load(source: lines.joined(separator: "\n"), file: "bomb.yaml")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(result.dialog == nil)
        #expect(result.diagnostics.contains { $0.message.contains("must be text") })
    }

    /// YAML tags that some loaders turn into objects or calls are data here: the dialog is refused, nothing runs.
    @Test func yamlTagsRunNothing() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("intake-tag-\(UUID().uuidString)").path
        let source = """
            dialog: !!python/object/apply:os.system ["touch \(marker)"]
            title: !ruby/object:Gem::Installer {}
            flow:
              - end: done
            \(Self.outcomes)
            """
        let result = DialogLoader.load(source: source, file: "tags.yaml")
        #expect(result.dialog == nil)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    /// Dialog text goes to every person's screen: an escape written into it ("\e[2J", OSC 52) is refused at load.
    @Test(arguments: ["title: \"Back\\e[2J\"", "title: \"Back\\e]52;c;aGk=\\a\"", "title: \"Back\\x9b2J\"", "title: \"Bell\\a\""])
    func controlCharactersInDialogTextAreRefused(title: String) {
        let source = "dialog: esc\n\(title)\nflow:\n  - end: done\n\(Self.outcomes)"
        let result = DialogLoader.load(source: source, file: "esc.yaml")
        #expect(result.dialog == nil)
        #expect(result.diagnostics.contains { $0.code == "IN020" }, "\(result.diagnostics.map(\.message))")
        // Tabs and line breaks in a block of text are fine.
        let fine = DialogLoader.load(source: "dialog: ok\ntitle: \"Back\\tpain\"\nintro: |\n  Two\n  lines\nflow:\n  - end: done\n\(Self.outcomes)", file: "ok.yaml")
        #expect(fine.dialog != nil, "\(fine.diagnostics.map(\.message))")
    }
}
