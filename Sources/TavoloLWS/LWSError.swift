/// Why the libwebsockets transport could not start.
public enum LWSError: Error, CustomStringConvertible, Equatable {
    case contextCreationFailed(host: String, port: Int)
    case alreadyStarted
    case tlsFileMissing(String)
    case webRootNotFound(String)
    /// `eventLoop: epoll` needs lws's libev plugin, which Debian ships apart.
    case libevPluginMissing

    public var description: String {
        switch self {
        case .contextCreationFailed(let host, let port):
            "could not listen on \(host):\(port) (address in use, or not an address of this machine?)"
        case .alreadyStarted: "the transport is already running"
        case .tlsFileMissing(let path): "TLS file not readable: \(path)"
        case .webRootNotFound(let path): "web root not found: \(path)"
        case .libevPluginMissing:
            "the epoll event loop needs libwebsockets' libev plugin (Debian: libwebsockets-evlib-ev); or set eventLoop: poll"
        }
    }
}

