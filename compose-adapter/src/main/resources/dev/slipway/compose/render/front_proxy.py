"""Slipway's front for a Compose service that updates without downtime.

It holds the service's published ports, so old and new containers can run side by side while
Slipway replaces them. Each request goes to one container of the service, found through the
service's DNS name, over a new connection: a container that is not listening yet, or any more,
is skipped before anything is sent to it. Slipway steers it through a loopback-only admin port:
  /freeze   keep to the containers the name has now (the old ones)
  /swap     only the containers added since, once the requests in flight to the old ones are done
  /release  every container the name has again
Arguments: SERVICE ADMIN_PORT LISTEN:TARGET ...
"""
import http.client
import http.server
import itertools
import socket
import sys
import threading
import time

SERVICE, ADMIN_PORT = sys.argv[1], int(sys.argv[2])
ROUTES = [tuple(int(n) for n in route.split(":")) for route in sys.argv[3:]]
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "content-length"}
DRAIN_SECONDS = 30
NO_CONTAINER_SECONDS = 30

state = threading.Condition()
frozen = set()
pinned = None  # None: every address the service name has
in_flight = {}
turn = itertools.count()


def resolve():
    try:
        infos = socket.getaddrinfo(SERVICE, None, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return []
    return sorted({info[4][0] for info in infos})


def candidates():
    found = resolve()
    with state:
        if pinned is not None:
            found = [address for address in found if address in pinned]
    if not found:
        return []
    start = next(turn) % len(found)
    return found[start:] + found[:start]


class Forward(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def request_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def forward(self):
        body = self.request_body()
        headers = {key: value for key, value in self.headers.items() if key.lower() not in HOP_BY_HOP}
        headers["X-Forwarded-For"] = self.client_address[0]
        give_up = time.monotonic() + NO_CONTAINER_SECONDS
        while time.monotonic() < give_up:
            for address in candidates():
                try:
                    upstream = socket.create_connection((address, self.server.target), timeout=2)
                except OSError:
                    continue
                with state:
                    in_flight[address] = in_flight.get(address, 0) + 1
                connection = http.client.HTTPConnection(address, self.server.target, timeout=300)
                connection.sock = upstream
                try:
                    connection.request(self.command, self.path, body, headers)
                    response = connection.getresponse()
                    payload = response.read()
                except OSError as error:
                    self.send_error(502, f"{SERVICE} failed to answer: {error}")
                    return
                finally:
                    connection.close()
                    with state:
                        in_flight[address] -= 1
                        state.notify_all()
                self.send_response(response.status, response.reason)
                for key, value in response.getheaders():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                if self.command == "HEAD":
                    # No body came, but the length describes the one a GET would get.
                    length = response.getheader("Content-Length")
                    if length is not None:
                        self.send_header("Content-Length", length)
                    self.end_headers()
                else:
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                return
            time.sleep(0.2)
        self.send_error(503, f"no container of {SERVICE} is answering")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = forward

    def log_message(self, format, *args):
        pass  # the service logs its own requests


class Admin(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global frozen, pinned
        now = set(resolve())
        status, text = 200, "ok"
        with state:
            if self.path == "/freeze":
                frozen = pinned = now
                text = f"{len(now)} containers"
            elif self.path == "/swap":
                fresh = now - frozen
                if not fresh:
                    status, text = 409, f"no new container of {SERVICE} is reachable"
                else:
                    pinned = fresh
                    old = set(frozen)
                    drained = state.wait_for(lambda: not any(in_flight.get(a, 0) for a in old), DRAIN_SECONDS)
                    text = "drained" if drained else f"requests still running after {DRAIN_SECONDS} s"
            elif self.path == "/release":
                frozen, pinned = set(), None
            elif self.path != "/ready":
                status, text = 404, "unknown"
        self.send_response(status)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text.encode())

    def log_message(self, format, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


for listen, target in ROUTES:
    server = Server(("0.0.0.0", listen), Forward)
    server.target = target
    threading.Thread(target=server.serve_forever, daemon=True).start()
Server(("127.0.0.1", ADMIN_PORT), Admin).serve_forever()
