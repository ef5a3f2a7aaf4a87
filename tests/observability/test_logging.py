"""structlog configuration: JSON lines, stdlib loggers through the same processors, context, no secrets."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from services.common.errors import ConfigurationError
from services.common.logging import (
    REDACTED,
    broker_logger,
    configure_logging,
    get_logger,
    message_context,
    redact_text,
)
from services.common.settings import Settings


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Configure JSON logging into a buffer; restore a plain configuration afterwards."""
    buffer = io.StringIO()
    configure_logging(Settings(log_json=True, log_level="DEBUG"), stream=buffer)
    yield buffer
    structlog.contextvars.clear_contextvars()
    configure_logging(Settings(log_json=True), stream=io.StringIO())


def records(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_events_are_json_lines_with_level_logger_and_utc_timestamp(log_lines: io.StringIO) -> None:
    get_logger("claimwatch.extractor").info("article_processed", claims=3)
    (record,) = records(log_lines)
    assert record["event"] == "article_processed"
    assert record["claims"] == 3
    assert record["level"] == "info"
    assert record["logger"] == "claimwatch.extractor"
    assert isinstance(record["timestamp"], str) and record["timestamp"].endswith("Z")


def test_level_filters_debug_when_info(log_lines: io.StringIO) -> None:
    configure_logging(Settings(log_json=True, log_level="INFO"), stream=log_lines)
    log = get_logger("claimwatch.test")
    log.debug("too_detailed")
    logging.getLogger("redis").debug("also too detailed")
    log.info("kept")
    assert [record["event"] for record in records(log_lines)] == ["kept"]


def test_unknown_level_is_a_configuration_error() -> None:
    # Settings refuses it when read; configure_logging refuses it too when handed one built unchecked.
    with pytest.raises(ValueError, match="log_level"):
        Settings(log_level="LOUD")
    with pytest.raises(ConfigurationError, match="log_level"):
        configure_logging(Settings.model_construct(log_level="LOUD"), stream=io.StringIO())


def test_stdlib_library_loggers_go_through_the_same_processors(log_lines: io.StringIO) -> None:
    import faststream  # noqa: F401  - its import installs handlers of its own, which must be undone

    configure_logging(Settings(log_json=True, log_level="DEBUG"), stream=log_lines)
    with message_context(stream="claimwatch:articles", message_id="1-0"):
        structlog.contextvars.bind_contextvars(article_id="a-7")  # as a handler does
        logging.getLogger("redis").warning("connection to %s lost", "redis://cache:6379")
        logging.getLogger("faststream").info("app started")
        broker_logger().info("message received", extra={"channel": "claimwatch:articles"})
    by_logger = {record["logger"]: record for record in records(log_lines)}
    assert by_logger["redis"]["event"] == "connection to redis://cache:6379 lost"
    assert by_logger["redis"]["level"] == "warning"
    assert by_logger["faststream"]["article_id"] == "a-7"
    # FastStream passes the channel as an `extra`; it must survive as a field.
    assert by_logger["claimwatch.faststream"]["channel"] == "claimwatch:articles"
    assert by_logger["claimwatch.faststream"]["message_id"] == "1-0"
    assert all(str(record["timestamp"]).endswith("Z") for record in by_logger.values())
    assert logging.getLogger("faststream").handlers == []


def test_message_context_binds_one_message_and_leaves_nothing_for_the_next(log_lines: io.StringIO) -> None:
    log = get_logger("claimwatch.test")
    structlog.contextvars.bind_contextvars(stage="extractor")  # bound for the whole worker
    with message_context(stream="s1", message_id="1-0"):
        structlog.contextvars.bind_contextvars(article_id="first")  # what the extractor's handler binds
        log.info("handling")
    with message_context(stream="s2", message_id="2-0"):
        log.info("handling")  # an entry that fails before its article is known
    log.info("idle")
    with pytest.raises(RuntimeError), message_context(stream="s3", message_id="3-0"):
        structlog.contextvars.bind_contextvars(article_id="third")
        raise RuntimeError("the handler failed")
    log.info("after_a_failure")
    structlog.contextvars.unbind_contextvars("stage")
    first, second, idle, after_failure = records(log_lines)
    assert (first["article_id"], first["stream"], first["message_id"]) == ("first", "s1", "1-0")
    assert "article_id" not in second and (second["stream"], second["message_id"]) == ("s2", "2-0")
    assert not {"article_id", "stream", "message_id"} & idle.keys() and idle["stage"] == "extractor"
    assert not {"article_id", "stream", "message_id"} & after_failure.keys()
    assert after_failure["stage"] == "extractor"

def test_secrets_are_redacted_in_keys_nested_values_text_and_tracebacks(log_lines: io.StringIO) -> None:
    log = get_logger("claimwatch.notifier")
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    log.info(
        "webhook_configured",
        secret=secret,
        redis_url="redis://worker:s3cr3t-pass@redis:6379/0",
        headers={"Authorization": "Bearer abc.def", "webhook-id": "alert-1"},
        subscriptions=[{"name": "newsroom", "api_key": "k-123"}],
        note=f"loaded {secret} from file",
    )
    logging.getLogger("httpx").warning(
        "request failed: authorization: Bearer tok-999 to https://u:pw@hooks/x"
    )
    try:
        raise RuntimeError("cannot connect to redis://:hunter2@10.0.0.5:6379")
    except RuntimeError:
        log.exception("redis_failed")
    text = log_lines.getvalue()
    for leaked in (secret, "s3cr3t-pass", "abc.def", "k-123", "tok-999", ":pw@", "hunter2"):
        assert leaked not in text, leaked
    configured, http_warning, failure = records(log_lines)
    assert configured["secret"] == REDACTED
    assert (
        http_warning["event"]
        == f"request failed: authorization: Bearer {REDACTED} to https://u:{REDACTED}@hooks/x"
    )
    assert configured["redis_url"] == f"redis://worker:{REDACTED}@redis:6379/0"
    assert configured["headers"] == {"Authorization": REDACTED, "webhook-id": "alert-1"}
    assert configured["subscriptions"] == [{"name": "newsroom", "api_key": REDACTED}]
    assert "RuntimeError" in str(failure["exception"])
    assert "10.0.0.5:6379" in str(failure["exception"])


def test_redact_text_leaves_ordinary_text_and_urls_alone() -> None:
    text = "Talks in Istanbul; see https://example.org/news?id=3 at 10:30"
    assert redact_text(text) == text


def test_console_renderer_when_not_json() -> None:
    buffer = io.StringIO()
    configure_logging(Settings(log_json=False), stream=buffer)
    try:
        get_logger("claimwatch.test").info("article_processed", claims=2)
        line = buffer.getvalue().strip()
        assert "article_processed" in line and "claims=2" in line
        with pytest.raises(json.JSONDecodeError):
            json.loads(line)
    finally:
        configure_logging(Settings(log_json=True), stream=io.StringIO())
