import Foundation
import TavoloDomain

/// A message from a client, decoded from one JSON text frame (docs/protocol.md).
public enum ClientMessage: Equatable, Sendable {
    case hello(Hello)
    case join(table: String, version: [String: Int])
    case operations(ref: Int, payload: [UInt8])
    case presence(JSONValue)
    case action(ref: Int, FacilitationAction)
    /// Coordinators and facilitators read the table's audit log.
    case audit(ref: Int)
    /// Facilitators invite someone to their table.
    case invite(ref: Int, role: String, name: String, organisation: String, days: Int)
    case leave

    public struct Hello: Equatable, Sendable {
        public var protocolVersion: Int
        public var replica: String
        public var token: String?
        public var name: String?
        public var organisation: String?
        public var role: String?
    }

    /// Field names as they appear on the wire.
    private struct Envelope: Decodable {
        var type: String
        var `protocol`: Int?
        var replica: String?
        var token: String?
        var name: String?
        var organisation: String?
        var role: String?
        var table: String?
        var version: [String: Int]?
        var ref: Int?
        var ops: String?
        var state: JSONValue?
        var action: JSONValue?
        var days: Int?
    }

    /// One decoder for every frame (configuration only; no state between calls).
    private static let decoder = JSONDecoder()

    /// Decodes a frame, or says precisely what is wrong with it.
    public static func decode(_ text: String) throws(ProtocolError) -> ClientMessage {
        let envelope: Envelope
        do {
            envelope = try decoder.decode(Envelope.self, from: Data(text.utf8))
        } catch DecodingError.keyNotFound(let key, _) {
            throw ProtocolError(.badMessage, "missing field '\(key.stringValue)'")
        } catch DecodingError.typeMismatch(_, let context) {
            throw ProtocolError(.badMessage, "wrong type for field '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw ProtocolError(.badMessage, "not a JSON object with a 'type'")
        }
        func required<T>(_ value: T?, _ field: String) throws(ProtocolError) -> T {
            guard let value else { throw ProtocolError(.badMessage, "'\(envelope.type)' needs field '\(field)'") }
            return value
        }
        switch envelope.type {
        case "hello":
            return .hello(Hello(
                protocolVersion: try required(envelope.protocol, "protocol"), replica: try required(envelope.replica, "replica"),
                token: envelope.token, name: envelope.name, organisation: envelope.organisation, role: envelope.role))
        case "join":
            return .join(table: try required(envelope.table, "table"), version: envelope.version ?? [:])
        case "ops":
            let encoded = try required(envelope.ops, "ops")
            guard let payload = Data(base64Encoded: encoded) else {
                throw ProtocolError(.badMessage, "'ops' is not base64", ref: envelope.ref)
            }
            return .operations(ref: try required(envelope.ref, "ref"), payload: [UInt8](payload))
        case "presence":
            return .presence(envelope.state ?? .null)
        case "action":
            let ref = try required(envelope.ref, "ref")
            let raw = try required(envelope.action, "action")
            do {
                let data = try JSONEncoder().encode(raw)
                return .action(ref: ref, try TableCoding.decoder.decode(FacilitationAction.self, from: data))
            } catch {
                throw ProtocolError(.badMessage, "action not understood (docs/protocol.md lists the actions)", ref: ref)
            }
        case "audit":
            return .audit(ref: try required(envelope.ref, "ref"))
        case "invite":
            return .invite(
                ref: try required(envelope.ref, "ref"), role: try required(envelope.role, "role"),
                name: try required(envelope.name, "name"), organisation: envelope.organisation ?? "", days: envelope.days ?? 30)
        case "leave":
            return .leave
        default:
            throw ProtocolError(.unknownType, "unknown message type '\(envelope.type)'")
        }
    }
}
