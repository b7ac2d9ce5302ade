import Testing
import TavoloSync

/// Before `hello`: one small message is answered `not_authenticated`, anything more closes (1008).
@Suite struct GreetingTests {
    @Test(arguments: [
        #"{"type":"ops","ref":4,"ops":""}"#, #"{"type":"presence","state":{}}"#, #"{"type":"leave"}"#,
        #"{"type":"join","table":"t"}"#, #"{"type":"action","ref":4,"action":{}}"#,
    ])
    func anythingButHelloFirstIsNotAuthenticated(frame: String) async throws {
        let server = SyncHarness()
        let peer = try server.peer("anna")
        peer.sendText(frame)
        let error = await peer.expect("error")
        #expect(error?["code"] as? String == "not_authenticated")
        if frame.contains("\"ref\":4") { #expect(error?["ref"] as? Int == 4) }
        #expect(await peer.hello() != nil)  // one such message is forgiven
        await server.stop()
    }

    @Test func aSecondMessageBeforeHelloCloses() async throws {
        let server = SyncHarness()
        let peer = try server.peer("anna")
        peer.sendText(#"{"type":"join","table":"t"}"#)
        peer.sendText(#"{"type":"join","table":"t"}"#)
        #expect(await peer.closed() == 1008)
        await server.stop()
    }

    @Test func aLargeMessageBeforeHelloCloses() async throws {
        let server = SyncHarness()
        let peer = try server.peer("anna")
        peer.sendText(#"{"type":"hello","protocol":1,"replica":"anna","name":""# + String(repeating: "x", count: 9000) + #""}"#)
        let error = await peer.expect("error")
        #expect(error?["limit"] as? String == "maxUnauthenticatedMessageBytes")
        #expect(await peer.closed() == 1008)
        await server.stop()
    }

    @Test func theServersReplicaIdIsReservedAndSaysSo() async throws {
        let server = SyncHarness()
        let peer = try server.peer("server")
        peer.send(["type": "hello", "protocol": 1, "replica": "server"])
        let error = await peer.expect("error")
        #expect(error?["code"] as? String == "bad_message")
        #expect((error?["message"] as? String)?.contains("reserved") == true)
        await server.stop()
    }

    @Test func deeplyNestedJSONIsRefusedWithoutReadingIt() async throws {
        let server = SyncHarness()
        let peer = try server.peer("anna")
        #expect(await peer.join("t") != nil)
        peer.sendText(#"{"type":"presence","state":"# + String(repeating: "[", count: 250) + String(repeating: "]", count: 250) + "}")
        let error = await peer.expect("error")
        #expect(error?["code"] as? String == "bad_message")
        #expect((error?["message"] as? String)?.contains("nested") == true)
        await server.stop()
    }
}
