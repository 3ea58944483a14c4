#!/usr/bin/env python3
"""One node against two nodes sharing a Redis, from the two runs of `run.sh cluster PRESET`.

Reads OUT/single/loadgen.out and OUT/cluster/loadgen.out (RESULT, SERVER_STEP, SERVER, REDIS_STEP, REDIS lines,
see bench/README.md), prints one markdown table per publishing step and one for the whole run, and writes them
to OUT/cluster.md. A missing OUT/single (CLUSTER_BASELINE=0) leaves its column empty.

    python3 bench/cluster.py OUT
"""
import json
import os
import sys

TAGS = ("RESULT", "SERVER_STEP", "SERVER", "REDIS_STEP", "REDIS")


def read_run(folder):
    run = {"results": [], "steps": {}, "servers": {}, "redis_steps": {}, "redis": None, "found": False}
    path = os.path.join(folder, "loadgen.out")
    if not os.path.exists(path):
        return run
    run["found"] = True
    with open(path, encoding="utf-8") as f:
        for line in f:
            tag, _, rest = line.strip().partition(" ")
            if tag not in TAGS or not rest.startswith("{"):
                continue
            j = json.loads(rest)
            node = j.get("node", "")
            if tag == "RESULT" and "step" in j:
                run["results"].append(j)
            elif tag == "SERVER_STEP":
                run["steps"][(j["step"], node)] = j
            elif tag == "SERVER":
                run["servers"][node] = j
            elif tag == "REDIS_STEP":
                run["redis_steps"][j["step"]] = j
            elif tag == "REDIS":
                run["redis"] = j
    return run


def fmt(v, digits=None):
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, str):
        return v
    if isinstance(v, int) or (digits is None and float(v).is_integer() and abs(v) >= 100):
        return f"{int(v):,}"
    if digits is None:
        digits = 0 if abs(v) >= 1000 else (1 if abs(v) >= 100 else 2)
    return f"{v:,.{digits}f}"


def table(rows):
    head = ["", "one node", "two nodes + Redis"]
    cells = [head] + [[r[0], fmt(r[1]), fmt(r[2])] for r in rows]
    w = [max(len(c[i]) for c in cells) for i in range(3)]
    out = ["| " + " | ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(cells[0])) + " |",
           "|" + "|".join("-" * (w[0] + 2) if i == 0 else "-" * (w[i] + 1) + ":" for i in range(3)) + "|"]
    for c in cells[1:]:
        out.append("| " + " | ".join(x.ljust(w[i]) if i == 0 else x.rjust(w[i]) for i, x in enumerate(c)) + " |")
    return out


def step_rows(single, cluster, n):
    def res(run):
        return next((r for r in run["results"] if r["step"] == n), {})

    def cpu(run, node):
        s = run["steps"].get((n, node))
        return s["cpu_s"] if s else None

    rs, rc = res(single), res(cluster)
    lat = lambda r, k: r.get("latency_ms", {}).get(k)
    a, b = cpu(cluster, "a"), cpu(cluster, "b")
    nodes = a + b if a is not None and b is not None else None
    redis = cluster["redis_steps"].get(n, {}).get("cpu_s")
    one = cpu(single, "")
    total = nodes + redis if nodes is not None and redis is not None else None
    per_m = lambda cpu_s, r: cpu_s / r["received"] * 1e6 if cpu_s is not None and r.get("received") else None
    return [
        ("deliveries/s", rs.get("deliveries_per_s"), rc.get("deliveries_per_s")),
        ("missing", rs.get("missing"), rc.get("missing")),
        ("latency p50 ms", lat(rs, "p50"), lat(rc, "p50")),
        ("latency p99 ms", lat(rs, "p99"), lat(rc, "p99")),
        ("latency p99.9 ms", lat(rs, "p99_9"), lat(rc, "p99_9")),
        ("latency max ms", lat(rs, "max"), lat(rc, "max")),
        ("server CPU s in the measured window (node A + B)", one,
         None if nodes is None else f"{fmt(nodes)} ({fmt(a)} + {fmt(b)})"),
        ("Redis CPU s in the measured window", None, redis),
        ("server (+ Redis) CPU s per million deliveries", per_m(one, rs), per_m(total, rc)),
        ("client CPU s in the measured window", rs.get("client_cpu_s"), rc.get("client_cpu_s")),
        ("client send lag p99 ms", rs.get("send_lag_ms", {}).get("p99"), rc.get("send_lag_ms", {}).get("p99")),
        ("schedule finished", rs.get("schedule_finished"), rc.get("schedule_finished")),
        ("seq gaps", rs.get("seq_gaps"), rc.get("seq_gaps")),
        ("unexpected closes", rs.get("unexpected_closes"), rc.get("unexpected_closes")),
    ]


def whole_rows(single, cluster):
    one = single["servers"].get("", {})
    a, b = cluster["servers"].get("a", {}), cluster["servers"].get("b", {})
    redis = cluster["redis"] or {}
    mb = lambda kb: kb / 1024 if isinstance(kb, (int, float)) else None
    both = lambda k, f=lambda x: x: (None if k not in a or k not in b
                                     else f"{fmt(f(a[k]))} / {fmt(f(b[k]))}")
    return [
        ("server CPU s, whole run (node A / B)", one.get("cpu_s"), both("cpu_s")),
        ("server RSS MB at the end (node A / B)", mb(one.get("rss_kb")), both("rss_kb", mb)),
        ("server RSS MB peak (node A / B)", mb(one.get("rss_peak_kb")), both("rss_peak_kb", mb)),
        ("server heap MB after a full GC (node A / B)", mb(one.get("heap_after_gc_kb")), both("heap_after_gc_kb", mb)),
        ("Redis CPU s, whole run", None, redis.get("cpu_s")),
        ("Redis RSS MB at the end / peak", None,
         None if not redis else f"{fmt(mb(redis['rss_kb']))} / {fmt(mb(redis['rss_peak_kb']))}"),
        ("Redis used_memory MB", None, mb(redis.get("used_memory_kb"))),
    ]


def main():
    out = sys.argv[1]
    single, cluster = read_run(os.path.join(out, "single")), read_run(os.path.join(out, "cluster"))
    lines = []
    for name, run in (("one node", single), ("two nodes", cluster)):
        code = os.path.join(out, "single" if run is single else "cluster", "exit-code")
        if run["found"] and os.path.exists(code) and open(code).read().strip() != "0":
            lines.append(f"**{name}: run failed** (exit {open(code).read().strip()}, see {os.path.dirname(code)})\n")
    steps = sorted({r["step"] for r in single["results"] + cluster["results"]})
    for n in steps:
        r = next(r for r in cluster["results"] + single["results"] if r["step"] == n)
        lines.append(f"#### step {n}: {fmt(r['rate'])} msgs/s offered ({r['scenario']}, {fmt(r['duration_s'])} s "
                     f"measured, {r['connections']} connections, {r['rooms']} rooms, {r['publishers']} publishers)\n")
        lines += table(step_rows(single, cluster, n)) + [""]
    lines.append("Whole run:\n")
    lines += table(whole_rows(single, cluster))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "cluster.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
