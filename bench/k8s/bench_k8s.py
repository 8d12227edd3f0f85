#!/usr/bin/env python3
"""Deploys 100 services to a real Kubernetes API (scripts/k8s-control-plane) with kubectl, Helm
and (once its Kubernetes target lands) Slipway, side by side; medians of several runs.

    bench/k8s/bench_k8s.py [--runs 5] [--services 100]

Needs a plane started by `scripts/k8s-control-plane/run start`; the same SLIPWAY_K8S_STATE
selects it. Helm comes from bench/k8s/build-helm (built from its Go module, cached).

Each service is a Deployment (1 replica, image localhost:5000/bench/svc:1, never pulled: kwok
makes the pod Ready) plus a ClusterIP Service. Per tool and run, in a fresh namespace:

  first deploy   kubectl: `apply --server-side` of all 200 objects, then `rollout status` of each
                 Deployment in turn; Helm: `upgrade --install --wait` of a chart holding the same
                 manifests; Slipway: `deploy --env bench`. Timed until every Deployment is
                 available (the tool's own wait).
  unchanged      the same command again. Writes = audit-log entries between two marks (byte
  re-deploy      offsets) with verb create/update/patch/delete by the admin user (the tool's
                 requests; controllers, scheduler and kwok write as themselves), leases excluded.

SLIPWAY_BENCH_WITH_SLIPWAY=1 adds the Slipway column (bin/slipway must be built, with its
Kubernetes target).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "localhost:5000/bench/svc:1"
WRITE_VERBS = {"create", "update", "patch", "delete"}


class Plane:
    def __init__(self):
        self.state = Path(os.environ.get("SLIPWAY_K8S_STATE", "/tmp/slipway-k8s"))
        bin_dir = self.state / "bin-dir"
        if not bin_dir.is_file():
            sys.exit(f"no running plane in {self.state}: run scripts/k8s-control-plane/run start first")
        self.kubectl = str(Path(bin_dir.read_text().strip()) / "kubectl")
        self.kubeconfig = str(self.state / "admin.kubeconfig")
        self.audit = self.state / "logs" / "audit.log"
        self.env = dict(os.environ, KUBECONFIG=self.kubeconfig)
        self.admin = "slipway-admin"   # CN of the admin client certificate (run: make_pki)

    def k(self, *args, check=True, quiet=True):
        return subprocess.run([self.kubectl, *args], env=self.env, check=check,
                              stdout=subprocess.DEVNULL if quiet else None, stderr=subprocess.PIPE, text=True)

    def mark(self):
        return self.audit.stat().st_size

    def writes_since(self, offset, namespace):
        """Admin writes after OFFSET: (count, {verb resource: n}). Blocking audit mode writes the
        entry before the response, so nothing is still in flight when the tool has returned."""
        counts = {}
        with open(self.audit, "rb") as f:
            f.seek(offset)
            for line in f:
                e = json.loads(line)
                ref = e.get("objectRef") or {}
                if (e.get("stage") != "ResponseComplete" or e.get("verb") not in WRITE_VERBS
                        or e.get("user", {}).get("username") != self.admin or ref.get("resource") == "leases"):
                    continue
                key = f"{e['verb']} {ref.get('resource')}" + ("" if ref.get("namespace") in (namespace, None) else " (other ns)")
                counts[key] = counts.get(key, 0) + 1
        return sum(counts.values()), counts

    def fresh_namespace(self, ns):
        self.delete_namespace(ns)
        self.k("create", "namespace", ns)

    def delete_namespace(self, ns):
        self.k("delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=180s")


def manifests(count, namespace=None):
    docs = []
    meta_ns = f", namespace: {namespace}" if namespace else ""
    for i in range(count):
        name = f"svc-{i}"
        docs.append(f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}{meta_ns}, labels: {{app: {name}}}}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - name: app
        image: {IMAGE}
        ports: [{{containerPort: 8000, name: http}}]
""")
        docs.append(f"""apiVersion: v1
kind: Service
metadata: {{name: {name}{meta_ns}, labels: {{app: {name}}}}}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 8000, targetPort: http, name: http}}]
""")
    return "---\n".join(docs)


def slipway_script(count, namespace="bench"):
    """The deploy.groovy of the Slipway column: the same services as image services."""
    return "\n".join([
        "project 'bench'",
        f"(0..<{count}).each {{ i ->",
        "    service(\"svc-$i\") {",
        f"        image '{IMAGE}'",
        "        port 8000",
        "    }",
        "}",
        "",
        "environments {",
        f"    bench {{ target kubernetes(namespace: '{namespace}') }}",
        "}",
        "",
    ])


def timed(fn):
    t0 = time.monotonic()
    fn()
    return time.monotonic() - t0


def run(cmd, env):
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-3000:]}")


class Kubectl:
    name = "kubectl apply --server-side + rollout status"
    ns = "bench-kubectl"

    def __init__(self, plane, work, count):
        self.plane, self.count = plane, count
        self.file = work / "kubectl" / "all.yaml"
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self.file.write_text(manifests(count, self.ns))

    def deploy(self):
        p = self.plane
        run([p.kubectl, "apply", "--server-side", "--field-manager", "bench", "-f", str(self.file)], p.env)
        for i in range(self.count):
            run([p.kubectl, "-n", self.ns, "rollout", "status", f"deployment/svc-{i}", "--timeout=300s"], p.env)


