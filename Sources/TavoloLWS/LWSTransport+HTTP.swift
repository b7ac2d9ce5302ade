import CLibWebSockets
import Glibc
import TavoloTransport

// Plain HTTP, on the service thread: static files from the web root, and
// application paths handed to Swift as `TransportEvent.httpRequest`.
extension LWSTransport {
    func handleHTTPRequest(_ wsi: OpaquePointer, uri: String, state: ServiceState) -> Int32 {
        if headerBytes(wsi) > configuration.maxHeaderBytes {
            return respondNow(wsi, .text(431, "request headers exceed \(configuration.maxHeaderBytes) bytes"), state: state)
        }
        let method = httpMethod(wsi)
        if configuration.isApplicationPath(uri) {
            var request = HTTPRequest(method: method, path: uri, query: queryArguments(wsi), headers: requestHeaders(wsi))
            let declared = request.headers["content-length"].flatMap { Int($0) } ?? 0
            if declared > configuration.maxRequestBodyBytes {
                return respondNow(wsi, .text(413, "request body exceeds \(configuration.maxRequestBodyBytes) bytes"), state: state)
            }
            if declared > 0, configuration.bodiesRequireAuthorization, request.headers["authorization"] == nil {
                var refusal = HTTPResponse.json(#"{"error":"send the token as 'Authorization: Bearer <token>'"}"#, status: 401)
                refusal.headers.append(("WWW-Authenticate", "Bearer"))
                return respondNow(wsi, refusal, state: state)
            }
            if declared > 0 {
                request.body.reserveCapacity(declared)
                state.requestsReceivingBody[wsi] = (request, false)
            } else {
                dispatch(request, from: wsi, state: state)
            }
            return 0
        }
        guard method == "GET" || method == "HEAD" else {
            return respondNow(wsi, .text(405, "method not allowed"), state: state)
        }
        return serveStaticFile(wsi, uri: uri, isHead: method == "HEAD", state: state)
    }

    func receiveBody(_ wsi: OpaquePointer, input: UnsafeMutableRawPointer?, length: Int, state: ServiceState) {
        guard var pending = state.requestsReceivingBody[wsi], let input else { return }
        if pending.overflow || pending.request.body.count + length > configuration.maxRequestBodyBytes {
            pending.overflow = true
            pending.request.body = []
        } else {
            pending.request.body.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
        }
        state.requestsReceivingBody[wsi] = pending
    }

    func completeBody(_ wsi: OpaquePointer, state: ServiceState) {
        guard let pending = state.requestsReceivingBody.removeValue(forKey: wsi) else { return }
        if pending.overflow {
            _ = respondNow(wsi, .text(413, "request body exceeds \(configuration.maxRequestBodyBytes) bytes"), state: state)
        } else {
            dispatch(pending.request, from: wsi, state: state)
        }
    }

    private func dispatch(_ request: HTTPRequest, from wsi: OpaquePointer, state: ServiceState) {
        let requestID = counters.nextRequestID.wrappingAdd(1, ordering: .relaxed).oldValue
        state.requestSockets[requestID] = wsi
        state.requestIDs[wsi] = requestID
        let abandonment = RequestAbandonment()
        state.abandonments[requestID] = abandonment
        lws_set_timer_usecs(wsi, Self.abandonmentCheckMicroseconds)
        continuation.yield(.httpRequest(request, HTTPResponder(abandonment: abandonment) { [self] response in
            enqueue(.respond(requestID: requestID, response))
        }))
    }

    /// lws does not read a connection while its request waits for the answer, so it would not
    /// notice its client leave: look every 50 ms (a peek that reads 0 bytes is the client's FIN).
    static let abandonmentCheckMicroseconds: lws_usec_t = 50_000

    /// On the request's timer: closes the connection of a client that has gone (so the application
    /// hears of it and stops), or looks again later.
    func checkAbandoned(_ wsi: OpaquePointer, state: ServiceState) -> Int32 {
        guard state.requestIDs[wsi] != nil else { return 0 }  // answered meanwhile
        if Self.clientLeft(wsi) { return -1 }
        lws_set_timer_usecs(wsi, Self.abandonmentCheckMicroseconds)
        return 0
    }

    /// Whether the client of a connection whose request waits has gone: a peek that reads 0 bytes
    /// is its FIN (bytes waiting, or nothing yet, mean it is still there).
    static func clientLeft(_ wsi: OpaquePointer) -> Bool {
        var byte: UInt8 = 0
        let peeked = recv(lws_get_socket_fd(wsi), &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return peeked == 0 || (peeked < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    func deliverResponse(requestID: UInt64, response: HTTPResponse, state: ServiceState) {
        state.abandonments[requestID] = nil
        guard let wsi = state.requestSockets.removeValue(forKey: requestID) else { return }  // client left
        state.requestIDs[wsi] = nil
        state.responses[wsi] = ResponseWriter(response: response, omitBody: httpMethod(wsi) == "HEAD")
        lws_callback_on_writable(wsi)
    }

    /// Answers without involving the application; written on the next writable callback.
    /// The bytes of every header libwebsockets parsed (custom ones are bounded by its buffer).
    func headerBytes(_ wsi: OpaquePointer) -> Int {
        (0..<Int(WSI_TOKEN_COUNT.rawValue)).reduce(0) { total, token in
            total + Int(lws_hdr_total_length(wsi, lws_token_indexes(rawValue: UInt32(token))))
        }
    }

    private func respondNow(
        _ wsi: OpaquePointer, _ response: HTTPResponse, omitBody: Bool = false, declaredLength: Int? = nil, state: ServiceState
    ) -> Int32 {
        state.responses[wsi] = ResponseWriter(response: response, omitBody: omitBody, declaredLength: declaredLength)
        lws_callback_on_writable(wsi)
        return 0
    }

    func writeHTTPResponse(_ wsi: OpaquePointer, state: ServiceState) -> Int32 {
        guard var writer = state.responses[wsi] else { return 0 }
        let body = writer.response.body
        if !writer.headersSent {
            guard writeHeaders(wsi, writer: writer, state: state) else { return -1 }
            writer.headersSent = true
            if writer.omitBody || body.isEmpty {
                state.responses[wsi] = nil
                return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
            }
            state.responses[wsi] = writer
            lws_callback_on_writable(wsi)
            return 0
        }
        // One write per writable callback, in chunks, the last one marked final.
        let chunk = min(body.count - writer.offset, 16 * 1024)
        let isFinal = writer.offset + chunk == body.count
        let written = state.withWriteBuffer(count: chunk) { buffer in
            body.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + writer.offset, count: chunk) }
            return lws_write(wsi, buffer, chunk, isFinal ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP)
        }
        guard written >= chunk else { return -1 }
        writer.offset += chunk
        if isFinal {
            state.responses[wsi] = nil
            return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
        }
        state.responses[wsi] = writer
        lws_callback_on_writable(wsi)
        return 0
    }

    private func writeHeaders(_ wsi: OpaquePointer, writer: ResponseWriter, state: ServiceState) -> Bool {
        let response = writer.response
        let headerBytes = response.headers.reduce(512) { $0 + $1.0.utf8.count + $1.1.utf8.count + 8 }
        let length = UInt64(writer.declaredLength ?? response.body.count)
        return state.withWriteBuffer(count: headerBytes + 1024) { start in
            var position: UnsafeMutablePointer<UInt8>? = start
            let end = start + headerBytes + 1023
            guard lws_add_http_common_headers(wsi, UInt32(response.status), response.contentType, length, &position, end) == 0
            else { return false }
            for (name, value) in response.headers {
                guard addHeader(wsi, name: name, value: value, position: &position, end: end) else { return false }
            }
            return lws_finalize_write_http_header(wsi, start, &position, end) == 0
        }
    }

    private func serveStaticFile(_ wsi: OpaquePointer, uri: String, isHead: Bool, state: ServiceState) -> Int32 {
        let root = state.staticFiles.root
        guard let relative = StaticFiles.relativePath(forRequestPath: uri),
            let resolved = realpath(root + "/" + relative, nil)
        else { return respondNow(wsi, .text(404, "not found"), state: state) }
        let path = String(cString: resolved)
        free(resolved)
        var info = stat()
        // Symlinks are resolved first, so a link pointing out of the web root is refused too.
        guard path.hasPrefix(root + "/"), stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return respondNow(wsi, .text(404, "not found"), state: state)
        }
        let etag = StaticFiles.entityTag(
            size: Int(info.st_size), modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
        let contentType = StaticFiles.contentType(forPath: path)
        var validators = [("ETag", etag), ("Cache-Control", StaticFiles.cacheControl)]
        if StaticFiles.isCompressible(contentType: contentType) {
            // Caches must keep the encodings apart, whichever this answer uses.
            validators.append(("Vary", "Accept-Encoding"))
            if let encoding = StaticFiles.preferredEncoding(acceptEncoding: header(wsi, WSI_TOKEN_HTTP_ACCEPT_ENCODING)),
                let encoded = state.precompressed.encoded(path: path, entityTag: etag)
            {
                return serveEncoded(wsi, encoded, encoding, contentType: contentType, isHead: isHead, state: state)
            }
        }
        if header(wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH) == etag {
            return respondNow(wsi, HTTPResponse(status: 304, contentType: contentType, headers: validators), omitBody: true, state: state)
        }
        if isHead {
            return respondNow(
                wsi, HTTPResponse(status: 200, contentType: contentType, headers: validators), omitBody: true,
                declaredLength: Int(info.st_size), state: state)
        }
        var extra = [UInt8](repeating: 0, count: 512)
        let extraLength: Int? = extra.withUnsafeMutableBufferPointer { buffer in
            let start = buffer.baseAddress!
            var position: UnsafeMutablePointer<UInt8>? = start
            for (name, value) in validators {
                guard addHeader(wsi, name: name, value: value, position: &position, end: start + buffer.count) else { return nil }
            }
            return position.map { $0 - start }
        }
        guard let extraLength else { return -1 }
        let result = extra.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: extraLength) {
                lws_serve_http_file(wsi, path, contentType, $0, Int32(extraLength))
            }
        }
        if result < 0 { return -1 }
        if result > 0 { return lws_http_transaction_completed(wsi) != 0 ? -1 : 0 }
        return 0
    }

