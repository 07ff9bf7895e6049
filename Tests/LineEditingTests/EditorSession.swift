// EditorSession: a LineEditor running in this process on a pseudo-terminal's slave, on a thread of its own.
import Foundation
import LineEditing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// Runs an editor for `reads` lines on its own thread while the test types on the master side.
/// The editor is created, used and ended on that thread; the lines it read come back at the end.
final class EditorSession: @unchecked Sendable {
    let terminal: PseudoTerminal
    private let slave: Int32
    private let lock = NSLock()
    private var lines: [Line] = []
    private var closedAfter: [Bool] = []
    private var failure: String?
    private var editrcStatus = LineEditor.EditrcStatus.notAsked
    private var settingsBefore = termios()
    private var settingsAfter = termios()
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the editor; `setup` runs on the editor's thread before the first read.
    init(
        reads: Int, prompt: String = "> ", options: LineEditor.Options = LineEditor.Options(),
        columns: Int = 80, idle: Duration? = nil, setup: @escaping @Sendable (LineEditor) -> Void = { _ in }
    ) throws {
        terminal = try PseudoTerminal(columns: columns)
        slave = try terminal.openSlave()
        _ = tcgetattr(slave, &settingsBefore)
        var editorOptions = options
        editorOptions.input = slave
        editorOptions.output = slave
        editorOptions.guardsTerminal = false
        let options = editorOptions
        let slave = self.slave
        let thread = Thread { [self] in
            do {
                let editor = try LineEditor(prompt: prompt, options: options)
                lock.withLock { editrcStatus = editor.editrc }
                setup(editor)
                for _ in 0..<reads {
                    let line = editor.readLine(idle: idle)
                    lock.withLock {
                        lines.append(line)
                        closedAfter.append(editor.inputClosed)
                    }
                }
            } catch {
                lock.withLock { failure = "\(error)" }
            }
            _ = tcgetattr(slave, &settingsAfter)
            finished.signal()
        }
        thread.start()
    }

    deinit {
        close(slave)
    }

    /// Waits for the editor's thread to finish its reads and end the editor; the lines it read.
    func finish(timeout: Double = 15) async throws -> [Line] {
        let deadline = Date().addingTimeInterval(timeout)
        while finished.wait(timeout: .now()) == .timedOut {
            guard Date() < deadline else {
                terminal.hangUp()
                _ = await offThePool { self.finished.wait(timeout: .now() + 5) }
                throw PseudoTerminal.Failure(description: "the editor did not finish; the screen got:\n\(terminal.visibleText())")
            }
            await terminal.pump(for: 0.02)
        }
        await terminal.settle()
        if let failure = lock.withLock({ failure }) { throw PseudoTerminal.Failure(description: failure) }
        return lock.withLock { lines }
    }

    /// `LineEditor.inputClosed` after each read.
    var inputClosedAfterEachRead: [Bool] { lock.withLock { closedAfter } }

    /// What the editor made of `Options.readEditrc`.
    var editrc: LineEditor.EditrcStatus { lock.withLock { editrcStatus } }

    /// Whether the terminal settings after the editor ended equal those before it started.
    var terminalRestored: Bool {
        var before = settingsBefore
        var after = settingsAfter
        return memcmp(&before, &after, MemoryLayout<termios>.size) == 0
    }
}
