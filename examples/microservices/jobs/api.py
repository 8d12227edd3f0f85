"""The public side of the job system: POST /jobs queues text to count, GET /jobs/<id> reports."""

import os
from functools import cache

from flask import Flask, request, url_for
from redis import Redis

from jobqueue import JobQueue, connect

app = Flask(__name__)
app.config.update(
    REDIS_HOST=os.environ.get("REDIS_HOST", "localhost"),
    REDIS_PORT=int(os.environ.get("REDIS_PORT", "6379")),
)


@cache
def _client(host: str, port: int) -> Redis:
    return connect(host, port)


def redis() -> Redis:
    # One client per address, shared by all requests: redis-py pools its connections per client.
    return _client(app.config["REDIS_HOST"], app.config["REDIS_PORT"])


@app.post("/jobs")
def submit_job():
    body = request.get_json(silent=True)
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        return {"error": 'send JSON like {"text": "count these words"}'}, 400
    job_id = JobQueue(redis()).submit(text)
    return {"id": job_id, "status": "queued"}, 202, {"Location": url_for("job_state", job_id=job_id)}


@app.get("/jobs/<job_id>")
def job_state(job_id):
    state = JobQueue(redis()).state(job_id)
    return state if state is not None else ({"error": f"no job {job_id}"}, 404)


@app.get("/healthz")
def healthz():
    return "ok"
