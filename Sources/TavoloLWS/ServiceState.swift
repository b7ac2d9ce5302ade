import CLibWebSockets
import Foundation
import Logging
import TavoloTransport

/// Everything the service thread owns: the C resources and the state of every
/// connection, keyed by its `struct lws *`. Reached only through `ServiceThreadBound`.
final class ServiceState {
    let configuration: TransportConfiguration
    let logger: Logger
    let resources: ContextResources
    /// Absolute, symlink-free web root; set when the context is created.
    private(set) var staticFiles = StaticFiles(root: "")
    /// The web root's text files, compressed in the background after the context is made.
    let precompressed = PrecompressedFiles()

    var connections: [OpaquePointer: WebSocketConnection] = [:]
    var sockets: [ConnectionID: OpaquePointer] = [:]
    var upgrades: [OpaquePointer: ConnectionInfo] = [:]
    /// Application requests still receiving their body.
    var requestsReceivingBody: [OpaquePointer: (request: HTTPRequest, overflow: Bool)] = [:]
    /// Application requests handed to Swift and not answered yet.
    var requestSockets: [UInt64: OpaquePointer] = [:]
    var requestIDs: [OpaquePointer: UInt64] = [:]
    /// How to tell the application that a request's client went away.
    var abandonments: [UInt64: RequestAbandonment] = [:]
    /// Responses being written, one per HTTP connection.
    var responses: [OpaquePointer: ResponseWriter] = [:]
    /// Reused buffer with `LWS_PRE` bytes of headroom for `lws_write`.
    var scratch: [UInt8] = []

    /// The libev loop (epoll backend) the service runs on; nil on lws's own poll loop. Owned here:
    /// lws only borrows a foreign loop, so it is destroyed after the context (`destroyEventLoop`).
    private(set) var eventLoop: OpaquePointer?
    /// On the libev loop, lws's timer lists (`tavolo_timer_lists`), serviced by `serviceOnce`…
    private var timerLists: UnsafeMutablePointer<lws_dll2_owner_t>?
    /// …which arms this libev timer for the next one due.
    private var timerWake: UnsafeMutablePointer<ev_timer>?

    private(set) var stopping = false
    private var deadline = ContinuousClock.now

    init(configuration: TransportConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.resources = ContextResources(configuration: configuration)
    }

    var isFinished: Bool { stopping && (connections.isEmpty || ContinuousClock.now >= deadline) }

    func beginShutdown() {
        stopping = true
        // Draining normally takes milliseconds; the cap leaves a second of the 2-second budget
        // for destroying the context and flushing the store, even on a busy machine.
        deadline = ContinuousClock.now + .milliseconds(1000)
    }

    func createContext(user: UnsafeMutableRawPointer) -> Result<(OpaquePointer, Int), LWSError> {
        guard let root = realpath(configuration.webRoot, nil) else {
            return .failure(.webRootNotFound(configuration.webRoot))
        }
        staticFiles = StaticFiles(root: String(cString: root))
        free(root)
        let precompressed = self.precompressed, absoluteRoot = staticFiles.root
        Task.detached(priority: .background) { precompressed.prepare(root: absoluteRoot) }

        var info = lws_context_creation_info()
        info.port = Int32(configuration.port)
        let host = configuration.host
        if !host.isEmpty && host != "0.0.0.0" && host != "::" {
            info.iface = UnsafePointer(resources.copy(host))
        }
        info.protocols = UnsafePointer(resources.protocols)
        if configuration.permessageDeflate { info.extensions = UnsafePointer(resources.extensions) }
        info.retry_and_idle_policy = UnsafePointer(resources.retryPolicy)
        // Room for heads up to four times the limit, so that one over it gets its 431 instead of
        // being dropped by libwebsockets (its default of 4 KiB dropped ordinary large cookies).
        info.max_http_header_data = UInt16(clamping: configuration.maxHeaderBytes * 4)
        info.user = user
        info.options = UInt64(LWS_SERVER_OPTION_VALIDATE_UTF8)
            | UInt64(LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE)
        if host.contains(".") { info.options |= UInt64(LWS_SERVER_OPTION_DISABLE_IPV6) }
        if configuration.eventLoop == .epoll {
            // lws would fail to create the context without saying why. The handle is kept open: lws
            // loads the same plugin next, and closing ours first (so that lws loads it afresh) made
            // deliveries on the epoll loop stall for 150-300 ms at p99 under load (bench/load).
            guard dlopen(Self.libevPlugin, RTLD_NOW | RTLD_LOCAL) != nil else { return .failure(.libevPluginMissing) }
            // A loop of our own rather than the plugin's: lws then installs no SIGINT watcher (the
            // application handles signals), and the service thread decides when to stop running it.
            guard let loop = ev_loop_new(UInt32(EVBACKEND_EPOLL) | UInt32(EVFLAG_NOENV) | UInt32(EVFLAG_NOSIGMASK)) else {
                return .failure(.contextCreationFailed(host: host, port: configuration.port))
            }
            eventLoop = loop
            resources.foreignLoops.pointee = UnsafeMutableRawPointer(loop)
            info.foreign_loops = resources.foreignLoops
            info.options |= UInt64(LWS_SERVER_OPTION_LIBEV)
        }
        if let certificate = configuration.tlsCertificate, let key = configuration.tlsPrivateKey {
            info.options |= UInt64(LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT)
            info.ssl_cert_filepath = UnsafePointer(resources.copy(certificate))
            info.ssl_private_key_filepath = UnsafePointer(resources.copy(key))
        }
        guard let context = lws_create_context(&info) else {
            destroyEventLoop()
            return .failure(.contextCreationFailed(host: host, port: configuration.port))
        }
        if eventLoop != nil {
            // Without its timer lists the libev loop would leave lws's timers to the plugin.
            guard let lists = tavolo_timer_lists(context) else {
                lws_context_destroy(context)
                destroyEventLoop()
                return .failure(.contextCreationFailed(host: host, port: configuration.port))
            }
            timerLists = lists
            let wake = UnsafeMutablePointer<ev_timer>.allocate(capacity: 1)
            tavolo_wake_init(wake)
            timerWake = wake
        }
        let port = lws_get_vhost_by_name(context, "default").map { Int(lws_get_vhost_listen_port($0)) }
        return .success((context, port ?? configuration.port))
    }

