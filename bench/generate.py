#!/usr/bin/env python3
"""Writes a deploy.groovy with N services wired into a dependency tree, for scale benchmarks.

    generate.py N OUT_DIR [--style blocks|loop]

Service i depends on service (i-1)//2, so the graph is deep (log2 N levels) and every service
but the root has a dependency. Services run ready images so no Python source is needed.

blocks: one `service(...) { }` block per service, as a file generator would write it (grouped
        into methods of 500, since the JVM limits one method's bytecode to 64 KiB).
loop:   one block in a loop, as a person would write it.
"""
import argparse
from pathlib import Path

TAIL = ["", "environments {", "    dev { target compose() }",
        "    prod { target kubernetes(namespace: 'fleet') }", "}", ""]


def blocks(count):
    lines = []
    for start in range(0, count, 500):
        lines.append(f"def services{start}() {{")
        for i in range(start, min(start + 500, count)):
            lines.append(f"    service('svc-{i}') {{")
            lines.append("        image 'nginx:1.27'")
            lines.append(f"        port {8000 + i % 50000}")
            lines.append("        health http('/healthz')")
            lines.append(f"        env SHARD: '{i}', LOG_LEVEL: 'info'")
            if i > 0:
                lines.append(f"        dependsOn 'svc-{(i - 1) // 2}'")
            lines.append("    }")
        lines.append("}")
        lines.append(f"services{start}()")
    return lines


def loop(count):
    return [
        f"(0..<{count}).each {{ i ->",
        "    service(\"svc-$i\") {",
        "        image 'nginx:1.27'",
        "        port 8000 + i % 50000",
        "        health http('/healthz')",
        "        env SHARD: \"$i\", LOG_LEVEL: 'info'",
        "        if (i > 0) dependsOn \"svc-${(i - 1).intdiv(2)}\"",
        "    }",
        "}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--style", choices=["blocks", "loop"], default="blocks")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    lines = ["project 'fleet'", "registry 'localhost:5000/fleet'", ""]
    lines += blocks(args.count) if args.style == "blocks" else loop(args.count)
    (args.out / "deploy.groovy").write_text("\n".join(lines + TAIL))


if __name__ == "__main__":
    main()
