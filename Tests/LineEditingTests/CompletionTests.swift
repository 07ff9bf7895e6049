// CompletionTests: what Tab makes of the text before the cursor (matching, common starts, lists, layout).
import LineEditing
import Testing
#if canImport(Glibc)
import Glibc
#endif

struct CompletionTests {
    let options = ["One side of my head", "Both sides", "Back of the head", "left side", "back", "help", "quit"]

    @Test func aUniquePrefixCompletesIgnoringCaseAndAccents() {
        #expect(Completion.complete("ONE", among: options) == .unique("One side of my head"))
        #expect(Completion.complete("fie", among: ["Fièvre", "Headache"]) == .unique("Fièvre"))
        #expect(Completion.complete("FIÈ", among: ["fievre"]) == .unique("fievre"))
    }

    @Test func severalMatchesGrowToTheirCommonStartSpelledAsTheFirst() {
        let result = Completion.complete("thr", among: ["Throbbing, pulsing", "Throbbing at night", "Pressing"])
        #expect(result == .extended("Throbbing", matches: ["Throbbing, pulsing", "Throbbing at night"]))
    }

    @Test func severalMatchesWithNothingToAddAreAmbiguous() {
        #expect(Completion.complete("b", among: options) == .ambiguous(["Both sides", "Back of the head", "back"]))
        #expect(Completion.complete("", among: ["yes", "no"]) == .ambiguous(["yes", "no"]))
    }

    @Test func duplicatesAndEmptyCandidatesCountOnce() {
        #expect(Completion.complete("ye", among: ["yes", "Yes", ""]) == .unique("yes"))
    }

    @Test func nothingMatches() {
        #expect(Completion.complete("zzz", among: options) == .noMatch)
    }

    @Test func theWordIsTheTextAfterTheLastComma() {
        let proposal = Completion.propose(before: "1, 3, le", candidates: options)
        #expect(proposal.word == "le")
        #expect(proposal.result == .unique("left side"))
    }

    @Test func anOptionContainingAndIsMatchedWholeBeforeSplitting() {
        let candidates = ["Nausea and vomiting", "Light bothers me"]
        let whole = Completion.propose(before: "nausea and v", candidates: candidates)
        #expect(whole.word == "nausea and v")
        #expect(whole.result == .unique("Nausea and vomiting"))
        let last = Completion.propose(before: "nausea and li", candidates: candidates)
        #expect(last.word == "li")
        #expect(last.result == .unique("Light bothers me"))
    }

    @Test func theListGoesDownColumnsWithinTheWidth() {
        let lines = Completion.layout(["alpha", "beta", "gamma", "delta", "epsilon"], width: 30)
        #expect(lines == ["alpha    gamma    epsilon", "beta     delta"])
        #expect(Completion.layout(["a long candidate", "another long one"], width: 20) == ["a long candidate", "another long one"])
        #expect(Completion.layout([], width: 80) == [])
    }

    @Test func wideCharactersTakeTwoColumnsInTheList() {
        // Widths come from the C library, under the UTF-8 locale every LineEditor sets up.
        setlocale(LC_CTYPE, "C.UTF-8")
        let lines = Completion.layout(["日本", "ab", "cd"], width: 80)
        #expect(lines == ["日本  ab    cd"])
    }
}
