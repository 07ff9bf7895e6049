// TerminalColor: whether output to a terminal gets ANSI colour (NO_COLOR, --no-color, TERM=dumb).
import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides whether to colour text written to a file descriptor.
public enum TerminalColor {
    /// Colour only for a terminal that can show it and a person who has not turned it off:
    /// not with `--no-color` (`disabledByFlag`), not when `NO_COLOR` is set to anything non-empty
    /// (no-color.org), not for `TERM=dumb`, and never when the output is not a terminal.
    public static func isWanted(
        disabledByFlag: Bool,
        outputIsTerminal: Bool,
        environment: [String: String]
    ) -> Bool {
        if disabledByFlag || !outputIsTerminal { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }

    /// The same decision for this process's `fd` and environment.
    public static func isWanted(disabledByFlag: Bool, fd: Int32 = STDOUT_FILENO) -> Bool {
        isWanted(disabledByFlag: disabledByFlag, outputIsTerminal: isatty(fd) == 1, environment: Environment.current)
    }
}
