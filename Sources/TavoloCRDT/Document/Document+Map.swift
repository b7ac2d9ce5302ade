extension Document {
    /// Sets `key` of map `obj` to a scalar value (use `makeObject` for nested objects).
    @discardableResult
    public mutating func set(_ key: String, to value: Value, in obj: ObjectID = .root) throws(EditError) -> Change {
        if case .object = value { throw .nestedObjectsAreMadeWithMakeObject }
        try checkSize(key: key, value)
        let oi = try object(obj, .map)
        let (lv, _) = addLocal(1)
        addPayloadOp(lv: lv, kind: .mapSet, target: oi, Payload(key: key, value: value))
        return change(lv, 1)
    }

    /// Creates a new empty object of `kind` under `key` of map `obj`; returns its id.
    @discardableResult
    public mutating func makeObject(_ kind: ObjectKind, at key: String, in obj: ObjectID = .root) throws(EditError) -> ObjectID {
        try checkSize(key: key)
        let oi = try object(obj, .map)
        let (lv, _) = addLocal(1)
        let id = ObjectID(creator: graph.id(lv))
        addPayloadOp(lv: lv, kind: .mapSet, target: oi, Payload(key: key, value: .object(id, kind)))
        return id
    }

    /// Removes `key` from map `obj`.
    @discardableResult
    public mutating func removeValue(forKey key: String, in obj: ObjectID = .root) throws(EditError) -> Change {
        try checkSize(key: key)
        let oi = try object(obj, .map)
        let (lv, _) = addLocal(1)
        addPayloadOp(lv: lv, kind: .mapDelete, target: oi, Payload(key: key))
        return change(lv, 1)
    }

    /// The value under `key` of map `obj`.
    public func value(forKey key: String, in obj: ObjectID = .root) -> Value? {
        lookup(obj, .map).flatMap { maps[$0].entries[key]?.value }
    }

    /// The keys present in map `obj`, sorted.
    public func keys(in obj: ObjectID = .root) -> [String] {
        lookup(obj, .map).map { maps[$0].keys } ?? []
    }
}
