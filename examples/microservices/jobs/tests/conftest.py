import socketserver
import threading
from collections import defaultdict

import pytest

import resp


class Status(str):
    """A simple-string reply, e.g. +OK."""


NULL_ARRAY = b"*-1\r\n"  # what Redis answers when BLPOP times out


class FakeRedis(socketserver.ThreadingTCPServer):
    """An in-process server that speaks enough RESP for the code under test."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Connection)
        self.strings: dict[str, str] = {}
        self.lists: dict[str, list[str]] = defaultdict(list)
        self._changed = threading.Condition()

    def run(self, name: str, *args: str):
        with self._changed:
            match name.upper(), args:
                case "PING", ():
                    return Status("PONG")
                case "GET", (key,):
                    return self.strings.get(key)
                case "SET", (key, value, *_):  # options such as EX are accepted and ignored
                    self.strings[key] = value
                    return Status("OK")
                case "RPUSH", (key, *values):
                    self.lists[key].extend(values)
                    self._changed.notify_all()
                    return len(self.lists[key])
                case "BLPOP", (key, timeout):
                    if not self._changed.wait_for(lambda: self.lists[key], float(timeout) or None):
                        return NULL_ARRAY
                    return [key, self.lists[key].pop(0)]
            return resp.RedisError(f"ERR unsupported command {name} {args}")


def encode_reply(value) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, Status):
        return b"+%s\r\n" % value.encode()
    if isinstance(value, resp.RedisError):
        return b"-%s\r\n" % str(value).encode()
    if isinstance(value, int):
        return b":%d\r\n" % value
    if value is None:
        return b"$-1\r\n"
    if isinstance(value, list):
        return b"*%d\r\n" % len(value) + b"".join(encode_reply(v) for v in value)
    data = value.encode()
    return b"$%d\r\n%s\r\n" % (len(data), data)


class _Connection(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        while True:
            try:
                command = resp.read_reply(self.rfile)
            except ConnectionError:
                return
            self.wfile.write(encode_reply(self.server.run(*command)))


@pytest.fixture
def fake_redis():
    server = FakeRedis()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def redis(fake_redis):
    host, port = fake_redis.server_address
    with resp.Redis(host, port, timeout=2) as client:
        yield client
