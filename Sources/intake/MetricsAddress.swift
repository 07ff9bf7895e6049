// MetricsAddress: `--metrics`'s value: host:port, [v6]:port, or a port alone (loopback).

import ArgumentParser

/// Where `/metrics` and `/healthz` listen. A port alone means 127.0.0.1: metrics say how busy a clinic
/// is, so they stay on the machine unless an address is given.
struct MetricsAddress: ExpressibleByArgument {
    var host: String
    var port: Int

    /// The host as a URL writes it.
    var urlHost: String { host.contains(":") ? "[\(host)]" : host }

    init?(argument: String) {
        let hostPart: Substring
        let portPart: Substring
        if let colon = argument.lastIndex(of: ":") {
            hostPart = argument[..<colon]
            portPart = argument[argument.index(after: colon)...]
        } else {
            hostPart = ""
            portPart = argument[...]
        }
        guard let port = Int(portPart), (0...65535).contains(port) else { return nil }
        var host = String(hostPart)
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "127.0.0.1" : host
        self.port = port
    }
}
