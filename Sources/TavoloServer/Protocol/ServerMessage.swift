import Foundation
import TavoloDomain

/// A message to a client, encoded as one JSON text frame (docs/protocol.md).
public enum ServerMessage: Equatable, Sendable {
    case welcome(replica: String, principal: String)
    /// The answer to `join`: what the client lacks, as operations or a whole snapshot, and the server's version.
    case joined(table: String, version: [String: Int], payload: SyncPayload, members: [MemberPresence], state: TableStateView?)
    case ack(ref: Int, applied: Int, duplicates: Int)
    case operations(author: String, payload: [UInt8])
    case presence(MemberPresence)
    case left(replica: String)
    /// An `action` was carried out and its events are durable.
    case done(ref: Int)
    /// The table's live state as this recipient may see it.
    case table(TableStateView)
    /// The table's audit log, answering `audit`.
    case audit(ref: Int, [AuditEvent])
    /// A new invitation, answering `invite`.
    case invitation(ref: Int, id: String, link: String, expiresAt: Date)
    case error(ProtocolError)

    /// How the initial sync travels.
    public enum SyncPayload: Equatable, Sendable {
        case operations([UInt8])
        case snapshot([UInt8])
    }

    public var json: String {
        var object: [String: JSONValue] = [:]
        switch self {
        case .welcome(let replica, let principal):
            object = [
                "type": .string("welcome"), "protocol": .number(Double(ProtocolError.protocolVersion)),
                "server": .string(TavoloVersion.current), "replica": .string(replica), "principal": .string(principal),
            ]
        case .joined(let table, let version, let payload, let members, let state):
            object = [
                "type": .string("joined"), "table": .string(table), "version": Self.encode(version),
                "members": .array(members.map(\.json)),
            ]
            if let state { object["state"] = TableCoding.json(state) }
            switch payload {
            case .operations(let bytes): object["ops"] = .string(Data(bytes).base64EncodedString())
            case .snapshot(let bytes): object["snapshot"] = .string(Data(bytes).base64EncodedString())
            }
        case .ack(let ref, let applied, let duplicates):
            object = [
                "type": .string("ack"), "ref": .number(Double(ref)), "applied": .number(Double(applied)),
                "duplicates": .number(Double(duplicates)),
            ]
        case .operations(let author, let payload):
            object = ["type": .string("ops"), "author": .string(author), "ops": .string(Data(payload).base64EncodedString())]
        case .presence(let member):
            object = member.jsonFields
            object["type"] = .string("presence")
        case .left(let replica):
            object = ["type": .string("left"), "replica": .string(replica)]
        case .done(let ref):
            object = ["type": .string("done"), "ref": .number(Double(ref))]
        case .table(let view):
            object = ["type": .string("table"), "state": TableCoding.json(view)]
        case .invitation(let ref, let id, let link, let expiresAt):
            object = [
                "type": .string("invitation"), "ref": .number(Double(ref)), "id": .string(id), "link": .string(link),
                "expiresAt": .number((expiresAt.timeIntervalSince1970 * 1000).rounded()),
            ]
        case .audit(let ref, let events):
            object = ["type": .string("audit"), "ref": .number(Double(ref)), "events": TableCoding.json(events)]
        case .error(let error):
            object = ["type": .string("error"), "code": .string(error.code.rawValue), "message": .string(error.message)]
            if let ref = error.ref { object["ref"] = .number(Double(ref)) }
            if let limit = error.limit { object["limit"] = .string(limit) }
            if let missing = error.missing { object["missing"] = .array(missing.map { .string($0) }) }
        }
        return String(decoding: (try? Self.encoder.encode(JSONValue.object(object))) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// One encoder for every frame: built once, not per acknowledgement or broadcast.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static func encode(_ version: [String: Int]) -> JSONValue {
        .object(version.mapValues { .number(Double($0)) })
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

    var jsonFields: [String: JSONValue] {
        [
            "replica": .string(replica), "name": .string(name), "organisation": .string(organisation),
            "role": .string(role), "state": state,
        ]
    }

    var json: JSONValue { .object(jsonFields) }
}
