#!/usr/bin/env python3
"""Writes a deploy.groovy with N services wired into a dependency tree, for scale benchmarks.

Service i depends on service (i-1)//2, so the graph is deep (log2 N levels) and every service
but the root has a dependency. Services run ready images so no Python source is needed.
"""
import sys
from pathlib import Path


def main() -> None:
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    lines = ["project 'fleet'", "registry 'localhost:5000/fleet'", ""]
    for i in range(count):
        lines.append(f"service('svc-{i}') {{")
        lines.append("    image 'nginx:1.27'")
        lines.append(f"    port {8000 + i % 50000}")
        lines.append("    health http('/healthz')")
        lines.append(f"    env SHARD: '{i}', LOG_LEVEL: 'info'")
        if i > 0:
            lines.append(f"    dependsOn 'svc-{(i - 1) // 2}'")
        lines.append("}")
    lines += ["", "environments {", "    dev { target compose() }",
              "    prod { target kubernetes(namespace: 'fleet') }", "}", ""]
    (out / "deploy.groovy").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
