/// Where an object's state lives.
struct ObjectInfo: Sendable {
    var kind: ObjectKind
    /// LV of the creating operation, -1 for the root.
    var creator: Int
    /// Index into `texts`, `maps` or `lists`.
    var state: Int
}

/// A replicated document: a tree of maps, lists with move, and texts, edited locally and merged
/// with other replicas' operations. A plain value (Sendable): keep one per actor and mutate it there.
public struct Document: Sendable {
    /// This replica's id: every local operation is (replica, counter).
    public let replica: ReplicaID
    var me: Int
    var graph = CausalGraph()
    var log = OpLog()
    var objects: [ObjectInfo] = [ObjectInfo(kind: .map, creator: -1, state: 0)]
    var objectByLV: [Int: Int] = [:]
    var texts: [TextBuffer] = []
    var maps: [MapState] = [MapState()]
    var lists: [ListState] = []
    /// Remote runs waiting for their causal dependencies.
    var pending: [RemoteRun] = []
    /// Merge state kept between merges, by text index (see `LiveText`); a cache, never encoded.
    var live: [Int: LiveText] = [:]
    /// After a snapshot load: inserted text not rebuilt yet (see `loadHistory`).
    var pendingContent: PendingContent?
    // One-entry cache for object lookups (typing hits the same text over and over).
    var cachedID = ObjectID.root
    var cachedIndex = 0

    /// The root map's id.
    public static let root = ObjectID.root

    /// An empty document edited by `replica` (at most 255 UTF-8 bytes).
    public init(replica: ReplicaID) {
        precondition(replica.utf8.count <= 255 && !replica.isEmpty, "replica ids are 1...255 UTF-8 bytes")
        self.replica = replica
        me = graph.agent(replica)
    }

    /// The version this replica has (every operation applied).
    public var version: Version { graph.version }

    /// Number of operations in the history.
    public var operationCount: Int { graph.count }

    // MARK: objects

    func objectIndex(_ id: ObjectID) -> Int? {
        guard let c = id.creator else { return 0 }
        guard let lv = graph.lv(c) else { return nil }
        return objectByLV[lv]
    }

    mutating func object(_ id: ObjectID, _ kind: ObjectKind) throws(EditError) -> Int {
        if id == cachedID, objects[cachedIndex].kind == kind { return cachedIndex }
        guard let i = objectIndex(id) else { throw .noSuchObject(id) }
        guard objects[i].kind == kind else { throw .wrongKind(id, expected: kind) }
        cachedID = id
        cachedIndex = i
        return i
    }

    func lookup(_ id: ObjectID, _ kind: ObjectKind) -> Int? {
        guard let i = objectIndex(id), objects[i].kind == kind else { return nil }
        return objects[i].state
    }

    /// Creates the state of an object made by operation `lv`.
    mutating func createObject(_ kind: ObjectKind, at lv: Int) {
        let state: Int
        switch kind {
        case .text: texts.append(TextBuffer()); state = texts.count - 1
        case .map: maps.append(MapState()); state = maps.count - 1
        case .list: lists.append(ListState()); state = lists.count - 1
        }
        objects.append(ObjectInfo(kind: kind, creator: lv, state: state))
        objectByLV[lv] = objects.count - 1
    }

    /// The kind of an object, if it exists.
    public func kind(of id: ObjectID) -> ObjectKind? { objectIndex(id).map { objects[$0].kind } }

    // MARK: local events

    /// Appends `len` local events to the causal graph; returns (first LV, whether it continues the last run).
    mutating func addLocal(_ len: Int) -> (Int, Bool) {
        let lv = graph.count
        let linear = graph.frontier.count == 1 && graph.frontier[0] == lv - 1
        _ = graph.appendLocal(agent: me, len: len)
        return (lv, linear)
    }

    /// Records a map or list operation (local or remote) and applies it.
    mutating func addPayloadOp(lv: Int, kind: OpKind, target: Int, _ payload: Payload) {
        log.payloads.append(payload)
        log.runs.append(OpRun(lv: lv, len: 1, kind: kind, target: target, pos: 0, forward: true, data: log.payloads.count - 1))
        integratePayloadOp(lv: lv, kind: kind, target: target, payload)
    }

    /// Applies a map or list operation to the current state (order-independent).
    mutating func integratePayloadOp(lv: Int, kind: OpKind, target: Int, _ p: Payload) {
        guard target >= 0 else { return }
        if case .object(_, let k) = p.value, kind == .mapSet || kind == .listInsert { createObject(k, at: lv) }
        let info = objects[target]
        let (agent, _) = graph.agentSeq(lv)
        let lamport = graph.lamport(lv)
        let replica = graph.agents[agent]
        switch kind {
        case .mapSet where info.kind == .map:
            maps[info.state].apply(key: p.key, MapEntry(value: p.value, lamport: lamport, replica: replica, lv: lv))
        case .mapDelete where info.kind == .map:
            maps[info.state].apply(key: p.key, MapEntry(value: nil, lamport: lamport, replica: replica, lv: lv))
        case .listInsert where info.kind == .list:
            lists[info.state].addSlot(lv: lv, parentLV: p.parentSlot, right: p.right, lamport: lamport, replica: replica, insert: p.value, move: nil)
        case .listMove where info.kind == .list:
            lists[info.state].addSlot(lv: lv, parentLV: p.parentSlot, right: p.right, lamport: lamport, replica: replica, insert: nil, move: p.element)
        case .listDelete where info.kind == .list:
            lists[info.state].delete(elementLV: p.element)
        default:
            break
        }
    }

    func change(_ lv: Int, _ n: Int) -> Change {
        Change(first: OpID(replica: replica, counter: graph.agentSeq(lv).seq), count: n)
    }
}
