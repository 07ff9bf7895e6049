// KindsTranscriptTests: the hurried person's transcripts at a date, a time and an "other" follow-up
// (Data/kinds/tests), and "other" typed at a question that has no such option.

import DialogKit
import DialogTesting
import Foundation
import Testing
import TestSupport

@Suite("Date, time and other transcripts")
struct KindsTranscriptTests {
    @Test("the transcripts of adversarial answers pass, each as written")
    func transcripts() {
        let suite = TranscriptSuite.run(paths: [Repository.path("Tests/DialogKitTests/Data/kinds/tests")])
        #expect(suite.passedCount == 2 && suite.failedCount == 0, "\(suite.problems) \(suite.results.filter { !$0.passed })")
        // The corpus of dates and times, with `today` lines, reads each line as it says.
        let corpus = AnswerCorpusSuite.run(paths: [Repository.path("Tests/DialogKitTests/Data/kinds/tests")])
        #expect(corpus.checked == 10 && corpus.failures.isEmpty && corpus.problems.isEmpty, "\(corpus.failures) \(corpus.problems)")
    }

    @Test("\"other\" typed at a choice with no other option is asked again, with no hint of one")
    func otherWithoutOption() throws {
        let source = """
            dialog: t
            title: T
            flow:
              - ask: where
                kind: choice
                text: Where?
                options:
                  - {id: head, text: Head}
                  - {id: back, text: Back}
              - end: done
            outcomes:
              done: {code: self_care, text: Done.}
            """
        let dialog = try #require(DialogLoader.load(source: source, file: "t.yaml").dialog)
        var session = Session(dialog: dialog)
        _ = session.start()
        for line in ["other", "other: my knee", "something else", "Other, please specify"] {
            let events = session.receive(line)
            guard case .retry(let retry)? = events.first else { Issue.record("\(line) was taken: \(events)"); continue }
            #expect(!retry.text.contains("If none of them fits"), "\(retry.text)")
        }
        #expect(session.currentQuestionID == "where")
    }

    @Test("intake check reaches the outcomes a date, days_ago(), a time and an other answer lead to; counter-examples type them")
    func checkReachesEveryOutcome() throws {
        let dialog = try #require(DialogFile.load(path: Repository.path("Tests/DialogKitTests/Data/kinds/onset.yaml")).result.dialog)
        let report = PathChecker.check(dialog)
        #expect(report.violations.isEmpty, "\(report.violations.map(\.kind))")
        // A planted check that fails: its counter-example types a date and a time as a person would.
        var source = try String(contentsOfFile: Repository.path("Tests/DialogKitTests/Data/kinds/onset.yaml"), encoding: .utf8)
        source += "\nchecks:\n  - name: never late\n    then: outcome != late_and_recent\n"
        let planted = try #require(DialogLoader.load(source: source, file: "onset.yaml").dialog)
        let violation = try #require(PathChecker.check(planted).violations.first)
        let transcript = try #require(violation.counterExample).transcript
        #expect(transcript.contains("> 2026-01-") && transcript.contains(":"), "\(transcript)")
        #expect(try #require(violation.counterExample).replays(on: planted), "\(transcript)")
    }
}
