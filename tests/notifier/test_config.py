"""The webhooks file: valid examples load; every error names its field and never shows a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import Severity
from services.common.errors import ConfigurationError
from services.notifier.subscriptions import load_subscriptions, parse_subscriptions
from tests.notifier.conftest import new_secret

SECRET = new_secret()


def error_for(document: object) -> str:
    with pytest.raises(ConfigurationError) as caught:
        parse_subscriptions(document, "webhooks.yaml")
    return str(caught.value)


def test_a_full_file_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rotated = new_secret()
    monkeypatch.setenv("TEST_H4_WEBHOOK_SECRET", rotated)
    path = tmp_path / "webhooks.yaml"
    path.write_text(
        f"""
webhooks:
  - name: ops-slack
    url: https://hooks.slack.example/services/T1/B2/abc
    secret: {SECRET}
    format: slack
    filters:
      kinds: [contradiction, position_change]
      parties: [RU, UA]
      min_severity: medium
  - url: https://alerts.example.org/claimwatch
    secret: ["{SECRET}", "${{TEST_H4_WEBHOOK_SECRET}}"]
"""
    )
    slack, plain = load_subscriptions(path)
    assert slack.name == "ops-slack" and slack.format == "slack" and not slack.allow_private
    assert slack.filters.min_severity is Severity.medium and slack.filters.parties == ["RU", "UA"]
    assert plain.name.startswith("webhook-") and plain.format == "json"
    assert [s.get_secret_value() for s in plain.secret] == [SECRET, rotated]


def test_no_file_means_no_webhooks() -> None:
    assert load_subscriptions(None) == []


@pytest.mark.parametrize(
    ("webhook", "expected"),
    [
        ({"filters": {"min_severity": "urgent"}}, "webhooks[1].filters.min_severity: Input should be 'low'"),
        ({"filters": {"kinds": ["rumour"]}}, "webhooks[1].filters.kinds[0]: Input should be"),
        ({"filters": {"colour": "red"}}, "webhooks[1].filters.colour: Extra inputs are not permitted"),
        ({"url": "ftp://example.org/x"}, "webhooks[1].url: must start with http:// or https://"),
        ({"url": None}, "webhooks[1].url: Input should be a valid string"),
        ({"format": "xml"}, "webhooks[1].format: Input should be 'json' or 'slack'"),
        ({"name": "has space"}, "webhooks[1].name: use 1-64 letters"),
        ({"secret": "whsec_c2hvcnQ="}, "webhooks[1].secret: decodes to 5 bytes"),
        ({"secret": []}, "webhooks[1].secret: List should have at least 1 item"),
    ],
)
def test_an_invalid_field_is_named(webhook: dict, expected: str) -> None:
    good = {"url": "https://a.example/hook", "secret": SECRET}
    message = error_for({"webhooks": [good, {**good, "name": "second", **webhook}]})
    assert expected in message
    assert SECRET not in message


def test_a_bad_secret_is_not_echoed() -> None:
    leaked = "not base64 at all: hunter2-password!"
    message = error_for(
        {"webhooks": [{"url": "https://a.example/", "secret": ["whsec_" + "A" * 40, leaked]}]}
    )
    assert "webhooks[0].secret: entry 1: must be a Standard Webhooks secret" in message
    assert "hunter2" not in message


def test_an_unset_environment_secret_is_named() -> None:
    message = error_for({"webhooks": [{"url": "https://a.example/", "secret": "${TEST_H4_UNSET_VARIABLE}"}]})
    assert "webhooks[0].secret: environment variable TEST_H4_UNSET_VARIABLE is not set" in message


def test_duplicate_names_are_refused() -> None:
    hook = {"name": "ops", "url": "https://a.example/", "secret": SECRET}
    assert "webhooks[1].name: 'ops' is already used by webhooks[0]" in error_for({"webhooks": [hook, hook]})


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8080/hook", "loopback"),
        ("http://10.1.2.3/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]/hook", "loopback"),
        ("http://[::ffff:192.168.0.7]/hook", "private (IPv4-mapped of 192.168.0.7)"),
        ("http://[2002:7f00:1::]/hook", "loopback (6to4 of 127.0.0.1)"),
        ("http://0.0.0.0/hook", "unspecified"),
    ],
)
def test_a_private_address_is_refused_unless_allowed(url: str, reason: str) -> None:
    message = error_for({"webhooks": [{"url": url, "secret": SECRET}]})
    assert f"webhooks[0].url: points at a {reason} address; set allow_private: true" in message
    [allowed] = parse_subscriptions({"webhooks": [{"url": url, "secret": SECRET, "allow_private": True}]})
    assert allowed.allow_private


def test_yaml_errors_and_wrong_shapes(tmp_path: Path) -> None:
    path = tmp_path / "webhooks.yaml"
    path.write_text(f"webhooks:\n  - url: https://a.example/\n    secret: {SECRET}\n   bad: [\n")
    with pytest.raises(ConfigurationError) as caught:
        load_subscriptions(path)
    assert "not valid YAML at line" in str(caught.value) and SECRET not in str(caught.value)
    assert "top level must be a mapping" in error_for(["https://a.example/"])
    assert "webhooks: Input should be a valid list" in error_for({"webhooks": "https://a.example/"})
    with pytest.raises(ConfigurationError, match="cannot read the webhooks file"):
        load_subscriptions(tmp_path / "missing.yaml")


def test_a_subscription_never_shows_its_secret() -> None:
    [subscription] = parse_subscriptions({"webhooks": [{"url": "https://a.example/", "secret": SECRET}]})
    for text in (repr(subscription), str(subscription), subscription.model_dump_json()):
        assert SECRET not in text and SECRET.removeprefix("whsec_") not in text
