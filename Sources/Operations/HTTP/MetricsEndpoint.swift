// MetricsEndpoint: GET /metrics, the Prometheus text format.

/// Every metric of `MetricTable` as the registry writes it.
struct MetricsEndpoint: Endpoint {
    let monitor: ServiceMonitor

    func respond() -> EndpointReply {
        EndpointReply(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: monitor.metricsText())
    }
}
