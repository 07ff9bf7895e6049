// Endpoint: what answers one path of the operations port, and the reply it makes.

import NIOHTTP1

/// One path's job: it makes the whole reply to a GET (a HEAD gets the same head, no body).
protocol Endpoint: Sendable {
    func respond() -> EndpointReply
}

/// A reply with a whole body, small enough to be made at once.
struct EndpointReply {
    var status: HTTPResponseStatus
    var contentType: String
    var body: [UInt8]

    static func text(_ status: HTTPResponseStatus, _ text: String) -> EndpointReply {
        EndpointReply(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }
}
