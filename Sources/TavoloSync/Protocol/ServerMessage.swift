import Foundation

/// A message to a client, written as one JSON text frame (docs/protocol.md).
public enum ServerMessage: Equatable, Sendable {
    /// The answer to `hello`, with the protocol version the connection speaks from now on.
    case welcome(replica: String, principal: String, server: String, protocol: ProtocolVersion)
    /// The answer to `join`: what the client lacks, as operations or a whole snapshot, the server's
    /// version, the others present, and whatever fields the hooks add (`state` for co-design tables).
    case joined(table: String, version: [String: Int], payload: SyncPayload, members: [MemberPresence], extra: [String: JSONValue])
    case ack(ref: Int, applied: Int, duplicates: Int)
    /// One batch by another member, as protocol v1 sends every batch (`EncodedBatch` writes it on the hot path).
    case operations(author: String, payload: [UInt8])
    case presence(MemberPresence)
    case left(replica: String)
    case error(ProtocolError)
    /// A message a hook defines (`table`, `done`, `audit`, `invitation`, …); `type` is among the fields.
    case custom([String: JSONValue])

    /// How the initial sync travels.
    public enum SyncPayload: Equatable, Sendable {
        case operations([UInt8])
        case snapshot([UInt8])
    }

    public var json: String { JSONWriter.write(.object(fields)) }

    private var fields: [String: JSONValue] {
        switch self {
        case .welcome(let replica, let principal, let server, let version):
            return [
                "type": .string("welcome"), "protocol": .int(version.rawValue), "server": .string(server),
                "replica": .string(replica), "principal": .string(principal),
            ]
        case .joined(let table, let version, let payload, let members, let extra):
            var object = extra
            object["type"] = .string("joined")
            object["table"] = .string(table)
            object["version"] = .object(version.mapValues { .int($0) })
            object["members"] = .array(members.map(\.json))
            switch payload {
            case .operations(let bytes): object["ops"] = .string(Data(bytes).base64EncodedString())
            case .snapshot(let bytes): object["snapshot"] = .string(Data(bytes).base64EncodedString())
            }
            return object
        case .ack(let ref, let applied, let duplicates):
            return ["type": .string("ack"), "ref": .int(ref), "applied": .int(applied), "duplicates": .int(duplicates)]
        case .operations(let author, let payload):
            return ["type": .string("ops"), "author": .string(author), "ops": .string(Data(payload).base64EncodedString())]
        case .presence(let member):
            var object = member.jsonFields
            object["type"] = .string("presence")
            return object
        case .left(let replica):
            return ["type": .string("left"), "replica": .string(replica)]
        case .error(let error):
            var object: [String: JSONValue] = [
                "type": .string("error"), "code": .string(error.code.rawValue), "message": .string(error.message),
            ]
            if let ref = error.ref { object["ref"] = .int(ref) }
            if let limit = error.limit { object["limit"] = .string(limit) }
            if let missing = error.missing { object["missing"] = .array(missing.map { .string($0) }) }
            return object
        case .custom(let fields):
            return fields
        }
    }
}

/// Who someone at the table is, and where their cursors are (never stored).
public struct MemberPresence: Equatable, Sendable {
    public var replica: String
    public var name: String
    public var organisation: String
    public var role: String
    /// Whatever the client last said about its cursors and selections.
    public var state: JSONValue

    public init(replica: String, name: String, organisation: String, role: String, state: JSONValue = .null) {
        self.replica = replica
        self.name = name
        self.organisation = organisation
        self.role = role
        self.state = state
    }

    var jsonFields: [String: JSONValue] {
        [
            "replica": .string(replica), "name": .string(name), "organisation": .string(organisation),
            "role": .string(role), "state": state,
        ]
    }

    var json: JSONValue { .object(jsonFields) }
}
