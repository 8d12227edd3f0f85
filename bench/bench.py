#!/usr/bin/env python3
"""Times Slipway's plan and render against `docker-compose config`, as medians of several runs.

Run from the repository root: python3 bench/bench.py [--runs 5]. Prints a Markdown table that
docs/benchmarks.md records. Each measurement is one fresh process (a cold JVM for Slipway), so
the numbers include JVM start-up, as a user at a terminal or a CI runner sees them.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLIPWAY = str(ROOT / "bin" / "slipway")


def measure(cmd, runs, env=None):
    """Median wall seconds and the largest peak RSS (MiB) over `runs` fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        # wait4 gives this one child's own resource usage (ru_maxrss in KiB on Linux).
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            return None, None
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


class Rows:
    """Prints each result as soon as it is measured, so a long run that fails late loses nothing."""

    def __init__(self, runs):
        print(f"| what | median of {runs} (s) | peak RSS (MiB) |")
        print("|---|---:|---:|", flush=True)

    def add(self, row):
        name, t, m = row
        print(f"| {name} | {t:.2f} | {m:.0f} |" if t is not None else f"| {name} | failed | |", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100,1000,5000")
    args = parser.parse_args()
    env = dict(os.environ)
    rows = Rows(args.runs)
    work = Path(tempfile.mkdtemp(prefix="slipway-bench-"))
    env["SLIPWAY_CACHE_DIR"] = str(work / "script-cache")
    hello = str(ROOT / "examples" / "hello-flask" / "deploy.groovy")
    # The first run writes the class-data-sharing archive and caches the compiled script; the
    # rows say which of those each measurement had.
    subprocess.run([SLIPWAY, "plan", "-f", hello], check=True, stdout=subprocess.DEVNULL)
    no_script_cache = dict(env, SLIPWAY_CACHE_DIR="off")
    t, m = measure([SLIPWAY, "plan", "-f", hello], args.runs, env)
    rows.add(("slipway plan, hello-flask (cold JVM, CDS, script compiled before)", t, m))
    t, m = measure([SLIPWAY, "plan", "-f", hello], args.runs, no_script_cache)
    rows.add(("slipway plan, hello-flask (cold JVM, CDS, script compiled now)", t, m))
    t, m = measure([SLIPWAY, "plan", "-f", hello], args.runs, dict(no_script_cache, SLIPWAY_NO_CDS="1"))
    rows.add(("slipway plan, hello-flask (cold JVM, no CDS, script compiled now)", t, m))
    # The reference a user knows: Compose v2 (`docker compose`) validating the same file. v1
    # (docker-compose 1.29) predates the Compose Specification's `name:` and cannot read it.
    compose_cli = None
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        compose_cli = ["docker", "compose"]
    heap = dict(env, SLIPWAY_JAVA_OPTS="-Xmx512m")
    for style in ["loop", "blocks"]:
        for size in [int(s) for s in args.sizes.split(",")]:
            project = work / f"fleet-{style}-{size}"
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(size), str(project), "--style", style], check=True)
            for environment, target in [("dev", "compose"), ("prod", "kubernetes")]:
                out = project / f"out-{environment}"
                cmd = [SLIPWAY, "render", "-f", str(project / "deploy.groovy"), "--env", environment, "-o", str(out)]
                subprocess.run(cmd, env=heap, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                t, m = measure(cmd, args.runs, heap)
                rows.add((f"slipway validate+plan+render ({target}), {size} services, {style}, script compiled before", t, m))
            cmd = [SLIPWAY, "render", "-f", str(project / "deploy.groovy"), "--env", "dev", "-o", str(project / "out-dev")]
            t, m = measure(cmd, args.runs, dict(heap, SLIPWAY_CACHE_DIR="off"))
            rows.add((f"slipway validate+plan+render (compose), {size} services, {style}, script compiled now", t, m))
            if compose_cli:
                t, m = measure(compose_cli + ["-f", str(project / "out-dev" / "compose.yaml"), "config", "-q"], args.runs, env)
                rows.add((f"docker compose config -q (v2) on the rendered file, {size} services, {style}", t, m))
    shutil.rmtree(work)



if __name__ == "__main__":
    main()
