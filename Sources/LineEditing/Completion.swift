// Completion: what Tab makes of the text before the cursor, given the answers on offer.
import CEditLine
import Foundation

/// Tab completion over a list of phrases (an option's text, its `also` words, the commands).
///
/// Matching ignores case and accents, as the dialog's answer matching does, so "fie" finds
/// "Fièvre". The phrase being completed is the text after the last comma (answers to a
/// multiple-choice question are lists), or failing a match, the text after the last " and ".
public enum Completion {
    /// What Tab can do with a word.
    public enum Result: Equatable, Sendable {
        /// Nothing on offer starts with the word.
        case noMatch
        /// One phrase starts with the word: the word becomes that phrase.
        case unique(String)
        /// Several do, and they share more than the word: the word grows to their common start.
        case extended(String, matches: [String])
        /// Several do and there is nothing to add; a second Tab lists `matches`.
        case ambiguous([String])
    }

    /// An edit to the text before the cursor: replace its last `word.count` characters.
    public struct Proposal: Equatable, Sendable {
        /// The end of the text before the cursor that the result replaces.
        public var word: String
        public var result: Result
    }

    /// Tab with `before` the text before the cursor and `candidates` on offer.
    public static func propose(before: String, candidates: [String]) -> Proposal {
        let segment = lastSegment(of: before)
        let result = complete(segment, among: candidates)
        if result == .noMatch, let afterAnd = textAfterLastAnd(segment) {
            let narrower = complete(afterAnd, among: candidates)
            if narrower != .noMatch { return Proposal(word: afterAnd, result: narrower) }
        }
        return Proposal(word: segment, result: result)
    }

    /// The phrases of `candidates` that `word` is the start of, and what Tab does with them.
    public static func complete(_ word: String, among candidates: [String]) -> Result {
        let typed = fold(word)
        var seen = Set<String>()
        var matches: [String] = []
        for candidate in candidates where !candidate.isEmpty {
            let folded = fold(candidate)
            guard folded.hasPrefix(typed), seen.insert(folded).inserted else { continue }
            matches.append(candidate)
        }
        guard let first = matches.first else { return .noMatch }
        if matches.count == 1 { return .unique(first) }
        let common = commonStart(of: matches)
        if common.count > word.count { return .extended(common, matches: matches) }
        return .ambiguous(matches)
    }

    /// The candidates laid out in columns for a terminal `width` wide, ordered down each column.
    /// Widths are the C library's (`wcwidth`) under the character locale the editor sets up.
    public static func layout(_ items: [String], width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let widest = items.map(displayWidth).max() ?? 0
        let gap = 2
        let columnCount = max(1, min(items.count, (width + gap) / (widest + gap)))
        let rowCount = (items.count + columnCount - 1) / columnCount
        var lines: [String] = []
        for row in 0..<rowCount {
            var line = ""
            for column in 0..<columnCount {
                let index = column * rowCount + row
                guard index < items.count else { break }
                let item = items[index]
                let isLast = column == columnCount - 1 || (column + 1) * rowCount + row >= items.count
                line += item
                if !isLast { line += String(repeating: " ", count: widest - displayWidth(item) + gap) }
            }
            lines.append(line)
        }
        return lines
    }

    /// Case and accents folded away, as people type answers.
    static func fold<S: StringProtocol>(_ text: S) -> String {
        String(text).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The longest start all `phrases` share, compared folded, spelled as the first one is.
    private static func commonStart(of phrases: [String]) -> String {
        let first = Array(phrases[0])
        var length = first.count
        for phrase in phrases.dropFirst() {
            var shared = 0
            for (a, b) in zip(first, phrase) {
                guard shared < length, fold(String(a)) == fold(String(b)) else { break }
                shared += 1
            }
            length = min(length, shared)
        }
        return String(first.prefix(length))
    }

    private static func lastSegment(of text: String) -> String {
        let start = text.lastIndex(where: { $0 == "," || $0 == ";" }).map { text.index(after: $0) } ?? text.startIndex
        return String(text[start...].drop(while: { $0 == " " }))
    }

    private static func textAfterLastAnd(_ segment: String) -> String? {
        guard let range = segment.range(of: " and ", options: [.caseInsensitive, .backwards]) else { return nil }
        return String(segment[range.upperBound...].drop(while: { $0 == " " }))
    }

    private static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            total + max(0, Int(intake_wcwidth(wchar_t(bitPattern: scalar.value))))
        }
    }
}
