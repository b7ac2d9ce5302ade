/// `hello`: who is on this connection, decided by the `authenticate` hooks off the loop.
extension SyncEngine {
    func greet(_ connection: Connection, _ hello: ClientMessage.Hello) {
        let id = connection.id
        guard let version = ProtocolVersion(rawValue: hello.protocolVersion) else {
            send(.error(ProtocolError(
                .unsupportedProtocol, "this server speaks \(ProtocolVersion.spoken), not \(hello.protocolVersion)")),
                to: id)
            close(connection, code: .protocolError, reason: "unsupported protocol version")
            return
        }
        guard case .greeting = connection.phase else {
            send(.error(ProtocolError(.badMessage, "hello was already received on this connection")), to: id)
            return
        }
        guard SyncIdentifier.isValid(hello.replica) else {
            send(.error(ProtocolError(.badMessage, "replica must be \(SyncIdentifier.rule)")), to: id)
            return
        }
        guard hello.replica != Room.serverReplica else {
            send(.error(ProtocolError(.badMessage, "replica '\(Room.serverReplica)' is reserved for the server's own edits; pick another")), to: id)
            return
        }
        connection.phase = .authenticating
        whileBusy(connection) { finished in
            ask({ $0.authenticate(hello, connection: connection.info) }, decides: { $0 != nil }) { [unowned self] result in
                defer { finished() }
                guard !connection.isClosing else { return }
                switch result {
                case .success(let principal??):
                    connection.principal = principal
                    connection.replica = hello.replica
                    connection.protocolVersion = version
                    connection.phase = .authenticated
                    forgetStranger(connection)
                    send(.welcome(replica: hello.replica, principal: principal.id, server: serverVersion, protocol: version), to: id)
                case .success:
                    refuse(connection, ProtocolError(.notAuthenticated, "no way to authenticate this hello on this server"))
                case .failure(let error):
                    refuse(connection, error)
                }
            }
        }
    }
}

/// The form of table and replica ids: 1 to 64 of `A–Z a–z 0–9 _ -`.
public enum SyncIdentifier {
    public static func isValid(_ text: String) -> Bool {
        guard (1...64).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x5F || byte == 0x2D
        }
    }

    public static let rule = "1-64 characters of A-Z a-z 0-9 _ -"
}
