// PseudoTerminal: a real pty pair for tests: spawn a program on it (or hand its slave to an editor), type, read.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal whose master side the test holds: what the program draws arrives in
/// `output`, and `send` types keys. A program spawned on it gets the slave as its controlling
/// terminal, so it receives SIGWINCH when `resize` is called, as under a real terminal window.
public final class PseudoTerminal {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    public let master: Int32
    public let slavePath: String
    /// Every byte the program wrote so far.
    public private(set) var output: [UInt8] = []
    private var closed = false

    public init(columns: Int = 80, rows: Int = 24) throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(description: "cannot open /dev/ptmx: \(String(cString: strerror(errno)))") }
        // grantpt, unlockpt and ptsname_r sit behind _XOPEN_SOURCE in glibc's headers, which Swift's
        // Glibc module does not set; they are ordinary C functions, found at run time.
        guard let grant = Self.cFunction("grantpt", as: (@convention(c) (Int32) -> Int32).self),
              let unlock = Self.cFunction("unlockpt", as: (@convention(c) (Int32) -> Int32).self),
              let name = Self.cFunction("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32).self),
              grant(master) == 0, unlock(master) == 0
        else { throw Failure(description: "cannot set up the pseudo-terminal") }
        var buffer = [CChar](repeating: 0, count: 128)
        guard name(master, &buffer, buffer.count) == 0 else { throw Failure(description: "ptsname_r failed") }
        slavePath = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        resize(columns: columns, rows: rows)
    }

    deinit {
        if !closed { close(master) }
    }

    /// Closes the master: the program sees its terminal hang up.
    public func hangUp() {
        guard !closed else { return }
        closed = true
        close(master)
    }

    /// Opens the slave side for an editor running in this process.
    public func openSlave() throws -> Int32 {
        let fd = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "cannot open \(slavePath)") }
        return fd
    }

    /// Sets the window size (the foreground process group of a spawned program gets SIGWINCH).
    public func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// The slave's terminal settings (on Linux, tcgetattr on the master reads the slave's).
    public var settings: termios {
        var settings = termios()
        _ = tcgetattr(master, &settings)
        return settings
    }

    /// Whether the slave is in the raw mode a line editor sets while it waits for keys.
    public var isRaw: Bool {
        (settings.c_lflag & tcflag_t(ICANON)) == 0
    }

    /// Runs `path` with `arguments` in a new session whose controlling terminal is this one.
    public func spawn(_ path: String, _ arguments: [String], environment: [String: String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid (glibc does the session first), so the slave becomes the
        // controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        // POSIX_SPAWN_SETSID is glibc's 0x80; spawn.h declares it only under _GNU_SOURCE.
        let setSession: Int16 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | setSession)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure(description: "cannot run \(path): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Types `keys` (UTF-8) as a person would, all at once.
    public func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += written
        }
    }

    /// Reads what arrives for up to `seconds`; false when the program's side has closed.
    @discardableResult
    public func pump(for seconds: Double) async -> Bool {
        // The wait happens off the cooperative pool; the read after it finds the bytes there and does not block.
        let master = self.master
        let ready = await offThePool { () -> Int32 in
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            return poll(&descriptor, 1, Int32(max(1, seconds * 1000)))
        }
        guard ready > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
        if count <= 0 { return false }  // EIO: every slave descriptor is closed
        output += buffer[0..<count]
        return true
    }

    /// Waits until `needle` appears in the output after byte `from`; returns the offset just after it.
    @discardableResult
    public func waitFor(_ needle: String, from: Int = 0, timeout: Double = 15) async throws -> Int {
        let pattern = Array(needle.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let found = Self.find(pattern, in: output, from: from) { return found + pattern.count }
            guard Date() < deadline else {
                throw Failure(description: "waited \(timeout)s for \(needle.debugDescription); the screen got:\n\(visibleText(from: from))")
            }
            if await !pump(for: 0.05) {
                if let found = Self.find(pattern, in: output, from: from) { return found + pattern.count }
                throw Failure(description: "the terminal closed before \(needle.debugDescription) appeared; it got:\n\(visibleText(from: from))")
            }
        }
    }

    /// Waits until `needle` shows in the visible text (escapes and carriage returns taken out)
    /// after byte `from`; returns the offset of the first byte after it.
    @discardableResult
    public func waitForText(_ needle: String, from: Int = 0, timeout: Double = 15) async throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while !visibleText(from: from).contains(needle) {
            guard Date() < deadline else {
                throw Failure(description: "waited \(timeout)s for \(needle.debugDescription) on the screen; it got:\n\(visibleText(from: from))")
            }
            guard await pump(for: 0.05) || visibleText(from: from).contains(needle) else {
                throw Failure(description: "the terminal closed before \(needle.debugDescription) showed; it got:\n\(visibleText(from: from))")
            }
        }
        var end = min(output.count, from + needle.utf8.count)
        while end < output.count, !Self.visible(String(decoding: output[from..<end], as: UTF8.self)).contains(needle) {
            end += 1
        }
        return end
    }

    /// Waits for `prompt` after byte `from` and for the editor to have put the terminal in raw
    /// mode, so that keys sent next reach the editor and not the kernel's line discipline.
    @discardableResult
    public func waitForPrompt(_ prompt: String = "> ", from: Int = 0, timeout: Double = 15) async throws -> Int {
        let end = try await waitFor(prompt, from: from, timeout: timeout)
        let deadline = Date().addingTimeInterval(timeout)
        while !isRaw {
            guard Date() < deadline else { throw Failure(description: "the terminal never went into raw mode") }
            await pump(for: 0.01)
        }
        return end
    }

    /// Types `keys`, waits for `text` on the screen after byte `from`, then (`thenPrompt`) for the
    /// next prompt; returns the offset after what it waited for.
    @discardableResult
    public func type(_ keys: String, until text: String, from: Int, thenPrompt: Bool = false) async throws -> Int {
        send(keys)
        let end = try await waitForText(text, from: from)
        return thenPrompt ? try await waitForPrompt(from: end) : end
    }

    /// Reads what is already on its way: until nothing arrives for `quiet` seconds.
    public func settle(quiet: Double = 0.1) async {
        var before = -1
        while before != output.count {
            before = output.count
            guard await pump(for: quiet) else { return }
        }
    }

    /// Reads until the program's side closes, for up to `timeout`.
    public func drain(timeout: Double = 15) async {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, await pump(for: 0.05) {}
    }

    /// The output from byte `from`, without escape sequences and carriage returns.
    public func visibleText(from: Int = 0) -> String {
        Self.visible(String(decoding: output[min(from, output.count)...], as: UTF8.self))
    }

    /// `text` with ANSI escape sequences and carriage returns taken out.
    public static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\u{1B}":
                guard let kind = scalars.next() else { break }
                if kind == "[" {
                    while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
                } else if kind == "(" || kind == ")" {
                    _ = scalars.next()
                }
            case "\r", "\u{7}":
                continue
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Waits for process `pid` to end; its wait status, or nil on timeout.
    public func waitForExit(_ pid: pid_t, timeout: Double = 15) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return status }
            await pump(for: 0.02)
        }
        return nil
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count, from <= bytes.count - pattern.count else { return nil }
        var index = from
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0], Array(bytes[index..<index + pattern.count]) == pattern { return index }
            index += 1
        }
        return nil
    }

    private static func cFunction<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}
