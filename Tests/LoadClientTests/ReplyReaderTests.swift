// ReplyReaderTests: line splitting across reads, and what is read from the head of each JSON contract line.
@testable import LoadClient
import Testing

@Suite struct ReplyReaderTests {
    private func lines(_ chunks: [String]) -> [String] {
        var splitter = LineSplitter(limit: 64)
        var out: [String] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { bytes in
                splitter.feed(bytes) { line, _ in
                    out.append(String(decoding: line, as: UTF8.self))
                    return true
                }
            }
        }
        return out
    }

    @Test func linesAreCutAtLFWithTheirCRRemovedAcrossReads() {
        #expect(lines(["one\r\ntw", "o\r", "\nthree\n", "four"]) == ["one", "two", "three"])
        #expect(lines(["\n\r\n"]) == ["", ""])
    }

    @Test func onlyTheHeadOfALongLineIsKept() {
        let long = String(repeating: "x", count: 100)
        #expect(lines([long + "\n"]) == [String(repeating: "x", count: 64)])
    }

    @Test func eachLineSaysTheBytesItTookOnTheWireEvenPastTheLimit() {
        var splitter = LineSplitter(limit: 64)
        var sizes: [Int] = []
        for chunk in ["one\r\ntw", "o\r", "\nthree\n", String(repeating: "x", count: 100), "\r\n\n"] {
            Array(chunk.utf8).withUnsafeBytes { bytes in
                splitter.feed(bytes) { _, wireBytes in
                    sizes.append(wireBytes)
                    return true
                }
            }
        }
        #expect(sizes == [5, 5, 6, 102, 1])
    }

    @Test func theCallerCanStopReading() {
        var splitter = LineSplitter()
        var seen: [String] = []
        Array("a\nb\nc\n".utf8).withUnsafeBytes { bytes in
            splitter.feed(bytes) { line, _ in
                seen.append(String(decoding: line, as: UTF8.self))
                return false
            }
        }
        #expect(seen == ["a"])
    }

    private func head(_ line: String) -> (EventHead.Kind, String?) {
        let bytes = Array(line.utf8)
        let head = EventReader.head(bytes)
        return (head.kind, head.id.map { String(decoding: bytes[$0], as: UTF8.self) })
    }

    @Test func eventTypesAndIDsAreReadFromTheContractsKeyOrder() {
        #expect(head(#"{"type":"say","text":"Hello"}"#) == (.say, nil))
        #expect(head(#"{"type":"ask","id":"location","code":null,"kind":"choice"}"#) == (.ask, "location"))
        #expect(head(#"{"type":"retry","id":"age","text":"Please type a number."}"#) == (.retry, "age"))
        #expect(head(#"{"type":"outcome","id":"emergency","code":"emergency","flags":[]}"#) == (.outcome, "emergency"))
        #expect(head(#"{"type":"end"}"#) == (.end, nil))
        #expect(head("intake echo") == (.other, nil))
        #expect(head(#"{"type":"asked"}"#) == (.other, nil))
    }

    @Test func outcomeFlagsAreRead() {
        let line = Array(#"{"type":"outcome","id":"consult","code":"c","flags":["redflag.a","caution.b"],"text":"x"}"#.utf8)
        #expect(EventReader.flags(line) == ["redflag.a", "caution.b"])
        #expect(EventReader.flags(Array(#"{"type":"outcome","id":"x","code":"c","flags":[],"text":""}"#.utf8)) == [])
        #expect(EventReader.flags(Array(#"{"type":"outcome","id":"x"}"#.utf8)) == nil)
    }
}
