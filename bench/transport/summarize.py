"""Turns bench/transport/run.sh's JSON lines into ratio lines (tavolo / python) and a table.

    python3 summarize.py RESULTS.jsonl [MORE.jsonl ...] [--machine TEXT] [--markdown]

With several files (runs), each scenario and side keeps the successful run during which other
processes used the least CPU (`other_cpu`): on a shared machine that is the least disturbed one.

A ratio line is printed for every scenario, even when a side failed: `failed` then names
it and the ratios are null. Throughput ratios above 1 and latency or CPU ratios below 1
favour tavolo.
"""

import argparse
import json

OURS, THEIRS = "tavolo", "python"


def throughput_key(r):
    return "deliveries_per_s" if r.get("mode") == "room" or r["scenario"].startswith("room") else "round_trips_per_s"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return float("%.3g" % (a / b))


def describe(scenario):
    kind, *rest = scenario.split("-")
    if kind == "echo":
        return "echo, %s client%s" % (rest[0], "" if rest[0] == "1" else "s")
    if "rate" in rest:
        return "room of %s, %sk deliveries/s offered" % (rest[0], int(rest[2]) // 1000)
    if "window" in rest:
        return "room of %s, saturation (%s msgs in flight)" % (rest[0], rest[2])
    return scenario


def fmt(v, digits=0):
    if v is None:
        return "—"
    return ("{:,.%df}" % digits).format(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--machine", default="")
    ap.add_argument("--markdown", action="store_true", help="the table only, as Markdown")
    args = ap.parse_args()

    rows = [json.loads(l) for f in args.results for l in open(f) if l.strip().startswith("{")]
    scenarios = []
    by = {}

    def quality(r):  # lower is better: failed runs last, then the most disturbed
        return (not r.get("ok"), r.get("other_cpu", 9))

    for r in rows:
        if r["scenario"] not in scenarios:
            scenarios.append(r["scenario"])
        key = (r["scenario"], r["server"])
        if key not in by or quality(r) < quality(by[key]):
            by[key] = r

    ratio_lines, table = [], []
    for s in scenarios:
        a, b = by.get((s, OURS)), by.get((s, THEIRS))
        failed = ["%s (not run)" % side if r is None else side
                  for side, r in ((OURS, a), (THEIRS, b)) if r is None or not r.get("ok")]
        ok_a = a if a and a.get("ok") else None
        ok_b = b if b and b.get("ok") else None
        key = throughput_key(a or b)
        get = lambda r, k: r.get(k) if r else None
        line = {"ratio": "%s/%s" % (OURS, THEIRS), "scenario": s,
                "failed": None if not failed else " and ".join(failed)}
        for k in (key, "p50_ms", "p99_ms", "server_cpu_us_per_msg"):
            line[k] = ratio(get(ok_a, k), get(ok_b, k))
        reasons = {side: r.get("error") or ("%d connections closed by the server" % r.get("closed_early", 0))
                   for side, r in ((OURS, a), (THEIRS, b)) if r is not None and not r.get("ok")}
        if reasons:
            line["why"] = reasons
        ratio_lines.append(line)
        unit = "deliveries/s" if key == "deliveries_per_s" else "round trips/s"
        table.append((describe(s), unit,
                      [get(a, key), get(b, key), line[key]],
                      [get(a, "p50_ms"), get(b, "p50_ms")],
                      [get(a, "p99_ms"), get(b, "p99_ms")],
                      [get(a, "server_cpu"), get(b, "server_cpu")],
                      [get(a, "server_cpu_us_per_msg"), get(b, "server_cpu_us_per_msg")],
                      [get(a, "other_cpu"), get(b, "other_cpu")],
                      failed))

    if not args.markdown:
        for l in ratio_lines:
            print(json.dumps(l))
        print()
        if args.machine:
            print("Machine: " + args.machine)
    header = ("| scenario | throughput tavolo | python | ratio | p50 ms tavolo / python | p99 ms tavolo / python "
              "| server CPU (cores) tavolo / python | server µs CPU per message tavolo / python "
              "| other processes' CPU (cores) |")
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, unit, thr, p50, p99, cpu, per, other, failed in table:
        note = " (failed: %s)" % ", ".join(failed) if failed else ""
        print("| %s%s | %s %s | %s | %s | %s / %s | %s / %s | %s / %s | %s / %s | %s / %s |" % (
            name, note, fmt(thr[0]), unit, fmt(thr[1]), "—" if thr[2] is None else "%.3g×" % thr[2],
            fmt(p50[0], 2), fmt(p50[1], 2), fmt(p99[0], 2), fmt(p99[1], 2),
            fmt(cpu[0], 2), fmt(cpu[1], 2), fmt(per[0], 1), fmt(per[1], 1), fmt(other[0], 2), fmt(other[1], 2)))


if __name__ == "__main__":
    main()
