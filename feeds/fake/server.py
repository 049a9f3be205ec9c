"""The fake services over real HTTP on one port: HMPPS Auth, Prisoner Search, the probation
record and Tiering, at the real services' paths and in their shapes
(docs/commands.md#fake_hmpps). A thread per connection, keep-alive, in-memory answers."""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from feeds.fake.state import FakeState

Route = Callable[["Handler", re.Match[str], dict[str, list[str]]], tuple[int, Any]]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FakeHttpServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as separate writes: without this, a keep-alive client waits
        # on delayed ACKs (40 ms a request) that the real services' proxies never cost.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the state keeps its own log."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw.strip() else None

    def _handle(self, method: str) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        with state.lock:
            state.log.append(f"{method} {url.path}")
        self.json_body = self._body() if method == "POST" else None
        fault = state.fault_for(url.path)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.status:
            self._answer(fault.status, {"status": fault.status, "userMessage": "Fault (fake)"})
            return
        for route_method, pattern, route, needs_token in ROUTES:
            match = pattern.fullmatch(url.path)
            if match and route_method == method:
                if needs_token and not self._authorised():
                    self._answer(401, {"status": 401, "userMessage": "Unauthorised"})
                    return
                status, body = route(self, match, parse_qs(url.query))
                self._answer(status, body)
                return
        self._answer(404, {"status": 404, "userMessage": f"No route {method} {url.path}"})

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        return header.startswith("Bearer ") and self.server.state.token_valid(header[7:])

    def _answer(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _token(h: Handler, m: re.Match[str], q: dict[str, list[str]]) -> tuple[int, Any]:
    state = h.server.state
    expected = f"{state.client_id}:{state.client_secret}".encode()
    given = h.headers.get("Authorization", "")
    if q.get("grant_type") != ["client_credentials"] or given != (
        "Basic " + base64.b64encode(expected).decode()
    ):
        return 401, {"error": "unauthorized", "error_description": "Bad client credentials"}
    return 200, state.issue_token()


def _prisoner(h: Handler, m: re.Match[str], q: dict[str, list[str]]) -> tuple[int, Any]:
    doc = h.server.state.prisoner(m["number"].upper())
    return (200, doc) if doc else (404, {"status": 404, "userMessage": "Prisoner not found"})


def _roll(h: Handler, m: re.Match[str], q: dict[str, list[str]]) -> tuple[int, Any]:
    page, size = int(q.get("page", ["0"])[0]), int(q.get("size", ["10"])[0])
    return 200, h.server.state.page(m["code"].upper(), page, size)


def _many(h: Handler, m: re.Match[str], q: dict[str, list[str]]) -> tuple[int, Any]:
    numbers = (h.json_body or {}).get("prisonerNumbers") or []
    if len(numbers) > 1000:
        return 400, {"status": 400, "userMessage": "At most 1000 prisoner numbers"}
    state = h.server.state
    with state.lock:
        return 200, [state.prisoners[n] for n in numbers if n in state.prisoners]


def _case_record(h: Handler, m: re.Match[str], q: dict[str, list[str]]) -> tuple[int, Any]:
    record = h.server.state.probation.get(m["number"].upper())
    return (200, record) if record else (404, {"status": 404, "userMessage": "No case record"})


def _tier(h: Handler, m: re.Match[str], q: dict[str, list[str]]) -> tuple[int, Any]:
    tier = h.server.state.tiers.get(m["crn"].upper())
    if not tier:
        return 404, {"status": 404, "userMessage": "No tier"}
    return 200, {
        "tierScore": tier,
        "calculationId": f"calc-{m['crn']}",
        "calculationDate": "2026-12-01T09:12:00",
    }


ROUTES: list[tuple[str, re.Pattern[str], Route, bool]] = [
    ("POST", re.compile(r"/auth/oauth/token"), _token, False),
    ("GET", re.compile(r"/prisoner/(?P<number>[A-Za-z0-9]+)"), _prisoner, True),
    ("GET", re.compile(r"/prisoner-search/prison/(?P<code>[A-Za-z]+)"), _roll, True),
    ("POST", re.compile(r"/prisoner-search/prisoner-numbers"), _many, True),
    ("GET", re.compile(r"/case-records/(?P<number>[A-Za-z0-9]+)"), _case_record, True),
    ("GET", re.compile(r"/crn/(?P<crn>[A-Za-z0-9]+)/tier"), _tier, True),
]


class FakeHttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: FakeState) -> None:
        super().__init__(address, Handler)
        self.state = state


class FakeHmpps:
    """The fake services on `host:port` (port 0: any free one), in a background thread."""

    def __init__(self, state: FakeState, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state
        self.httpd = FakeHttpServer((host, port), state)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeHmpps:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
