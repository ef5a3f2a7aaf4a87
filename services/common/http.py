"""The HTTP endpoint of a worker process: /metrics, /healthz, /readyz, /docs, and the stages' routes.

A small ASGI app (no framework: a few GET routes) served by uvicorn inside the worker's own
event loop, so the readiness probe can use the worker's Redis client and /metrics (prometheus
client's own ASGI app) reads the process's one registry.  A stage adds GET routes of its own
through its declaration (`StageDeclaration.routes`: path -> handler answering JSON).
uvicorn's signal capture is disabled: SIGTERM belongs to the worker's graceful shutdown, not to
the metrics endpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Coroutine, Generator, Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from faststream.specification import Specification
from prometheus_client import CollectorRegistry, make_asgi_app
from redis.exceptions import RedisError

from services.common.asyncapi import asyncapi_html, build_specification, specification_json
from services.common.logging import redact_text
from services.common.metrics import REGISTRY
from services.common.stage import RouteHandler
from services.common.stream_stats import read_groups

# A probe returns the reasons the process is not ready; an empty list means ready.
ReadinessProbe = Callable[[], Coroutine[Any, Any, list[str]]]
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

PROBE_TIMEOUT_S = 2.0
START_TIMEOUT_S = 10.0


@lru_cache(maxsize=1)
def prometheus_middleware() -> Any:
    """Return FastStream's RedisPrometheusMiddleware bound to our registry (one per process).

    Pass it to every broker: `RedisBroker(url, middlewares=[prometheus_middleware()])`.  Its
    metrics get the `claimwatch_faststream_` prefix (received/processed/published messages and
    their durations, labelled by handler = stream).
    """
    from faststream.redis.prometheus import RedisPrometheusMiddleware

    return RedisPrometheusMiddleware(
        registry=REGISTRY, app_name="claimwatch", metrics_prefix="claimwatch_faststream"
    )


def redis_readiness_probe(redis: Any, stream_groups: Sequence[tuple[str, str]]) -> ReadinessProbe:
    """Return a probe: Redis answers PING and every (stream, group) consumer group exists."""

    async def probe() -> list[str]:
        try:
            await redis.ping()
            problems: list[str] = []
            for stream, group in stream_groups:
                groups = await read_groups(redis, stream)
                if groups is None:
                    problems.append(f"stream {stream} does not exist (its group {group} is not created yet)")
                elif group not in groups:
                    problems.append(f"consumer group {group} does not exist on stream {stream}")
            return problems
        except (RedisError, OSError) as error:
            # The probe's answer is public (no auth on /readyz): never echo a credential.
            return [redact_text(f"redis unreachable: {type(error).__name__}: {error}")]

    return probe


BUILT_IN_ENDPOINTS = ("/metrics", "/healthz", "/readyz", "/docs", "/docs/asyncapi.json")


class ObservabilityApp:
    """ASGI app with the built-in routes and `routes` of the stages.

    /docs describes `specification()` when given (built on first request), else the FastStream
    apps or brokers `apps`.
    """

    def __init__(
        self,
        *,
        readiness: ReadinessProbe | None = None,
        apps: Sequence[Any] = (),
        specification: Callable[[], Specification] | None = None,
        routes: Mapping[str, RouteHandler] | None = None,
        registry: CollectorRegistry = REGISTRY,
    ) -> None:
        self.readiness = readiness
        self.apps = list(apps)
        self.specification = specification
        self.routes = {path.rstrip("/") or "/": handler for path, handler in (routes or {}).items()}
        clash = set(self.routes) & {*BUILT_IN_ENDPOINTS, "/", "/asyncapi.json"}
        if clash:
            raise ValueError(f"a stage route may not replace the built-in {sorted(clash)}")
        self.registry = registry
        self._metrics = make_asgi_app(registry=registry)
        self._docs_html: str | None = None
        self._docs_json: str | None = None
        self._probe: asyncio.Task[list[str]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _respond(
                send, 405, b"method not allowed\n", "text/plain; charset=utf-8", [(b"allow", b"GET, HEAD")]
            )
            return
        path = scope["path"].rstrip("/") or "/"
        if path == "/metrics":
            await self._metrics(scope, receive, send)
        elif path in self.routes:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            status, payload = await self.routes[path](query)
            await _respond(send, status, json.dumps(payload).encode(), "application/json")
        elif path == "/healthz":
            await _respond_json(send, 200, {"status": "alive"})
        elif path == "/readyz":
            await self._ready(send)
        elif path == "/docs":
            await _respond(send, 200, self._docs()[0].encode(), "text/html; charset=utf-8")
        elif path in ("/docs/asyncapi.json", "/asyncapi.json"):
            await _respond(send, 200, self._docs()[1].encode(), "application/json")
        elif path == "/":
            await _respond_json(send, 200, {"endpoints": [*BUILT_IN_ENDPOINTS, *self.routes]})
        else:
            await _respond(send, 404, b"not found\n", "text/plain; charset=utf-8")

    async def _ready(self, send: Send) -> None:
        if self.readiness is None:
            await _respond_json(send, 200, {"status": "ready", "problems": []})
            return
        # One probe in flight at a time, never cancelled (cancelling a redis-py command midway can
        # hang it): a slow probe is reported as a timeout and later requests wait on the same one.
        if self._probe is None or self._probe.done():
            self._probe = asyncio.get_running_loop().create_task(
                self.readiness(), name="claimwatch-readiness"
            )
        done, _ = await asyncio.wait({self._probe}, timeout=PROBE_TIMEOUT_S)
        if done:
            problems = self._probe.result()
        else:
            problems = [f"readiness probe timed out after {PROBE_TIMEOUT_S:g}s (redis slow or unreachable)"]
        status = 200 if not problems else 503
        await _respond_json(
            send, status, {"status": "ready" if not problems else "not_ready", "problems": problems}
        )

    def _docs(self) -> tuple[str, str]:
        # Built on first request: the apps' routers are complete by then, and most processes
        # never serve /docs at all.
        if self._docs_html is None or self._docs_json is None:
            specification = (
                self.specification() if self.specification is not None else build_specification(self.apps)
            )
            self._docs_html = asyncapi_html(specification)
            self._docs_json = specification_json(specification)
        return self._docs_html, self._docs_json

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _respond(
    send: Send, status: int, body: bytes, content_type: str, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _respond_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    await _respond(send, status, json.dumps(payload).encode(), "application/json")


class _InLoopServer(uvicorn.Server):
    """uvicorn server that leaves signal handling to the worker."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


