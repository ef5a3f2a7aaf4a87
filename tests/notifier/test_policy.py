"""Pure pieces: Retry-After parsing, backoff with jitter, filters, the Slack body, signatures."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.notifier.delivery import AttemptResult, RetryPolicy, Verdict, parse_retry_after
from services.notifier.filters import matches, render_body
from services.notifier.signing import Signer
from services.notifier.subscriptions import Filters
from tests.notifier.conftest import make_alert, new_secret, subscriptions

NOW = datetime(2025, 3, 6, 12, 0, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=5, base_s=2.0, max_s=30.0, retry_after_max_s=600.0)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Thu, 06 Mar 2025 12:00:30 GMT", 30.0),
        ("Thu, 06 Mar 2025 11:59:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    failure = AttemptResult(status=500, duration_s=0.1)
    rng = random.Random(7)
    for attempts, nominal in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 30.0), (9, 30.0)]:
        delays = [POLICY.delay_after(attempts, failure, rng) for _ in range(200)]
        assert all(0.75 * nominal <= delay <= 1.25 * nominal for delay in delays)
        assert len({round(delay, 6) for delay in delays}) > 100  # jittered, not one fixed value


def test_retry_after_wins_and_is_bounded() -> None:
    assert POLICY.delay_after(1, AttemptResult(status=429, duration_s=0.1, retry_after_s=42.0)) == 42.0
    assert POLICY.delay_after(1, AttemptResult(status=503, duration_s=0.1, retry_after_s=86_400.0)) == 600.0


def test_verdicts_and_exhaustion() -> None:
    assert AttemptResult(status=204, duration_s=0).verdict is Verdict.success
    assert AttemptResult(status=410, duration_s=0).verdict is Verdict.gone
    for status in (301, 400, 404, 429, 500, None):
        assert AttemptResult(status=status, duration_s=0).verdict is Verdict.failure
    assert not POLICY.exhausted(4) and POLICY.exhausted(5)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, True),
        ({"kinds": ["contradiction", "quote_discrepancy"]}, True),
        ({"kinds": ["position_change"]}, False),
        ({"topics": ["ceasefire"]}, True),
        ({"topics": ["sanctions"]}, False),
        ({"actors": ["someone-else", "example-minister"]}, True),
        ({"actors": ["someone-else"]}, False),
        ({"parties": ["xx"]}, True),  # parties compare case-insensitively
        ({"parties": ["RU"]}, False),
        ({"min_severity": "high"}, True),
        ({"kinds": ["contradiction"], "parties": ["RU"]}, False),  # every given filter must hold
    ],
)
def test_filters(filters: dict, expected: bool) -> None:
    assert matches(make_alert(), Filters.model_validate(filters)) is expected


def test_min_severity_is_an_order() -> None:
    medium = Filters(min_severity="medium")
    assert [matches(make_alert(severity=s), medium) for s in ("low", "medium", "high")] == [False, True, True]


def test_json_and_slack_bodies() -> None:
    alert = make_alert()
    secret = new_secret()
    [as_json, as_slack] = subscriptions(
        {"name": "j", "url": "https://a.example/", "secret": secret},
        {"name": "s", "url": "https://b.example/", "secret": secret, "format": "slack"},
    )
    assert json.loads(render_body(alert, as_json)) == json.loads(alert.model_dump_json())
    slack = json.loads(render_body(alert, as_slack))
    assert slack["text"] == f"claimwatch contradiction: {alert.summary}"
    layout = json.dumps(slack["blocks"])
    assert "*contradiction* (high, ceasefire)" in layout and "no truce" in layout and alert.alert_id in layout


def test_signatures_verify_with_standardwebhooks_and_fail_when_tampered() -> None:
    secret = new_secret()
    headers = Signer([subscriptions({"url": "https://a.example/", "secret": secret})[0].secret[0]]).headers(
        "alert-1", '{"a":1}'
    )
    assert headers["webhook-id"] == "alert-1" and headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify('{"a":1}', headers) == {"a": 1}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify('{"a":2}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify('{"a":1}', headers)


def test_slack_text_cannot_ping_or_link() -> None:
    alert = make_alert().model_copy(update={"summary": "Talks <!channel> & <https://evil.example|click>"})
    [as_slack] = subscriptions({"url": "https://b.example/", "secret": new_secret(), "format": "slack"})
    body = render_body(alert, as_slack)
    assert "<!channel>" not in body and "<https://evil" not in body
    assert "Talks &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;" in json.loads(body)["text"]
