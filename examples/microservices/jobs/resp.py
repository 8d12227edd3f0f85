"""A minimal Redis client: RESP2 over a socket, with just the commands the api and worker use."""

import socket
from typing import BinaryIO


class RedisError(Exception):
    """An error reply from the server, e.g. WRONGTYPE."""


def encode(*args) -> bytes:
    """A command as RESP: an array of bulk strings."""
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def read_reply(reader: BinaryIO):
    """One reply: str, int, None (nil) or a list of replies; an error reply raises RedisError."""
    line = reader.readline()
    if not line.endswith(b"\r\n"):
        raise ConnectionError("connection closed by the Redis server")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RedisError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        length = int(rest)
        if length < 0:
            return None
        data = reader.read(length + 2)
        if len(data) < length + 2:
            raise ConnectionError("connection closed by the Redis server")
        return data[:-2].decode()
    if kind == b"*":
        count = int(rest)
        return None if count < 0 else [read_reply(reader) for _ in range(count)]
    raise RedisError(f"not a RESP reply: {line!r}")


class Redis:
    """One connection; not thread-safe, so give each thread its own."""

    def __init__(self, host: str = "localhost", port: int = 6379, timeout: float = 10.0) -> None:
        self._timeout = timeout
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._reader = self._sock.makefile("rb")

    def __enter__(self) -> "Redis":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._reader.close()
        self._sock.close()

    def execute(self, *args):
        self._sock.sendall(encode(*args))
        return read_reply(self._reader)

    def ping(self) -> str:
        return self.execute("PING")

    def get(self, key: str) -> str | None:
        return self.execute("GET", key)

    def set(self, key: str, value: str, expire_seconds: int | None = None) -> None:
        if expire_seconds is None:
            self.execute("SET", key, value)
        else:
            self.execute("SET", key, value, "EX", expire_seconds)

    def rpush(self, key: str, value: str) -> int:
        return self.execute("RPUSH", key, value)

    def blpop(self, key: str, timeout: float) -> str | None:
        """The first value of list `key`, waiting up to `timeout` seconds for one; None if none came."""
        # The server holds the reply for up to `timeout`, so the socket must wait longer than that.
        self._sock.settimeout(self._timeout + timeout)
        try:
            reply = self.execute("BLPOP", key, timeout)
        finally:
            self._sock.settimeout(self._timeout)
        return None if reply is None else reply[1]
