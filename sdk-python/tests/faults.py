"""A proxy in front of the test server that fails on purpose: it answers the next
requests from a script (a status, a dropped connection, a delay) and passes
the others through, so the SDK's retries and timeouts meet real sockets."""

from __future__ import annotations

import http.client
import socket
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


class Fault:
    """What the proxy does with one request."""

    def __init__(
        self,
        status: int | None = None,
        *,
        headers: dict[str, str] | None = None,
        drop: bool = False,
        delay: float = 0.0,
        cut_after: float | None = None,
    ) -> None:
        self.status = status
        self.headers = headers or {}
        self.drop = drop
        self.delay = delay
        # Pass the request, but break the connection after this share of the answer's body.
        self.cut_after = cut_after


PASS = Fault()


class FaultProxy:
    """Forwards to `upstream`, except for the faults queued with `script`."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.faults: deque[Fault] = deque()
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def handle_one(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                with proxy.lock:
                    proxy.requests.append((self.command, self.path))
                    fault = proxy.faults.popleft() if proxy.faults else PASS
                if fault.delay:
                    threading.Event().wait(fault.delay)
                if fault.drop:
                    self.close_connection = True
                    self.connection.close()
                    return
                if fault.status is not None:
                    payload = (
                        b'{"type":"urn:labelwell:problem:injected","title":"Injected","status":%d,'
                        b'"detail":"a fault injected by the test proxy","code":"injected"}' % fault.status
                    )
                    self.send_response(fault.status)
                    self.send_header("content-type", "application/problem+json")
                    self.send_header("content-length", str(len(payload)))
                    for name, value in fault.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                upstream = http.client.HTTPConnection(
                    proxy.upstream.hostname or "127.0.0.1", proxy.upstream.port, timeout=60
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                payload = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                if fault.cut_after is not None:
                    self.wfile.write(payload[: int(len(payload) * fault.cut_after)])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                else:
                    self.wfile.write(payload)
                upstream.close()

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_one

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def script(self, *faults: Fault) -> None:
        """Queues what the next requests get, in order; later ones pass."""
        with self.lock:
            self.faults.extend(faults)
            self.requests.clear()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
