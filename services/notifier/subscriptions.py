"""Webhook subscriptions: the YAML file under `webhooks:`, validated once at start.

A subscription names an endpoint (url), the Standard Webhooks secret(s) to sign with, the
alerts it wants (filters), the body format (json or slack), and whether it may point at a
private address.  Every error names the field (``webhooks[1].filters.min_severity: ...``)
and never echoes a secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from schemas import AlertKind, Severity, Topic
from services.common.errors import ConfigurationError
from services.notifier.safety import redact_url, refusal_reason

SECRET_PREFIX = "whsec_"
_MIN_SECRET_BYTES = 24  # Standard Webhooks: secrets SHOULD be 24 to 64 random bytes.
_MAX_SECRET_BYTES = 64
_ENV_REFERENCE = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
SECRET_HINT = (
    "must be a Standard Webhooks secret: 'whsec_' followed by the base64 of 24 to 64 random bytes "
    '(generate one with: python -c "import base64,secrets; '
    "print('whsec_' + base64.b64encode(secrets.token_bytes(32)).decode())\")"
)


class Filters(BaseModel):
    """Which alerts a subscription receives: every given list must match (any of its values)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: list[AlertKind] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list, description="Speaker ids, e.g. 'antony-blinken'.")
    parties: list[str] = Field(default_factory=list, description="Parties, e.g. US, RU, UA.")
    topics: list[Topic] = Field(default_factory=list)
    min_severity: Severity = Severity.low


def _expand_env(value: str) -> str:
    """Replace a whole-value `${NAME}` with the environment variable, so secrets stay out of files."""
    match = _ENV_REFERENCE.match(value.strip())
    if not match:
        return value
    name = match.group(1)
    if name not in os.environ:
        raise ValueError(f"environment variable {name} is not set")
    return os.environ[name]


def decode_secret(secret: str) -> bytes:
    """Return the key bytes of a `whsec_...` secret; ValueError (without the secret) when malformed."""
    encoded = secret.strip().removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(SECRET_HINT) from None
    if not _MIN_SECRET_BYTES <= len(key) <= _MAX_SECRET_BYTES:
        raise ValueError(f"decodes to {len(key)} bytes; it {SECRET_HINT}")
    return key


class Subscription(BaseModel):
    """One webhook endpoint and what it wants to hear about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(default="", description="Stable name; keys its retry queue and disabled state.")
    # Declared before `url` so that the url validator sees it.
    allow_private: bool = False
    url: str
    secret: list[SecretStr] = Field(
        min_length=1, description="One secret, or several during a rotation (each one signs)."
    )
    filters: Filters = Field(default_factory=Filters)
    format: Literal["json", "slack"] = "json"

    @field_validator("name")
    @classmethod
    def _name_is_a_key(cls, name: str) -> str:
        if name and not _NAME.match(name):
            raise ValueError("use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        return name

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, url: str, info: ValidationInfo) -> str:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https"):
            raise ValueError("must start with http:// or https://")
        if not parts.hostname:
            raise ValueError("has no host")
        try:
            _ = parts.port
        except ValueError:
            raise ValueError("has an invalid port") from None
        if parts.fragment:
            raise ValueError("must not contain a #fragment")
        try:
            address = ipaddress.ip_address(parts.hostname)
        except ValueError:
            return url.strip()  # a host name: its addresses are checked when resolved, at every send
        reason = refusal_reason(address)
        if reason and not info.data.get("allow_private", False):
            raise ValueError(
                f"points at a {reason} address; set allow_private: true for this webhook to allow it"
            )
        return url.strip()

    @field_validator("secret", mode="before")
    @classmethod
    def _secret_list(cls, value: Any) -> Any:
        values = value if isinstance(value, list) else [value]
        checked: list[str] = []
        for position, item in enumerate(values):
            where = f"entry {position}: " if len(values) > 1 else ""
            if isinstance(item, SecretStr):
                item = item.get_secret_value()
            if not isinstance(item, str):
                raise ValueError(f"{where}must be a string (or a list of strings during a rotation)")
            try:
                item = _expand_env(item)
                decode_secret(item)
            except ValueError as error:
                raise ValueError(f"{where}{error}") from None
            checked.append(item.strip())
        return checked

    @model_validator(mode="after")
    def _default_name(self) -> Subscription:
        if not self.name:
            # Derived from the URL so that reordering the file keeps each queue with its endpoint.
            digest = hashlib.sha256(self.url.encode()).hexdigest()[:10]
            object.__setattr__(self, "name", f"webhook-{digest}")
        return self

    def __repr_args__(self) -> Any:
        # The URL may carry credentials or a token (query, Slack-style path): show it redacted.
        for name, value in super().__repr_args__():
            yield name, redact_url(value) if name == "url" else value

    @property
    def url_fingerprint(self) -> str:
        """A digest of the URL: a 410 disables this URL, not whatever the name points at later."""
        return hashlib.sha256(self.url.encode()).hexdigest()[:16]


class WebhooksFile(BaseModel):
    """The whole YAML document."""

    model_config = ConfigDict(extra="forbid")

    webhooks: list[Subscription] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_names(self) -> WebhooksFile:
        seen: dict[str, int] = {}
        for index, subscription in enumerate(self.webhooks):
            if subscription.name in seen:
                raise ValueError(
                    f"webhooks[{index}].name: {subscription.name!r} is already used by "
                    f"webhooks[{seen[subscription.name]}]; names must be unique"
                )
            seen[subscription.name] = index
        return self


def _field_path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def describe_validation_error(error: ValidationError, source: str) -> str:
    """One line per problem, `field.path: message`; inputs are left out because they may be secrets."""
    lines = []
    for problem in error.errors(include_input=False, include_url=False):
        message = problem["msg"].removeprefix("Value error, ")
        path = _field_path(tuple(problem["loc"]))
        lines.append(f"{path}: {message}" if path else message)
    return f"{source}: invalid webhooks configuration:\n  " + "\n  ".join(lines)


def parse_subscriptions(document: Any, source: str = "webhooks") -> list[Subscription]:
    """Validate an already-parsed YAML document (a mapping with `webhooks:`)."""
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise ConfigurationError(f"{source}: the top level must be a mapping with a `webhooks:` list")
    try:
        return WebhooksFile.model_validate(document).webhooks
    except ValidationError as error:
        raise ConfigurationError(describe_validation_error(error, source)) from None


def load_subscriptions(path: Path | str | None) -> list[Subscription]:
    """Read and validate the webhooks file; None means no webhooks. ConfigurationError names the field."""
    if path is None:
        return []
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot read the webhooks file ({error.strerror})") from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigurationError(f"{path}: not valid YAML{where}") from None
    return parse_subscriptions(document, str(path))
