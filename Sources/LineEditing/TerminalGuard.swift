// TerminalGuard: puts the terminal back when the process dies by a signal; turns SIGWINCH into a wake-up.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide signal handling for a line editor.
///
/// libedit can catch signals itself (EL_SIGNAL), but it re-sends them with `kill(0, ...)`, which
/// reaches every process in our process group (`make run`, a kiosk's wrapper script). So the
/// editor leaves EL_SIGNAL off and this guard does the work:
/// - on SIGTERM, SIGINT, SIGHUP and SIGQUIT, and on the crash signals (SIGSEGV, SIGBUS, SIGILL,
///   SIGFPE, SIGABRT, SIGTRAP: a Swift trap in the dialog or a completion callback), it writes
///   back the terminal settings saved before libedit touched them, then lets the signal do what it
///   did before (end the process, or reach the Swift runtime's backtracer);
/// - on SIGWINCH it writes a byte to a pipe, which the editor's read loop watches, so a resize
///   is handled between keys, outside the signal handler.
/// Signals that were ignored when the guard started (`nohup`) stay ignored.
enum TerminalGuard {
    static let terminating: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT]
    static let crashing: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Saves `fd`'s terminal settings and installs the handlers; calls nest (one per editor).
    /// - Parameter clearsScreen: on a terminating signal, clear the screen and scrollback too, so
    ///   that what a kiosk showed the last person does not stay on the glass.
    static func install(terminal fd: Int32, output: Int32, clearsScreen: Bool = false) {
        let shared = storage
        shared.pointee.users += 1
        if clearsScreen { shared.pointee.clearsScreen = true }
        guard shared.pointee.users == 1 else { return }
        shared.pointee.terminalFD = fd
        shared.pointee.outputFD = output
        shared.pointee.hasSaved = tcgetattr(fd, &shared.pointee.saved) == 0
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
            shared.pointee.wakeRead = ends[0]
            shared.pointee.wakeWrite = ends[1]
        }
        for signal in terminating + crashing {
            setHandler(signal, restoreAndResend, restart: false, keepIgnored: true)
        }
        setHandler(SIGWINCH, noteResize, restart: true, keepIgnored: false)
    }

    /// Undoes `install` when its last user leaves: the previous handlers come back.
    static func uninstall() {
        let shared = storage
        guard shared.pointee.users > 0 else { return }
        shared.pointee.users -= 1
        guard shared.pointee.users == 0 else { return }
        for signal in terminating + crashing + [SIGWINCH] where shared.pointee.replaced & (1 << UInt64(signal)) != 0 {
            _ = sigaction(signal, previousActions + Int(signal), nil)
            shared.pointee.replaced &= ~(1 << UInt64(signal))
        }
        if shared.pointee.wakeRead >= 0 { close(shared.pointee.wakeRead) }
        if shared.pointee.wakeWrite >= 0 { close(shared.pointee.wakeWrite) }
        shared.pointee.wakeRead = -1
        shared.pointee.wakeWrite = -1
        shared.pointee.hasSaved = false
        shared.pointee.clearsScreen = false
    }

    /// The pipe end that becomes readable after a SIGWINCH, or -1.
    static var resizeFD: Int32 { storage.pointee.wakeRead }

    /// Empties the resize pipe; true if a resize had been signalled.
    static func takeResize() -> Bool {
        let fd = storage.pointee.wakeRead
        guard fd >= 0 else { return false }
        var any = false
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 { any = true }
        return any
    }

    private static func setHandler(
        _ signal: Int32, _ handler: @convention(c) (Int32) -> Void, restart: Bool, keepIgnored: Bool
    ) {
        var previous = sigaction()
        guard sigaction(signal, nil, &previous) == 0 else { return }
        if keepIgnored && previous.handlerAddress == unsafeBitCast(SIG_IGN, to: UnsafeRawPointer?.self) { return }
        var action = sigaction()
        action.setHandler(handler)
        sigemptyset(&action.sa_mask)
        action.sa_flags = restart ? Int32(SA_RESTART) : 0
        guard sigaction(signal, &action, previousActions + Int(signal)) == 0 else { return }
        storage.pointee.replaced |= 1 << UInt64(signal)
    }
}

/// What the handlers read. Allocated once and never freed: a signal handler may run at any time.
private struct GuardStorage {
    var users = 0
    var terminalFD: Int32 = -1
    var outputFD: Int32 = -1
    var saved = termios()
    var hasSaved = false
    var clearsScreen = false
    var wakeRead: Int32 = -1
    var wakeWrite: Int32 = -1
    /// Bit n: this guard replaced signal n's handler.
    var replaced: UInt64 = 0
}

// Touched first by `install` (on the caller's thread), so the lazy initialisation never runs
// inside a handler.
nonisolated(unsafe) private let storage: UnsafeMutablePointer<GuardStorage> = {
    let pointer = UnsafeMutablePointer<GuardStorage>.allocate(capacity: 1)
    pointer.initialize(to: GuardStorage())
    return pointer
}()

nonisolated(unsafe) private let previousActions: UnsafeMutablePointer<sigaction> = {
    let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    pointer.initialize(repeating: sigaction(), count: 65)
    return pointer
}()

/// Async-signal-safe: tcsetattr, write, sigaction and raise only.
private func restoreAndResend(_ signal: Int32) {
    let savedErrno = errno
    if storage.pointee.hasSaved {
        var settings = storage.pointee.saved
        _ = tcsetattr(storage.pointee.terminalFD, TCSANOW, &settings)
        if storage.pointee.clearsScreen {
            // LineEditor.clearScreenAndScrollback, spelled as bytes: no allocation in a handler.
            var clear: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (27, 91, 72, 27, 91, 50, 74, 27, 91, 51, 74)
            _ = withUnsafeBytes(of: &clear) { write(storage.pointee.outputFD, $0.baseAddress, $0.count) }
        }
        // Leave the cursor at the start of a fresh line for whatever the shell prints next.
        var newline: (UInt8, UInt8) = (13, 10)
        _ = withUnsafeBytes(of: &newline) { write(storage.pointee.outputFD, $0.baseAddress, 2) }
    }
    _ = sigaction(signal, previousActions + Int(signal), nil)
    _ = raise(signal)
    errno = savedErrno
}

private func noteResize(_ signal: Int32) {
    let savedErrno = errno
    var byte: UInt8 = 1
    _ = write(storage.pointee.wakeWrite, &byte, 1)
    errno = savedErrno
}

extension sigaction {
    fileprivate mutating func setHandler(_ handler: @convention(c) (Int32) -> Void) {
        #if os(Linux)
        __sigaction_handler.sa_handler = handler
        #else
        __sigaction_u.__sa_handler = handler
        #endif
    }

    fileprivate var handlerAddress: UnsafeRawPointer? {
        #if os(Linux)
        return unsafeBitCast(__sigaction_handler.sa_handler, to: UnsafeRawPointer?.self)
        #else
        return unsafeBitCast(__sigaction_u.__sa_handler, to: UnsafeRawPointer?.self)
        #endif
    }
}
