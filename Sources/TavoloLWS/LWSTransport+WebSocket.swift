import CLibWebSockets
import CWebSocketReads
import TavoloTransport

// WebSocket handling, on the service thread.
extension LWSTransport {
    func confirmUpgrade(_ wsi: OpaquePointer, state: ServiceState) -> Int32 {
        guard headerBytes(wsi) <= configuration.maxHeaderBytes else {
            _ = lws_return_http_status(wsi, 431, nil)
            return 1
        }
        let path = header(wsi, WSI_TOKEN_GET_URI) ?? ""
        guard path == "/ws" else {
            _ = lws_return_http_status(wsi, 404, nil)
            return 1
        }
        let origin = header(wsi, WSI_TOKEN_ORIGIN)
        guard configuration.allowsOrigin(origin, host: header(wsi, WSI_TOKEN_HOST)) else {
            logger.notice("refused WebSocket from disallowed origin", metadata: ["http.origin": "\(origin ?? "")"])
            _ = lws_return_http_status(wsi, 403, nil)
            return 1
        }
        guard !state.stopping else {
            _ = lws_return_http_status(wsi, 503, nil)
            return 1
        }
        let offered = header(wsi, WSI_TOKEN_PROTOCOL) ?? ""
        let subprotocol = offered.split(separator: ",").contains {
            $0.trimmingCharacters(in: " ") == ContextResources.subprotocol
        }
        var address = [CChar](repeating: 0, count: 64)
        let remote = lws_get_peer_simple(wsi, &address, address.count).map { String(cString: $0) } ?? ""
        state.upgrades[wsi] = ConnectionInfo(
            id: ConnectionID(0), path: path, query: queryArguments(wsi),
            subprotocol: subprotocol ? ContextResources.subprotocol : nil, origin: origin, remoteAddress: remote)
        return 0
    }

    func establish(_ wsi: OpaquePointer, state: ServiceState) {
        let pending = state.upgrades.removeValue(forKey: wsi) ?? ConnectionInfo(id: ConnectionID(0), path: "/ws")
        let id = ConnectionID(counters.nextConnectionID.wrappingAdd(1, ordering: .relaxed).oldValue)
        let info = ConnectionInfo(
            id: id, path: pending.path, query: pending.query, subprotocol: pending.subprotocol,
            origin: pending.origin, remoteAddress: pending.remoteAddress)
        state.connections[wsi] = WebSocketConnection(info: info)
        state.sockets[id] = wsi
        // From here on its reads end after each ping, so every ping gets its pong (CWebSocketReads).
        tavolo_reads_track(lws_get_socket_fd(wsi))
        counters.openConnections.add(1, ordering: .relaxed)
        continuation.yield(.opened(info))
    }

    func receive(_ wsi: OpaquePointer, input: UnsafeMutableRawPointer?, length: Int, state: ServiceState) -> Int32 {
        guard let connection = state.connections[wsi] else { return 0 }
        guard connection.pendingClose == nil else {
            // Closing: what still arrives is discarded. A peer that keeps pouring it in would cost
            // the one service thread its inflating and reading, so past 64 KiB stop reading it:
            // the close frame is already on its way, and the close timeout ends the socket.
            connection.discardedBytes += length
            if connection.discardedBytes > 1 << 16 { lws_rx_flow_control(wsi, 0) }
            return 0
        }
        if lws_is_first_fragment(wsi) != 0 {
            connection.incoming.removeAll(keepingCapacity: true)
            connection.incomingIsBinary = lws_frame_is_binary(wsi) != 0
        }
        let now = ContinuousClock.now
        let since = connection.incomingSince ?? now
        connection.incomingSince = since
        guard connection.incoming.count + length <= configuration.maxMessageBytes else {
            refuseIncoming(wsi, connection, code: .messageTooBig, reason: "message exceeds \(configuration.maxMessageBytes) bytes")
            return 0
        }
        guard since.duration(to: now) <= .seconds(configuration.messageTimeoutSeconds) else {
            refuseIncoming(wsi, connection, code: .policyViolation, reason: "message took over \(configuration.messageTimeoutSeconds) s to arrive")
            return 0
        }
        if let input, length > 0 {
            connection.incoming.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
        }
        guard lws_is_final_fragment(wsi) != 0, lws_remaining_packet_payload(wsi) == 0 else { return 0 }
        let payload = connection.incoming
        connection.incoming = []
        connection.incomingSince = nil
        let message: WebSocketMessage =
            connection.incomingIsBinary ? .binary(payload) : .text(String(decoding: payload, as: UTF8.self))
        continuation.yield(.message(connection.info.id, message))
        return 0
    }

