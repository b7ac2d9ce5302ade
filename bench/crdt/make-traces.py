#!/usr/bin/env python3
"""Writes extra concurrent traces (the `concurrent` format of ../shared/traces/README.md) whose
end content is known without a CRDT, for bench/crdt/run.sh:

* two-branches: two people write two documents from one shared line break, never syncing, and
  their histories are merged (the whole of automerge-paper before the break, the whole of
  seph-blog1 after it); txns come branch after branch, as a server would receive them.
* twenty-typists: twenty people each write their own paragraph of one document at once (each
  types the first patches of automerge-paper), seeing the others' typing every ten keystrokes
  with a delay of three rounds; txns come round-robin, as a server would receive them.

Usage: make-traces.py SHARED_TRACES_DIR OUT_DIR"""
import gzip, json, os, sys


def load(path):
    return json.load(gzip.open(path))


def apply(text, patches):
    for pos, dele, ins in patches:
        text = text[:pos] + ins + text[pos + dele:]
    return text


def sequential_patches(trace):
    return [t["patches"] for t in trace["txns"]]


def shift(patches, by):
    return [[pos + by, dele, ins] for pos, dele, ins in patches]


def finish(txns, end, agents):
    children = [0] * len(txns)
    for t in txns:
        for p in t["parents"]:
            children[p] += 1
    for t, c in zip(txns, children):
        t["numChildren"] = c
    return {"kind": "concurrent", "endContent": end, "numAgents": agents, "txns": txns}


def two_branches(paper, blog):
    a, b = sequential_patches(paper), sequential_patches(blog)
    txns = [{"parents": [], "agent": 0, "time": "", "patches": [[0, 0, "\n"]]}]
    prev = 0
    for patches in a:  # agent 0 writes before the break: positions as they are
        txns.append({"parents": [prev], "agent": 0, "time": "", "patches": patches})
        prev = len(txns) - 1
    prev = 0
    for patches in b:  # agent 1 writes after the break, which it sees at position 0
        txns.append({"parents": [prev], "agent": 1, "time": "", "patches": shift(patches, 1)})
        prev = len(txns) - 1
    end = paper["endContent"] + "\n" + blog["endContent"]
    return finish(txns, end, 2)


def twenty_typists(paper, agents=20, rounds=2500, every=10, delay=3):
    source = sequential_patches(paper)[:rounds]
    # Region texts of each agent after each of its own txns (index k = after k txns).
    region = [""]
    for patches in source:
        region.append(apply(region[-1], patches))
    txns = [{"parents": [], "agent": 0, "time": "", "patches": [[0, 0, "\n" * (agents - 1)]]}]
    last = [0] * agents                  # each agent's latest txn index
    seen = [[0] * agents for _ in range(agents)]  # seen[a][b]: how many of b's txns a has merged
    made = [0] * agents                  # txns each agent has made
    history = []                         # per round: the txn index of each agent's txn
    for r in range(rounds):
        row = []
        for a in range(agents):
            parents = {last[a]}
            if r % every == 0 and r >= delay:
                for b in range(agents):
                    if b != a:
                        t = history[r - delay][b]
                        parents.add(t)
                        # Merging b's txn brings b's region as of its (r - delay + 1) txns, and
                        # everything b had merged then (b syncs on the same rounds, so it is older).
                        seen[a][b] = max(seen[a][b], r - delay + 1)
            # Positions in a's view: the regions before a's, as a has seen them, and the breaks.
            offset = sum(len(region[seen[a][b]]) for b in range(a)) + a
            txns.append({"parents": sorted(parents), "agent": a, "time": "",
                         "patches": shift(source[r], offset)})
            last[a] = len(txns) - 1
            made[a] += 1
            seen[a][a] = made[a]
            row.append(last[a])
        history.append(row)
    end = "\n".join(region[rounds] for _ in range(agents))
    return finish(txns, end, agents)


def main():
    shared, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "concurrent"), exist_ok=True)
    paper = load(os.path.join(shared, "sequential", "automerge-paper.json.gz"))
    blog = load(os.path.join(shared, "sequential", "seph-blog1.json.gz"))
    for name, trace in (("two-branches", two_branches(paper, blog)), ("twenty-typists", twenty_typists(paper))):
        path = os.path.join(out, "concurrent", name + ".json.gz")
        with gzip.open(path, "wt") as f:
            json.dump(trace, f)
        print(path)


if __name__ == "__main__":
    main()
