// ServerConfiguration: where the server listens, what it speaks, and its limits.

import DialogKit
import Foundation

/// Everything `ChatServer` needs besides the dialog.
public struct ServerConfiguration: Sendable {
    /// The address to bind; 127.0.0.1 unless told otherwise.
    public var host = "127.0.0.1"
    /// The port to bind; 0 picks a free one (tests).
    public var port = 2323
    /// The protocol spoken on the port.
    public var protocolMode: ChatProtocol = .auto
    public var limits = ServerLimits()
    /// In `auto` mode, how long to wait for an IRC client's first line before greeting in plain text.
    /// IRC clients send it at once (Benchmarks/performance-notes.md); one slower than this is still
    /// recognised by its first line and switched to IRC, so the wait only has to cover the usual case.
    public var detectionWait: Duration = .milliseconds(50)
    /// On shutdown, how long sessions have to take their goodbye before they are closed regardless.
    public var shutdownGrace: Duration = .seconds(2)
    /// Benchmarks only: a baseline server in place of the dialog (`EchoHandler`, `SizedEchoHandler`).
    public var baseline: Baseline?
    /// `intake serve --kiosk`: a plain-text connection starts the dialog again for the next person
    /// instead of closing; nil closes it at the end, as for every other client.
    public var kiosk: KioskMode?
    /// The load balancers whose PROXY header names the client (`--proxy-protocol-from`); nil reads none.
    public var proxyProtocol: ProxyProtocolTrust?
    /// What stands before every connection's handlers: TLS (`ChatServerTLS.ServerTLS`), or nothing.
    public var transport: (any ConnectionTransport)?
    /// Told of sessions, turns, refusals and errors (`intake serve --metrics`); nil tells no one.
    public var observer: (any ServerObserver)?
    /// The IRC server's and bot's names.
    public var irc = IRCIdentity()
    /// Makes the dialog runner of each connection (and of each restart in IRC), given the protocol
    /// it speaks and the client's address (which the store's limit on wrong resume codes counts by):
    /// a bare `Session` unless the caller keeps assessments.
    public var makeRunner: @Sendable (_ dialog: Dialog, _ protocol: ChatProtocol, _ address: String) -> any DialogRunner = { dialog, _, _ in
        Session(dialog: dialog, today: CalendarDay(unixTime: Int(Date().timeIntervalSince1970), utcOffset: TimeZone.current.secondsFromGMT()))
    }

    /// How a kiosk's plain-text connection goes from one person to the next (`intake serve --kiosk`):
    /// after an outcome the person presses Enter (or `readingTime` passes); after an idle timeout, an
    /// interrupt or a quit the same; then the screen is cleared, for a client that is a terminal, and
    /// the greeting starts a new session. JSON and IRC connections are not kiosks.
    public struct KioskMode: Sendable, Equatable {
        /// How long an outcome stays on the screen when nobody presses Enter.
        public var readingTime: Duration

        public init(readingTime: Duration = .seconds(120)) {
            self.readingTime = readingTime
        }
    }

    /// The benchmark baselines (`make bench`): the same accept loop and pipeline as the dialog's, no dialog.
    public enum Baseline: String, Sendable, CaseIterable {
        /// Each line comes back as it was sent (`intake serve --echo`).
        case echo
        /// Each line asks for a reply of as many bytes as intake's reply to the line it stands for
        /// (`intake serve --sized-echo`).
        case sized = "sized-echo"
    }

    public init(host: String = "127.0.0.1", port: Int = 2323, protocolMode: ChatProtocol = .auto,
                limits: ServerLimits = ServerLimits()) {
        self.host = host
        self.port = port
        self.protocolMode = protocolMode
        self.limits = limits
    }
}
