"""Takes jobs off the queue one at a time and stores their results.

Before each wait it touches a heartbeat file; healthcheck.py reports the worker unhealthy when
the file goes stale, i.e. when the loop has died or hangs."""

import json
import os
import sys
from pathlib import Path

from jobqueue import JobQueue, connect

HEARTBEAT_FILE = Path(os.environ.get("HEARTBEAT_FILE", "/tmp/worker-heartbeat"))
WAIT_SECONDS = 5


def process(job: dict) -> dict:
    return {"status": "done", "words": len(job["text"].split())}


def work_once(queue: JobQueue, heartbeat: Path, wait_seconds: float = WAIT_SECONDS) -> bool:
    """Handles the next job, waiting up to `wait_seconds` for one; True if there was one."""
    heartbeat.touch()
    raw = queue.take(wait_seconds)
    if raw is None:
        return False
    try:
        job = json.loads(raw)
        queue.finish(job["id"], process(job))
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        # A malformed job is dropped: retrying it would stop the worker on it forever.
        print(f"dropped malformed job {raw!r}: {e!r}", file=sys.stderr)
    return True


def main() -> None:
    host = os.environ.get("REDIS_HOST", "localhost")
    port = int(os.environ.get("REDIS_PORT", "6379"))
    queue = JobQueue(connect(host, port))
    while True:
        work_once(queue, HEARTBEAT_FILE)


if __name__ == "__main__":
    main()
