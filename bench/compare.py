#!/usr/bin/env python3
"""Side-by-side tables for `bench/run.sh compare`: RoomWire against the peer, preset by preset.

    python3 bench/compare.py OUT [PRESET...]

Reads OUT/roomwire/<preset>/ and OUT/peer/<preset>/ (loadgen.out with its RESULT, SERVER_STEP, SERVER,
UNSUPPORTED and NOTE lines; samples.txt for s2; exit-code), prints markdown and writes it to OUT/compare.md.
Without PRESET it takes every preset folder found under OUT/roomwire and OUT/peer.
"""
import json
import os
import sys

SIDES = ("roomwire", "peer")
TITLE = {"roomwire": "RoomWire", "peer": "peer"}
TAGS = ("RESULT", "SERVER", "SERVER_STEP", "SERVER_SAMPLE", "UNSUPPORTED", "NOTE")


def new_group():
    return {"results": [], "steps": {}, "server": None}


def parse_run(folder):
    """One run folder: groups of RESULT lines, each closed by the SERVER line run.sh printed after them."""
    run = {"dir": folder, "groups": [], "unsupported": None, "notes": [], "samples": [], "exit": None}
    group = new_group()
    try:
        with open(os.path.join(folder, "exit-code")) as f:
            run["exit"] = int(f.read().strip() or 0)
    except (OSError, ValueError):
        pass
    try:
        lines = open(os.path.join(folder, "loadgen.out"), errors="replace").read().splitlines()
    except OSError:
        lines = []
    for line in lines:
        tag, _, rest = line.partition(" ")
        if tag not in TAGS or not rest.startswith("{"):
            continue
        try:
            j = json.loads(rest)
        except ValueError:
            continue
        if tag == "RESULT":
            group["results"].append(j)
        elif tag == "SERVER_STEP":
            group["steps"][j.get("step")] = j
        elif tag == "SERVER":
            group["server"] = j
            run["groups"].append(group)
            group = new_group()
        elif tag == "SERVER_SAMPLE":
            run["samples"].append(j)
        elif tag == "UNSUPPORTED":
            run["unsupported"] = j.get("reason", "?")
        elif tag == "NOTE":
            run["notes"].append(j.get("note", ""))
    if group["results"]:
        run["groups"].append(group)  # a run that died before its SERVER line
    samples_file = os.path.join(folder, "samples.txt")
    if os.path.exists(samples_file):  # s2: also has the 0-connection baseline, which loadgen.out lacks
        run["samples"] = []
        for line in open(samples_file, errors="replace"):
            tag, _, rest = line.strip().partition(" ")
            if tag == "SERVER_SAMPLE":
                try:
                    run["samples"].append(json.loads(rest))
                except ValueError:
                    pass
    return run


# ---------------------------------------------------------------- formatting

def num(v, unit=1.0):
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if not isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, int) and unit == 1:
        return f"{v:,}"
    v = v / unit
    a = abs(v)
    if a >= 100 or (v == int(v) and a >= 1):
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}" if a >= 0.01 or v == 0 else f"{v:.3g}"


def ratio(a, b, way):
    """way 'rw/peer' for throughput (a=RoomWire, b=peer), 'peer/rw' for costs; above 1: RoomWire better."""
    if a is None or b is None:
        return ""
    top, bottom = (a, b) if way == "rw/peer" else (b, a)
    if not bottom:
        return ""
    return f"{top / bottom:.2f}× ({'RW/peer' if way == 'rw/peer' else 'peer/RW'})"


def table(header, rows):
    cells = [header] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    def line(r, first=False):
        out = []
        for i, c in enumerate(r):
            out.append(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]))
        return "| " + " | ".join(out) + " |"
    sep = "|" + "|".join(("-" * (w + 2)) if i == 0 else ("-" * (w + 1) + ":") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(cells[0]), sep] + [line(r) for r in cells[1:]])


def get(d, *path):
    for p in path:
        if not isinstance(d, dict):
            return None
        d = d.get(p)
    return d


