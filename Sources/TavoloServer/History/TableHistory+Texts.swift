import TavoloCRDT
import TavoloDomain

/// Text paths (docs/api.md): `<root key>` for a root text, `<root key>/<map key>` for a text in a root map.
extension TableHistory {
    /// The text object a path names now, or nil.
    func textObject(_ path: String) -> ObjectID? { document.textObject(path: path) }

    /// Every text path that exists now, with its area and an Italian label.
    func textPaths(sessions: [SessionState]) -> [HistoryBody.Overview.Text] {
        var out: [HistoryBody.Overview.Text] = []
        for root in document.keys(in: .root).sorted() {
            switch document.value(forKey: root) {
            case .object(_, .text)?:
                out.append(.init(path: root, area: root, label: Self.label(root: root, key: nil, sessions: sessions)))
            case .object(let map, .map)?:
                for key in document.keys(in: map).sorted() {
                    guard case .object(_, .text)? = document.value(forKey: key, in: map) else { continue }
                    out.append(.init(path: root + "/" + key, area: root, label: Self.label(root: root, key: key, sessions: sessions)))
                }
            default:
                continue
            }
        }
        return out
    }

    static let sectionLabels = [
        "goals": "Obiettivi", "activities": "Attività", "resources": "Risorse", "cofinancing": "Cofinanziamento",
        "partners": "Partner", "text": "Testo",
    ]

    static func label(root: String, key: String?, sessions: [SessionState]) -> String {
        let section = key.map { sectionLabels[$0] ?? $0 }
        switch TableArea(rootKey: root) {
        case .project:
            return "Progetto condiviso" + (section.map { " – \($0)" } ?? "")
        case .minutes(let id):
            let title = sessions.first { $0.id == id }?.title ?? id
            return key == TableLayout.Minutes.text || key == nil ? "Verbale – \(title)" : "Verbale – \(title) – \(section ?? "")"
        case .proposal(let organisation):
            return "Proposta \(organisation)" + (section.map { " – \($0)" } ?? "")
        default:
            return [root, key].compactMap { $0 }.joined(separator: "/")
        }
    }
}
