"""The notifier: turn alerts into scheduled deliveries, and deliver them, one lane per endpoint.

`Notifier.accept` only writes jobs to Redis (fast, never touching HTTP), so the alerts
consumer acks quickly whatever the endpoints do.  `Notifier.run` polls each subscription's
due set and keeps at most `webhook_endpoint_concurrency` attempts in flight per
subscription: a slow or dead endpoint fills its own lane and nobody else's.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import structlog
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from schemas import Alert, DeadLetter
from services.common.metrics import (
    MESSAGES_DEAD_LETTERED,
    WEBHOOK_DELIVERIES,
    WEBHOOK_LATENCY,
    WEBHOOK_PENDING_RETRIES,
)
from services.common.settings import Settings
from services.common.streams import Output, maxlen_for, model_fields, publish_once
from services.notifier.delivery import (
    AttemptResult,
    RetryPolicy,
    Verdict,
    attempt_deadline_s,
    build_client,
    post_webhook,
)
from services.notifier.filters import matches, render_body
from services.notifier.safety import (
    EndpointUnresolvedError,
    UnsafeEndpointError,
    redact_url,
    resolve_endpoint,
)
from services.notifier.schedule import DeliveryJob, DeliverySchedule
from services.notifier.signing import Signer
from services.notifier.subscriptions import Subscription

log = structlog.get_logger()
_LEASE_MARGIN_S = 5.0
_REDIS_RETRY_S = 1.0


@dataclass
class Lane:
    """One subscription's queue: its signer and the attempts in flight."""

    index: int
    subscription: Subscription
    signer: Signer
    endpoint: str
    in_flight: set[asyncio.Task[None]] = field(default_factory=set)
    disabled: bool = False


