// List with move (docs/crdt.md §4): a port of Sources/TavoloCRDT/List/ListState.swift.
import { utf8Less } from './bytes.js';

/** a after b in (lamport, replica) order. */
function after(a, b) { return a.lamport !== b.lamport ? a.lamport > b.lamport : utf8Less(b.replica, a.replica); }

export class ListState {
  constructor() {
    /** {lv, parent (slot index, -1 = list start), right, lamport, replica, element (index)} */
    this.slots = [];
    this.slotIndex = new Map();
    /** {lv, value, slot, deleted} */
    this.elements = [];
    this.elementIndex = new Map();
    this.order = [];
  }

  /** Adds a slot; `insert` (a value, `hasValue` true) creates the element, else moves `moveLV` there. */
  addSlot(lv, parentLV, right, lamport, replica, hasValue, value, moveLV) {
    const parent = parentLV < 0 ? -1 : (this.slotIndex.get(parentLV) ?? -1);
    let elementIdx;
    if (hasValue) {
      elementIdx = this.elements.length;
      this.elements.push({ lv, value, slot: this.slots.length, deleted: false });
      this.elementIndex.set(lv, elementIdx);
    } else {
      const e = moveLV === null || moveLV === undefined ? undefined : this.elementIndex.get(moveLV);
      if (e === undefined) return;
      elementIdx = e;
    }
    const slot = { lv, parent, right, lamport, replica, element: elementIdx };
    this.slots.push(slot);
    this.slotIndex.set(lv, this.slots.length - 1);
    if (!hasValue) {
      const current = this.slots[this.elements[elementIdx].slot];
      if (after(slot, current)) this.elements[elementIdx].slot = this.slots.length - 1;
    }
    this.recomputeOrder();
  }

  delete(elementLV) {
    const e = this.elementIndex.get(elementLV);
    if (e === undefined) return;
    this.elements[e].deleted = true;
    this.recomputeOrder();
  }

  slotOrder() {
    const n = this.slots.length + 1;
    const leftKids = Array.from({ length: n }, () => []);
    const rightKids = Array.from({ length: n }, () => []);
    this.slots.forEach((s, i) => { (s.right ? rightKids : leftKids)[s.parent + 1].push(i); });
    const slots = this.slots;
    for (let i = 0; i < n; i++) {
      leftKids[i].sort((x, y) => (after(slots[y], slots[x]) ? -1 : after(slots[x], slots[y]) ? 1 : 0));
      rightKids[i].sort((x, y) => (after(slots[x], slots[y]) ? -1 : after(slots[y], slots[x]) ? 1 : 0));
    }
    const out = [];
    const stack = [[0, -1]]; // [0 = enter, 1 = emit, slot]
    while (stack.length) {
      const [step, s] = stack.pop();
      if (step === 1) { out.push(s); continue; }
      const p = s + 1;
      for (let k = rightKids[p].length - 1; k >= 0; k--) stack.push([0, rightKids[p][k]]);
      if (s >= 0) stack.push([1, s]);
      for (let k = leftKids[p].length - 1; k >= 0; k--) stack.push([0, leftKids[p][k]]);
    }
    return out;
  }

  recomputeOrder() {
    const order = [];
    for (const s of this.slotOrder()) {
      const e = this.slots[s].element;
      if (this.elements[e].slot === s && !this.elements[e].deleted) order.push(e);
    }
    this.order = order;
  }

  /** Where a new slot goes to land right after visible element index-1 (ignoring `excluding`). */
  placement(index, excluding = null) {
    const visible = excluding === null ? this.order : this.order.filter((x) => x !== excluding);
    const leftSlot = index === 0 ? -1 : this.elements[visible[index - 1]].slot;
    const hasRightKids = this.slots.some((s) => s.parent === leftSlot && s.right);
    if (!hasRightKids) return { parent: leftSlot < 0 ? -1 : this.slots[leftSlot].lv, right: true };
    const all = this.slotOrder();
    const at = leftSlot < 0 ? 0 : all.indexOf(leftSlot) + 1;
    return { parent: this.slots[all[at]].lv, right: false };
  }
}
