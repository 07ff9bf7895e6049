// HealthEndpoint: GET /healthz, 200 while the server accepts and the store can be written, 503 with the reason otherwise.

/// What a balancer (HAProxy's `option httpchk GET /healthz`) or a systemd watchdog script acts on.
struct HealthEndpoint: Endpoint {
    let monitor: ServiceMonitor

    func respond() -> EndpointReply {
        if let problem = monitor.problem() { return .text(.serviceUnavailable, problem) }
        return .text(.ok, "ok")
    }
}
