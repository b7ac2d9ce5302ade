import TavoloTransport

/// Someone at a table, connected to another node.
struct RemoteMember {
    var node: String
    var presence: MemberPresence
}

/// Members on other nodes (several nodes on one PostgreSQL, `PresenceRelay`): learned from what
/// the other nodes relay (a member's presence when they join and whenever it changes, `left`
/// when they go), kept for every table whether it is open here or not, listed in `joined` beside
/// this node's own members, and dropped, with `left` to the members here, when their node falls
/// silent (it died or lost the database: `nodeGone`). A node heard for the first time is sent the
/// presence of everyone here (`nodeAppeared`).
extension SyncEngine {
    func presenceFromOtherNode(table: String, node: String, message: String) {
        let room = rooms[table]
        if case .object(let fields)? = try? JSONReader.read(message), let replica = fields["replica"]?.string {
            switch fields["type"]?.string {
            case "presence":
                remoteMembers[table, default: [:]][replica] = RemoteMember(node: node, presence: MemberPresence(
                    replica: replica, name: fields["name"]?.string ?? "", organisation: fields["organisation"]?.string ?? "",
                    role: fields["role"]?.string ?? "", state: fields["state"] ?? .null))
            case "left":
                remoteMembers[table]?[replica] = nil
                if remoteMembers[table]?.isEmpty == true { remoteMembers[table] = nil }
                // The same person reconnected here before the other node saw them go.
                if room?.connection(of: replica) != nil { return }
            default:
                break
            }
        }
        if let room, !room.members.isEmpty { transport.send(.text(message), to: Array(room.members.keys)) }
    }

    /// The members here and on other nodes but `replica` (the one joining), for `joined`.
    func presentMembers(of room: Room, except replica: String) -> [MemberPresence] {
        let local = room.members.values.filter { $0.replica != replica }.map(\.presence)
        let here = Set(room.members.values.map(\.replica))
        let remote = (remoteMembers[room.table] ?? [:]).values.map(\.presence).filter { !here.contains($0.replica) && $0.replica != replica }
        return local + remote.sorted { $0.replica < $1.replica }
    }

    /// Another node fell silent: the people it served are gone.
    func nodeGone(_ node: String) {
        for (table, members) in remoteMembers {
            for (replica, member) in members where member.node == node {
                remoteMembers[table]?[replica] = nil
                guard let room = rooms[table], room.connection(of: replica) == nil, !room.members.isEmpty else { continue }
                transport.send(.text(ServerMessage.left(replica: replica).json), to: Array(room.members.keys))
            }
            if remoteMembers[table]?.isEmpty == true { remoteMembers[table] = nil }
        }
    }

    /// A node this one had not heard from (started, or back): it knows none of the members here yet.
    func nodeAppeared(_ node: String) {
        guard let presenceRelay else { return }
        for room in rooms.values {
            for member in room.members.values {
                presenceRelay.publish(table: room.table, message: ServerMessage.presence(member.presence).json)
            }
        }
    }
}
