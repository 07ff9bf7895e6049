// TextWrapping: word wrapping by display width (wide East Asian characters count two columns).

/// Wraps text to a number of terminal columns, keeping the text's own line breaks.
public enum TextWrapping {
    /// Wraps each paragraph of `text` to `width` columns; continuation lines start with `indent`.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        let width = max(width, 10)
        var lines: [String] = []
        for paragraph in logicalLines(text) {
            // A list item's continuation lines line up under its text.
            let marker = paragraph.hasPrefix("- ") || paragraph.hasPrefix("* ") || paragraph.hasPrefix("• ") ? "  " : ""
            let indent = indent.isEmpty ? marker : indent
            var line = ""
            var lineWidth = 0
            var lineHasWord = false
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let wordWidth = displayWidth(word)
                if lineHasWord && lineWidth + 1 + wordWidth > width {
                    lines.append(line)
                    line = indent
                    lineWidth = displayWidth(indent)
                    lineHasWord = false
                }
                if lineHasWord {
                    line += " "
                    lineWidth += 1
                }
                line += word
                lineWidth += wordWidth
                lineHasWord = true
            }
            lines.append(line)
        }
        return lines
    }

    /// The text's lines as a reader means them: a line break inside a paragraph is a space (YAML block
    /// text breaks lines where its author's editor did); blank lines and list items (`- `, `* `, `1. `)
    /// keep their breaks.
    public static func logicalLines(_ text: String) -> [String] {
        var lines: [String] = []
        var joinable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            let startsItem = trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("• ")
                || (trimmed.first?.isNumber == true && trimmed.drop(while: { $0.isNumber }).hasPrefix(". "))
            if trimmed.isEmpty {
                lines.append("")
                joinable = false
            } else if joinable && !startsItem {
                lines[lines.count - 1] += " " + trimmed
            } else {
                lines.append(String(line))
                joinable = true
            }
        }
        return lines
    }

    /// Columns a string takes in a terminal.
    public static func displayWidth<S: StringProtocol>(_ text: S) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            width += columns(of: scalar)
        }
        return width
    }

    private static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
            return 0
        }
        // Wide ranges from Unicode's East Asian Width table (the common blocks).
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        for range in wide where range.contains(value) { return 2 }
        return 1
    }
}
