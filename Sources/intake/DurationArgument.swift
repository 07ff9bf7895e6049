// DurationArgument: every time the command line takes (--duration 10s, --idle-timeout 5m), read with its unit.

import ArgumentParser

/// A time on the command line, in seconds: `10s`, `500ms`, `2m`, `1h`, or a bare number of seconds
/// (what every such option took before units, so scripts that give `30` keep working).
///
/// Used as the `transform` of an `@Option`, so that what cannot be read is said with the option's name
/// and the reason (ArgumentParser's exit status 64). A time that would not fit a `Duration` (past
/// about 31 years) is refused here rather than trapping later.
enum DurationArgument {
    /// The largest time taken, in seconds: far past any timeout or test length, and far inside what
    /// `Duration` and the milliseconds of `intake load` can hold.
    static let largest = 1_000_000_000.0

    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    /// The seconds `text` names; throws why not.
    static func seconds(_ text: String) throws -> Double {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        if text.contains(where: \.isWhitespace) {
            throw Unreadable(description: "write the number and its unit together, without a space: 10s, 500ms, 2m or 1h")
        }
        var number = Substring(text)
        var scale = 1.0
        if let unit = units.first(where: { text.hasSuffix($0.suffix) }) {
            number = number.dropLast(unit.suffix.count)
            scale = unit.seconds
        }
        // Digits and one decimal point only: Double's own reader would also take "inf", "nan", hex and exponents.
        let digits = number.filter { $0 != "." }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigitCharacter), number.filter({ $0 == "." }).count <= 1,
            let value = Double(number)
        else {
            if number.hasPrefix("-") { throw Unreadable(description: "a time cannot be negative") }
            throw Unreadable(description: "a time is a number of seconds or a number with a unit: 10s, 500ms, 2m or 1h")
        }
        let seconds = value * scale
        guard seconds <= largest else { throw Unreadable(description: "at most \(Int(largest))s (about 31 years)") }
        return seconds
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
