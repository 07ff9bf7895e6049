// PatternSamples: texts that a question's `pattern:` accepts, for the tools to answer a text question
// with (an answer the pattern refuses is asked again, so it stands for no path).

import DialogKit
import Foundation

/// Writes texts that match a regular expression, for the common part of the syntax: literals, escapes
/// (`\d`, `\w`, `\s`, `\.`), `.`, classes (`[A-Z0-9]`, `[^,]`), groups with `|`, and the quantifiers
/// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`. Anything else gives no sample; every sample is checked
/// against the pattern itself before use, so a misreading can only cost a sample, never give a wrong one.
enum PatternSamples {
    /// Up to `count` different texts the whole pattern matches, none of them in `avoiding`.
    static func samples(_ pattern: String, count: Int, avoiding: [String]) -> [String] {
        var parser = Parser(characters: Array(pattern))
        guard let node = parser.alternation(), parser.position == parser.characters.count else { return [] }
        var out: [String] = []
        for variant in 0..<(count * 4) where out.count < count {
            let text = node.write(variant: variant)
            if AnswerRules.matches(text, pattern: pattern), !avoiding.contains(text), !out.contains(text) { out.append(text) }
        }
        return out
    }

    private indirect enum Node {
        case characters([Character])
        case sequence([Node])
        case choice([Node])
        case repeated(Node, min: Int, max: Int?)

        /// The `variant`-th way to write it: which character of a class and which branch is taken, and
        /// one more repetition than the least on odd variants.
        func write(variant: Int) -> String {
            switch self {
            case .characters(let set): return set.isEmpty ? "" : String(set[variant % set.count])
            case .sequence(let items): return items.enumerated().map { $1.write(variant: variant + $0) }.joined()
            case .choice(let branches): return branches[variant % branches.count].write(variant: variant / branches.count)
            case .repeated(let item, let min, let max):
                var times = min
                if variant % 2 == 1, max.map({ min < $0 }) ?? true { times += 1 }
                if times == 0, variant % 2 == 1 { times = 1 }
                return (0..<times).map { item.write(variant: variant + $0) }.joined()
            }
        }
    }

    private struct Parser {
        let characters: [Character]
        var position = 0

        static let digits = Array("0123456789")
        static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        static let printable = (32..<127).map { Character(Unicode.Scalar($0)!) }

        var atEnd: Bool { position >= characters.count }
        var current: Character? { atEnd ? nil : characters[position] }

        mutating func alternation() -> Node? {
            var branches: [Node] = []
            while true {
                guard let branch = sequence() else { return nil }
                branches.append(branch)
                guard current == "|" else { break }
                position += 1
            }
            return branches.count == 1 ? branches[0] : .choice(branches)
        }

        mutating func sequence() -> Node? {
            var items: [Node] = []
            while let character = current, character != "|", character != ")" {
                if character == "^" || character == "$" {
                    position += 1
                    continue
                }
                guard var item = atom() else { return nil }
                while let quantifier = current, "?*+{".contains(quantifier) {
                    guard let (min, max) = self.quantifier() else { return nil }
                    item = .repeated(item, min: min, max: max)
                }
                items.append(item)
            }
            return .sequence(items)
        }

        mutating func atom() -> Node? {
            guard let character = current else { return nil }
            position += 1
            switch character {
            case "(":
                if current == "?" {
                    guard position + 1 < characters.count, characters[position + 1] == ":" else { return nil }
                    position += 2
                }
                guard let inner = alternation(), current == ")" else { return nil }
                position += 1
                return inner
            case "[": return characterClass()
            case ".": return .characters(Self.letters)
            case "\\": return escape(inClass: false).map { .characters($0) }
            case "*", "+", "?", "{", "}", "]": return nil
            default: return .characters([character])
            }
        }

        /// After a backslash: the characters it stands for.
        mutating func escape(inClass: Bool) -> [Character]? {
            guard let character = current else { return nil }
            position += 1
            switch character {
            case "d": return Self.digits
            case "w": return Self.letters + Self.digits
            case "s": return [" "]
            case "D", "W", "S", "b", "B", "p", "P", "k", "u", "x", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9": return nil
            case "n": return ["\n"]
            case "t": return ["\t"]
            default: return character.isLetter ? nil : [character]
            }
        }

        mutating func characterClass() -> Node? {
            var negated = false
            if current == "^" {
                negated = true
                position += 1
            }
            var set: [Character] = []
            var first = true
            while let character = current, character != "]" || first {
                first = false
                position += 1
                var members: [Character]
                if character == "\\" {
                    guard let escaped = escape(inClass: true) else { return nil }
                    members = escaped
                } else if character == "[" {
                    return nil
                } else {
                    members = [character]
                }
                if members.count == 1, current == "-", position + 1 < characters.count, characters[position + 1] != "]" {
                    let low = members[0]
                    position += 1
                    var high = characters[position]
                    position += 1
                    if high == "\\" {
                        guard let escaped = escape(inClass: true), escaped.count == 1 else { return nil }
                        high = escaped[0]
                    }
                    guard let lowValue = low.unicodeScalars.first?.value, let highValue = high.unicodeScalars.first?.value,
                        lowValue <= highValue, highValue - lowValue < 10_000
                    else { return nil }
                    members = (lowValue...highValue).compactMap { Unicode.Scalar($0).map(Character.init) }
                }
                set += members
            }
            guard current == "]" else { return nil }
            position += 1
            if negated { set = Self.printable.filter { !set.contains($0) } }
            // Letters and digits first: a sample reads better as "A1" than as "!#".
            let ordered = set.filter { $0.isLetter || $0.isNumber } + set.filter { !($0.isLetter || $0.isNumber) }
            return .characters(ordered)
        }

        /// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (a lazy or possessive mark after it is skipped).
        mutating func quantifier() -> (Int, Int?)? {
            guard let character = current else { return nil }
            position += 1
            var result: (Int, Int?)
            switch character {
            case "?": result = (0, 1)
            case "*": result = (0, nil)
            case "+": result = (1, nil)
            default:
                var text = ""
                while let next = current, next != "}" {
                    text.append(next)
                    position += 1
                }
                guard current == "}" else { return nil }
                position += 1
                let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let low = Int(parts[0]), low <= 1000 else { return nil }
                if parts.count == 1 {
                    result = (low, low)
                } else if parts.count == 2 {
                    if parts[1].isEmpty {
                        result = (low, nil)
                    } else {
                        guard let high = Int(parts[1]), high >= low else { return nil }
                        result = (low, high)
                    }
                } else {
                    return nil
                }
            }
            if let mark = current, mark == "?" || mark == "+" { position += 1 }
            return result
        }
    }
}
