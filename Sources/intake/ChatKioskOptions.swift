// ChatKioskOptions: `intake chat --kiosk` and its times, as one option group.

import ArgumentParser
import ChatREPL

/// `--kiosk` and the waits of a kiosk, in seconds as the server's limits are given.
struct ChatKioskOptions: ParsableArguments {
    private static let defaults = KioskTimes()

    @Flag(name: .long, help: "One person after another at this terminal: after each outcome the screen and its scrollback are cleared and the dialog starts again. Only a signal stops it.")
    var kiosk = false

    @Option(name: .long, help: "With --kiosk: seconds an outcome stays on the screen when nobody presses Enter.", transform: DurationArgument.seconds)
    var readingTime = defaults.readingTime.inSeconds

    @Option(name: .long, help: "With --kiosk: seconds without a key, in a session with answers, before the screen is cleared.", transform: DurationArgument.seconds)
    var idleTimeout = defaults.idleTimeout.inSeconds

    @Option(name: .long, help: "With --kiosk: seconds before --idle-timeout that the person is asked whether they are still there.", transform: DurationArgument.seconds)
    var idleWarning = defaults.idleWarning.inSeconds

    func validate() throws {
        guard readingTime > 0, idleTimeout > 0, idleWarning > 0 else {
            throw ValidationError("--reading-time, --idle-timeout and --idle-warning must be positive.")
        }
        guard idleWarning < idleTimeout else {
            throw ValidationError("--idle-warning must be shorter than --idle-timeout.")
        }
    }

    /// The times, when `--kiosk` is on.
    var times: KioskTimes? {
        guard kiosk else { return nil }
        return KioskTimes(
            readingTime: .seconds(readingTime), idleTimeout: .seconds(idleTimeout), idleWarning: .seconds(idleWarning))
    }
}
