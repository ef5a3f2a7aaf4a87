"""A real webhook receiver for the tests: HTTP on 127.0.0.1, signatures checked with standardwebhooks.

Each path is an endpoint with a script of replies (status, headers, delay, or a gate the test
opens) consumed in order;
when the script runs out the endpoint answers `default` (200).  Every request is recorded with
the indexes of the secrets that verified it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.common.http import HttpServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0
    body: bytes = b"ok"
    # The reply waits until the test sets this: an attempt held in flight for as long as the test needs.
    hold: asyncio.Event | None = None


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    verified_with: list[int]
    status: int | None = None  # what was answered (None while the reply is delayed)
    answered_at: float | None = None

    @property
    def webhook_id(self) -> str:
        return self.headers.get("webhook-id", "")


@dataclass
class Endpoint:
    secrets: list[str]
    script: deque[Reply] = field(default_factory=deque)
    default: Reply = field(default_factory=Reply)


class WebhookReceiver:
    """An ASGI app served by uvicorn in the test's event loop."""

    def __init__(self) -> None:
        self.endpoints: dict[str, Endpoint] = {}
        self.requests: list[Received] = []
        self.port = 0
        self._server: HttpServer | None = None

    def endpoint(self, path: str, secrets: list[str], *script: Reply, default: Reply | None = None) -> str:
        """Declare an endpoint; return its URL (valid once the receiver is started)."""
        self.endpoints[path] = Endpoint(
            secrets=list(secrets), script=deque(script), default=default or Reply()
        )
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def received(self, path: str) -> list[Received]:
        return [request for request in self.requests if request.path == path]

    async def start(self, port: int = 0) -> int:
        self._server = HttpServer(self, host="127.0.0.1", port=port)
        self.port = await self._server.start()
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop()
            self._server = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        path = scope["path"]
        endpoint = self.endpoints.get(path)
        verified: list[int] = []
        for index, secret in enumerate(endpoint.secrets if endpoint else []):
            try:
                Webhook(secret).verify(body, headers)
            except WebhookVerificationError:
                continue
            verified.append(index)
        record = Received(path=path, headers=headers, body=body, at=time.monotonic(), verified_with=verified)
        self.requests.append(record)
        if endpoint is None:
            reply = Reply(status=404)
        else:
            reply = endpoint.script.popleft() if endpoint.script else endpoint.default
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)  # the endpoint under test is slow on purpose
        if reply.hold is not None:
            await reply.hold.wait()
        response_headers = [(b"content-type", b"text/plain")]
        response_headers += [(name.encode(), value.encode()) for name, value in reply.headers]
        await send({"type": "http.response.start", "status": reply.status, "headers": response_headers})
        await send({"type": "http.response.body", "body": reply.body})
        record.status = reply.status
        record.answered_at = time.monotonic()


async def wait_for(
    condition: Callable[[], Any], timeout_s: float, what: str, interval_s: float = 0.02
) -> Any:
    """Poll `condition` (sync or async) until it returns something truthy; fail after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        await asyncio.sleep(interval_s)
