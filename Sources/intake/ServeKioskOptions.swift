// ServeKioskOptions: `intake serve --kiosk` and its reading time, as one option group.

import ArgumentParser
import ChatServer

/// `--kiosk` for the server's plain-text connections (telnet kiosks), in seconds as the limits are given.
struct ServeKioskOptions: ParsableArguments {
    private static let defaults = ServerConfiguration.KioskMode()

    @Flag(name: .long, help: "Plain-text connections are kiosks: after each outcome (Enter, or --reading-time) the screen and scrollback of a telnet client are cleared and the dialog starts again for the next person; an idle session, Ctrl-C or Ctrl-D ends the person's session, not the connection.")
    var kiosk = false

    @Option(name: .long, help: "With --kiosk: seconds an outcome stays on the screen when nobody presses Enter.", transform: DurationArgument.seconds)
    var readingTime = defaults.readingTime.inSeconds

    func validate() throws {
        guard readingTime > 0 else { throw ValidationError("--reading-time must be positive.") }
    }

    /// The kiosk mode, when `--kiosk` is on.
    var mode: ServerConfiguration.KioskMode? {
        kiosk ? ServerConfiguration.KioskMode(readingTime: .seconds(readingTime)) : nil
    }
}
