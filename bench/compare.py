#!/usr/bin/env python3
"""Side-by-side tables for `bench/run.sh compare`: RoomWire against the peers, preset by preset.

    python3 bench/compare.py OUT [PRESET...]

Reads OUT/<server>/<preset>/ for each server that ran (roomwire, peer, webflux, node; loadgen.out with its RESULT,
SERVER_STEP, SERVER, UNSUPPORTED and NOTE lines; samples.txt for s2; exit-code), prints markdown and writes it to
OUT/compare.md: one column per server, then one ratio column per peer (RoomWire against that peer). Without PRESET
it takes every preset folder found under those server folders.
"""
import json
import os
import sys

ALL_SIDES = ("roomwire", "peer", "webflux", "node")
TITLE = {"roomwire": "RoomWire", "peer": "peer", "webflux": "webflux", "node": "node"}
SIDES = ALL_SIDES  # the servers shown: set in main() to those with a folder in OUT
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


def ratio(a, b, way, name="peer"):
    """way 'rw/peer' for throughput (a=RoomWire, b=the peer called name), 'peer/rw' for costs; above 1: RoomWire
    better."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return ""
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return ""
    top, bottom = (a, b) if way == "rw/peer" else (b, a)
    if not bottom:
        return ""
    return f"{top / bottom:.2f}× ({'RW/' + name if way == 'rw/peer' else name + '/RW'})"


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


def value_row(label, values, way, unit=1):
    """values: one per server in SIDES (RoomWire first); then one ratio per peer, RoomWire against it."""
    row = [label] + [num(v, unit) for v in values]
    row += [ratio(values[0], v, way, TITLE[s]) if way else "" for v, s in zip(values[1:], SIDES[1:])]
    return row


def metric_rows(specs, objs):
    """specs: (label, getter, way or None, unit); objs: one object per server in SIDES (None if absent)."""
    rows = []
    for label, getter, way, unit in specs:
        values = [getter(o) if o is not None else None for o in objs]
        if all(v is None for v in values):
            continue
        rows.append(value_row(label, values, way, unit))
    return rows


def header():
    return [""] + [TITLE[s] for s in SIDES] + [f"RW vs {TITLE[s]}" for s in SIDES[1:]]


# ---------------------------------------------------------------- per-scenario sections

def step_cpu(group, step):
    """Server CPU s in the step's measured window, or None when run.sh could not time the step."""
    s = group["steps"].get(step)
    return s.get("cpu_s") if s else None


def per_million(cpu, deliveries):
    return cpu / deliveries * 1e6 if cpu is not None and deliveries else None


def whole_run_rows(groups, client=True):
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
    return metric_rows(specs, groups)


def fanout_section(groups, out):
    steps = []
    for g in groups:
        for r in (g or {}).get("results", []):
            if r.get("step") not in steps:
                steps.append(r.get("step"))
    whole_cpu_note = False
    for step in steps:
        results = [next((r for r in (g or {}).get("results", []) if r.get("step") == step), None) for g in groups]
        any_r = next(r for r in results if r)

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
        ], results)
        cpus = [cpu(g, r) for g, r in zip(groups, results)]
        if any(c is not None for c in cpus):
            rows.append(value_row("server CPU s in the measured window", cpus, "peer/rw"))
        per_m = [cpu_per_m(g, r) for g, r in zip(groups, results)]
        label = "server CPU s per million deliveries" + (" (whole run)" if all(c is None for c in cpus) else "")
        rows.append(value_row(label, per_m, "peer/rw"))
        rows += metric_rows([
            ("client CPU s in the measured window", lambda r: r.get("client_cpu_s"), None, 1),
            ("client send lag p99 ms", lambda r: get(r, "send_lag_ms", "p99"), None, 1),
            ("schedule finished", lambda r: r.get("schedule_finished"), None, 1),
        ], results)
        out.append(table(header(), rows) + "\n")
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


