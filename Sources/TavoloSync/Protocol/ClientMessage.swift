import Foundation

/// A message from a client, read from one JSON text frame (docs/protocol.md).
/// The engine understands the sync messages; any other `type` goes to the hooks as `.custom`.
public enum ClientMessage: Equatable, Sendable {
    case hello(Hello)
    case join(table: String, version: [String: Int])
    case operations(ref: Int, payload: [UInt8])
    case presence(JSONValue)
    case leave
    /// A message for the hooks (facilitation actions, audit, invitations, …), with every field but `type`.
    case custom(type: String, ref: Int?, fields: [String: JSONValue])

    public struct Hello: Equatable, Sendable {
        public var protocolVersion: Int
        public var replica: String
        public var token: String?
        public var name: String?
        public var organisation: String?
        public var role: String?

        public init(
            protocolVersion: Int, replica: String, token: String? = nil, name: String? = nil, organisation: String? = nil,
            role: String? = nil
        ) {
            self.protocolVersion = protocolVersion
            self.replica = replica
            self.token = token
            self.name = name
            self.organisation = organisation
            self.role = role
        }
    }

    /// Reads a frame within `limits`, or says precisely what is wrong with it. The error carries
    /// the message's `ref` whenever one could be read, so a client knows which message failed.
    public static func read(_ text: String, limits: JSONLimits = JSONLimits()) throws(ProtocolError) -> ClientMessage {
        let value: JSONValue
        do {
            value = try JSONReader.read(text, limits: limits)
        } catch {
            throw ProtocolError(.badMessage, error.description)
        }
        guard case .object(var fields) = value, case .string(let type)? = fields.removeValue(forKey: "type") else {
            throw ProtocolError(.badMessage, "not a JSON object with a 'type'")
        }
        let ref = fields["ref"]?.integer
        do throws(ProtocolError) {
            return try message(type: type, fields: Fields(type: type, values: fields))
        } catch {
            throw error.answering(ref)
        }
    }

    private static func message(type: String, fields: Fields) throws(ProtocolError) -> ClientMessage {
        switch type {
        case "hello":
            return .hello(Hello(
                protocolVersion: try fields.required("protocol", \.integer), replica: try fields.required("replica", \.string),
                token: try fields.optional("token", \.string), name: try fields.optional("name", \.string),
                organisation: try fields.optional("organisation", \.string), role: try fields.optional("role", \.string)))
        case "join":
            let table = try fields.required("table", \.string)
            var version: [String: Int] = [:]
            if let raw = fields.values["version"], raw != .null {
                guard case .object(let counts) = raw else { throw fields.wrongType("version") }
                for (replica, count) in counts {
                    guard let count = count.integer, count >= 0 else { throw fields.wrongType("version.\(replica)") }
                    version[replica] = count
                }
            }
            return .join(table: table, version: version)
        case "ops":
            let encoded = try fields.required("ops", \.string)
            let ref = try fields.required("ref", \.integer)
            guard let payload = Data(base64Encoded: encoded) else { throw ProtocolError(.badMessage, "'ops' is not base64") }
            return .operations(ref: ref, payload: [UInt8](payload))
        case "presence":
            return .presence(fields.values["state"] ?? .null)
        case "leave":
            return .leave
        default:
            return .custom(type: type, ref: fields.values["ref"]?.integer, fields: fields.values)
        }
    }

    /// Typed access to a message's fields, with the protocol's error wording.
    public struct Fields: Sendable {
        public let type: String
        public let values: [String: JSONValue]

        public init(type: String, values: [String: JSONValue]) {
            self.type = type
            self.values = values
        }

        public func required<T>(_ name: String, _ read: (JSONValue) -> T?) throws(ProtocolError) -> T {
            guard let raw = values[name], raw != .null else { throw ProtocolError(.badMessage, "'\(type)' needs field '\(name)'") }
            guard let value = read(raw) else { throw wrongType(name) }
            return value
        }

        public func optional<T>(_ name: String, _ read: (JSONValue) -> T?) throws(ProtocolError) -> T? {
            guard let raw = values[name], raw != .null else { return nil }
            guard let value = read(raw) else { throw wrongType(name) }
            return value
        }

        public func wrongType(_ name: String) -> ProtocolError {
            ProtocolError(.badMessage, "wrong type for field '\(name)'")
        }
    }
}
