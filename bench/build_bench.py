#!/usr/bin/env python3
"""Builds examples/flask-postgres's web image two ways and compares them, as medians of runs.

    python3 bench/build_bench.py [--runs 5]        (from the repository root, as root; needs
                                                    scripts/setup-containers to have run)

1. Slipway: `bin/slipway build` (pip --target into a cached dependency layer, jib-core pushes).
2. podman build with the canonical multi-stage Dockerfile: pip install in a builder stage,
   site-packages copied into a slim stage, the code copied last; then podman push.

Both use the same base image (Python 3.11 built from Debian packages by scripts/build-base-image)
and the example's own requirements (Flask, gunicorn, psycopg2-binary, pinned), resolved from
PyPI by pip on both sides. A cold run has no local caches at all: Slipway gets no .slipway/ and
an empty pip cache (PIP_CACHE_DIR), podman builds with --no-cache after `image prune` and its pip
runs with --no-cache-dir. Each tool gets a fresh registry repository per cold run, so nothing is
skipped because it is already there.

Measured: cold build (no local caches), rebuild after an app-code-only change, no-change rebuild
(wall time, including the JVM for Slipway and the push for podman); bytes the registry received
for the code change (sizes of the blobs whose upload completed, from the registry's access log);
image size (sum of layer sizes in the manifest); and whether two clean builds give one digest.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLIPWAY = str(ROOT / "bin" / "slipway")
EXAMPLE = ROOT / "examples" / "flask-postgres"

DOCKERFILE = """\
FROM {base} AS deps
COPY pip /pip
COPY requirements.txt /tmp/requirements.txt
# The base has no pip (like the Debian-built base Slipway uses); pip runs from its own wheel, and
# trusts the certificates the build machine's pip trusts (a TLS-inspecting proxy may sit between).
RUN PIP_CERT=/pip/ca.crt python3 /pip/{pip_wheel}/pip install --no-cache-dir --target /deps -r /tmp/requirements.txt