class Notifier:
    """Schedules alert deliveries in Redis and works through them, endpoint by endpoint."""

    def __init__(
        self,
        redis: Any,
        settings: Settings,
        subscriptions: Sequence[Subscription],
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._schedule = DeliverySchedule(redis, settings.key_prefix, settings.dedupe_ttl_s)
        self._redis = redis
        self._policy = RetryPolicy.from_settings(settings)
        self._client = client
        self._owns_client = client is None
        self._clock = clock
        self._deadline_s = attempt_deadline_s(settings)
        self._lease_s = self._deadline_s + _LEASE_MARGIN_S
        self._lanes = {
            sub.name: Lane(index, sub, Signer(list(sub.secret)), redact_url(sub.url))
            for index, sub in enumerate(subscriptions)
        }
        self._wakeup = asyncio.Event()

    @property
    def schedule(self) -> DeliverySchedule:
        return self._schedule

    async def accept(self, alert: Alert) -> int:
        """Schedule the alert for every enabled subscription it matches; return the jobs added.

        Returns once the jobs are in Redis, so the caller may ack the alert.  Scheduling the
        same alert twice adds nothing (idempotent job ids and sent markers).
        """
        wanted: list[str] = []
        for lane in self._lanes.values():
            if not matches(alert, lane.subscription.filters):
                WEBHOOK_DELIVERIES.labels(outcome="filtered").inc()
            elif lane.disabled:
                WEBHOOK_DELIVERIES.labels(outcome="disabled").inc()
                log.warning(
                    "webhook_skipped_disabled", subscription=lane.subscription.name, alert_id=alert.alert_id
                )
            else:
                wanted.append(lane.subscription.name)
        added = await self._schedule.schedule(alert, wanted, self._clock())
        if any(added):
            self._wakeup.set()
        return sum(added)

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver due jobs until `stop` is set, then let attempts in flight finish (bounded)."""
        if self._client is None:
            self._client = build_client(self._settings)
        with contextlib.suppress(RedisConnectionError, RedisTimeoutError, OSError):
            await self._refresh_disabled()  # else the loop below retries until Redis answers
            for name in sorted(await self._schedule.queued_subscriptions() - set(self._lanes)):
                # Kept, not dropped: putting the subscription back in the file resumes them.
                log.warning(
                    "webhook_queue_without_subscription",
                    subscription=name,
                    pending=await self._schedule.pending_count([name]),
                )
        for lane in self._lanes.values():
            if lane.disabled:
                log.warning(
                    "webhook_disabled",
                    subscription=lane.subscription.name,
                    endpoint=lane.endpoint,
                    hint="the endpoint answered 410 Gone; re-enable with DeliverySchedule.enable",
                )
        try:
            while not stop.is_set():
                try:
                    await self._dispatch_once()
                except (RedisConnectionError, RedisTimeoutError, OSError) as error:
                    # Redis restarting: the schedule is still there when it is back.
                    log.warning("notifier_redis_unavailable", error=type(error).__name__)
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(_REDIS_RETRY_S):
                            await stop.wait()
                    continue
                self._wakeup.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._settings.webhook_poll_interval_s):
                        await _first_of(stop, self._wakeup)
        finally:
            await self._drain()
            if self._owns_client and self._client is not None:
                await self._client.aclose()
                self._client = None

    async def _dispatch_once(self) -> None:
        await self._refresh_disabled()
        now = self._clock()
        for lane in self._lanes.values():
            free = self._settings.webhook_endpoint_concurrency - len(lane.in_flight)
            if lane.disabled or free <= 0:
                continue
            for job in await self._schedule.claim_due(lane.subscription.name, now, self._lease_s, free):
                task = asyncio.create_task(self._deliver(lane, job), name=f"webhook:{lane.subscription.name}")
                lane.in_flight.add(task)
                task.add_done_callback(functools.partial(self._finished, lane))
        names = list(self._lanes)
        WEBHOOK_PENDING_RETRIES.set(await self._schedule.pending_count(names, after=now))

    def _finished(self, lane: Lane, task: asyncio.Task[None]) -> None:
        lane.in_flight.discard(task)
        self._wakeup.set()  # a free slot: this lane may take its next due job now
        if not task.cancelled() and task.exception() is not None:
            log.error(
                "webhook_task_failed",
                subscription=lane.subscription.name,
                error=type(task.exception()).__name__,
            )

    async def _refresh_disabled(self) -> None:
        records = await self._schedule.disabled()
        for name, lane in self._lanes.items():
            record = records.get(name)
            # A disable applies to the URL that answered 410; a new URL under the same name is live.
            lane.disabled = bool(
                record and record.get("url_fingerprint") == lane.subscription.url_fingerprint
            )

    async def _drain(self) -> None:
        tasks = [task for lane in self._lanes.values() for task in lane.in_flight]
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=self._deadline_s)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _deliver(self, lane: Lane, job: DeliveryJob) -> None:
        """Attempt one job and record the outcome in Redis (sent, rescheduled or dead-lettered)."""
        subscription = lane.subscription
        if await self._schedule.was_sent(job):
            await self._schedule.drop(job)
            WEBHOOK_DELIVERIES.labels(outcome="duplicate").inc()
            return
        attempt = job.attempts + 1
        try:
            result = await self._attempt(lane, job)
        except UnsafeEndpointError as error:
            WEBHOOK_DELIVERIES.labels(outcome="refused").inc()
            self._log_attempt(lane, job, attempt, "refused", None, 0.0, error=str(error))
            await self._dead_letter(
                job.model_copy(update={"attempts": attempt}),
                lane,
                "webhook_refused",
                f"refused to deliver: {error}; set allow_private: true if this is intended",
            )
            return
        except asyncio.CancelledError:
            # Shutdown mid-attempt: hand the job back so the next notifier attempts it at once.
            with contextlib.suppress(Exception):
                await asyncio.shield(self._schedule.release(job, self._clock()))
            raise
        WEBHOOK_LATENCY.observe(result.duration_s)
        job = job.model_copy(
            update={
                "attempts": attempt,
                "last_status": result.status,
                "last_error": result.error,
                "last_response": result.response_excerpt or None,
            }
        )
        if result.verdict is Verdict.success:
            await self._schedule.complete(job)
            self._record(lane, job, "success", result)
        elif result.verdict is Verdict.gone:
            await self._schedule.disable(
                subscription.name, subscription.url_fingerprint, 410, datetime.now(UTC)
            )
            lane.disabled = True
            self._record(lane, job, "disabled", result)
            await self._dead_letter(
                job,
                lane,
                "webhook_gone",
                "the endpoint answered 410 Gone; the subscription is disabled until re-enabled",
                result,
            )
        elif self._policy.exhausted(attempt):
            self._record(lane, job, "failed", result)
            await self._dead_letter(
                job,
                lane,
                "webhook_failed",
                f"no 2xx after {attempt} attempts; last: {result.describe()}",
                result,
            )
        else:
            delay = self._policy.delay_after(attempt, result)
            await self._schedule.reschedule(job, self._clock() + delay)
            self._record(lane, job, "retry", result, retry_in_s=round(delay, 3))

    async def _attempt(self, lane: Lane, job: DeliveryJob) -> AttemptResult:
        """Resolve and check the host, then POST; UnsafeEndpointError when the address is refused."""
        subscription = lane.subscription
        started = time.monotonic()
        try:
            async with asyncio.timeout(self._settings.webhook_connect_timeout_s):
                endpoint = await resolve_endpoint(subscription.url, subscription.allow_private)
        except (EndpointUnresolvedError, TimeoutError) as error:
            # DNS trouble is usually passing: a failed attempt, retried like a refused connection.
            detail = str(error) or "DNS lookup timed out"
            return AttemptResult(status=None, duration_s=time.monotonic() - started, error=f"dns: {detail}")
        body = render_body(job.alert, subscription)
        headers = lane.signer.headers(job.alert_id, body)
        return await post_webhook(
            self._require_client(), subscription.url, endpoint, body, headers, self._deadline_s
        )

    def _require_client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("Notifier.run() creates the HTTP client; deliver only while it runs")
        return self._client

    def _record(
        self, lane: Lane, job: DeliveryJob, outcome: str, result: AttemptResult, **extra: Any
    ) -> None:
        WEBHOOK_DELIVERIES.labels(outcome=outcome).inc()
        self._log_attempt(
            lane, job, job.attempts, outcome, result.status, result.duration_s, error=result.error, **extra
        )

    def _log_attempt(
        self,
        lane: Lane,
        job: DeliveryJob,
        attempt: int,
        outcome: str,
        status: int | None,
        duration_s: float,
        **extra: Any,
    ) -> None:
        level = "info" if outcome in ("success", "retry") else "warning"
        getattr(log, level)(
            "webhook_attempt",
            subscription=lane.subscription.name,
            subscription_index=lane.index,
            endpoint=lane.endpoint,
            alert_id=job.alert_id,
            attempt=attempt,
            status=status,
            outcome=outcome,
            duration_s=round(duration_s, 4),
            **{key: value for key, value in extra.items() if value is not None},
        )

    async def _dead_letter(
        self, job: DeliveryJob, lane: Lane, error: str, reason: str, result: AttemptResult | None = None
    ) -> None:
        """Publish the delivery to the DLQ (once), then forget the job."""
        letter = DeadLetter(
            payload=job.alert.model_dump_json(),
            stream=self._settings.alerts_stream,
            message_id=job.job_id,
            error=error,
            reason=f"webhook {lane.subscription.name} ({lane.endpoint}): {reason}",
            delivery_count=job.attempts,
            failed_at=datetime.now(UTC),
            endpoint=lane.endpoint,
            last_status=result.status if result else None,
            last_response=(result.response_excerpt or result.error) if result else None,
        )
        output = Output(
            stream=self._settings.dlq_stream,
            entry_id=f"webhook:{job.job_id}",
            fields=model_fields(letter),
            maxlen=maxlen_for(self._settings, "dlq"),
        )
        [new] = await publish_once(self._redis, [output], self._settings.dedupe_ttl_s)
        if new:
            MESSAGES_DEAD_LETTERED.labels(stage="notifier", reason=error).inc()
        await self._schedule.drop(job)


async def _first_of(*events: asyncio.Event) -> None:
    """Return when any of the events is set."""
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
