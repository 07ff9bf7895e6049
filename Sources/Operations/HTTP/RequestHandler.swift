// RequestHandler: one HTTP request at a time: the method and path checked, the endpoint's reply sent.

import NIOCore
import NIOHTTP1

/// Takes a request's head, ignores any body, and answers at its end: the endpoint's reply for a GET or
/// HEAD of a known path, 404 for another path, 405 for another method. Keeps the connection open when the
/// client asked to.
final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: [String: any Endpoint]
    private var head: HTTPRequestHead?

    init(routes: [String: any Endpoint]) {
        self.routes = routes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = String(request.uri.prefix { $0 != "?" })
        var reply: EndpointReply
        var headers = HTTPHeaders()
        if let endpoint = routes[path] {
            if request.method == .GET || request.method == .HEAD {
                reply = endpoint.respond()
            } else {
                reply = .text(.methodNotAllowed, "\(path) takes GET only")
                headers.add(name: "Allow", value: "GET, HEAD")
            }
        } else {
            reply = .text(.notFound, "not found: the paths here are /metrics and /healthz")
        }
        let keepAlive = request.isKeepAlive
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: "\(reply.body.count)")
        headers.add(name: "Cache-Control", value: "no-store")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: reply.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: reply.body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
        }
    }
}
