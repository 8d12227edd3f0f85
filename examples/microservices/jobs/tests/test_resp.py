import io
import threading

import pytest

from resp import RedisError, encode, read_reply


def test_encode_sends_every_argument_as_a_bulk_string():
    assert encode("RPUSH", "jobs", "héllo", 5) == b"*4\r\n$5\r\nRPUSH\r\n$4\r\njobs\r\n$6\r\nh\xc3\xa9llo\r\n$1\r\n5\r\n"


@pytest.mark.parametrize(
    "wire, reply",
    [
        (b"+OK\r\n", "OK"),
        (b":42\r\n", 42),
        (b"$5\r\nhello\r\n", "hello"),
        (b"$0\r\n\r\n", ""),
        (b"$-1\r\n", None),
        (b"*-1\r\n", None),
        (b"*2\r\n$4\r\njobs\r\n:7\r\n", ["jobs", 7]),
    ],
)
def test_read_reply_decodes_each_kind(wire, reply):
    assert read_reply(io.BytesIO(wire)) == reply


def test_error_reply_raises():
    with pytest.raises(RedisError, match="WRONGTYPE"):
        read_reply(io.BytesIO(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"))


@pytest.mark.parametrize("wire", [b"", b"+OK", b"$5\r\nhel"])
def test_cut_off_reply_is_a_connection_error(wire):
    with pytest.raises(ConnectionError):
        read_reply(io.BytesIO(wire))


def test_commands_round_trip_through_a_server(redis):
    assert redis.ping() == "PONG"
    redis.set("greeting", "hello", expire_seconds=60)
    assert redis.get("greeting") == "hello"
    assert redis.get("missing") is None
    assert redis.rpush("jobs", "a") == 1
    assert redis.rpush("jobs", "b") == 2
    assert redis.blpop("jobs", 1) == "a"


def test_blpop_waits_for_a_value(redis, fake_redis):
    threading.Timer(0.2, lambda: fake_redis.run("RPUSH", "jobs", "late")).start()

    assert redis.blpop("jobs", 5) == "late"


def test_blpop_gives_none_when_nothing_comes(redis):
    assert redis.blpop("jobs", 0.1) is None


def test_server_errors_raise(redis):
    with pytest.raises(RedisError):
        redis.execute("FLUSHALL")
