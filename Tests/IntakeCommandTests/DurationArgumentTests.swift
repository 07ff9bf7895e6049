// DurationArgumentTests: the times people type on the command line, from Tests/Data/cli/durations.txt.
import ArgumentParser
@testable import intake
import Testing
import TestSupport

@Suite("times on the command line (10s, 500ms, 2m)")
struct DurationArgumentTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let typed: String
        /// The seconds meant, or nil when refused.
        let seconds: Double?
        /// A part of the reason a refusal must give.
        let reason: String
        var testDescription: String { "\"\(typed)\"" }
    }

    static let cases: [Case] = {
        let text = (try? String(contentsOfFile: Repository.path("Tests/Data/cli/durations.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            // Split at the last " | ", so that what was typed keeps its own spaces.
            guard let bar = line.range(of: " | ", options: .backwards) else { return nil }
            let typed = String(line[..<bar.lowerBound])
            let expected = String(line[bar.upperBound...])
            if expected.hasPrefix("refused: ") {
                return Case(typed: typed, seconds: nil, reason: String(expected.dropFirst("refused: ".count)))
            }
            return Case(typed: typed, seconds: Double(expected), reason: "")
        }
    }()

    @Test func theDataFileHasBothKinds() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.contains { $0.seconds == nil } && Self.cases.contains { $0.seconds != nil })
    }

    @Test(arguments: cases)
    func aTypedTimeMeansItsSecondsOrIsRefusedWithTheReason(_ example: Case) {
        do {
            let seconds = try DurationArgument.seconds(example.typed)
            #expect(example.seconds != nil, "taken as \(seconds) s")
            if let expected = example.seconds { #expect(abs(seconds - expected) < 1e-9) }
        } catch {
            #expect(example.seconds == nil, "refused: \(error)")
            #expect("\(error)".contains(example.reason), "the reason given: \(error)")
        }
    }

    @Test func nothingTypedIsRefused() {
        #expect(throws: DurationArgument.Unreadable.self) { try DurationArgument.seconds("") }
    }

    /// The options take units through ArgumentParser, not only the function: `--duration 10s` is read.
    @Test func everyTimeOptionOfLoadTakesUnits() throws {
        let load = try Load.parse(["--duration", "2m", "--ramp", "500ms", "--timeout", "1h", "--port", "1"])
        #expect(load.duration == 120)
        #expect(load.ramp == 0.5)
        #expect(load.timeout == 3600)
        // A negative time after `=` reaches the reader; ArgumentParser's message names the option.
        #expect(throws: (any Error).self) { try Load.parse(["--duration=-5s", "--port", "1"]) }
        do {
            _ = try Load.parse(["--duration", "10x", "--port", "1"])
            Issue.record("--duration 10x was taken")
        } catch {
            #expect(Load.fullMessage(for: error).contains("--duration"), "\(Load.fullMessage(for: error))")
        }
    }
}