FROM {base}
COPY --from=deps /deps /opt/site-packages
ENV PYTHONPATH=/opt/site-packages PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY app.py notes.py /app/
USER 10001
ENV PATH=/opt/site-packages/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "app:create_app()"]
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pip_certificates():
    """The CA bundle the host's pip uses: its configured `cert`, else certifi's."""
    configured = os.environ.get("PIP_CERT") or subprocess.run(
        [sys.executable, "-m", "pip", "config", "get", "global.cert"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    if configured:
        return configured
    from pip._vendor import certifi
    return certifi.where()


def run(cmd, **kw):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout[-3000:]}")
    return result.stdout


def timed(cmd, **kw):
    start = time.perf_counter()
    out = run(cmd, **kw)
    return time.perf_counter() - start, out


class Registry:
    def __init__(self, work):
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        config = work / "registry.yml"
        config.write_text(f"version: 0.1\nlog: {{level: info}}\nstorage: {{filesystem: {{rootdirectory: {work / 'data'}}}, delete: {{enabled: true}}}}\nhttp: {{addr: {self.address}}}\n")
        self.log = work / "registry.log"
        self.process = subprocess.Popen(["docker-registry", "serve", str(config)], stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://{self.address}/v2/")
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("registry did not start")

    def mark(self):
        return self.log.stat().st_size

    def uploaded_bytes(self, since):
        """Sizes of the blobs whose uploads completed after `since` (the PUT that names a digest)."""
        with open(self.log) as f:
            f.seek(since)
            text = f.read()
        total = 0
        for line in text.splitlines():
            if '"PUT ' not in line or "/blobs/uploads/" not in line:
                continue
            m = re.search(r'"PUT /v2/(\S+?)/blobs/uploads/\S*?digest=sha256(?:%3A|:)([0-9a-f]{64})', line)
            if m:
                req = urllib.request.Request(f"http://{self.address}/v2/{m.group(1)}/blobs/sha256:{m.group(2)}", method="HEAD")
                total += int(urllib.request.urlopen(req).headers["Content-Length"])
        return total

    def manifest(self, repo, ref):
        req = urllib.request.Request(f"http://{self.address}/v2/{repo}/manifests/{ref}", headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json"})
        with urllib.request.urlopen(req) as r:
            return json.load(r), r.headers["Docker-Content-Digest"]

    def close(self):
        self.process.terminate()
        self.process.wait()


def image_size(manifest):
    return sum(layer["size"] for layer in manifest["layers"])


def touch_code(project, n):
    app = project / "app.py"
    app.write_text(app.read_text() + f"\n# benchmark edit {n}\n")


def slipway_build(project, registry, repo, base, pip_cache, clean):
    if clean:
        shutil.rmtree(project / ".slipway", ignore_errors=True)
        shutil.rmtree(pip_cache, ignore_errors=True)
    cmd = [SLIPWAY, "build", "-f", str(project / "deploy.groovy"), "--env", "dev", "web",
           "--set", f"registry={registry.address}/{repo}", "--set", f"baseImage={base}", "--output", "json"]
    t, out = timed(cmd, env=dict(os.environ, NOTES_DB_PASSWORD="bench", PIP_CACHE_DIR=str(pip_cache)))
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    steps = [e for e in events if e.get("type") == "step" and e["step"] == "build:web"]
    started = next(e["time"] for e in steps if e["state"] == "started")
    finished = next(e for e in steps if e["state"] in ("succeeded", "up_to_date"))
    digest = re.search(r"sha256:[0-9a-f]{64}", finished["detail"]).group(0)
    return t, digest, seconds_between(started, finished["time"])


def seconds_between(start, end):
    """Seconds between two ISO-8601 instants as Java prints them (nanosecond precision, Z)."""
    def parse(stamp):
        date, clock = stamp.rstrip("Z").split("T")
        h, m, sec = clock.split(":")
        return int(h) * 3600 + int(m) * 60 + float(sec)
    return parse(end) - parse(start)


def podman_build(context, registry, repo, tag, clean):
    image = f"{registry.address}/{repo}/web:{tag}"
    cmd = ["podman", "build", "--quiet", "--tls-verify=false", "--format", "docker", "-t", image]
    if clean:
        cmd.append("--no-cache")
    start = time.perf_counter()
    run(cmd + [str(context)])
    run(["podman", "push", "--quiet", "--tls-verify=false", image])
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="slipway-build-bench-"))
    registry = Registry(work)
    try:
        base_tar = run([str(ROOT / "scripts" / "build-base-image")]).strip().splitlines()[-1]
        base = f"{registry.address}/slipway/python:3.11"
        run(["skopeo", "copy", "--quiet", "--dest-tls-verify=false", f"docker-archive:{base_tar}", f"docker://{base}"])
        pip_cache = work / "pip-cache"
        project = work / "flask-postgres"
        shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".slipway", "build", "__pycache__"))
        context = project / "web"
        run([sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q", "--no-deps", "-d", str(context / "pip"), "pip"])
        pip_wheel = next(p.name for p in (context / "pip").glob("pip-*.whl"))
        shutil.copy(pip_certificates(), context / "pip" / "ca.crt")
        (context / "Dockerfile").write_text(DOCKERFILE.format(base=base, pip_wheel=pip_wheel))
        (context / ".dockerignore").write_text("tests/\n__pycache__/\n")
        # Slipway must not pack the podman build's inputs into its app layer.
        (context / ".slipwayignore").write_text("pip/\nDockerfile\n")

        results = {k: [] for k in ["s_cold", "s_change", "s_same", "p_cold", "p_change", "p_same", "s_bytes", "p_bytes",
                                   "s_cold_step", "s_change_step", "s_same_step"]}
        digests = []
        sizes = {}
        edit = 0
        for i in range(args.runs):
            repo_s, repo_p = f"slipway-{i}", f"podman-{i}"
            # Slipway: cold, code change, no change.
            t, d, step = slipway_build(project, registry, repo_s, base, pip_cache, clean=True)
            results["s_cold"].append(t)
            results["s_cold_step"].append(step)
            digests.append(d)
            edit += 1
            touch_code(context, edit)
            mark = registry.mark()
            t, d2, step = slipway_build(project, registry, repo_s, base, pip_cache, clean=False)
            results["s_change"].append(t)
            results["s_change_step"].append(step)
            results["s_bytes"].append(registry.uploaded_bytes(mark))
            manifest, _ = registry.manifest(f"{repo_s}/web", d2)
            sizes["slipway"] = image_size(manifest)
            sizes["slipway app layer"] = manifest["layers"][-1]["size"]
            t, _, step = slipway_build(project, registry, repo_s, base, pip_cache, clean=False)
            results["s_same"].append(t)
            results["s_same_step"].append(step)
            # podman build: cold, code change, no change.
            run(["podman", "image", "prune", "-af"])
            results["p_cold"].append(podman_build(context, registry, repo_p, "cold", clean=True))
            edit += 1
            touch_code(context, edit)
            mark = registry.mark()
            results["p_change"].append(podman_build(context, registry, repo_p, "change", clean=False))
            results["p_bytes"].append(registry.uploaded_bytes(mark))
            manifest, _ = registry.manifest(f"{repo_p}/web", "change")
            sizes["podman"] = image_size(manifest)
            sizes["podman app layer"] = manifest["layers"][-1]["size"]
            results["p_same"].append(podman_build(context, registry, repo_p, "same", clean=False))
            # Restore the source so that every run's cold build starts from the same inputs.
            shutil.copy(EXAMPLE / "web" / "app.py", context / "app.py")

        med = {k: statistics.median(v) for k, v in results.items()}
        mib = lambda b: b / 1024 / 1024
        print(f"| what (median of {args.runs}) | Slipway | podman build | podman / Slipway |")
        print("|---|---:|---:|---:|")
        for label, s, p in [("cold build + push (s)", "s_cold", "p_cold"),
                            ("rebuild after an app-code change (s)", "s_change", "p_change"),
                            ("rebuild with no change (s)", "s_same", "p_same")]:
            print(f"| {label} | {med[s]:.2f} | {med[p]:.2f} | {med[p] / med[s]:.1f}x |")
        for label, s_key, p_key in [("  the build step alone, in-process (s)", "s_cold_step", "p_cold"),
                                    ("  the build step alone after a code change (s)", "s_change_step", "p_change"),
                                    ("  the build step alone with no change (s)", "s_same_step", "p_same")]:
            print(f"| {label} | {med[s_key]:.2f} | {med[p_key]:.2f} | {med[p_key] / med[s_key]:.1f}x |")
        print(f"| bytes uploaded for the code change | {med['s_bytes']:.0f} | {med['p_bytes']:.0f} | {med['p_bytes'] / max(med['s_bytes'], 1):.1f}x |")
        print(f"| app layer size (bytes, compressed) | {sizes['slipway app layer']} | {sizes['podman app layer']} | |")
        print(f"| image size (MiB, compressed layers) | {mib(sizes['slipway']):.1f} | {mib(sizes['podman']):.1f} | |")
        print(f"| clean builds with the same digest | {'yes' if len(set(digests)) == 1 else 'no'} ({len(digests)} builds, {len(set(digests))} digest(s)) | | |")
        print(f"\nSlipway upload on a code change / its app layer: {med['s_bytes'] / sizes['slipway app layer']:.2f}")
    finally:
        registry.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
