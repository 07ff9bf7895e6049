// ChatServer: the TCP server: bootstrap, each connection's pipeline, and a clean shutdown.
import DialogKit
import Logging
import NIOConcurrencyHelpers
import NIOCore
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
    /// One thread that only accepts: under load the connection loops' turns are long, and new
    /// connections waited in the kernel's queue for seconds before their greeting.
    private let acceptGroup: MultiThreadedEventLoopGroup
    private let registry: ConnectionRegistry
    private let serverChannel = NIOLockedValueBox<(any Channel)?>(nil)
    private let stopping = NIOLockedValueBox(false)

    public init(dialog: Dialog, configuration: ServerConfiguration,
                logger: Logger = Logger(label: "intake.serve")) {
        self.dialog = dialog
        self.configuration = configuration
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        acceptGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        registry = ConnectionRegistry(maxSessions: configuration.limits.maxSessions,
                                      maxPerAddress: configuration.limits.maxSessionsPerAddress)
    }

    /// Binds and starts accepting; returns the port bound (useful when the configuration says 0).
    @discardableResult
    public func start() async throws -> Int {
        let setup = ConnectionSetup(dialog: dialog, configuration: configuration, registry: registry,
                                    logger: logger, inboxes: CompletionInbox.forLoops(of: group))
        let limits = configuration.limits
        let baseline = configuration.baseline
        // The same-bytes baseline greets with intake's own greeting for this dialog, rendered once here.
        var greetingConversation = JSONConversation(session: configuration.makeRunner(dialog, .json, "greeting"))
        let greeting = baseline == .sized ? Array(greetingConversation.begin().text.utf8) : []
        let bootstrap = ServerBootstrap(group: acceptGroup, childGroup: group)
            // As many waiting connections as the kernel allows (net.core.somaxconn caps it): when the
            // accept queue is full, Linux drops a client's final ACK, and that client waits seconds
            // for its greeting (seen with 10,000 connections opening in 2 s).
            .serverChannelOption(ChannelOptions.backlog, value: 4096)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Accept up to 64 waiting connections per wake-up, not NIO's default 4: under load a loop
            // turn is long, and four accepts a turn left new sessions queued for seconds.
            .serverChannelOption(ChannelOptions.maxMessagesPerRead, value: 64)
            .serverChannelInitializer { [observer = configuration.observer] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let observer { try channel.pipeline.syncOperations.addHandler(AcceptErrorHandler(observer: observer)) }
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { [transport = configuration.transport, proxy = configuration.proxyProtocol, logger] channel in
                channel.eventLoop.makeCompletedFuture {
                    // `address`: the client's, when a trusted load balancer's PROXY header named it.
                    let prepare = { (channel: any Channel, address: String?) throws in
                        let addHandlers = { (pipeline: ChannelPipeline.SynchronousOperations) throws in
                            try pipeline.addHandler(TelnetHandler())
                            try pipeline.addHandler(LineFramingHandler(maxLineBytes: limits.maxLineBytes))
                            switch baseline {
                            case .echo: try pipeline.addHandler(EchoHandler())
                            case .sized: try pipeline.addHandler(SizedEchoHandler(greeting: greeting))
                            // The rest of the connection's handlers come with admission (ConnectionSetup.handlers).
                            case nil: try pipeline.addHandler(AdmissionHandler(setup: setup, address: address))
                            }
                        }
                        if let transport {
                            try transport.prepare(channel, opener: ConnectionOpener(addHandlers: addHandlers))
                        } else {
                            try addHandlers(channel.pipeline.syncOperations)
                        }
                    }
                    if let proxy {
                        // Before TLS and protocol detection: the header is the first thing on the wire.
                        try channel.pipeline.syncOperations.addHandler(ProxyProtocolHandler(trust: proxy, logger: logger) { _, address in
                            try prepare(channel, address)
                        })
                    } else {
                        try prepare(channel, nil)
                    }
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        serverChannel.withLockedValue { $0 = channel }
        let port = channel.localAddress?.port ?? configuration.port
        logger.info("listening", metadata: [
            "host": "\(configuration.host)", "port": "\(port)",
            "protocol": "\(baseline?.rawValue ?? configuration.protocolMode.rawValue)", "dialog": "\(dialog.id)",
        ])
        return port
    }

    /// The port the server is bound to, once started.
    public var port: Int? {
        serverChannel.withLockedValue { $0?.localAddress?.port }
    }

    /// Sessions open now.
    public var openSessions: Int { registry.openSessions }

    /// Listening and not stopping: new connections are accepted (unless the session limit refuses them).
    public var isAccepting: Bool {
        serverChannel.withLockedValue { $0 != nil } && !stopping.withLockedValue { $0 }
    }

    /// The event every open connection gets when the server stops.
    struct Stopping: Sendable {}

    /// Stops accepting, tells every session that the service is stopping, waits up to the grace period
    /// for them to close, closes what is left and releases the threads.
    public func shutdown() async {
        let listener = serverChannel.withLockedValue { $0 }
        stopping.withLockedValue { $0 = true }
        if let listener {
            logger.info("stopping", metadata: ["sessions": "\(registry.openSessions)"])
            try? await listener.close().get()
            for channel in registry.openChannels {
                channel.pipeline.fireUserInboundEventTriggered(Stopping())
            }
            let deadline = ContinuousClock.now + configuration.shutdownGrace
            while registry.openSessions > 0, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            let left = registry.openChannels
            if !left.isEmpty {
                logger.warning("sessions still open after the grace period; closing them", metadata: ["sessions": "\(left.count)"])
                for channel in left {
                    try? await channel.close().get()
                }
            }
        }
        try? await group.shutdownGracefully()
        try? await acceptGroup.shutdownGracefully()
        if listener != nil { logger.info("stopped") }
    }
}

