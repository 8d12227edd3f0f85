import os
import time

import pytest

from healthcheck import MAX_AGE_SECONDS, is_fresh
from jobqueue import QUEUE, JobQueue
from worker import process, work_once


@pytest.fixture
def queue(redis):
    return JobQueue(redis)


def test_process_counts_words():
    assert process({"id": "1", "text": " one two\nthree "}) == {"status": "done", "words": 3}


def test_work_once_stores_the_result(queue, tmp_path):
    job_id = queue.submit("one two")

    assert work_once(queue, tmp_path / "heartbeat", wait_seconds=1)
    assert queue.state(job_id) == {"id": job_id, "status": "done", "words": 2}


def test_work_once_beats_even_without_jobs(queue, tmp_path):
    heartbeat = tmp_path / "heartbeat"

    assert not work_once(queue, heartbeat, wait_seconds=0.1)
    assert is_fresh(heartbeat)


def test_malformed_job_is_dropped(queue, redis, tmp_path):
    redis.rpush(QUEUE, "not json")

    assert work_once(queue, tmp_path / "heartbeat", wait_seconds=1)
    assert redis.blpop(QUEUE, 0.1) is None


def test_stale_or_missing_heartbeat_is_unhealthy(tmp_path):
    heartbeat = tmp_path / "heartbeat"
    assert not is_fresh(heartbeat)

    heartbeat.touch()
    stale = time.time() - MAX_AGE_SECONDS - 1
    os.utime(heartbeat, (stale, stale))

    assert not is_fresh(heartbeat)