    /// A static file from the precompressed copy, with its own validator.
    private func serveEncoded(
        _ wsi: OpaquePointer, _ encoded: PrecompressedFiles.Encoded, _ encoding: StaticFiles.ContentEncoding, contentType: String,
        isHead: Bool, state: ServiceState
    ) -> Int32 {
        let tag = StaticFiles.entityTag(encoded.entityTag, encoding: encoding)
        let headers = [
            ("ETag", tag), ("Cache-Control", StaticFiles.cacheControl), ("Vary", "Accept-Encoding"), ("Content-Encoding", encoding.rawValue),
        ]
        if header(wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH) == tag {
            return respondNow(wsi, HTTPResponse(status: 304, contentType: contentType, headers: headers), omitBody: true, state: state)
        }
        let body = encoded.bytes(encoding)
        return respondNow(
            wsi, HTTPResponse(status: 200, contentType: contentType, headers: headers, body: isHead ? [] : body), omitBody: isHead,
            declaredLength: body.count, state: state)
    }

    private func addHeader(
        _ wsi: OpaquePointer, name: String, value: String, position: inout UnsafeMutablePointer<UInt8>?,
        end: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        // lws wants the name with its colon, lower case so it is valid for HTTP/2 too.
        let nameBytes = Array((name.lowercased() + ":").utf8) + [0]
        let valueBytes = Array(value.utf8)
        return nameBytes.withUnsafeBufferPointer { namePointer in
            valueBytes.withUnsafeBufferPointer { valuePointer in
                lws_add_http_header_by_name(
                    wsi, namePointer.baseAddress, valuePointer.baseAddress, Int32(valueBytes.count), &position, end) == 0
            }
        }
    }

