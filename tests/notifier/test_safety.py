"""Address checks at send time, address pinning, and secrets kept out of logs, errors and dead letters."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import socket

import httpx
import pytest
from structlog.testing import capture_logs

from services.common.settings import Settings
from services.notifier.delivery import build_client, post_webhook
from services.notifier.safety import (
    ResolvedEndpoint,
    UnsafeEndpointError,
    host_name_refusal,
    redact_url,
    refusal_reason,
    resolve_endpoint,
)
from services.notifier.signing import Signer
from tests.notifier.conftest import make_alert, new_secret, publish_alert, running_notifier, subscriptions
from tests.notifier.receiver import Reply, wait_for


def fake_resolver(monkeypatch: pytest.MonkeyPatch, addresses: list[str]) -> None:
    async def getaddrinfo(host, port, **_kwargs):
        family = socket.AF_INET6 if ":" in addresses[0] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    loop = asyncio.get_running_loop()
    monkeypatch.setattr(loop, "getaddrinfo", getaddrinfo)


async def test_a_public_answer_is_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_resolver(monkeypatch, ["93.184.215.14", "93.184.215.15"])
    endpoint = await resolve_endpoint("https://hooks.example.org/x", allow_private=False)
    assert endpoint == ResolvedEndpoint(host="hooks.example.org", address="93.184.215.14", pinned=True)


@pytest.mark.parametrize(
    "answers", [["10.0.0.8"], ["93.184.215.14", "127.0.0.1"], ["fe80::1"], ["::ffff:10.1.1.1"]]
)
async def test_a_host_resolving_to_a_private_address_is_refused(monkeypatch, answers: list[str]) -> None:
    # A rebinding name answers a public address once and an internal one the next time: any
    # internal answer refuses the host.
    fake_resolver(monkeypatch, answers)
    with pytest.raises(UnsafeEndpointError, match="resolves to a"):
        await resolve_endpoint("https://rebind.example.net/x", allow_private=False)


async def test_allow_private_skips_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_resolver(monkeypatch, ["10.0.0.8"])
    endpoint = await resolve_endpoint("http://intranet.local/x", allow_private=True)
    assert not endpoint.pinned


async def test_the_request_goes_to_the_checked_address_with_the_host_name(receiver) -> None:
    secret = new_secret()
    receiver.endpoint("/pinned", [secret])
    url = f"http://user:pa55@hooks.example.invalid:{receiver.port}/pinned?token=t0k"
    pinned = ResolvedEndpoint(host="hooks.example.invalid", address="127.0.0.1", pinned=True)
    body = make_alert().model_dump_json()
    async with build_client(Settings()) as client:
        result = await post_webhook(
            client,
            url,
            pinned,
            body,
            Signer(subscriptions({"url": "https://a.example/", "secret": secret})[0].secret).headers(
                "id-1", body
            ),
            5.0,
        )
    assert result.status == 200
    [request] = receiver.received("/pinned")
    assert request.headers["host"] == f"hooks.example.invalid:{receiver.port}"  # never resolved by DNS
    assert request.verified_with == [0]


@pytest.mark.redis
async def test_localhost_without_allow_private_is_refused_at_send_time(redis, settings, receiver) -> None:
    secret = new_secret()
    receiver.endpoint("/internal", [secret])
    url = f"http://localhost:{receiver.port}/internal"
    subs = subscriptions({"name": "internal", "url": url, "secret": secret})
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, make_alert())
        entries = await wait_for(lambda: redis.xrange(settings.dlq_stream), 10, "the refusal dead letter")
    letter = json.loads(entries[0][1][b"data"])
    assert letter["error"] == "webhook_refused"
    assert "loopback" in letter["reason"] and "allow_private" in letter["reason"]
    assert receiver.received("/internal") == []


@pytest.mark.redis
async def test_secrets_stay_out_of_logs_errors_and_dead_letters(redis, settings, receiver) -> None:
    secret = new_secret()
    key_text = secret.removeprefix("whsec_")
    receiver.endpoint("/leaky", [secret], Reply(500, body=b"nope"), default=Reply(404, body=b"gone away"))
    url = receiver.url("/leaky") + "?api_key=query-credential-42"
    url = url.replace("http://", "http://bob:basic-password-7@")
    subs = subscriptions({"name": "leaky", "url": url, "secret": secret, "allow_private": True})
    refused = subscriptions(
        {"name": "refused", "url": "http://localhost:1/x?sig=query-credential-43", "secret": secret}
    )
    with capture_logs() as events:
        async with running_notifier(settings, redis, subs + refused):
            await publish_alert(redis, settings, make_alert())
            await wait_for(lambda: _dead_letter_count(redis, settings, 2), 15, "both dead letters")
    assert [r.status for r in receiver.received("/leaky")] == [500] + [404] * (
        settings.webhook_max_attempts - 1
    )
    attempts = [event for event in events if event["event"] == "webhook_attempt"]
    assert len(attempts) == settings.webhook_max_attempts + 1
    assert {event["outcome"] for event in attempts} == {"retry", "failed", "refused"}
    everything = repr(events) + repr(await redis.xrange(settings.dlq_stream))
    jobs = await redis.hgetall(f"{{{settings.key_prefix}:notifier}}:jobs")
    everything += repr(jobs) + repr(subs) + repr(Signer(subs[0].secret))
    for leaked in (secret, key_text, "query-credential-42", "query-credential-43", "basic-password-7"):
        assert leaked not in everything


async def _dead_letter_count(redis, settings, count: int) -> bool:
    return await redis.xlen(settings.dlq_stream) >= count


def test_redacted_urls_keep_only_scheme_host_port_and_first_segment() -> None:
    assert (
        redact_url("https://u:p@hooks.slack.com/services/T0/B0/XXXX?x=1#f")
        == "https://hooks.slack.com/services/***"
    )
    assert redact_url("http://[::1]:8080/hook?token=1") == "http://[::1]:8080/hook"
    assert redact_url("https://example.org") == "https://example.org"


async def test_network_errors_do_not_carry_the_url(unused_port: int = 9) -> None:
    url = "http://127.0.0.1:9/x?token=query-credential-44"  # the discard port: nothing listens
    endpoint = ResolvedEndpoint(host="127.0.0.1", address="127.0.0.1", pinned=False)
    async with httpx.AsyncClient(trust_env=False) as client:
        result = await post_webhook(client, url, endpoint, "{}", {}, 2.0)
    assert result.status is None and result.error
    assert "query-credential-44" not in result.error


@pytest.mark.redis
async def test_a_name_that_does_not_resolve_is_retried_not_refused(redis, settings) -> None:
    secret = new_secret()
    subs = subscriptions(
        {"name": "nxdomain", "url": "https://claimwatch-h4-test.invalid/hook", "secret": secret}
    )
    async with running_notifier(settings, redis, subs):
        await publish_alert(redis, settings, make_alert())
        entries = await wait_for(lambda: redis.xrange(settings.dlq_stream), 15, "the dead letter")
    letter = json.loads(entries[0][1][b"data"])
    assert letter["error"] == "webhook_failed"  # DNS trouble is retried like any failed attempt
    assert letter["delivery_count"] == settings.webhook_max_attempts
    assert letter["last_response"].startswith("dns: ")


# Each form of an IPv6 address that carries an IPv4 address is judged by the IPv4 address it reaches.
EMBEDDED_INTERNAL = [
    ("2002:7f00:1::", "loopback (6to4 of 127.0.0.1)"),
    ("2002:a00:1::", "private (6to4 of 10.0.0.1)"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback (Teredo of 127.0.0.1)"),  # client bits inverted
    ("64:ff9b::7f00:1", "loopback (NAT64 of 127.0.0.1)"),
    ("64:ff9b::a9fe:a9fe", "link-local (NAT64 of 169.254.169.254)"),
    ("64:ff9b:1::5db8:d70e", "local-use NAT64"),
    ("::ffff:127.0.0.1", "loopback (IPv4-mapped of 127.0.0.1)"),
    ("::ffff:192.168.1.1", "private (IPv4-mapped of 192.168.1.1)"),
    ("::127.0.0.1", "loopback (IPv4-compatible of 127.0.0.1)"),
    ("::5db8:d70e", "deprecated IPv4-compatible"),
    ("::1", "loopback"),
    ("::", "unspecified"),
]


@pytest.mark.parametrize(("literal", "reason"), EMBEDDED_INTERNAL)
def test_ipv6_forms_embedding_an_internal_ipv4_address_are_refused(literal: str, reason: str) -> None:
    assert refusal_reason(ipaddress.ip_address(literal)) == reason


@pytest.mark.parametrize(("literal", "reason"), EMBEDDED_INTERNAL)
async def test_a_url_with_such_a_literal_is_refused_at_send_time(literal: str, reason: str) -> None:
    with pytest.raises(UnsafeEndpointError, match=re.escape(f"is a {reason} address")):
        await resolve_endpoint(f"http://[{literal}]:8080/hook", allow_private=False)


@pytest.mark.parametrize("literal", ["2002:5db8:d70e::", "64:ff9b::5db8:d70e", "::ffff:93.184.215.14"])
def test_the_same_forms_embedding_a_public_address_are_allowed(literal: str) -> None:
    # 6to4, NAT64 and IPv4-mapped forms of a public IPv4 address (93.184.215.14) reach the Internet.
    assert refusal_reason(ipaddress.ip_address(literal)) is None


def test_plain_ipv6_keeps_its_own_rules() -> None:
    assert refusal_reason(ipaddress.ip_address("2606:4700:4700::1111")) is None
    assert refusal_reason(ipaddress.ip_address("fd00::1")) == "private"
    assert refusal_reason(ipaddress.ip_address("fe80::1")) == "link-local"


async def test_a_resolver_answer_in_a_6to4_form_of_loopback_is_refused(monkeypatch) -> None:
    fake_resolver(monkeypatch, ["2002:7f00:1::"])
    with pytest.raises(UnsafeEndpointError, match=r"resolves to a loopback \(6to4 of 127\.0\.0\.1\)"):
        await resolve_endpoint("https://six-to-four.example.net/x", allow_private=False)


@pytest.mark.parametrize("host", ["localhost.", "LOCALHOST", "localhost..", "a.localhost", "a.localhost."])
async def test_localhost_names_are_refused_without_a_lookup(monkeypatch, host: str) -> None:
    async def no_lookup(*_args, **_kwargs):
        raise AssertionError("a localhost name must be refused before any DNS lookup")

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", no_lookup)
    with pytest.raises(UnsafeEndpointError, match="is a loopback name"):
        await resolve_endpoint(f"http://{host}:8080/hook", allow_private=False)


def test_a_name_that_merely_contains_localhost_is_not_refused_by_name() -> None:
    assert host_name_refusal("localhost.example.org") is None
    assert host_name_refusal("mylocalhost") is None
