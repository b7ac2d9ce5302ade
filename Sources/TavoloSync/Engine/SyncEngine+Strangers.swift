import TavoloTransport

/// Connections without a principal are cheap and short-lived: capped in all and per address,
/// and closed if they do not say `hello` in time.
extension SyncEngine {
    /// Admits a new connection, or closes it (1013) when too many strangers are connected.
    func accept(_ info: ConnectionInfo) {
        let connection = Connection(info: info, messagesPerSecond: settings.messagesPerSecond, now: .now)
        connections[info.id] = connection
        guard strangers.admit(
            from: info.remoteAddress, maxAll: settings.maxUnauthenticatedConnections, maxPerAddress: settings.maxUnauthenticatedPerAddress)
        else {
            logger.notice("too many connections without hello", metadata: ["conn.address": "\(info.remoteAddress)"])
            close(connection, code: .tryAgainLater, reason: "too many connections without hello; retry later")
            return
        }
        connection.countedUnauthenticated = true
        helloDeadlines.append((ContinuousClock.now + .seconds(settings.helloTimeoutSeconds), info.id))
    }

    /// The connection was authenticated or is gone: it no longer counts as a stranger.
    func forgetStranger(_ connection: Connection) {
        guard connection.countedUnauthenticated else { return }
        connection.countedUnauthenticated = false
        strangers.forget(from: connection.info.remoteAddress)
    }

    /// Closes connections that opened `helloTimeoutSeconds` ago and have sent nothing since. One
    /// whose hello waits in its inbox is not silent: a loop slowed by a long merge must not close it.
    func closeSilentStrangers(now: ContinuousClock.Instant) {
        while let (deadline, id) = helloDeadlines.first, deadline <= now {
            helloDeadlines.removeFirst()
            guard let connection = connections[id], case .greeting = connection.phase, !connection.hasSentAnything else { continue }
            refuse(connection, ProtocolError(.notAuthenticated, "no hello within \(settings.helloTimeoutSeconds) s"))
        }
    }
}