class HttpServer:
    """Serve an ASGI app on host:port as a task of the running loop; port 0 picks a free port."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0) -> None:
        config = uvicorn.Config(
            app, host=host, port=port, log_config=None, access_log=False, lifespan="off", server_header=False
        )
        self._server = _InLoopServer(config)
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        """Return the bound port (the real one when 0 was asked)."""
        for server in self._server.servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        raise RuntimeError("HTTP server is not listening")

    async def start(self) -> int:
        """Start serving and return the bound port once it listens (raises if binding fails)."""
        self._task = asyncio.get_running_loop().create_task(self._serve(), name="claimwatch-http")
        deadline = asyncio.get_running_loop().time() + START_TIMEOUT_S
        while not self._server.started:
            if self._task.done():
                error = self._task.exception() if not self._task.cancelled() else None
                raise OSError(f"HTTP server failed to start on port {self._server.config.port}: {error}")
            if asyncio.get_running_loop().time() > deadline:
                await self.stop()
                raise OSError(f"HTTP server did not start within {START_TIMEOUT_S:g}s")
            await asyncio.sleep(0.01)
        return self.port

    async def _serve(self) -> None:
        try:
            await self._server.serve()
        except SystemExit as exit_:
            # uvicorn calls sys.exit when it cannot bind; a SystemExit escaping a task would stop
            # the worker's whole event loop, so turn it into an ordinary error.
            raise OSError(
                f"cannot listen on {self._server.config.host}:{self._server.config.port}"
            ) from exit_

    async def stop(self) -> None:
        """Stop accepting requests and wait for the server task."""
        if self._task is None:
            return
        self._server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError, OSError):
            await self._task
        self._task = None
