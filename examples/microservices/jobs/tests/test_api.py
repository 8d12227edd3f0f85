import json

import pytest

from api import app
from jobqueue import QUEUE, JobQueue


@pytest.fixture
def client(fake_redis):
    host, port = fake_redis.server_address
    app.config.update(REDIS_HOST=host, REDIS_PORT=port)
    return app.test_client()


def test_submitted_job_is_queued(client, fake_redis):
    response = client.post("/jobs", json={"text": "count these words"})

    assert response.status_code == 202
    job_id = response.get_json()["id"]
    assert response.headers["Location"] == f"/jobs/{job_id}"
    assert [json.loads(job) for job in fake_redis.lists[QUEUE]] == [{"id": job_id, "text": "count these words"}]
    assert client.get(f"/jobs/{job_id}").get_json() == {"id": job_id, "status": "queued"}


def test_finished_job_shows_its_result(client, redis):
    job_id = client.post("/jobs", json={"text": "a b"}).get_json()["id"]

    JobQueue(redis).finish(job_id, {"status": "done", "words": 2})

    assert client.get(f"/jobs/{job_id}").get_json() == {"id": job_id, "status": "done", "words": 2}


@pytest.mark.parametrize("body", [{}, {"text": 3}, ["text"]])
def test_job_without_text_is_rejected(client, fake_redis, body):
    assert client.post("/jobs", json=body).status_code == 400
    assert not fake_redis.lists[QUEUE]


def test_unknown_job_is_not_found(client):
    assert client.get("/jobs/nope").status_code == 404


def test_healthz_is_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