def idle_section(runs, out):
    samples = [(r or {}).get("samples", []) for r in runs]
    rows = []
    for i in range(max(len(x) for x in samples)):
        row = [x[i] if i < len(x) else {} for x in samples]
        counts = [x.get("connections") for x in row if x.get("connections") is not None]
        n = counts[0] if counts and all(c == counts[0] for c in counts) else " / ".join(
            str(x.get("connections", "–")) for x in row)
        rows.append([num(n)] + [num(x.get("heap_after_gc_kb"), 1024) for x in row]
                    + [num(x.get("rss_kb"), 1024) for x in row])
    if rows:
        out.append(table(["connections held"] + [f"{TITLE[s]} heap MB after GC" for s in SIDES]
                         + [f"{TITLE[s]} RSS MB" for s in SIDES], rows) + "\n")
    srows = []
    for label, key in (("heap after GC, KB per connection (slope)", "heap_after_gc_kb"),
                       ("RSS, KB per connection (slope)", "rss_kb")):
        srows.append(value_row(label, [slope(x, key) for x in samples], "peer/rw"))
    out.append(table(header(), srows) + "\n")
    out.append("Slopes are least-squares fits over the samples with connections held (the 0-connection baseline "
               "is left out), as in run.sh. The node peer's heap is V8's `heapUsed` after `global.gc()` (its buffers, "
               "`external`, are outside it, as a JVM's direct buffers are outside its heap).\n")


def failure_reasons(r):
    if not r.get("connect_failures") and not get(r, "reconnect", "failures"):
        return None
    return json.dumps({**(r.get("connect_failure_reasons") or {}), **(get(r, "reconnect", "failure_reasons") or {})})


def storm_section(groups, out):
    results = [g["results"][0] if g and g["results"] else None for g in groups]
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
    ], results)
    out.append(table(header(), rows + whole_run_rows(groups, client=False)) + "\n")


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
    all_runs = [runs[s] for s in SIDES]
    first = next((g["results"][0] for r in all_runs for g in r["groups"] if g["results"]), None)
    if first is None:
        return out
    scenario = first.get("scenario")
    if scenario == "idle":
        counts = sorted({r.get("connections") for run in all_runs for g in run["groups"] for r in g["results"]})
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
        idle_section(all_runs, out)
        out.append(table(header(), whole_run_rows([r["groups"][0] if r["groups"] else None for r in all_runs]))
                   + "\n")
        return out
    for i in range(max(len(r["groups"]) for r in all_runs)):
        groups = [r["groups"][i] if i < len(r["groups"]) else None for r in all_runs]
        present = next(g for g in groups if g)
        label = next((get(g, "server", "label") for g in groups if get(g, "server", "label")), None) or preset
        if scenario == "storm":
            first_r = present["results"][0] if present["results"] else {}
            out.append(f"### {label}: {first_r.get('concurrency')} dialers\n")
            storm_section(groups, out)
        else:
            if label != preset:
                out.append(f"### {label}\n")
            fanout_section(groups, out)
            out.append(f"Whole run ({label}):\n")
            out.append(table(header(), whole_run_rows(groups)) + "\n")
    return out


def main(argv):
    global SIDES
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 2
    out_dir = argv[1]
    presets = argv[2:]
    SIDES = tuple(s for s in ALL_SIDES if s == "roomwire" or os.path.isdir(os.path.join(out_dir, s)))
    if not presets:
        found = set()
        for s in SIDES:
            d = os.path.join(out_dir, s)
            if os.path.isdir(d):
                found.update(p for p in os.listdir(d) if os.path.isdir(os.path.join(d, p)))
        presets = sorted(found)
    doc = [f"# RoomWire vs {', '.join(TITLE[s] for s in SIDES[1:]) or 'no peer'}\n"]
    settings = os.path.join(out_dir, "settings.txt")
    if os.path.exists(settings):
        for line in open(settings):
            k, _, v = line.rstrip("\n").partition("=")
            if v:
                doc.append(f"- {k}: `{v}`" if k.endswith(("opts", "flags", "extra")) else f"- {k}: {v}")
        doc[-1] += "\n"
    doc.append("Each preset ran on RoomWire, then on each peer (peer: bench/peer, Spring WebSocket on Tomcat; "
               "webflux: bench/peer-webflux, Spring WebFlux on Reactor Netty; node: bench/peer-node, Node.js + ws), "
               "one server at a time with the same load (and the same JVM flags for the JVM servers). Each "
               "`RW vs X` column compares RoomWire with that peer: X/RW for latency, CPU and memory, RW/X for "
               "throughput (deliveries/s, handshakes/s), so above 1 means RoomWire did better. Server CPU in a step's measured window comes from /proc/<pid>/stat "
               "sampled every 0.2 s.\n")
    for p in presets:
        doc += preset_section(out_dir, p)
    text = "\n".join(doc)
    with open(os.path.join(out_dir, "compare.md"), "w") as f:
        f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
