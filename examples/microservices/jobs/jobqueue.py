"""What the api and the worker agree on: jobs wait in the Redis list `jobs`, and each job's
state is a JSON object at `job:<id>`, first {"status": "queued"}, then the worker's result."""

import json
import uuid

from redis import Redis

QUEUE = "jobs"
KEEP_SECONDS = 24 * 3600  # how long a job's state stays readable


def connect(host: str, port: int) -> Redis:
    """A client whose replies are text; no read timeout, since BLPOP waits on purpose.

    redis-py 8 (pinned in requirements.txt) reads with a 5 s timeout unless told otherwise, which a 5 s BLPOP races:
    the worker then died every few minutes with "Timeout reading from socket"."""
    return Redis(host=host, port=port, decode_responses=True, socket_connect_timeout=10, socket_timeout=None)


def _key(job_id: str) -> str:
    return f"job:{job_id}"


class JobQueue:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    def submit(self, text: str) -> str:
        job_id = uuid.uuid4().hex
        # State first, so a worker that finishes at once cannot be overwritten by "queued".
        self._redis.set(_key(job_id), json.dumps({"id": job_id, "status": "queued"}), ex=KEEP_SECONDS)
        self._redis.rpush(QUEUE, json.dumps({"id": job_id, "text": text}))
        return job_id

    def state(self, job_id: str) -> dict | None:
        raw = self._redis.get(_key(job_id))
        return None if raw is None else json.loads(raw)

    def take(self, timeout: float) -> str | None:
        """The next job as sent (JSON text), waiting up to `timeout` seconds."""
        reply = self._redis.blpop([QUEUE], timeout)
        return None if reply is None else reply[1]

    def finish(self, job_id: str, result: dict) -> None:
        self._redis.set(_key(job_id), json.dumps({"id": job_id, **result}), ex=KEEP_SECONDS)
