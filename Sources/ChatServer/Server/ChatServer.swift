// ChatServer: the TCP server: bootstrap, each connection's pipeline, and a clean shutdown.
import DialogKit
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix

/// Serves one compiled dialog over TCP: every connection gets its own `Session` of the shared
/// `Dialog`, behind a telnet filter and line framing, in the protocol the configuration names.
///
/// ```swift
/// let server = ChatServer(dialog: dialog, configuration: ServerConfiguration(port: 2323))
/// let port = try await server.start()
/// await server.shutdown()
/// ```
public final class ChatServer: Sendable {
    public let configuration: ServerConfiguration
    private let dialog: Dialog
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let registry: ConnectionRegistry
    /// Made by `start`, dropped by `shutdown` while the threads still run (its deinit uses them).
    private let quiescingHelper = NIOLockedValueBox<ServerQuiescingHelper?>(nil)
    private let serverChannel = NIOLockedValueBox<(any Channel)?>(nil)

    public init(dialog: Dialog, configuration: ServerConfiguration,
                logger: Logger = Logger(label: "intake.serve")) {
        self.dialog = dialog
        self.configuration = configuration
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        registry = ConnectionRegistry(maxSessions: configuration.limits.maxSessions,
                                      maxPerAddress: configuration.limits.maxSessionsPerAddress)
    }

    /// Binds and starts accepting; returns the port bound (useful when the configuration says 0).
    @discardableResult
    public func start() async throws -> Int {
        let shared = ConnectionHandler.Shared(dialog: dialog, configuration: configuration,
                                              registry: registry, logger: logger)
        let limits = configuration.limits
        let quiescing = ServerQuiescingHelper(group: group)
        quiescingHelper.withLockedValue { $0 = quiescing }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(TelnetHandler())
                    try pipeline.addHandler(LineFramingHandler(maxLineBytes: limits.maxLineBytes))
                    try pipeline.addHandler(ConnectionHandler(shared: shared))
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        serverChannel.withLockedValue { $0 = channel }
        let port = channel.localAddress?.port ?? configuration.port
        logger.info("listening", metadata: [
            "host": "\(configuration.host)", "port": "\(port)",
            "protocol": "\(configuration.protocolMode.rawValue)", "dialog": "\(dialog.id)",
        ])
        return port
    }

    /// The port the server is bound to, once started.
    public var port: Int? {
        serverChannel.withLockedValue { $0?.localAddress?.port }
    }

    /// Sessions open now.
    public var openSessions: Int { registry.openSessions }

    /// Stops accepting, tells every session that the service is stopping, waits up to the grace period
    /// for them to close, closes what is left and releases the threads.
    public func shutdown() async {
        let listener = serverChannel.withLockedValue { $0 }
        let quiescing = quiescingHelper.withLockedValue { helper in
            defer { helper = nil }
            return helper
        }
        let started = listener != nil
        if let listener, let quiescing {
            logger.info("stopping", metadata: ["sessions": "\(registry.openSessions)"])
            let promise = group.next().makePromise(of: Void.self)
            quiescing.initiateShutdown(promise: promise)
            let grace = configuration.shutdownGrace
            let timeout = group.next().scheduleTask(in: .nanoseconds(grace.nanoseconds)) {
                promise.fail(ChatServerError.shutdownTimedOut)
            }
            do {
                try await promise.futureResult.get()
            } catch {
                logger.warning("sessions still open after the grace period; closing them")
            }
            timeout.cancel()
            // The listener's close may still be under way; the threads must outlive it.
            try? await listener.closeFuture.get()
        }
        _ = consume quiescing
        try? await group.shutdownGracefully()
        if started { logger.info("stopped") }
    }
}

/// Errors of the server's own making.
enum ChatServerError: Error {
    case shutdownTimedOut
}
