import CLibWebSockets
import Glibc
import TavoloTransport

/// The C structures libwebsockets reads for the whole life of a context.
///
/// Swift 6 refuses globals holding C structs and callbacks, and lws keeps
/// pointers to these, so they live on the heap, owned here, and are freed only
/// after `lws_context_destroy`.
final class ContextResources {
    let protocols: UnsafeMutablePointer<lws_protocols>
    let extensions: UnsafeMutablePointer<lws_extension>
    let retryPolicy: UnsafeMutablePointer<lws_retry_bo_t>
    /// `info.foreign_loops`: the one libev loop of the one service thread, when on epoll.
    let foreignLoops: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private var strings: [UnsafeMutablePointer<CChar>] = []

    static let subprotocol = "tavolo.v1"

    init(configuration: TransportConfiguration) {
        protocols = .allocate(capacity: 2)
        extensions = .allocate(capacity: 2)
        retryPolicy = .allocate(capacity: 1)
        foreignLoops = .allocate(capacity: 1)
        foreignLoops.initialize(to: nil)

        var main = lws_protocols()
        main.name = UnsafePointer(copy(Self.subprotocol))
        main.callback = lwsCallback
        main.per_session_data_size = 0
        // Large frames arrive in chunks of this size; reassembly is ours.
        main.rx_buffer_size = 16 * 1024
        protocols[0] = main
        protocols[1] = lws_protocols()

        var deflate = lws_extension()
        deflate.name = UnsafePointer(copy("permessage-deflate"))
        deflate.callback = lws_extension_callback_pm_deflate
        deflate.client_offer = UnsafePointer(copy("permessage-deflate; client_no_context_takeover; client_max_window_bits"))
        extensions[0] = deflate
        extensions[1] = lws_extension()

        var retry = lws_retry_bo_t()
        retry.secs_since_valid_ping = UInt16(clamping: configuration.pingIntervalSeconds)
        retry.secs_since_valid_hangup = UInt16(clamping: configuration.idleTimeoutSeconds)
        retryPolicy.pointee = retry
    }

    /// A C string that lives as long as these resources.
    func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(string)!
        strings.append(pointer)
        return pointer
    }

    deinit {
        for pointer in strings { free(pointer) }
        protocols.deallocate()
        extensions.deallocate()
        retryPolicy.deallocate()
        foreignLoops.deallocate()
    }
}
