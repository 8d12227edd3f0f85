"""Exit 0 if the worker's heartbeat is fresh, 1 if it is stale or missing."""

import sys
import time
from pathlib import Path

from worker import HEARTBEAT_FILE, WAIT_SECONDS

MAX_AGE_SECONDS = 6 * WAIT_SECONDS  # several missed beats, so one slow job is not a failure


def is_fresh(heartbeat: Path, now: float | None = None) -> bool:
    try:
        age = (time.time() if now is None else now) - heartbeat.stat().st_mtime
    except FileNotFoundError:
        return False
    return age <= MAX_AGE_SECONDS


if __name__ == "__main__":
    sys.exit(0 if is_fresh(HEARTBEAT_FILE) else 1)
