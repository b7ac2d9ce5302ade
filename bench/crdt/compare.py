#!/usr/bin/env python3
"""Prints TavoloCRDT's figures beside the peers' with ratios and the targets of the CRDT issue."""
import json, sys

ours = {r["trace"]: r for r in map(json.loads, open(sys.argv[1]))}
peers = {}
for r in map(json.loads, open(sys.argv[2])):
    peers.setdefault(r["trace"], {})[r["peer"]] = r
AUTOMERGE_PAPER_BYTES = 129_079  # Automerge's encoded automerge-paper (shared/traces/README.md)


def fmt(x):
    return f"{x:,.3f}" if isinstance(x, float) else f"{x:,}"


for trace, o in ours.items():
    p = peers.get(trace, {})
    print(f"\n## {trace}  ({o['patches']:,} patches, {o['final_length']:,} chars)")
    print(f"{'metric':<16}{'tavolo':>14}{'loro':>14}{'pycrdt':>14}{'loro/tavolo':>14}{'pycrdt/tavolo':>15}")
    for k in ("replay_ms", "encoded_bytes", "load_ms", "merge_ms", "arrival_ms"):
        if k not in o:
            continue
        lo, py = p.get("loro", {}).get(k), p.get("pycrdt", {}).get(k)
        ratio = lambda x: f"{x / o[k]:.1f}x" if x and o[k] else "-"
        print(f"{k:<16}{fmt(o[k]):>14}{fmt(lo) if lo is not None else '-':>14}{fmt(py) if py is not None else '-':>14}"
              f"{ratio(lo):>14}{ratio(py):>15}")
    for k in ("ops_per_s", "history_ms", "peak_rss_bytes", "merge_peak_rss_bytes"):
        if k in o:
            print(f"{k:<16}{fmt(o[k]):>14}")
    checks = []
    if "loro" in p:
        checks.append(("replay >= 10x faster than Loro", p["loro"]["replay_ms"] / o["replay_ms"] >= 10))
    if "pycrdt" in p:
        checks.append(("replay >= 100x faster than pycrdt", p["pycrdt"]["replay_ms"] / o["replay_ms"] >= 100))
    per100k = o["peak_rss_bytes"] / max(o["final_length"], 1) * 100_000
    checks.append((f"peak memory < 2 MB per 100k chars ({per100k / 1e6:.2f} MB)", per100k < 2e6))
    if "merge_ms" in o and "arrival_ms" in o:
        # The CRDT-under-concurrency issue's targets.
        if "loro" in p:
            checks.append(("merge-all >= 10x faster than Loro", p["loro"]["merge_ms"] / o["merge_ms"] >= 10))
        if "pycrdt" in p:
            checks.append(("merge-all not slower than Yrs", o["merge_ms"] <= p["pycrdt"]["merge_ms"]))
        checks.append((f"merge-on-arrival <= 2x merge-all ({o['arrival_ms'] / o['merge_ms']:.1f}x)",
                       o["arrival_ms"] <= 2 * o["merge_ms"]))
        mp = o["merge_peak_rss_bytes"] / max(o["final_length"], 1) * 100_000
        checks.append((f"merge peak memory < 2 MB per 100k chars ({mp / 1e6:.2f} MB)", mp < 2e6))
    if trace == "automerge-paper":
        checks.append((f"encoded < Automerge's {AUTOMERGE_PAPER_BYTES:,} B", o["encoded_bytes"] < AUTOMERGE_PAPER_BYTES))
        checks.append(("load < 1 ms", o["load_ms"] < 1))
        checks.append(("any earlier version < 50 ms", o["history_ms"] < 50))
    for name, ok in checks:
        print(f"  [{'x' if ok else ' '}] {name}")
