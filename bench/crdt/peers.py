#!/usr/bin/env python3
"""Replays editing traces through the peers (Loro and pycrdt/Yrs) the way tavolo-bench replays them
through TavoloCRDT, and prints one JSON object per (peer, trace).

Sequential traces: one text, one transaction per patch.
Concurrent traces: one document per agent; before each transaction its agent imports the updates of
every transaction in the causal closure of its parents; merge_ms = importing everything into an
empty document. pycrdt counts positions in UTF-8 bytes, so non-ASCII characters are folded to '_'
when driving it (every trace keeps its length in scalars)."""
import gzip, json, os, sys, time

import loro
import pycrdt


def fold(s):
    return "".join(c if ord(c) < 128 else "_" for c in s)


def best(n, fn):
    out, t_best = None, float("inf")
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        t_best = min(t_best, time.perf_counter() - t)
    return out, t_best * 1000


class LoroPeer:
    name = "loro"
    folds = False

    def new(self, agent=None):
        d = loro.LoroDoc()
        if agent is not None:
            d.peer_id = agent + 1
        return d

    def text(self, d):
        return d.get_text("text")

    def splice(self, d, t, pos, dele, ins):
        if dele:
            t.delete(pos, dele)
        if ins:
            t.insert(pos, ins)
        d.commit()

    def content(self, d):
        return d.get_text("text").to_string()

    def state(self, d):
        return d.oplog_vv

    def update_since(self, d, st):
        return d.export(loro.ExportMode.Updates(st))

    def apply(self, d, u):
        d.import_(u)

    def snapshot(self, d):
        return d.export(loro.ExportMode.Snapshot())

    def load(self, b):
        d = loro.LoroDoc()
        d.import_(b)
        return d


class PycrdtPeer:
    name = "pycrdt"
    folds = True

    def new(self, agent=None):
        d = pycrdt.Doc(client_id=agent + 1) if agent is not None else pycrdt.Doc()
        d["text"] = pycrdt.Text()
        return d

    def text(self, d):
        return d.get("text", type=pycrdt.Text)

    def splice(self, d, t, pos, dele, ins):
        with d.transaction():
            if dele:
                del t[pos:pos + dele]
            if ins:
                t.insert(pos, ins)

    def content(self, d):
        return str(d.get("text", type=pycrdt.Text))

    def state(self, d):
        return d.get_state()

    def update_since(self, d, st):
        return d.get_update(st)

    def apply(self, d, u):
        d.apply_update(u)

    def snapshot(self, d):
        return d.get_update()

    def load(self, b):
        d = pycrdt.Doc()
        d.apply_update(b)
        return d


def run_sequential(peer, trace, reps):
    patches = [(p[0], p[1], fold(p[2]) if peer.folds else p[2]) for t in trace["txns"] for p in t["patches"]]
    end = fold(trace["endContent"]) if peer.folds else trace["endContent"]

    def replay():
        d = peer.new()
        t = peer.text(d)
        for pos, dele, ins in patches:
            peer.splice(d, t, pos, dele, ins)
        return d

    d, ms = best(reps, replay)
    assert peer.content(d) == end, f"{peer.name}: wrong final text"
    snap = peer.snapshot(d)
    loaded, load_ms = best(max(reps, 5), lambda: peer.content(peer.load(snap)))
    assert loaded == end
    return {"replay_ms": ms, "encoded_bytes": len(snap), "load_ms": load_ms}


def run_concurrent(peer, trace, reps):
    txns = trace["txns"]
    end = fold(trace["endContent"]) if peer.folds else trace["endContent"]

    def replay():
        docs = [peer.new(a) for a in range(trace["numAgents"])]
        texts = [peer.text(d) for d in docs]
        imported = [set() for _ in docs]
        updates = []
        for i, txn in enumerate(txns):
            a = txn["agent"]
            need, stack = [], list(txn["parents"])
            while stack:
                p = stack.pop()
                if p in imported[a]:
                    continue
                imported[a].add(p)
                need.append(p)
                stack.extend(txns[p]["parents"])
            for p in sorted(need):
                peer.apply(docs[a], updates[p])
            before = peer.state(docs[a])
            for pos, dele, ins in txn["patches"]:
                peer.splice(docs[a], texts[a], pos, dele, fold(ins) if peer.folds else ins)
            updates.append(peer.update_since(docs[a], before))
            imported[a].add(i)
        return updates

    updates, ms = best(reps, replay)

    def merge_all():
        d = peer.new()
        for u in updates:
            peer.apply(d, u)
        return d

    merged, arrival_ms = best(max(reps, 3) if peer.name != "pycrdt" else 1, merge_all)
    assert peer.content(merged) == end, f"{peer.name}: wrong merged text"
    full = peer.update_since(merged, peer.state(peer.new()))
    _, merge_ms = best(max(reps, 5), lambda: peer.content(peer.load(full)))
    snap = peer.snapshot(merged)
    _, load_ms = best(max(reps, 5), lambda: peer.content(peer.load(snap)))
    return {"replay_ms": ms, "encoded_bytes": len(snap), "load_ms": load_ms, "merge_ms": merge_ms,
            "arrival_ms": arrival_ms}


def main():
    reps = int(os.environ.get("PEER_REPS", "3"))
    for path in sys.argv[1:]:
        trace = json.load(gzip.open(path))
        name = path.split("/")[-1].replace(".json.gz", "")
        for peer in (LoroPeer(), PycrdtPeer()):
            r = (run_concurrent if trace.get("kind") == "concurrent" else run_sequential)(
                peer, trace, 1 if peer.name == "pycrdt" else reps)
            r = {"peer": peer.name, "trace": name, **{k: round(v, 3) for k, v in r.items()}}
            print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