class Helm:
    def __init__(self, plane, work, count, helm, qps=None):
        self.plane, self.helm, self.qps = plane, helm, qps
        # Helm's client keeps client-go's default 5 requests/s (burst 100) unless --qps is given;
        # the --qps row shows how much of Helm's time is that throttle.
        self.name = f"helm upgrade --install --wait ({Path(helm).parent.parent.name})" + (f" --qps {qps}" if qps else "")
        self.ns = "bench-helm" + (f"-qps{qps}" if qps else "")
        self.chart = work / "chart"
        (self.chart / "templates").mkdir(parents=True, exist_ok=True)
        (self.chart / "Chart.yaml").write_text("apiVersion: v2\nname: bench\nversion: 0.1.0\n")
        # No namespace in the templates: Helm puts them in --namespace, as charts do.
        (self.chart / "templates" / "all.yaml").write_text(manifests(count))
        self.env = dict(plane.env, HELM_CACHE_HOME=str(work / "helm-cache"),
                        HELM_CONFIG_HOME=str(work / "helm-config"), HELM_DATA_HOME=str(work / "helm-data"))

    def deploy(self):
        run([self.helm, "upgrade", "--install", "bench", str(self.chart), "--namespace", self.ns,
             "--wait", "--timeout", "5m", *(["--qps", str(self.qps)] if self.qps else [])], self.env)


class Slipway:
    # HOOK (pending): Slipway's Kubernetes target is being written; with SLIPWAY_BENCH_WITH_SLIPWAY=1
    # this column deploys the same 100 services from a generated deploy.groovy.
    name = "slipway deploy --env bench"
    ns = "bench"

    def __init__(self, plane, work, count):
        self.plane = plane
        self.dir = work / "slipway"
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "deploy.groovy").write_text(slipway_script(count, self.ns))
        self.env = dict(plane.env, SLIPWAY_NO_CDS=os.environ.get("SLIPWAY_NO_CDS", ""))

    def deploy(self):
        run([str(ROOT / "bin" / "slipway"), "deploy", "--env", "bench", "-f", str(self.dir / "deploy.groovy")], self.env)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--services", type=int, default=100)
    ap.add_argument("--json", type=Path, help="also write every measurement here")
    ap.add_argument("--tools", default="kubectl,helm,helm-qps50",
                    help="comma-separated: kubectl, helm (defaults), helm-qpsN (helm --qps N)")
    args = ap.parse_args()

    plane = Plane()
    helm = subprocess.run([str(ROOT / "bench" / "k8s" / "build-helm")], check=True,
                          stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
    work = Path(tempfile.mkdtemp(prefix="slipway-bench-k8s-"))
    tools = []
    for name in args.tools.split(","):
        if name == "kubectl":
            tools.append(Kubectl(plane, work, args.services))
        elif name == "helm":
            tools.append(Helm(plane, work, args.services, helm))
        elif name.startswith("helm-qps"):
            tools.append(Helm(plane, work, args.services, helm, qps=int(name[len("helm-qps"):])))
        else:
            sys.exit(f"unknown tool {name}")
    if os.environ.get("SLIPWAY_BENCH_WITH_SLIPWAY") == "1":
        tools.append(Slipway(plane, work, args.services))
    results = {t.name: {"first": [], "again": [], "writes": [], "detail": None} for t in tools}

    try:
        for r in range(args.runs):
            for t in tools:   # interleaved, so machine noise spreads over every column
                plane.fresh_namespace(t.ns)
                first = timed(t.deploy)
                mark = plane.mark()
                again = timed(t.deploy)
                writes, detail = plane.writes_since(mark, t.ns)
                res = results[t.name]
                res["first"].append(first); res["again"].append(again); res["writes"].append(writes)
                res["detail"] = detail
                print(f"run {r + 1}/{args.runs} {t.name}: first {first:.2f} s, unchanged {again:.2f} s, "
                      f"{writes} writes {detail}", flush=True)
                plane.delete_namespace(t.ns)
    finally:
        for t in tools:
            plane.delete_namespace(t.ns)
        shutil.rmtree(work, ignore_errors=True)

    med = statistics.median
    print()
    print(f"| {args.services} services (Deployment + Service each) | first deploy, until all available (s) "
          f"| unchanged re-deploy (s) | writes by the tool in the unchanged re-deploy |")
    print("|---|---:|---:|---|")
    for t in tools:
        res = results[t.name]
        detail = ", ".join(f"{v} {k}" for k, v in sorted(res["detail"].items())) or "none"
        print(f"| {t.name} | {med(res['first']):.2f} | {med(res['again']):.2f} | {med(res['writes']):g} ({detail}) |")
    if "slipway" not in " ".join(results):
        print("| slipway deploy --env bench | pending (SLIPWAY_BENCH_WITH_SLIPWAY=1 once the Kubernetes target lands) | | |")
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "services": args.services, "results": results}, indent=2))


if __name__ == "__main__":
    main()
