// InputSanitizer: what a person typed made safe to read and to echo: valid UTF-8, no controls, no escapes.

/// The one set of rules for typed text, used by every channel and by the session itself: invalid
/// UTF-8 becomes U+FFFD, terminal escape sequences (CSI, OSC, and the two-byte forms) and control
/// characters are removed, a tab becomes a space, bidirectional overrides go. With `ircFormatting`,
/// mIRC colour and style codes go too, and the 0x01 that brackets a CTCP request is kept for the
/// IRC layer to see. Dialog files are held to the same idea: `isControl` is what their text may not hold.
public enum InputSanitizer {
    /// A received line's bytes as clean text.
    public static func text(from bytes: [UInt8], ircFormatting: Bool = false) -> String {
        clean(String(decoding: bytes, as: UTF8.self), ircFormatting: ircFormatting)
    }

    /// C0 and C1 control characters and DEL: what a terminal acts on rather than shows.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// The text without escapes, controls and bidirectional overrides; a tab becomes a space.
    public static func clean(_ decoded: String, ircFormatting: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var scalars = decoded.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar.value {
            case 0x1B:
                skipEscapeSequence(&scalars)
            case 0x03 where ircFormatting:
                // ^C, then up to two digits of foreground and, after a comma, up to two of background.
                skipDigits(&scalars, atMost: 2)
                if scalars.first == ",", let next = scalars.dropFirst().first, isDigit(next) {
                    scalars.removeFirst()
                    skipDigits(&scalars, atMost: 2)
                }
            case 0x04 where ircFormatting:
                // Hex colour: ^D RRGGBB[,RRGGBB].
                skipHexColour(&scalars)
                if scalars.first == ",", scalars.dropFirst().first.map(isHexDigit) == true {
                    scalars.removeFirst()
                    skipHexColour(&scalars)
                }
            case 0x01 where ircFormatting:
                out.append(scalar)
            case 0x09:
                out.append(" ")
            case _ where isControl(scalar):
                // Other C0 and C1 controls (bell, backspace, the IRC style toggles, ...) carry no answer.
                break
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                // Bidirectional overrides could make an echoed answer read as something else.
                break
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Drops the rest of an escape sequence whose ESC was just read (ECMA-48).
    private static func skipEscapeSequence(_ scalars: inout Substring.UnicodeScalarView) {
        guard let introducer = scalars.popFirst() else { return }
        switch introducer {
        case "[":
            // CSI: parameter and intermediate bytes, then one final byte in 0x40...0x7E.
            while let scalar = scalars.popFirst() {
                if (0x40...0x7E).contains(scalar.value) { return }
                if !(0x20...0x3F).contains(scalar.value) { return }
            }
        case "]", "P", "X", "^", "_":
            // OSC, DCS, SOS, PM, APC: a string ended by BEL or by ESC \.
            while let scalar = scalars.popFirst() {
                if scalar.value == 0x07 { return }
                if scalar.value == 0x1B {
                    if scalars.first == "\\" { scalars.removeFirst() }
                    return
                }
            }
        default:
            // ESC with intermediates (0x20...0x2F) then a final byte, or ESC and one character.
            var scalar = introducer
            while (0x20...0x2F).contains(scalar.value), let next = scalars.popFirst() {
                scalar = next
            }
        }
    }

    private static func skipDigits(_ scalars: inout Substring.UnicodeScalarView, atMost count: Int) {
        for _ in 0..<count {
            guard let scalar = scalars.first, isDigit(scalar) else { return }
            scalars.removeFirst()
        }
    }

    private static func skipHexColour(_ scalars: inout Substring.UnicodeScalarView) {
        for _ in 0..<6 {
            guard let scalar = scalars.first, isHexDigit(scalar) else { return }
            scalars.removeFirst()
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }
}