    /// The file lws loads for `LWS_SERVER_OPTION_LIBEV` (package libwebsockets-evlib-ev).
    static let libevPlugin = "libwebsockets-evlib_ev.so"

    /// Waits for events once and services them (libev), or one `lws_service` pass (poll).
    /// Returns false if lws reports the context unusable.
    ///
    /// On libev, lws's timers (pings, `lws_set_timeout`, `lws_set_timer_usecs`) are run here before
    /// each wait, and the wait ends when the next is due, as lws's own poll loop does: the libev
    /// plugin's timer cannot be relied on over a loop it does not own (see `tavolo_service_timers`).
    func serviceOnce(_ context: OpaquePointer) -> Bool {
        if let eventLoop, let timerLists, let timerWake {
            tavolo_wake_after(eventLoop, timerWake, tavolo_service_timers(timerLists))
            ev_run(eventLoop, Int32(EVRUN_ONCE))
            return true
        }
        return lws_service(context, 0) >= 0
    }

    /// After `lws_context_destroy`: the loop lws borrowed is ours to free.
    func destroyEventLoop() {
        guard let loop = eventLoop else { return }
        timerLists = nil
        if let timerWake {
            ev_timer_stop(loop, timerWake)
            timerWake.deallocate()
            self.timerWake = nil
        }
        eventLoop = nil
        resources.foreignLoops.pointee = nil
        ev_loop_destroy(loop)
    }

    /// After `lws_context_destroy` every handle is gone; drop what still points at them.
    func contextDestroyed() {
        destroyEventLoop()
        connections.removeAll()
        sockets.removeAll()
        upgrades.removeAll()
        requestsReceivingBody.removeAll()
        requestSockets.removeAll()
        requestIDs.removeAll()
        abandonments.removeAll()
        responses.removeAll()
    }

    /// Forgets an HTTP connection's pending work when it closes.
    func forgetHTTP(_ wsi: OpaquePointer) {
        upgrades[wsi] = nil
        requestsReceivingBody[wsi] = nil
        responses[wsi] = nil
        if let id = requestIDs.removeValue(forKey: wsi) {
            requestSockets[id] = nil
            // The client left before its answer: whatever works on it may stop.
            if let abandonment = abandonments.removeValue(forKey: id) {
                logger.debug("request abandoned by its client", metadata: ["http.request": "\(id)"])
                abandonment.abandon()
            }
        }
    }

    /// Runs `body` with a buffer of at least `count` bytes after `LWS_PRE` bytes of headroom.
    func withWriteBuffer<R>(count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> R) -> R {
        let needed = lwsPre + count
        if scratch.count < needed { scratch = [UInt8](repeating: 0, count: max(needed, 4096)) }
        return scratch.withUnsafeMutableBufferPointer { body($0.baseAddress! + lwsPre) }
    }
}

let lwsPre = Int(tavolo_lws_pre)

/// An HTTP response on its way out: headers first, then the body in chunks.
struct ResponseWriter {
    var response: HTTPResponse
    /// HEAD requests get the headers of the full response and no body.
    var omitBody: Bool
    /// Content-Length to declare when the body is omitted (HEAD of a file).
    var declaredLength: Int?
    var headersSent = false
    var offset = 0
}