def metric_rows(specs, a, b):
    """specs: (label, getter, way or None, unit); a, b: the RoomWire and peer objects (None if absent)."""
    rows = []
    for label, getter, way, unit in specs:
        va = getter(a) if a is not None else None
        vb = getter(b) if b is not None else None
        if va is None and vb is None:
            continue
        rows.append([label, num(va, unit), num(vb, unit), ratio(va, vb, way) if way else ""])
    return rows


HEADER = ["", "RoomWire", "peer", "ratio"]


# ---------------------------------------------------------------- per-scenario sections

def step_cpu(group, step):
    """Server CPU s in the step's measured window, or None when run.sh could not time the step."""
    s = group["steps"].get(step)
    return s.get("cpu_s") if s else None


def per_million(cpu, deliveries):
    return cpu / deliveries * 1e6 if cpu is not None and deliveries else None


def whole_run_rows(ga, gb, client=True):
    specs = [
        ("server CPU s, whole run (connect, joins, all steps)", lambda g: get(g, "server", "cpu_s"), "peer/rw", 1),
        ("server RSS MB at the end", lambda g: get(g, "server", "rss_kb"), "peer/rw", 1024),
        ("server RSS MB peak", lambda g: get(g, "server", "rss_peak_kb"), "peer/rw", 1024),
        ("server heap MB after a full GC", lambda g: get(g, "server", "heap_after_gc_kb"), "peer/rw", 1024),
    ]
    if client:
        # the loadgen counts these over its whole run and repeats them in every RESULT line
        last = lambda key: (lambda g: g["results"][-1].get(key) if g["results"] else None)
        specs += [
            ("client CPU s, whole run", last("client_cpu_total_s"), None, 1),
            ("seq gaps", last("seq_gaps"), None, 1),
            ("unexpected closes", last("unexpected_closes"), None, 1),
            ("server errors", lambda g: json.dumps(last("server_errors")(g)) if last("server_errors")(g) else None,
             None, 1),
            ("slow clients closed by the server", last("slow_closed"), None, 1),
            ("slow clients' close codes", lambda g: json.dumps(last("slow_close_codes")(g))
                if last("slow_clients")(g) else None, None, 1),
        ]
    return metric_rows(specs, ga, gb)


def fanout_section(ga, gb, out):
    steps = []
    for g in (ga, gb):
        for r in (g or {}).get("results", []):
            if r.get("step") not in steps:
                steps.append(r.get("step"))
    whole_cpu_note = False
    for step in steps:
        ra = next((r for r in (ga or {}).get("results", []) if r.get("step") == step), None)
        rb = next((r for r in (gb or {}).get("results", []) if r.get("step") == step), None)
        any_r = ra or rb

        def cpu(g, r):
            return step_cpu(g, step) if g and r else None

        def cpu_per_m(g, r):
            nonlocal whole_cpu_note
            if not g or not r:
                return None
            c = step_cpu(g, step)
            if c is not None:
                return per_million(c, r.get("received"))
            whole_cpu_note = True  # no step timing: the whole run's CPU over all its deliveries
            total = sum(x.get("received") or 0 for x in g["results"])
            return per_million(get(g, "server", "cpu_s"), total)

        out.append(f"#### step {step}: {num(any_r.get('rate'))} msgs/s offered "
                   f"({any_r.get('scenario')}, {any_r.get('duration_s'):g} s measured)\n")
        rows = metric_rows([
            ("deliveries/s", lambda r: r.get("deliveries_per_s"), "rw/peer", 1),
            ("missing", lambda r: r.get("missing"), None, 1),
            ("latency p50 ms", lambda r: get(r, "latency_ms", "p50"), "peer/rw", 1),
            ("latency p99 ms", lambda r: get(r, "latency_ms", "p99"), "peer/rw", 1),
            ("latency p99.9 ms", lambda r: get(r, "latency_ms", "p99_9"), "peer/rw", 1),
            ("latency max ms", lambda r: get(r, "latency_ms", "max"), None, 1),
        ], ra, rb)
        ca, cb = cpu(ga, ra), cpu(gb, rb)
        if ca is not None or cb is not None:
            rows.append(["server CPU s in the measured window", num(ca), num(cb), ratio(ca, cb, "peer/rw")])
        ma, mb = cpu_per_m(ga, ra), cpu_per_m(gb, rb)
        label = "server CPU s per million deliveries" + (" (whole run)" if ca is None and cb is None else "")
        rows.append([label, num(ma), num(mb), ratio(ma, mb, "peer/rw")])
        rows += metric_rows([
            ("client CPU s in the measured window", lambda r: r.get("client_cpu_s"), None, 1),
            ("client send lag p99 ms", lambda r: get(r, "send_lag_ms", "p99"), None, 1),
            ("schedule finished", lambda r: r.get("schedule_finished"), None, 1),
        ], ra, rb)
        out.append(table(HEADER, rows) + "\n")
    if whole_cpu_note:
        out.append("CPU per million deliveries is the whole run's server CPU (connect and joins included) over all "
                   "its deliveries: run.sh found no time-stamped step lines (e.g. `--quiet`).\n")


