extension Document {
    private mutating func listState(_ obj: ObjectID) throws(EditError) -> (Int, Int) {
        let oi = try object(obj, .list)
        return (oi, objects[oi].state)
    }

    private mutating func listInsert(_ value: Value, at index: Int, in obj: ObjectID, kind: ObjectKind?) throws(EditError) -> (Int, Value) {
        let (oi, li) = try listState(obj)
        let n = lists[li].order.count
        guard index >= 0 && index <= n else { throw .indexOutOfRange(index: index, count: n) }
        let place = lists[li].placement(at: index)
        let (lv, _) = addLocal(1)
        let stored = kind.map { Value.object(ObjectID(creator: graph.id(lv)), $0) } ?? value
        addPayloadOp(lv: lv, kind: .listInsert, target: oi, Payload(value: stored, parentSlot: place.parent, right: place.right))
        return (lv, stored)
    }

    /// Inserts a scalar value at `index` of list `obj`.
    @discardableResult
    public mutating func insert(_ value: Value, at index: Int, in obj: ObjectID) throws(EditError) -> Change {
        if case .object = value { throw .nestedObjectsAreMadeWithMakeObject }
        try checkSize(value)
        let (lv, _) = try listInsert(value, at: index, in: obj, kind: nil)
        return change(lv, 1)
    }

    /// Creates a new empty object of `kind` at `index` of list `obj`; returns its id.
    @discardableResult
    public mutating func makeObject(_ kind: ObjectKind, at index: Int, in obj: ObjectID) throws(EditError) -> ObjectID {
        let (lv, _) = try listInsert(.null, at: index, in: obj, kind: kind)
        return ObjectID(creator: graph.id(lv))
    }

    /// Moves the element at `from` so that it ends up at index `to` of list `obj`.
    @discardableResult
    public mutating func move(from: Int, to: Int, in obj: ObjectID) throws(EditError) -> Change {
        let (oi, li) = try listState(obj)
        let n = lists[li].order.count
        guard from >= 0 && from < n else { throw .indexOutOfRange(index: from, count: n) }
        guard to >= 0 && to < n else { throw .indexOutOfRange(index: to, count: n) }
        let element = lists[li].order[from]
        let place = lists[li].placement(at: to, excluding: element)
        let (lv, _) = addLocal(1)
        addPayloadOp(lv: lv, kind: .listMove, target: oi,
                     Payload(element: lists[li].elements[element].lv, parentSlot: place.parent, right: place.right))
        return change(lv, 1)
    }

    /// Removes the element at `index` of list `obj`.
    @discardableResult
    public mutating func remove(at index: Int, in obj: ObjectID) throws(EditError) -> Change {
        let (oi, li) = try listState(obj)
        let n = lists[li].order.count
        guard index >= 0 && index < n else { throw .indexOutOfRange(index: index, count: n) }
        let element = lists[li].order[index]
        let (lv, _) = addLocal(1)
        addPayloadOp(lv: lv, kind: .listDelete, target: oi, Payload(element: lists[li].elements[element].lv))
        return change(lv, 1)
    }

    /// The values of list `obj` in order.
    public func values(in obj: ObjectID) -> [Value] {
        guard let li = lookup(obj, .list) else { return [] }
        return lists[li].order.map { lists[li].elements[$0].value }
    }

    /// The stable ids of the elements of list `obj` in order (the id of each element's insert).
    public func elementIDs(in obj: ObjectID) -> [OpID] {
        guard let li = lookup(obj, .list) else { return [] }
        return lists[li].order.map { graph.id(lists[li].elements[$0].lv) }
    }
}
