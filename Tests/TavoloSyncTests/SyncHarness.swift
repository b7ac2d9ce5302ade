import Foundation
import TavoloStorage
import TavoloSync
import TavoloTransport

/// A live core on an in-memory transport and store, with the hooks a test installs.
struct SyncHarness {
    let transport: InMemoryTransport
    let store: any Store
    /// The engine loops (`workers` of them) and the router in front.
    let workers: EngineWorkers
    let task: Task<Void, Never>

    init(
        settings: SyncSettings = SyncSettings(), store: any Store = InMemoryStore(), workers count: Int = 1,
        hooks: @escaping @Sendable () -> [any SyncHook] = { [] }
    ) {
        let transport = InMemoryTransport()
        let workers = EngineWorkers(count: count)
        self.transport = transport
        self.store = store
        self.workers = workers
        task = Task {
            let forwarder = Task {
                for await event in transport.events { workers.route(event) }
                workers.finish()
            }
            await workers.run(store: store) { inputs, shard in
                SyncEngine(
                    transport: transport, store: store, settings: settings, hooks: [GuestHook()] + hooks(), inputs: inputs, shard: shard)
            }
            forwarder.cancel()
        }
    }

    func peer(_ replica: String) throws -> Peer { Peer(replica: replica, client: try transport.connect()) }

    func stop() async {
        transport.finish()
        await task.value
    }
}

/// Admits everyone as a guest named after their replica.
final class GuestHook: SyncHook {
    func authenticate(_ hello: ClientMessage.Hello, connection: ConnectionInfo) -> HookResult<Principal?> {
        .done(Principal(id: "guest:" + hello.replica, name: hello.name ?? hello.replica, organisation: "", role: "ets"))
    }
}

/// A client speaking the protocol by hand (v1 unless `hello` asks for another).
struct Peer {
    let replica: String
    let client: InMemoryClient

    func send(_ object: [String: Any]) {
        client.send(.text(String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)))
    }

    func sendText(_ text: String) { client.send(.text(text)) }

    /// The next message, `{"type": "timeout"}` if none came in time, or nil once closed.
    /// Polls: a receive that waits cannot be cancelled, and would outlive its timeout.
    func next(timeout: Duration = .seconds(5)) async -> [String: Any]? {
        let deadline = ContinuousClock.now + timeout
        while client.pendingCount == 0 {
            if client.closeStatus != nil { return nil }
            guard ContinuousClock.now < deadline else { return ["type": "timeout"] }
            try? await Task.sleep(for: .milliseconds(2))
        }
        guard case .text(let text)? = await client.receive() else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    /// Skips messages until one of `type` (or nil if the connection closed first).
    func expect(_ type: String, timeout: Duration = .seconds(5)) async -> [String: Any]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let message = await next(timeout: deadline - ContinuousClock.now) else { return nil }
            if message["type"] as? String == type { return message }
            if message["type"] as? String == "timeout" { return nil }
        }
        return nil
    }

    func hello(protocol version: Int = 1) async -> [String: Any]? {
        send(["type": "hello", "protocol": version, "replica": replica])
        return await expect("welcome")
    }

    func join(_ table: String, protocol version: Int = 1) async -> [String: Any]? {
        guard await hello(protocol: version) != nil else { return nil }
        send(["type": "join", "table": table, "version": [:] as [String: Int]])
        return await expect("joined")
    }

    /// Waits until the server closed the connection; its close code.
    func closed(timeout: Duration = .seconds(5)) async -> UInt16? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = client.closeStatus { return status.code.rawValue }
            _ = await next(timeout: .milliseconds(50))
        }
        return client.closeStatus?.code.rawValue
    }
}
