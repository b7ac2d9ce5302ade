import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloSync

/// Jumps to a moment: the documents and the table state, who wrote what, what changed.
extension TableHistory {
    /// What a coordinator would have seen at `at`. `area` limits the documents to one root key.
    func state(at: Int64, area: String?) -> HistoryBody.State {
        let index = markIndex(at: at)
        let node = documentState(through: index).node()
        var documents: [String: JSONValue] = [:]
        if case .map(let roots) = node {
            for (key, value) in roots where area == nil || key == area { documents[key] = JSONValue(value) }
        }
        let viewer = Participant(id: "history", name: "", organisation: "", role: .coordinator)
        return HistoryBody.State(
            at: at, sequence: sequence(through: index), documents: documents,
            table: TableCoding.json(TableStateView(tableState(at: at), for: viewer)))
    }

    /// Who wrote each run of text `object` at `at`, and how much each person and organisation
    /// wrote and spoke up to then.
    func authorship(of object: ObjectID, at: Int64) -> HistoryBody.Authorship {
        let characters = self.characters(of: object, at: version(through: markIndex(at: at)))
        let people = self.people
        var spans: [HistoryBody.Span] = []
        var written: [String: Int] = [:]
        var text = String.UnicodeScalarView()
        // Runs by one replica are long: look the person up once per run, not per character.
        var replica: String?
        var author: HistoryBody.Person?
        for character in characters {
            text.append(character.scalar)
            if character.id.replica != replica {
                replica = character.id.replica
                author = people.person(replica: character.id.replica)
            }
            guard let author else { continue }
            written[author.id, default: 0] += 1
            if let last = spans.last, last.author == author {
                spans[spans.count - 1].text.unicodeScalars.append(character.scalar)
            } else {
                spans.append(HistoryBody.Span(text: String(character.scalar), author: author))
            }
        }

        let state = tableState(at: at)
        var spoken = state.spokenSeconds
        var spokenByOrganisation = state.spokenSecondsByOrganisation
        if let floor = state.floor {
            // The turn under way counts up to the moment asked for.
            let seconds = max(0, Double(at - Self.milliseconds(floor.since)) / 1000)
            spoken[floor.participantID, default: 0] += seconds
            if let organisation = state.participants[floor.participantID]?.organisation {
                spokenByOrganisation[organisation, default: 0] += seconds
            }
        }
        var everyone: [String: HistoryBody.Person] = [:]
        for participant in state.participants.values { everyone[participant.id] = HistoryBody.Person(participant) }
        for span in spans { everyone[span.author.id] = span.author }
        let shares = everyone.values.sorted { $0.id < $1.id }.map { person in
            HistoryBody.PersonShare(
                id: person.id, name: person.name, organisation: person.organisation, role: person.role,
                characters: written[person.id] ?? 0, spokenSeconds: Self.rounded(spoken[person.id] ?? 0))
        }
        var organisations: [String: (characters: Int, seconds: Double)] = [:]
        for share in shares where !share.organisation.isEmpty { organisations[share.organisation, default: (0, 0)].characters += share.characters }
        for (organisation, seconds) in spokenByOrganisation { organisations[organisation, default: (0, 0)].seconds += seconds }
        return HistoryBody.Authorship(
            text: String(text), spans: spans, people: shares,
            organisations: organisations.keys.sorted().map { name in
                HistoryBody.OrganisationShare(
                    organisation: name, characters: organisations[name]!.characters, spokenSeconds: Self.rounded(organisations[name]!.seconds))
            })
    }

    /// Text `object` from `from` to `to` as runs kept, inserted and deleted, each change with its author.
    /// Characters are compared by identity (the operation that inserted them), not by content.
    func diff(of object: ObjectID, from: Int64, to: Int64) -> HistoryBody.Diff {
        // Read off the text's kept tracker, moved to each moment (docs/crdt.md §7).
        let comparison = self.comparison(
            of: object, from: version(through: markIndex(at: from)), to: version(through: markIndex(at: to)))
        let before = comparison.before, after = comparison.after, deletions = comparison.deletedBy
        let people = self.people
        let inBefore = Set(before.map(\.id)), inAfter = Set(after.map(\.id))

        var parts: [HistoryBody.Part] = []
        func add(_ kind: String, _ scalar: Unicode.Scalar, _ author: HistoryBody.Person?) {
            if let last = parts.last, last.kind == kind, last.author == author {
                parts[parts.count - 1].text.unicodeScalars.append(scalar)
            } else {
                parts.append(HistoryBody.Part(kind: kind, text: String(scalar), author: author))
            }
        }
        var i = 0, j = 0
        // Characters never change order in a text, so one walk over both sequences aligns them.
        while i < before.count || j < after.count {
            if i < before.count, !inAfter.contains(before[i].id) {
                add("delete", before[i].scalar, deletions[before[i].id].map { people.person(replica: $0.replica) })
                i += 1
            } else if j < after.count, !inBefore.contains(after[j].id) {
                add("insert", after[j].scalar, people.person(replica: after[j].id.replica))
                j += 1
            } else {
                add("same", after[j].scalar, nil)
                i += 1
                j += 1
            }
        }
        return HistoryBody.Diff(parts: parts)
    }

    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
