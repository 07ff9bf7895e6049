// RenderingTests: plain text (wrapping, numbered options, progress) and the JSON lines contract.

import DialogKit
import Foundation
import Testing
import TestSupport

@Suite("Rendering")
struct RenderingTests {
    @Test("text wraps at the width, by display columns", arguments: [20, 40, 80])
    func wrapping(width: Int) {
        let text = "Has any headache reached its worst within about a minute, suddenly and explosively, like a thunderclap?"
        let lines = TextWrapping.wrap(text, width: width)
        #expect(lines.count > 1 || width >= text.count)
        for line in lines { #expect(TextWrapping.displayWidth(line) <= width, "\(line)") }
        #expect(lines.joined(separator: " ") == text, "wrapping loses no word")
    }

    @Test("wide characters count two columns")
    func wideCharacters() {
        #expect(TextWrapping.displayWidth("日本") == 4)
        #expect(TextWrapping.displayWidth("fièvre") == 6)
        let lines = TextWrapping.wrap("日本 日本 日本 日本", width: 10)
        #expect(lines == ["日本 日本", "日本 日本"])
    }

    @Test("line breaks inside a paragraph join; blank lines and list items stay")
    func paragraphs() {
        #expect(TextWrapping.logicalLines("one\ntwo\n\nthree\n- item\n- item") == ["one two", "", "three", "- item", "- item"])
    }

    @Test("a question renders with progress, numbered options and a hint")
    func askRendering() throws {
        var session = Session(dialog: try Fixtures.example)
        _ = session.start()
        let text = TextRenderer(width: 80).render(session.receive("no"))
        #expect(text.contains("[#---------] step 2 of about 6\nWhere is the pain worst?\n  1. Lower back\n  2. Upper back\n  3. Back of the neck\nType a number from 1 to 3, or the words. Type help for more.\n"))
    }

    @Test("colour only when asked for, and red for emergency advice")
    func color() throws {
        var session = Session(dialog: try Fixtures.example)
        _ = session.start()
        let events = session.receive("yes")
        #expect(!TextRenderer(width: 80).render(events).contains("\u{1B}["))
        #expect(TextRenderer(width: 80, color: true).render(events).contains("\u{1B}[1;31mPlease get medical help now"))
    }

    @Test("JSON strings escape quotes, backslashes and control characters")
    func jsonEscaping() {
        #expect(JSONLines.quoted("a\"b\\c\nd\u{1}é") == #""a\"b\\c\nd\u0001é""#)
        // Text with nothing to escape is copied whole; text with a byte that might need it goes scalar by scalar.
        #expect(JSONLines.quoted("Where is the pain? (1-6) é ü") == #""Where is the pain? (1-6) é ü""#)
        #expect(JSONLines.quoted("one \u{2014} two \u{2028} three \u{7F}") == #""one \#u{2014} two \u2028 three \u007f""#)
        #expect(JSONLines.quoted("") == #""""#)
        #expect(JSONLines.quoted("x\u{2029}\"\u{301}\r\n\u{1F}\u{E2}\u{80}") == "\"x\\u2029\\\"\u{301}\\r\\n\\u001f\u{E2}\u{80}\"")
    }

    @Test("a whole session as JSON lines matches the golden file byte for byte")
    func goldenSession() throws {
        var session = Session(dialog: try Fixtures.example)
        var events = session.start()
        for line in ["no", "back", "3", "3 months", "eleven", "6", "none", "y", "skip"] {
            events += session.receive(line)
        }
        let output = events.map(JSONLines.line(for:)).joined(separator: "\n") + "\n"
        let golden = Repository.root.appendingPathComponent("Tests/DialogKitTests/Golden/example-session.jsonl")
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(output == expected)
        // Every line is a JSON object with a known type, in the contract's key order.
        for line in output.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let type = try #require(object["type"] as? String)
            #expect(["say", "ask", "retry", "outcome", "end"].contains(type))
            #expect(line.hasPrefix("{\"type\":\"\(type)\""))
        }
    }
}

@Suite("Rendering lists")
struct ListRenderingTests {
    @Test("a list item's continuation lines are indented under its text")
    func hangingIndent() {
        let lines = TextWrapping.wrap("Your answers so far:\n- Where is the pain worst? Lower back, mostly on the left", width: 30)
        #expect(lines == ["Your answers so far:", "- Where is the pain worst?", "  Lower back, mostly on the", "  left"])
    }
}
