// OperationsServer: the HTTP port of intake serve --metrics: /metrics and /healthz, on its own thread, apart from the chat port.

import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves the endpoints over HTTP/1.1 with NIO's own codec. It runs on a thread of its own, so that
/// a scraper or a bad client here never takes a turn from the chat server's loops.
public final class OperationsServer: Sendable {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let routes: [String: any Endpoint]
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    public init(monitor: ServiceMonitor) {
        routes = ["/metrics": MetricsEndpoint(monitor: monitor), "/healthz": HealthEndpoint(monitor: monitor)]
    }

    /// Binds and starts serving; returns the port bound.
    public func start(host: String, port: Int) async throws -> Int {
        let routes = routes
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    // A client that opens a connection and sends nothing is closed after this.
                    try pipeline.addHandler(IdleStateHandler(readTimeout: .seconds(10)))
                    // Error handling on: a request the decoder cannot read (garbage, a header past its limit)
                    // gets 400 and the connection closes.
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(RequestHandler(routes: routes))
                }
            }
        let bound = try await bootstrap.bind(host: host, port: port).get()
        channel.withLockedValue { $0 = bound }
        return bound.localAddress?.port ?? port
    }

    public func shutdown() async {
        try? await channel.withLockedValue({ $0 })?.close().get()
        try? await group.shutdownGracefully()
    }
}
