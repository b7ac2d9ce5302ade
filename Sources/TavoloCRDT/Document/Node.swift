/// A plain snapshot of an object tree, for comparisons, tests and JSON-like export.
public indirect enum Node: Hashable, Sendable {
    case map([String: Node])
    case list([Node])
    case text(String)
    case value(Value)
}

extension Document {
    /// The materialized content of `obj` and everything below it.
    public func node(_ obj: ObjectID = .root) -> Node {
        guard let i = objectIndex(obj) else { return .value(.null) }
        let info = objects[i]
        func expand(_ v: Value) -> Node {
            if case .object(let id, _) = v { return node(id) }
            return .value(v)
        }
        switch info.kind {
        case .text:
            return .text(texts[info.state].string)
        case .map:
            var out: [String: Node] = [:]
            for (k, e) in maps[info.state].entries { if let v = e.value { out[k] = expand(v) } }
            return .map(out)
        case .list:
            let l = lists[info.state]
            return .list(l.order.map { expand(l.elements[$0].value) })
        }
    }
}
