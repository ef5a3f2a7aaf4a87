"""One webhook attempt over HTTP, and the retry policy that decides what happens next.

An attempt is a signed POST with connect and read timeouts and an overall deadline;
redirects are not followed (a 3xx is a failed attempt).  `classify` turns its result into
success (2xx), gone (410: the subscription is disabled) or a failure that is retried after
an exponential backoff with jitter, or after the endpoint's Retry-After on 429/503.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

import httpx

from services.common.settings import Settings
from services.notifier.safety import ResolvedEndpoint, redact_url

USER_AGENT = "claimwatch-webhooks/1"
RESPONSE_EXCERPT_BYTES = 512
_RETRY_AFTER_STATUSES = frozenset({429, 503})


class Verdict(StrEnum):
    success = "success"
    gone = "gone"
    failure = "failure"


@dataclass(frozen=True)
class AttemptResult:
    """What one HTTP attempt returned: a status, or an error when no response came."""

    status: int | None
    duration_s: float
    response_excerpt: str = ""
    retry_after_s: float | None = None
    error: str | None = None

    @property
    def verdict(self) -> Verdict:
        if self.status is not None and 200 <= self.status < 300:
            return Verdict.success
        if self.status == 410:
            return Verdict.gone
        return Verdict.failure

    def describe(self) -> str:
        """`HTTP 503` or the error, for logs and dead letters."""
        if self.status is not None:
            return f"HTTP {self.status}"
        return self.error or "no response"


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with +/-25% jitter, capped; Retry-After wins on 429 and 503."""

    max_attempts: int
    base_s: float
    max_s: float
    retry_after_max_s: float

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            max_attempts=settings.webhook_max_attempts,
            base_s=settings.webhook_backoff_base_s,
            max_s=settings.webhook_backoff_max_s,
            retry_after_max_s=settings.webhook_retry_after_max_s,
        )

    def delay_after(
        self, attempts_made: int, result: AttemptResult, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait before the next attempt, after `attempts_made` attempts ending in `result`."""
        if result.retry_after_s is not None:
            return min(max(result.retry_after_s, 0.0), self.retry_after_max_s)
        nominal = min(self.base_s * 2 ** max(attempts_made - 1, 0), self.max_s)
        # Jitter spreads the retries of many jobs failing together (an endpoint coming back).
        return nominal * (rng or random).uniform(0.75, 1.25)

    def exhausted(self, attempts_made: int) -> bool:
        return attempts_made >= self.max_attempts


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP-date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def build_client(settings: Settings) -> httpx.AsyncClient:
    """The shared client: no redirects, no proxies from the environment, no pool limit of its own.

    Concurrency is bounded per endpoint by the dispatcher; a shared pool limit would let one
    slow endpoint hold connections other endpoints wait for.  Proxies from the environment are
    ignored because the address check must apply to the connection actually made.
    """
    timeout = httpx.Timeout(
        connect=settings.webhook_connect_timeout_s,
        read=settings.webhook_read_timeout_s,
        write=settings.webhook_read_timeout_s,
        pool=settings.webhook_connect_timeout_s,
    )
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=32)
    return httpx.AsyncClient(timeout=timeout, limits=limits, follow_redirects=False, trust_env=False)


def attempt_deadline_s(settings: Settings) -> float:
    """Upper bound of one attempt, however slowly an endpoint trickles bytes."""
    return settings.webhook_connect_timeout_s + 2 * settings.webhook_read_timeout_s


def _scrub(text: str, url: str, request_url: str) -> str:
    """Remove both URL spellings (they may hold credentials or tokens) from an error text."""
    shown = redact_url(url)
    return text.replace(request_url, shown).replace(url, shown)


async def post_webhook(
    client: httpx.AsyncClient,
    url: str,
    endpoint: ResolvedEndpoint,
    body: str,
    headers: dict[str, str],
    deadline_s: float,
) -> AttemptResult:
    """POST `body` once; never raises for HTTP or network failures (they are the result)."""
    request_url = httpx.URL(url)
    extensions: dict[str, str] = {}
    all_headers = {"content-type": "application/json", "user-agent": USER_AGENT, **headers}
    if endpoint.pinned:
        # Connect to the address that passed the check, not to whatever a second lookup returns.
        all_headers["host"] = request_url.netloc.decode("ascii").rpartition("@")[2]
        request_url = request_url.copy_with(host=endpoint.address)
        if request_url.scheme == "https":
            extensions["sni_hostname"] = endpoint.host
    started = time.monotonic()
    try:
        async with asyncio.timeout(deadline_s):
            request = client.build_request(
                "POST", request_url, content=body.encode("utf-8"), headers=all_headers, extensions=extensions
            )
            response = await client.send(request, stream=True)
            try:
                excerpt = b""
                async for chunk in response.aiter_bytes():
                    excerpt += chunk
                    if len(excerpt) >= RESPONSE_EXCERPT_BYTES:
                        break
            finally:
                await response.aclose()
    except (TimeoutError, httpx.TimeoutException) as error:
        kind = type(error).__name__ if isinstance(error, httpx.TimeoutException) else "AttemptDeadline"
        return AttemptResult(status=None, duration_s=time.monotonic() - started, error=f"timeout ({kind})")
    except httpx.HTTPError as error:
        detail = _scrub(str(error), url, str(request_url))
        return AttemptResult(
            status=None, duration_s=time.monotonic() - started, error=f"{type(error).__name__}: {detail}"
        )
    retry_after = None
    if response.status_code in _RETRY_AFTER_STATUSES:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
    return AttemptResult(
        status=response.status_code,
        duration_s=time.monotonic() - started,
        response_excerpt=excerpt[:RESPONSE_EXCERPT_BYTES].decode("utf-8", errors="replace"),
        retry_after_s=retry_after,
    )
