// TerminalSize: how many columns the terminal has, asked of the kernel, with fallbacks.
import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The size of the terminal a file descriptor is connected to.
public enum TerminalSize {
    /// Columns used when nothing tells: the classic terminal width.
    public static let fallbackColumns = 80

    /// The terminal's columns for `fd`; else `$COLUMNS` when it holds a sensible number; else 80.
    public static func columns(of fd: Int32 = STDOUT_FILENO, environment: [String: String]? = nil) -> Int {
        let reported = Int(intake_terminal_columns(fd))
        if reported > 0 { return reported }
        let environment = environment ?? Environment.current
        if let text = environment["COLUMNS"], let value = Int(text), value > 0, value < 10_000 {
            return value
        }
        return fallbackColumns
    }
}

/// The process environment as a dictionary (for decisions that tests can feed another one).
enum Environment {
    static var current: [String: String] {
        var values: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return values
    }
}
