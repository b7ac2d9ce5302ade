import TavoloCRDT
import TavoloDomain

/// Events that live in the documents rather than in the table events: an agenda item made
/// current (its `status` set to "current"), a decision added (a map inserted into the
/// `decisions` list of some minutes).
struct DocumentEvent: Sendable {
    enum Kind: Sendable {
        case agendaItemCurrent(session: String, item: ObjectID)
        case decisionAdded(session: String, item: ObjectID)
    }

    var at: Int64
    /// The replica whose batch did it.
    var replica: String
    var kind: Kind
}

extension TableHistory {
    /// Looks at what one batch (just applied to `document`) did to agendas and decisions.
    func noteDocumentEvents(_ operations: Operations, at: Int64, author: String) {
        for target in operations.targets {
            if target.expectedKind == .map, target.key == "status", target.object != .root,
                document.value(forKey: "status", in: target.object) == .string("current"),
                let session = agendaSession(holding: target.object)
            {
                appendDocumentEvent(DocumentEvent(at: at, replica: author, kind: .agendaItemCurrent(session: session, item: target.object)))
            }
            if target.expectedKind == .list, target.createdKind == .map, let item = target.createdObject,
                let session = decisionsSession(of: target.object)
            {
                appendDocumentEvent(DocumentEvent(at: at, replica: author, kind: .decisionAdded(session: session, item: item)))
            }
        }
    }

    /// The session whose agenda list holds the map `item`, if any.
    private func agendaSession(holding item: ObjectID) -> String? {
        for key in document.keys(in: .root) {
            guard case .agenda(let session) = TableArea(rootKey: key), case .object(let list, .list)? = document.value(forKey: key) else { continue }
            if document.values(in: list).contains(where: { $0 == .object(item, .map) }) { return session }
        }
        return nil
    }

    /// The session whose minutes have `list` as their `decisions`, if any.
    private func decisionsSession(of list: ObjectID) -> String? {
        for key in document.keys(in: .root) {
            guard case .minutes(let session) = TableArea(rootKey: key), case .object(let minutes, .map)? = document.value(forKey: key),
                document.value(forKey: TableLayout.Minutes.decisions, in: minutes) == .object(list, .list)
            else { continue }
            return session
        }
        return nil
    }
}
