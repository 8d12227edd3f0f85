import socketserver
import threading
from collections import defaultdict

import pytest

from jobqueue import connect


class CommandError(str):
    """An error reply, e.g. -ERR unknown command."""


class Status(str):
    """A simple-string reply, e.g. +OK."""


NULL = b"_\r\n"  # RESP3's null, for a missing key and a BLPOP that timed out


class FakeRedis(socketserver.ThreadingTCPServer):
    """An in-process server that speaks enough RESP for the code under test, so the real redis
    client is tested over a real socket without a Redis server on the machine or in the image."""

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
                case "HELLO", ("3", *_):  # redis-py asks for RESP3: RESP2 plus maps and one null
                    return {"server": "redis", "version": "7.0.0", "proto": 3}
                case "CLIENT", _:  # redis-py announces itself on connect
                    return Status("OK")
                case "SET", (key, value, *_):  # options such as EX are accepted and ignored
                    self.strings[key] = value
                    return Status("OK")
                case "RPUSH", (key, *values):
                    self.lists[key].extend(values)
                    self._changed.notify_all()
                    return len(self.lists[key])
                case "BLPOP", (key, timeout):
                    if not self._changed.wait_for(lambda: self.lists[key], float(timeout) or None):
                        return NULL
                    return [key, self.lists[key].pop(0)]
            return CommandError(f"ERR unsupported command {name} {args}")


def encode_reply(value) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, Status):
        return b"+%s\r\n" % value.encode()
    if isinstance(value, CommandError):
        return b"-%s\r\n" % str(value).encode()
    if isinstance(value, int):
        return b":%d\r\n" % value
    if value is None:
        return NULL
    if isinstance(value, dict):
        return b"%%%d\r\n" % len(value) + b"".join(encode_reply(k) + encode_reply(v) for k, v in value.items())
    if isinstance(value, list):
        return b"*%d\r\n" % len(value) + b"".join(encode_reply(v) for v in value)
    data = value.encode()
    return b"$%d\r\n%s\r\n" % (len(data), data)


def read_command(reader) -> list[str] | None:
    """One client command, an array of bulk strings; None when the client has gone."""
    header = reader.readline()
    if not header.startswith(b"*"):
        return None
    command = []
    for _ in range(int(header[1:])):
        length = int(reader.readline()[1:])
        command.append(reader.read(length + 2)[:-2].decode())
    return command


class _Connection(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        while (command := read_command(self.rfile)) is not None:
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
    client = connect(host, port)
    yield client
    client.close()
