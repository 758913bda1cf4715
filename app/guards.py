"""Guards in front of the web chat: login throttling, unknown endpoints.

Login throttling is per client address, with backoff.

Gradio checks passwords but does not limit attempts. This ASGI middleware
sits in front of ``POST /login``: every attempt counts as a failure until the
server answers that it succeeded, so concurrent guesses count too; after
:data:`FREE_ATTEMPTS` failures in a row an address must wait, twice as long
after each further failure (up to :data:`MAX_WAIT_S`), and is answered
``429 Too Many Requests`` with ``Retry-After`` meanwhile. A success clears it.
"""

from __future__ import annotations

import json
import math
import threading
import time

FREE_ATTEMPTS = 5
MAX_WAIT_S = 600.0
LOGIN_PATHS = frozenset({"/login", "/login/"})


class LoginThrottle:
    """ASGI middleware: ``app = LoginThrottle(app)``; Starlette's ``Middleware(LoginThrottle)``.

    Example:
        >>> gate = LoginThrottle(app, clock=lambda: 0.0)
        >>> gate.wait_s("10.0.0.7")
        0.0
    """

    def __init__(self, app, *, free_attempts: int = FREE_ATTEMPTS, max_wait_s: float = MAX_WAIT_S, clock=time.monotonic):
        self.app = app
        self.free_attempts = free_attempts
        self.max_wait_s = max_wait_s
        self.clock = clock
        self._failures: dict[str, int] = {}
        self._blocked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait_s(self, client: str) -> float:
        """Seconds ``client`` must still wait before its next login attempt."""
        with self._lock:
            return max(0.0, self._blocked_until.get(client, 0.0) - self.clock())

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "http" or scope.get("method") != "POST" or scope.get("path") not in LOGIN_PATHS:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.wait_s(client)
        if wait > 0:
            await _too_many(send, wait)
            return
        self._attempt(client)
        status = {"code": 0}

        async def watch(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if 200 <= status["code"] < 300:
            with self._lock:
                self._failures.pop(client, None)
                self._blocked_until.pop(client, None)

    def _attempt(self, client: str) -> None:
        with self._lock:
            failures = self._failures.get(client, 0) + 1
            self._failures[client] = failures
            if failures >= self.free_attempts:
                wait = min(self.max_wait_s, 2.0 ** (failures - self.free_attempts))
                self._blocked_until[client] = self.clock() + wait


async def _too_many(send, wait: float) -> None:
    seconds = math.ceil(wait)
    await _answer(send, 429, f"Too many login attempts; try again in {seconds} s.", [(b"retry-after", str(seconds).encode())])


class KnownEndpoints:
    """ASGI middleware: a call naming an endpoint the app does not have is a 404, not a 500.

    Gradio looks ``fn_index`` up without checking it; this reads the JSON body
    of the calls that carry one (bounded in size), answers unknown indices
    itself, and passes every other request through untouched.
    """

    PATHS = ("/queue/join", "/run/predict", "/api/predict")
    MAX_BODY = 4 * 1024 * 1024

    def __init__(self, app, *, known: frozenset[int]):
        self.app = app
        self.known = known

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "").rstrip("/")
        if scope.get("type") != "http" or scope.get("method") != "POST" or not path.endswith(self.PATHS):
            await self.app(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.MAX_BODY:
                await _answer(send, 413, "request body too large")
                return
        body = b"".join(chunks)
        try:
            index = json.loads(body).get("fn_index")
        except (ValueError, AttributeError):
            index = None
        if isinstance(index, int) and not isinstance(index, bool) and index not in self.known:
            await _answer(send, 404, f"no endpoint with fn_index {index}")
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _answer(send, status: int, detail: str, headers: list | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        + (headers or []),
    })
    await send({"type": "http.response.body", "body": body})