def slope(samples, key):
    pts = [(s["connections"], s[key]) for s in samples if s.get("connections", 0) > 0 and s.get(key) is not None]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    vx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / vx if vx else None


def idle_section(a, b, out):
    sa, sb = (a or {}).get("samples", []), (b or {}).get("samples", [])
    rows = []
    for i in range(max(len(sa), len(sb))):
        x = sa[i] if i < len(sa) else {}
        y = sb[i] if i < len(sb) else {}
        n = x.get("connections", y.get("connections"))
        if n is not None and x.get("connections", n) != y.get("connections", n):
            n = f"{x.get('connections')} / {y.get('connections')}"
        rows.append([num(n), num(x.get("heap_after_gc_kb"), 1024), num(y.get("heap_after_gc_kb"), 1024),
                     num(x.get("rss_kb"), 1024), num(y.get("rss_kb"), 1024)])
    if rows:
        out.append(table(["connections held", "RoomWire heap MB after GC", "peer heap MB after GC",
                          "RoomWire RSS MB", "peer RSS MB"], rows) + "\n")
    srows = []
    for label, key in (("heap after GC, KB per connection (slope)", "heap_after_gc_kb"),
                       ("RSS, KB per connection (slope)", "rss_kb")):
        va, vb = slope(sa, key), slope(sb, key)
        srows.append([label, num(va), num(vb), ratio(va, vb, "peer/rw")])
    out.append(table(HEADER, srows) + "\n")
    out.append("Slopes are least-squares fits over the samples with connections held (the 0-connection baseline "
               "is left out), as in run.sh.\n")


def failure_reasons(r):
    if not r.get("connect_failures") and not get(r, "reconnect", "failures"):
        return None
    return json.dumps({**(r.get("connect_failure_reasons") or {}), **(get(r, "reconnect", "failure_reasons") or {})})


def storm_section(ga, gb, out):
    ra, rb = (g["results"][0] if g and g["results"] else None for g in (ga, gb))
    rows = metric_rows([
        ("connected", lambda r: r.get("connected"), None, 1),
        ("handshakes/s (connect phase)", lambda r: r.get("handshake_per_s"), "rw/peer", 1),
        ("connect failures", lambda r: r.get("connect_failures"), None, 1),
        ("connect ms p50", lambda r: get(r, "connect_ms", "p50"), "peer/rw", 1),
        ("connect ms p99", lambda r: get(r, "connect_ms", "p99"), "peer/rw", 1),
        ("joined", lambda r: r.get("joined") if r.get("rooms") else None, None, 1),
        ("storm time s (all reconnected)", lambda r: get(r, "reconnect", "seconds"), "peer/rw", 1),
        ("reconnects/s", lambda r: get(r, "reconnect", "per_s"), "rw/peer", 1),
        ("reconnect failures", lambda r: get(r, "reconnect", "failures"), None, 1),
        ("reconnect ms p99", lambda r: get(r, "reconnect", "connect_ms", "p99"), "peer/rw", 1),
        ("rejoined", lambda r: get(r, "reconnect", "rejoined"), None, 1),
        ("rejoin failures", lambda r: get(r, "reconnect", "rejoin_failures"), None, 1),
        ("failure reasons", failure_reasons, None, 1),
    ], ra, rb)
    out.append(table(HEADER, rows + whole_run_rows(ga, gb, client=False)) + "\n")


# ---------------------------------------------------------------- the report

