import CLibWebSockets
import CWebSocketReads
import TavoloTransport

/// The one libwebsockets callback, for HTTP and WebSocket alike. It runs on the
/// service thread and finds the transport through the context's user pointer.
func lwsCallback(
    _ wsi: OpaquePointer?, _ reason: lws_callback_reasons, _ user: UnsafeMutableRawPointer?,
    _ input: UnsafeMutableRawPointer?, _ length: Int
) -> Int32 {
    guard let wsi, let context = lws_get_context(wsi), let transportPointer = lws_context_user(context) else {
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
    let transport = Unmanaged<LWSTransport>.fromOpaque(transportPointer).takeUnretainedValue()
    let state = transport.service.value
    switch reason {
    case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
        // A new socket (`input` is its descriptor) is never followed as a WebSocket before its
        // handshake, even if a closed one with the same number was not forgotten.
        tavolo_reads_forget(Int32(truncatingIfNeeded: Int(bitPattern: input)))
        return state.stopping ? 1 : 0  // stop accepting once shutdown began
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        transport.drainInbox(state)
        return 0
    case LWS_CALLBACK_HTTP:
        let uri = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? "/"
        return transport.handleHTTPRequest(wsi, uri: uri, state: state)
    case LWS_CALLBACK_HTTP_BODY:
        transport.receiveBody(wsi, input: input, length: length, state: state)
        return 0
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        transport.completeBody(wsi, state: state)
        return 0
    case LWS_CALLBACK_HTTP_WRITEABLE:
        return transport.writeHTTPResponse(wsi, state: state)
    case LWS_CALLBACK_HTTP_FILE_COMPLETION:
        return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
    case LWS_CALLBACK_TIMER:
        return transport.checkAbandoned(wsi, state: state)
    case LWS_CALLBACK_CLOSED_HTTP:
        state.forgetHTTP(wsi)
        return 0
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
        return transport.confirmUpgrade(wsi, state: state)
    case LWS_CALLBACK_ESTABLISHED:
        transport.establish(wsi, state: state)
        return 0
    case LWS_CALLBACK_RECEIVE:
        return transport.receive(wsi, input: input, length: length, state: state)
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return transport.writeWebSocket(wsi, state: state)
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        // A 1-byte close payload is invalid (RFC 6455 5.5.1); lws would echo it back, so drop instead.
        if length == 1 { return -1 }
        // The answer to our close frame: nothing more to say.
        if state.connections[wsi]?.closeFrameSent == true { return -1 }
        if let input, length >= 2, let connection = state.connections[wsi] {
            let bytes = input.assumingMemoryBound(to: UInt8.self)
            connection.peerCloseCode = CloseCode(rawValue: UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
        }
        return 0
    case LWS_CALLBACK_CLOSED:
        transport.closed(wsi, state: state)
        return 0
    default:
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
}

/// Reads one request header, or nil if absent.
func header(_ wsi: OpaquePointer, _ token: lws_token_indexes) -> String? {
    let length = Int(lws_hdr_total_length(wsi, token))
    guard length > 0 else { return nil }
    var buffer = [CChar](repeating: 0, count: length + 1)
    let copied = lws_hdr_copy(wsi, &buffer, Int32(length + 1), token)
    guard copied >= 0 else { return nil }
    return String(decoding: buffer.prefix(Int(copied)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The request's query arguments. libwebsockets keeps each `k=v` as one fragment, already
/// percent-decoded (`+` as a space): each is split at its first `=` and not decoded again, or a
/// literal `+`, `%` or `&` in a value (an organisation "A+B & C") would be read as something else.
func queryArguments(_ wsi: OpaquePointer) -> [String: String] {
    var arguments: [String: String] = [:]
    var buffer = [CChar](repeating: 0, count: 4096)
    var index: Int32 = 0
    while index < 64 {
        let copied = lws_hdr_copy_fragment(wsi, &buffer, Int32(buffer.count), WSI_TOKEN_HTTP_URI_ARGS, index)
        guard copied >= 0 else { break }
        let fragment = String(decoding: buffer.prefix(Int(copied)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let parts = fragment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        if let key = parts.first, !key.isEmpty { arguments[String(key)] = parts.count > 1 ? String(parts[1]) : "" }
        index += 1
    }
    return arguments
}

/// Sets the close code and reason lws sends when the callback returns -1.
func setCloseReason(_ wsi: OpaquePointer, code: CloseCode, reason: String) {
    var bytes = Array(reason.utf8.prefix(120))  // a close frame's payload is at most 125 bytes
    bytes.withUnsafeMutableBufferPointer { buffer in
        lws_close_reason(wsi, lws_close_status(rawValue: UInt32(code.rawValue)), buffer.baseAddress, buffer.count)
    }
}
