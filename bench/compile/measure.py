"""bench/compile: wall time and peak RSS of compiling one translation unit, as the build does.

Each file is compiled BENCH_COMPILE_RUNS times into a scratch object, without ccache (the
compiler itself is measured), alternating with the peer so that machine noise hits both; the
median wall time and the largest peak RSS are reported, and the ratio to the peer."""
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from report_doc import date_and_machine, write_section  # noqa: E402

BEGIN = "<!-- bench/compile: begin -->"
END = "<!-- bench/compile: end -->"


def compile_command(db, source):
    for entry in db:
        if os.path.realpath(entry["file"]) == os.path.realpath(source):
            args = entry.get("arguments") or shlex.split(entry["command"])
            return args, entry["directory"]
    raise SystemExit(f"bench/compile: {source} is not in compile_commands.json (build it first)")


def without_output_and_launcher(args, obj):
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if os.path.basename(a) in ("ccache", "sccache"):
            continue
        out.append(a)
    return out + ["-o", obj]


def measure(args, cwd):
    """(wall seconds, peak RSS MiB) of one compile, from GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name] + args, cwd=cwd,
                       check=True, stdout=subprocess.DEVNULL)
        wall, kb = t.read().split()[-2:]
    return float(wall), int(kb) / 1024


def main():
    build, root, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = json.load(open(os.path.join(build, "compile_commands.json")))
    examples = ["examples/custom_endpoints/main.cpp", "examples/hello/main.cpp"]
    peer_src = os.path.join(root, "bench/http/minimal_beast.cpp")
    # The peer gets the flags of custom_endpoints' main.cpp: same standard, optimisation, defines.
    ce_args, ce_dir = compile_command(db, os.path.join(root, examples[0]))
    peer_args = [a if os.path.realpath(a) != os.path.realpath(os.path.join(root, examples[0]))
                 else peer_src for a in ce_args]
    load_before = open("/proc/loadavg").read().split()[:3]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "x.o")
        jobs = [(name, *compile_command(db, os.path.join(root, name))) for name in examples]
        jobs.append(("bench/http/minimal_beast.cpp (peer)", peer_args, ce_dir))
        for _ in range(runs):
            for name, args, cwd in jobs:
                results.setdefault(name, []).append(measure(without_output_and_launcher(args, obj), cwd))
    load_after = open("/proc/loadavg").read().split()[:3]
    peer = results["bench/http/minimal_beast.cpp (peer)"]
    peer_wall = statistics.median(w for w, _ in peer)
    lines = [BEGIN, "## bench/compile: an app's main.cpp", ""] + date_and_machine() + [
        f"- Load (1, 5, 15 min): before {' '.join(load_before)}, after {' '.join(load_after)}",
        f"- Runs: {runs} per file (median wall time, largest peak RSS), no ccache, the build's "
        "own command line (RelWithDebInfo: -O2 -g1)", "",
        "| file | wall s | peak RSS MiB | wall vs peer |", "|---|---|---|---|"]
    for name, rows in results.items():
        wall = statistics.median(w for w, _ in rows)
        rss = max(r for _, r in rows)
        lines.append(f"| {name} | {wall:.2f} | {rss:.0f} | {wall / peer_wall:.2f}x |")
    lines += ["", "Goal (issue 17): examples/custom_endpoints/main.cpp in at most 2 s and 250 MB.",
              END]
    write_section(os.path.join(root, "docs/BENCHMARKS.md"), BEGIN, END, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
