import TavoloCRDT

/// Which part of a table's document an object belongs to: the root key it hangs from
/// (`project`, `agenda:<session>`, `minutes:<session>`, `proposal:<organisation>`, `comments`:
/// `TableLayout`, parsed by `TableArea`). Permissions are decided per area.
struct DocumentAreas {
    private var areaOf: [ObjectID: String] = [:]

    /// The area of every target in `operations`, or nil for a target that cannot be placed.
    mutating func areas(of operations: Operations, in document: Document) -> [String?] {
        var created: [ObjectID: String] = [:]
        return operations.targets.map { target in
            let area: String?
            if target.object == .root {
                area = target.key
            } else if let known = created[target.object] ?? lookup(target.object, in: document) {
                area = known
            } else {
                area = nil
            }
            if let area, let new = target.createdObject { created[new] = area }
            return area
        }
    }

    private mutating func lookup(_ object: ObjectID, in document: Document) -> String? {
        if let area = areaOf[object] { return area }
        rebuild(from: document)  // objects are created rarely: a miss means a new one
        return areaOf[object]
    }

    private mutating func rebuild(from document: Document) {
        areaOf = [:]
        for key in document.keys(in: .root) {
            if case .object(let id, let kind)? = document.value(forKey: key) { index(id, kind, area: key, in: document) }
        }
    }

    private mutating func index(_ object: ObjectID, _ kind: ObjectKind, area: String, in document: Document) {
        areaOf[object] = area
        switch kind {
        case .map:
            for key in document.keys(in: object) {
                if case .object(let id, let kind)? = document.value(forKey: key, in: object) { index(id, kind, area: area, in: document) }
            }
        case .list:
            for value in document.values(in: object) {
                if case .object(let id, let kind) = value { index(id, kind, area: area, in: document) }
            }
        case .text:
            break
        }
    }
}
