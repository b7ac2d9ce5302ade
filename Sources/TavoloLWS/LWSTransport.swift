import CLibWebSockets
import CWebSocketReads
import Foundation
import Logging
import Synchronization
import TavoloTransport

/// The HTTP + WebSocket transport on libwebsockets.
///
/// One service thread owns the lws context and every connection handle
/// (`ServiceThreadBound`). Swift code on other threads talks to it only through
/// the `Inbox` and `lws_cancel_service`, and hears from it through `events`.
public final class LWSTransport: Transport {
    public let configuration: TransportConfiguration
    public let events: AsyncStream<TransportEvent>
    let continuation: AsyncStream<TransportEvent>.Continuation
    let inbox = Inbox()
    let counters = TransportCounters()
    let logger: Logger
    let service: ServiceThreadBound<ServiceState>
    /// The context pointer, published for `lws_cancel_service`, the one call lws allows from any thread.
    private let context = Mutex<ContextHandle?>(nil)
    private let lifecycle = Mutex<Lifecycle>(.idle)

    private enum Lifecycle {
        case idle
        case running(finished: [CheckedContinuation<Void, Never>])
        case stopped
    }

    public init(configuration: TransportConfiguration, logger: Logger = Logger(label: "tavolo.transport")) {
        self.configuration = configuration
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: TransportEvent.self)
        service = ServiceThreadBound(ServiceState(configuration: configuration, logger: logger))
    }

    /// Starts listening and returns the bound port (useful with port 0).
    public func start() async throws -> Int {
        try lifecycle.withLock { state in
            guard case .idle = state else { throw LWSError.alreadyStarted }
            state = .running(finished: [])
        }
        for path in [configuration.tlsCertificate, configuration.tlsPrivateKey].compactMap({ $0 })
        where !FileManager.default.isReadableFile(atPath: path) {
            lifecycle.withLock { $0 = .stopped }
            throw LWSError.tlsFileMissing(path)
        }
        installLibWebSocketsLogging()
        return try await withCheckedThrowingContinuation { (started: CheckedContinuation<Int, any Error>) in
            let thread = Thread { [self] in runServiceThread(reportStart: started) }
            thread.name = "tavolo-lws"
            thread.start()
        }
    }

    /// Stops accepting, closes every WebSocket with 1001 after flushing its queue,
    /// and returns once the context is destroyed (about 1 s at most). Safe to call twice.
    public func shutdown() async {
        let mustWait: Bool = lifecycle.withLock {
            if case .running = $0 { return true }
            return false
        }
        guard mustWait else { return }
        enqueue(.shutdown)
        // The service loop checks its deadline only when woken; keep waking it until it exits.
        let ticker = Task.detached { [self] in
            while !Task.isCancelled {
                wake()
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let alreadyStopped: Bool = lifecycle.withLock { state in
                switch state {
                case .running(var waiters):
                    waiters.append(done)
                    state = .running(finished: waiters)
                    return false
                case .idle, .stopped:
                    return true
                }
            }
            if alreadyStopped { done.resume() }
        }
        ticker.cancel()
    }

    public func send(_ message: WebSocketMessage, to connection: ConnectionID) {
        enqueue(.send(OutgoingMessage(message), [connection]))
    }

    public func send(_ message: WebSocketMessage, to connections: [ConnectionID]) {
        guard !connections.isEmpty else { return }
        enqueue(.send(OutgoingMessage(message), connections))
    }

    public func close(_ connection: ConnectionID, code: CloseCode, reason: String) {
        enqueue(.close(connection, code, reason))
    }

    public var openConnectionCount: Int { counters.openConnections.load(ordering: .relaxed) }

    func enqueue(_ command: Command) {
        if inbox.append(command) { wake() }
    }

    func wake() {
        context.withLock { handle in
            if let handle { lws_cancel_service(handle.pointer) }
        }
    }

    // MARK: service thread

    private func runServiceThread(reportStart: CheckedContinuation<Int, any Error>) {
        service.claim()
        tavolo_reads_claim_thread()
        defer { tavolo_reads_release_thread() }
        let state = service.value
        let unmanagedSelf = Unmanaged.passRetained(self)
        defer { unmanagedSelf.release() }
        let pointer: OpaquePointer
        let port: Int
        switch state.createContext(user: unmanagedSelf.toOpaque()) {
        case .success(let created):
            (pointer, port) = created
        case .failure(let error):
            lifecycle.withLock { $0 = .stopped }
            continuation.finish()
            reportStart.resume(throwing: error)
            return
        }
        context.withLock { $0 = ContextHandle(pointer: pointer) }
        logger.info("listening", metadata: ["http.host": "\(configuration.host)", "http.port": "\(port)"])
        reportStart.resume(returning: port)

        while !state.isFinished {
            if !state.serviceOnce(pointer) { break }
        }
        context.withLock { $0 = nil }
        lws_context_destroy(pointer)
        state.contextDestroyed()
        continuation.finish()
        let waiters: [CheckedContinuation<Void, Never>] = lifecycle.withLock { state in
            defer { state = .stopped }
            if case .running(let waiters) = state { return waiters }
            return []
        }
        for waiter in waiters { waiter.resume() }
        logger.info("stopped")
    }
}

/// The context pointer, shared only so other threads can call `lws_cancel_service`,
/// which libwebsockets documents as safe from any thread while the context exists;
/// it is cleared under the same lock before `lws_context_destroy`.
struct ContextHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
