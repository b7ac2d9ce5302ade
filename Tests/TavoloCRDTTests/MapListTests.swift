import Testing
@testable import TavoloCRDT

@Suite("Maps and lists with move")
struct MapListTests {
    static func sync(_ docs: inout [Document]) {
        for i in docs.indices { for j in docs.indices where i != j { docs[i].apply(docs[j].operations(since: docs[i].version)) } }
    }

    static func agendaReplicas(_ n: Int, items: Int) throws -> ([Document], ObjectID) {
        var a = Document(replica: "r0")
        let l = try a.makeObject(.list, at: "agenda")
        for i in 0..<items { try a.insert(.string("item\(i)"), at: i, in: l) }
        var docs = [a]
        for k in 1..<n { var d = Document(replica: "r\(k)"); d.apply(a.operations()); docs.append(d) }
        return (docs, l)
    }

    @Test func concurrentMovesOfOneItemNeverDuplicate() throws {
        var (docs, l) = try Self.agendaReplicas(3, items: 4)
        try docs[0].move(from: 0, to: 3, in: l)
        try docs[1].move(from: 0, to: 1, in: l)
        try docs[2].move(from: 0, to: 2, in: l)
        Self.sync(&docs)
        let v = docs[0].values(in: l)
        #expect(v.count == 4)
        #expect(Set(v).count == 4)
        #expect(docs.allSatisfy { $0.values(in: l) == v })
    }

    @Test func moveAndDeleteConcurrently() throws {
        var (docs, l) = try Self.agendaReplicas(2, items: 3)
        try docs[0].move(from: 0, to: 2, in: l)
        try docs[1].remove(at: 0, in: l)
        Self.sync(&docs)
        #expect(docs[0].values(in: l) == [.string("item1"), .string("item2")])
        #expect(docs[1].values(in: l) == docs[0].values(in: l))
    }

    @Test func moveSemantics() throws {
        var (docs, l) = try Self.agendaReplicas(1, items: 4)
        try docs[0].move(from: 3, to: 0, in: l)
        #expect(docs[0].values(in: l) == ["item3", "item0", "item1", "item2"].map(Value.string))
        try docs[0].move(from: 0, to: 3, in: l)
        #expect(docs[0].values(in: l) == ["item0", "item1", "item2", "item3"].map(Value.string))
        try docs[0].move(from: 1, to: 2, in: l)
        #expect(docs[0].values(in: l) == ["item0", "item2", "item1", "item3"].map(Value.string))
    }

    @Test func mapLastWriterWinsDeterministically() throws {
        var a = Document(replica: "alice"), b = Document(replica: "bob")
        try a.set("status", to: .string("draft"))
        try b.set("status", to: .string("final"))
        var docs = [a, b]
        Self.sync(&docs)
        // Same Lamport time: the greater replica id wins.
        #expect(docs[0].value(forKey: "status") == .string("final"))
        #expect(docs[1].value(forKey: "status") == .string("final"))
        try docs[0].set("status", to: .string("approved"))
        Self.sync(&docs)
        #expect(docs[1].value(forKey: "status") == .string("approved"))
    }

    @Test func nestedObjects() throws {
        var a = Document(replica: "alice")
        let proposals = try a.makeObject(.list, at: "proposals")
        let p = try a.makeObject(.map, at: 0, in: proposals)
        let body = try a.makeObject(.text, at: "body", in: p)
        try a.insertText("Più verde", at: 0, in: body)
        try a.set("votes", to: .int(3), in: p)
        var b = Document(replica: "bob")
        try b.apply(encoded: a.encodedOperations())
        #expect(b.text(body) == "Più verde")
        #expect(b.node() == .map(["proposals": .list([.map(["body": .text("Più verde"), "votes": .value(.int(3))])])]))
        #expect(b.checkInvariants().isEmpty)
    }
}
