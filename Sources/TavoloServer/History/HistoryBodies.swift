import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloSync

/// The JSON answers of the history API (docs/api.md, "History API"). Dates are milliseconds since 1970.
enum HistoryBody {
    struct Person: Encodable, Sendable, Equatable {
        var id: String
        var name: String
        var organisation: String
        var role: String
    }

    struct Overview: Encodable {
        struct Table: Encodable {
            var id: String
            var title: String
            /// The procedure the table belongs to (its dashboard's id), if any.
            var procedure: String?
        }
        struct Session: Encodable {
            var id: String
            var title: String
            var status: String
            var openedAt: Int64?
            var closedAt: Int64?
            /// When the verbale was approved, and the content hash approved.
            var approvedAt: Int64?
            var approvedContentHash: String?
            /// The last signed copy uploaded, if any (`GET …/sessions/{id}/signed` serves it).
            var signedCopy: SignedCopyInfo?
            /// Where the session's history ends: its approval or its signed copy, else its closing.
            var endsAt: Int64?
        }
        struct SignedCopyInfo: Encodable {
            var kind: String
            var uploadedAt: Int64
            var sha256: String
        }
        struct Text: Encodable {
            var path: String
            var area: String
            var label: String
        }
        var table: Table
        var start: Int64
        var end: Int64
        var sessions: [Session]
        var texts: [Text]
        var participants: [Person]
    }

    struct Event: Encodable {
        var at: Int64
        var kind: String
        var actor: Person?
        var detail: [String: JSONValue]
    }

    struct Events: Encodable {
        var events: [Event]
    }

    struct State: Encodable {
        var at: Int64
        var sequence: Int64
        var documents: [String: JSONValue]
        var table: JSONValue
    }

    struct Span: Encodable {
        var text: String
        var author: Person
    }

    struct PersonShare: Encodable {
        var id: String
        var name: String
        var organisation: String
        var role: String
        var characters: Int
        var spokenSeconds: Double
    }

    struct OrganisationShare: Encodable {
        var organisation: String
        var characters: Int
        var spokenSeconds: Double
    }

    struct Authorship: Encodable {
        var text: String
        var spans: [Span]
        var people: [PersonShare]
        var organisations: [OrganisationShare]
    }

    struct Part: Encodable {
        var kind: String
        var text: String
        var author: Person?
    }

    struct Diff: Encodable {
        var parts: [Part]
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try TableCoding.encoder.encode(value), as: UTF8.self)
    }
}

extension HistoryBody.Person {
    init(_ participant: Participant) {
        self.init(id: participant.id, name: participant.name, organisation: participant.organisation, role: participant.role.rawValue)
    }
}

extension JSONValue {
    /// A document value as plain JSON: texts as strings, maps as objects, lists as arrays, registers as scalars.
    init(_ node: Node) {
        switch node {
        case .map(let entries): self = .object(entries.mapValues(JSONValue.init))
        case .list(let items): self = .array(items.map(JSONValue.init))
        case .text(let text): self = .string(text)
        case .value(let value):
            switch value {
            case .null, .object: self = .null
            case .bool(let flag): self = .bool(flag)
            case .int(let number): self = .number(Double(number))
            case .double(let number): self = number.isFinite ? .number(number) : .null
            case .string(let text): self = .string(text)
            }
        }
    }
}