def status(side, run):
    """A line saying why a side has no figures, or None."""
    if run["unsupported"]:
        return f"**{TITLE[side]}: not supported:** {run['unsupported']}"
    if not run["groups"]:
        code = run["exit"]
        return (f"**{TITLE[side]}: run failed** (exit {code if code is not None else '?'}, no RESULT lines); "
                f"see `{run['dir']}/` (server.log, loadgen.out)")
    if run["exit"]:
        return f"**{TITLE[side]}: exit {run['exit']}**; the figures below may be partial, see `{run['dir']}/`"
    return None


def preset_section(out_dir, preset):
    runs = {s: parse_run(os.path.join(out_dir, s, preset)) for s in SIDES}
    out = [f"## {preset}\n"]
    for side in SIDES:
        line = status(side, runs[side])
        if line:
            out.append(line + "\n")
        for note in runs[side]["notes"]:
            out.append(f"{TITLE[side]}: note: {note}\n")
    a, b = runs["roomwire"], runs["peer"]
    first = next((g["results"][0] for r in (a, b) for g in r["groups"] if g["results"]), None)
    if first is None:
        return out
    scenario = first.get("scenario")
    if scenario == "idle":
        counts = sorted({r.get("connections") for run in (a, b) for g in run["groups"] for r in g["results"]})
        out.append(f"Idle connections held at {', '.join(num(c) for c in counts)}, "
                   f"{first.get('connections') // max(1, first.get('rooms') or 1)} per room, scenario `idle`.\n")
    elif scenario == "storm":
        out.append(f"{num(first.get('connections'))} connections, {num(first.get('rooms'))} rooms, "
                   f"scenario `storm`.\n")
    else:
        out.append(f"{num(first.get('connections'))} connections, {num(first.get('rooms'))} rooms, "
                   f"{num(first.get('publishers'))} publishers, {first.get('message_bytes')}-character messages, "
                   f"scenario `{scenario}`.\n")
    if scenario == "idle":
        idle_section(a, b, out)
        out.append(table(HEADER, whole_run_rows(a["groups"][0] if a["groups"] else None,
                                                b["groups"][0] if b["groups"] else None)) + "\n")
        return out
    for i in range(max(len(a["groups"]), len(b["groups"]))):
        ga = a["groups"][i] if i < len(a["groups"]) else None
        gb = b["groups"][i] if i < len(b["groups"]) else None
        label = get(ga, "server", "label") or get(gb, "server", "label") or preset
        if scenario == "storm":
            first_r = (ga or gb)["results"][0] if (ga or gb)["results"] else {}
            out.append(f"### {label}: {first_r.get('concurrency')} dialers\n")
            storm_section(ga, gb, out)
        else:
            if label != preset:
                out.append(f"### {label}\n")
            fanout_section(ga, gb, out)
            out.append(f"Whole run ({label}):\n")
            out.append(table(HEADER, whole_run_rows(ga, gb)) + "\n")
    return out


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 2
    out_dir = argv[1]
    presets = argv[2:]
    if not presets:
        found = set()
        for s in SIDES:
            d = os.path.join(out_dir, s)
            if os.path.isdir(d):
                found.update(p for p in os.listdir(d) if os.path.isdir(os.path.join(d, p)))
        presets = sorted(found)
    doc = ["# RoomWire vs peer\n"]
    settings = os.path.join(out_dir, "settings.txt")
    if os.path.exists(settings):
        for line in open(settings):
            k, _, v = line.rstrip("\n").partition("=")
            if v:
                doc.append(f"- {k}: `{v}`" if k.endswith(("opts", "flags", "extra")) else f"- {k}: {v}")
        doc[-1] += "\n"
    doc.append("Each preset ran on RoomWire, then on the peer (bench/peer), one server at a time with the same JVM "
               "flags and load. Ratios are RoomWire/peer for throughput (deliveries/s, handshakes/s) and "
               "peer/RoomWire for latency, CPU and memory, so above 1 means RoomWire did better. Server CPU in a "
               "step's measured window comes from /proc/<pid>/stat sampled every 0.2 s.\n")
    for p in presets:
        doc += preset_section(out_dir, p)
    text = "\n".join(doc)
    with open(os.path.join(out_dir, "compare.md"), "w") as f:
        f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
