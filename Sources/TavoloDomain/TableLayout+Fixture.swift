import Foundation

extension TableLayout {
    /// The layout as JSON: sorted keys, two-space indentation, a final newline. It is
    /// committed as `web/table/layout.json`.
    public static var fixtureJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain values cannot fail.
        let data = try! encoder.encode(Fixture())
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// What `fixtureJSON` encodes; the browser reads the same names.
    struct Fixture: Encodable {
        struct Root: Encodable {
            var kind: Shape
            /// The root key of a single object…
            var key: String?
            /// …or the prefix of one object per session or organisation, whose name follows it.
            var prefix: String?
            var per: String?
        }

        struct List: Encodable {
            var key: String
            var itemFields: [String]
        }

        struct MinutesFields: Encodable {
            var text = Minutes.text
            var lists = Minutes.lists.map { List(key: $0, itemFields: Minutes.itemFields(of: $0)) }
        }

        struct ProposalFields: Encodable {
            var organisation = Proposal.organisation
            var sections = Proposal.sections
        }

        var about = "The layout of a table's document. Written by TableLayout.fixtureJSON (Sources/TavoloDomain/TableLayout+Fixture.swift); "
            + "TableLayoutTests fails when this file differs, web/table/tests/layout.test.js when layout.js does."
        var roots: [String: Root] = [
            "project": Root(kind: .text, key: projectKey),
            "comments": Root(kind: .list, key: commentsKey),
            "agenda": Root(kind: .list, prefix: agendaPrefix, per: "session"),
            "minutes": Root(kind: .map, prefix: minutesPrefix, per: "session"),
            "proposal": Root(kind: .map, prefix: proposalPrefix, per: "organisation"),
        ]
        var minutes = MinutesFields()
        var proposal = ProposalFields()
    }
}