    /// Sends the close frame and keeps reading (and discarding) until the peer answers with its
    /// own or two seconds pass: closing the socket on unread input would reset the connection,
    /// and the peer would lose the close frame, and with it the reason.
    private func sendCloseFrame(
        _ wsi: OpaquePointer, _ connection: WebSocketConnection, code: CloseCode, reason: String, state: ServiceState
    ) -> Int32 {
        guard !connection.closeFrameSent else { return 0 }
        connection.closeFrameSent = true
        let payload = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)] + Array(reason.utf8.prefix(120))
        let written = state.withWriteBuffer(count: payload.count) { buffer in
            payload.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: payload.count) }
            // Opcode 4 (close): the header names it only as the internal LWS_WRITE_CLOSE.
            return lws_write(wsi, buffer, payload.count, lws_write_protocol(rawValue: 4))
        }
        guard written >= 0 else { return -1 }
        lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_ACK, 2)
        return 0
    }

    /// Drops what arrived of a message and closes after telling the peer why.
    private func refuseIncoming(_ wsi: OpaquePointer, _ connection: WebSocketConnection, code: CloseCode, reason: String) {
        connection.incoming = []
        connection.incomingSince = nil
        logger.notice("closing: \(reason)", metadata: ["conn.id": "\(connection.info.id)"])
        // Closed from the writable callback: returning -1 here, inside permessage-deflate's
        // inflate loop, drops the connection without a close frame.
        connection.discardQueue()
        connection.pendingClose = (code, reason, false)
        connection.lingerOnClose = true
        lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, 2)
        lws_callback_on_writable(wsi)
    }

    func writeWebSocket(_ wsi: OpaquePointer, state: ServiceState) -> Int32 {
        // lws writes a pong it owes before this callback: reads held back behind a ping go on.
        tavolo_reads_resume(lws_get_socket_fd(wsi))
        guard let connection = state.connections[wsi] else { return 0 }
        if let close = connection.pendingClose, !(close.drainFirst && connection.hasQueuedMessages) {
            guard connection.lingerOnClose else {
                setCloseReason(wsi, code: close.code, reason: close.reason)
                return -1
            }
            return sendCloseFrame(wsi, connection, code: close.code, reason: close.reason, state: state)
        }
        guard let message = connection.dequeue() else { return 0 }
        let count = message.payload.count
        let written = state.withWriteBuffer(count: count) { buffer in
            message.payload.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: count) }
            return lws_write(wsi, buffer, count, message.isBinary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT)
        }
        guard written >= count else { return -1 }
        if connection.hasQueuedMessages || connection.pendingClose != nil { lws_callback_on_writable(wsi) }
        return 0
    }

    func closed(_ wsi: OpaquePointer, state: ServiceState) {
        guard let connection = state.connections.removeValue(forKey: wsi) else { return }
        tavolo_reads_forget(lws_get_socket_fd(wsi))
        state.sockets[connection.info.id] = nil
        counters.openConnections.subtract(1, ordering: .relaxed)
        continuation.yield(.closed(connection.info.id, connection.pendingClose?.code ?? connection.peerCloseCode))
    }

    func drainInbox(_ state: ServiceState) {
        for command in inbox.drain() {
            switch command {
            case .send(let message, let recipients):
                for id in recipients { queue(message, for: id, state: state) }
            case .close(let id, let code, let reason):
                guard let wsi = state.sockets[id], let connection = state.connections[wsi],
                    connection.pendingClose == nil
                else { continue }
                connection.pendingClose = (code, reason, true)
                connection.lingerOnClose = true
                lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, 10)
                lws_callback_on_writable(wsi)
            case .respond(let requestID, let response):
                deliverResponse(requestID: requestID, response: response, state: state)
            case .shutdown:
                guard !state.stopping else { continue }
                state.beginShutdown()
                for (wsi, connection) in state.connections where connection.pendingClose == nil {
                    connection.pendingClose = (.goingAway, "server shutting down", true)
                    lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, 1)
                    lws_callback_on_writable(wsi)
                }
            }
        }
    }

    private func queue(_ message: OutgoingMessage, for id: ConnectionID, state: ServiceState) {
        guard let wsi = state.sockets[id], let connection = state.connections[wsi], connection.pendingClose == nil
        else { return }
        let wasIdle = !connection.hasQueuedMessages
        if connection.enqueue(message, limits: configuration) {
            if wasIdle { lws_callback_on_writable(wsi) }
            return
        }
        // A client that cannot keep up is dropped rather than allowed to grow server memory.
        logger.warning("closing slow consumer", metadata: ["conn.id": "\(id)", "queue.bytes": "\(connection.queuedBytes)"])
        connection.discardQueue()
        connection.pendingClose = (.policyViolation, "slow consumer: outgoing queue full", false)
        // Its socket may never become writable again: lws drops it when this expires.
        lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, 2)
        lws_callback_on_writable(wsi)
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in character: Character) -> Substring {
        var slice = self[...]
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return Substring(slice)
    }
}
