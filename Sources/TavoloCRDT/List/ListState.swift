/// A place in a list's order. Slots form a Fugue tree: each slot is a left or right child of a
/// parent slot (or of the list start), and the list order is the tree's in-order walk. Slots are
/// never removed; an element occupies the slot its latest move (or its insert) assigned.
struct ListSlot: Sendable {
    var lv: Int
    /// Index of the parent slot, -1 for the list start.
    var parent: Int
    var right: Bool
    var lamport: Int
    var replica: String
    /// Index of the element this slot was made for.
    var element: Int

    func after(_ o: ListSlot) -> Bool { lamport != o.lamport ? lamport > o.lamport : utf8Less(o.replica, replica) }
}

/// A list element: a value with an id (its insert) and a last-writer-wins position register.
struct ListElement: Sendable {
    var lv: Int
    var value: Value
    /// Index of the slot that currently holds it.
    var slot: Int
    var deleted: Bool
}

/// A list of values with move: concurrent moves resolve last-writer-wins on the element's slot,
/// so an element is never duplicated; delete beats move (a deleted element stays deleted).
struct ListState: Sendable {
    var slots: [ListSlot] = []
    var slotIndex: [Int: Int] = [:]
    var elements: [ListElement] = []
    var elementIndex: [Int: Int] = [:]
    /// Visible element indices in order (recomputed after each change; lists are short).
    var order: [Int] = []

    /// Adds a slot; if `element` is nil, creates the element too (an insert), else moves it there.
    mutating func addSlot(lv: Int, parentLV: Int, right: Bool, lamport: Int, replica: String,
                          insert value: Value?, move elementLV: Int?) {
        let parent = parentLV < 0 ? -1 : (slotIndex[parentLV] ?? -1)
        let elementIdx: Int
        if let value {
            elementIdx = elements.count
            elements.append(ListElement(lv: lv, value: value, slot: slots.count, deleted: false))
            elementIndex[lv] = elementIdx
        } else {
            guard let e = elementLV.flatMap({ elementIndex[$0] }) else { return }
            elementIdx = e
        }
        let slot = ListSlot(lv: lv, parent: parent, right: right, lamport: lamport, replica: replica, element: elementIdx)
        slots.append(slot)
        slotIndex[lv] = slots.count - 1
        if value == nil {
            let current = slots[elements[elementIdx].slot]
            if slot.after(current) { elements[elementIdx].slot = slots.count - 1 }
        }
        recomputeOrder()
    }

    mutating func delete(elementLV: Int) {
        guard let e = elementIndex[elementLV] else { return }
        elements[e].deleted = true
        recomputeOrder()
    }

    /// All slots in list order (in-order walk; right children newest first, left children oldest first).
    func slotOrder() -> [Int] {
        var leftKids = [[Int]](repeating: [], count: slots.count + 1)
        var rightKids = [[Int]](repeating: [], count: slots.count + 1)
        for (i, s) in slots.enumerated() {
            let p = s.parent + 1  // 0 is the list start
            if s.right { rightKids[p].append(i) } else { leftKids[p].append(i) }
        }
        for i in leftKids.indices {
            leftKids[i].sort { slots[$1].after(slots[$0]) }
            rightKids[i].sort { slots[$0].after(slots[$1]) }
        }
        // Iterative in-order walk (appending to a list makes a deep right spine).
        var out: [Int] = []
        out.reserveCapacity(slots.count)
        enum Step { case enter(Int), emit(Int) }
        var stack: [Step] = [.enter(-1)]
        while let step = stack.popLast() {
            switch step {
            case .emit(let s): out.append(s)
            case .enter(let s):
                let p = s + 1
                for c in rightKids[p].reversed() { stack.append(.enter(c)) }
                if s >= 0 { stack.append(.emit(s)) }
                for c in leftKids[p].reversed() { stack.append(.enter(c)) }
            }
        }
        return out
    }

    mutating func recomputeOrder() {
        order = slotOrder().compactMap { s in
            let e = slots[s].element
            return elements[e].slot == s && !elements[e].deleted ? e : nil
        }
    }

    /// Where a new slot goes so that it lands right after visible element `index - 1`
    /// (ignoring element `excluding`): (parent slot LV or -1, right child?).
    func placement(at index: Int, excluding: Int? = nil) -> (parent: Int, right: Bool) {
        let visible = excluding.map { ex in order.filter { $0 != ex } } ?? order
        let all = slotOrder()
        let leftSlot = index == 0 ? -1 : elements[visible[index - 1]].slot
        let hasRightKids = slots.contains { $0.parent == leftSlot && $0.right }
        if !hasRightKids { return (leftSlot < 0 ? -1 : slots[leftSlot].lv, true) }
        // Left child of the slot that follows leftSlot in the full order.
        let at = leftSlot < 0 ? 0 : (all.firstIndex(of: leftSlot)! + 1)
        return (slots[all[at]].lv, false)
    }
}