    private func httpMethod(_ wsi: OpaquePointer) -> String {
        let methods: [(lws_token_indexes, String)] = [
            (WSI_TOKEN_GET_URI, "GET"), (WSI_TOKEN_POST_URI, "POST"), (WSI_TOKEN_PUT_URI, "PUT"),
            (WSI_TOKEN_PATCH_URI, "PATCH"), (WSI_TOKEN_DELETE_URI, "DELETE"), (WSI_TOKEN_HEAD_URI, "HEAD"),
            (WSI_TOKEN_OPTIONS_URI, "OPTIONS"),
        ]
        return methods.first { lws_hdr_total_length(wsi, $0.0) > 0 }?.1 ?? "GET"
    }

    private func requestHeaders(_ wsi: OpaquePointer) -> [String: String] {
        let known: [(lws_token_indexes, String)] = [
            (WSI_TOKEN_HOST, "host"), (WSI_TOKEN_ORIGIN, "origin"), (WSI_TOKEN_HTTP_AUTHORIZATION, "authorization"),
            (WSI_TOKEN_HTTP_CONTENT_TYPE, "content-type"), (WSI_TOKEN_HTTP_CONTENT_LENGTH, "content-length"),
            (WSI_TOKEN_HTTP_ACCEPT, "accept"), (WSI_TOKEN_HTTP_ACCEPT_LANGUAGE, "accept-language"),
            (WSI_TOKEN_HTTP_USER_AGENT, "user-agent"), (WSI_TOKEN_HTTP_COOKIE, "cookie"),
            (WSI_TOKEN_HTTP_IF_NONE_MATCH, "if-none-match"),
        ]
        var headers: [String: String] = [:]
        for (token, name) in known {
            if let value = header(wsi, token) { headers[name] = value }
        }
        return headers
    }
}

extension HTTPResponse {
    static func text(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, body: Array((message + "\n").utf8))
    }
}
