import Foundation
import TavoloTransport

/// `GET /healthz`: whether the server is up, for load balancers and operators. No token needed.
struct HealthEndpoint {
    let startedAt: ContinuousClock.Instant

    struct Body: Encodable {
        let status: String
        let version: String
        let uptimeSeconds: Double
        let openConnections: Int
    }

    func register(in router: inout Router) {
        router.get("/healthz") { request in response(openConnections: request.openConnections) }
    }

    func response(openConnections: Int) -> HTTPResponse {
        let uptime = startedAt.duration(to: .now)
        let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
        let body = Body(
            status: "ok", version: TavoloVersion.current, uptimeSeconds: (seconds * 1000).rounded() / 1000,
            openConnections: openConnections)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data(#"{"status":"ok"}"#.utf8)
        return .json(String(decoding: data, as: UTF8.self))
    }
}
