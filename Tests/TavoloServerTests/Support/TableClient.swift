import Foundation
import TavoloCRDT
import TavoloServer
import TavoloTransport

/// A protocol v1 client over the in-memory transport, as a browser would behave:
/// edits apply locally at once, are sent in batches, and are resent after a reconnect
/// until acknowledged.
final class TableClient {
    let replica: String
    let table: String
    private let transport: InMemoryTransport
    private(set) var connection: InMemoryClient?
    var document: Document
    /// Own operations already sent on the current connection.
    private var sentCount = 0
    private var nextRef = 1
    private(set) var unacknowledged: Set<Int> = []
    private(set) var acknowledgedOperations = 0
    private(set) var errors: [[String: Any]] = []
    private(set) var presence: [String: [String: Any]] = [:]
    /// The table's live state (sessions, queue, polls…) as last sent to this client.
    private(set) var tableState: [String: Any] = [:]
    private(set) var done: Set<Int> = []
    /// Between `join` and `joined` nothing of the document may arrive: the reply carries it all.
    private var awaitingJoined = false

    init(replica: String, table: String, transport: InMemoryTransport) {
        self.replica = replica
        self.table = table
        self.transport = transport
        self.document = Document(replica: replica)
    }

    var isConnected: Bool { connection != nil }

    /// hello + join; applies what the server sends and resends what it lacks.
    func connect(name: String = "Test", token: String? = nil) async throws {
        let connection = try transport.connect()
        self.connection = connection
        var hello: [String: Any] = ["type": "hello", "protocol": 1, "replica": replica, "name": name]
        if let token { hello["token"] = token }
        sendJSON(hello)
        let welcome = try await expect("welcome")
        guard welcome["replica"] as? String == replica else { throw ClientError.unexpected("\(welcome)") }
        sendJSON(["type": "join", "table": table, "version": document.version.counts])
        awaitingJoined = true
        let joined = try await expect("joined")
        awaitingJoined = false
        tableState = joined["state"] as? [String: Any] ?? [:]
        if let snapshot = joined["snapshot"] as? String {
            document = try Document(decoding: [UInt8](Data(base64Encoded: snapshot)!), replica: replica)
        } else if let ops = joined["ops"] as? String {
            try document.apply(encoded: [UInt8](Data(base64Encoded: ops)!))
        }
        let serverVersion = Version(joined["version"] as? [String: Int] ?? [:])
        // The server may lack some of our operations (sent but never acknowledged): send from there.
        sentCount = serverVersion[replica]
        unacknowledged = []
        flush()
    }

    func disconnect() {
        connection?.close()
        connection = nil
    }

    /// After a refusal the client drops its unsent edit: forget what the server will never acknowledge.
    func forgetUnacknowledged() {
        unacknowledged = []
        sentCount = document.version[replica]
    }

    func edit(_ body: (inout Document) throws -> Void) rethrows {
        try body(&document)
    }

    /// Sends every local operation not sent yet on this connection.
    func flush() {
        guard connection != nil, document.version[replica] > sentCount else { return }
        var since = document.version.counts
        since[replica] = sentCount
        let payload = document.encodedOperations(since: Version(since))
        let ref = nextRef
        nextRef += 1
        unacknowledged.insert(ref)
        sentCount = document.version[replica]
        sendJSON(["type": "ops", "ref": ref, "ops": Data(payload).base64EncodedString()])
    }

    func sendJSON(_ object: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: object)
        connection?.send(.text(String(decoding: data, as: UTF8.self)))
    }

    /// Handles every message already delivered; returns how many.
    @discardableResult
    func drain() async throws -> Int {
        var handled = 0
        while let connection, connection.pendingCount > 0, let message = await connection.receive() {
            try handle(message)
            handled += 1
        }
        if let connection, connection.closeStatus != nil { self.connection = nil }
        return handled
    }

    private func handle(_ message: WebSocketMessage) throws {
        guard case .text(let text) = message,
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { throw ClientError.unexpected("\(message)") }
        switch object["type"] as? String {
        case "ops":
            if awaitingJoined { throw ClientError.unexpected("ops before joined: \(object)") }
            try document.apply(encoded: [UInt8](Data(base64Encoded: object["ops"] as! String)!))
        case "ack":
            unacknowledged.remove(object["ref"] as! Int)
            acknowledgedOperations += object["applied"] as! Int
        case "presence":
            presence[object["replica"] as! String] = object
        case "left":
            presence[object["replica"] as! String] = nil
        case "error":
            errors.append(object)
        case "table":
            tableState = object["state"] as? [String: Any] ?? [:]
        case "done":
            done.insert(object["ref"] as! Int)
        default:
            throw ClientError.unexpected("\(object)")
        }
    }

    /// Waits for a message of `type`, handling others on the way.
    func expect(_ type: String, timeout: Duration = .seconds(20)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let connection else { throw ClientError.closed }
            if connection.pendingCount == 0 {
                if connection.closeStatus != nil { throw ClientError.closed }
                try await Task.sleep(for: .milliseconds(1))
                continue
            }
            guard let message = await connection.receive() else { throw ClientError.closed }
            guard case .text(let text) = message,
                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            else { continue }
            if object["type"] as? String == type { return object }
            if object["type"] as? String == "error" { throw ClientError.server(object["code"] as? String ?? "") }
            try handle(message)
        }
        throw ClientError.timeout(type)
    }

    enum ClientError: Error {
        case unexpected(String)
        case closed
        case timeout(String)
        case server(String)
    }
}
