"""One table of the browser client's figures from bench/out/web (written by bench/web/run.sh):
replay.json (JS CRDT replay), peers.jsonl (Loro, pycrdt on the same trace), page.jsonl (page.py).
Usage: python bench/web/summary.py <out folder>"""
import json
import sys
from pathlib import Path

PAGE_TARGET = 150_000     # bytes of JavaScript and CSS, uncompressed
REPLAY_TARGET = 1000      # ms
KEYSTROKE_TARGET = 50     # ms, p95


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def main(out):
    rows = []
    row = lambda figure, value, target="", ratio="": rows.append((figure, value, target, ratio))
    for replay in lines(out / "replay.json"):
        for key, label in (("cold_replay_ms", "first run"), ("warm_replay_ms", "median of 5 warm")):
            row(f"JS CRDT replay {replay['trace']} ({label})", f"{replay[key]:.0f} ms", "1000 ms", f"{replay[key] / REPLAY_TARGET:.2f}x")
        for peer in lines(out / "peers.jsonl"):
            if peer["trace"] == replay["trace"]:
                # Like with like: bench/crdt/peers.py reports each peer's best run (of its repetitions).
                runs = "1 run" if peer["peer"] == "pycrdt" else "best of 3"  # as bench/crdt/peers.py runs them
                row(f"  JS best ({replay['best_replay_ms']:.0f} ms) / {peer['peer']} {runs} ({peer['replay_ms']:.0f} ms)", "", "",
                    f"{replay['best_replay_ms'] / peer['replay_ms']:.2f}x")
        row("  encoded / fresh merge", f"{replay['encoded_bytes'] / 1000:.0f} KB / {replay['fresh_merge_ms']:.0f} ms")
    for f in lines(out / "page.jsonl"):
        if f["figure"] == "open_invitation_to_editable_ms":
            row(f"invitation link → editable table, {f['role']} (median of {f['runs']})", f"{f['median']:.0f} ms")
        elif f["figure"] == "page_weight_bytes":
            row(f"JS + CSS loaded, {f['role']}", f"{f['js_css'] / 1000:.1f} KB", "150 KB", f"{f['js_css'] / PAGE_TARGET:.2f}x")
            for folder, size in sorted(f["by_folder"].items()):
                row(f"    {folder}/", f"{size / 1000:.1f} KB")
        elif f["figure"] == "keystroke_to_screen_ms":
            row(f"keystroke → screen p95, {f['text']} (100k chars, 5 typing)", f"{f['p95']:.1f} ms", "50 ms", f"{f['p95'] / KEYSTROKE_TARGET:.2f}x")
            row(f"  p50 / max", f"{f['p50']:.1f} / {f['max']:.1f} ms")
            row(f"  keystrokes measured / sent / others typed", f"{f['keystrokes']} / {f['sent']} / {f['others_typed']}")
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':{width}} {'value':>16} {'target':>9} {'ratio':>7}")
    for figure, value, target, ratio in rows:
        print(f"{figure:{width}} {value:>16} {target:>9} {ratio:>7}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
