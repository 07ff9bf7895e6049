// TerminalTests: the colour decision and the terminal width query.
import LineEditing
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

struct TerminalTests {
    @Test func colourOnlyForATerminalThatWantsIt() {
        let terminal = ["TERM": "xterm-256color"]
        #expect(TerminalColor.isWanted(disabledByFlag: false, outputIsTerminal: true, environment: terminal))
        #expect(!TerminalColor.isWanted(disabledByFlag: true, outputIsTerminal: true, environment: terminal))
        #expect(!TerminalColor.isWanted(disabledByFlag: false, outputIsTerminal: false, environment: terminal))
        #expect(!TerminalColor.isWanted(disabledByFlag: false, outputIsTerminal: true, environment: ["NO_COLOR": "1", "TERM": "xterm"]))
        #expect(!TerminalColor.isWanted(disabledByFlag: false, outputIsTerminal: true, environment: ["TERM": "dumb"]))
        // no-color.org: an empty NO_COLOR does not count.
        #expect(TerminalColor.isWanted(disabledByFlag: false, outputIsTerminal: true, environment: ["NO_COLOR": "", "TERM": "xterm"]))
    }

    @Test func columnsComeFromTheTerminalThenCOLUMNSThen80() throws {
        let terminal = try PseudoTerminal(columns: 57)
        let slave = try terminal.openSlave()
        defer { close(slave) }
        #expect(TerminalSize.columns(of: slave, environment: ["COLUMNS": "120"]) == 57)
        terminal.resize(columns: 33, rows: 10)
        #expect(TerminalSize.columns(of: slave) == 33)

        var pipeEnds: [Int32] = [-1, -1]
        #expect(pipe(&pipeEnds) == 0)
        defer { pipeEnds.forEach { close($0) } }
        #expect(TerminalSize.columns(of: pipeEnds[1], environment: ["COLUMNS": "120"]) == 120)
        #expect(TerminalSize.columns(of: pipeEnds[1], environment: ["COLUMNS": "wide"]) == 80)
        #expect(TerminalSize.columns(of: pipeEnds[1], environment: [:]) == 80)
    }
}
