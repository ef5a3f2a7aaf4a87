"""structlog configured once: JSON lines (console on a TTY), stdlib loggers routed through it, no secrets.

`configure_logging(settings)` sets up one stderr handler on the root logger whose
`ProcessorFormatter` renders both structlog events and records from stdlib loggers (redis,
faststream, httpx, uvicorn) with the same processors: context variables, level, logger
name, ISO UTC timestamp, secret redaction.  `message_context(...)` binds the ids of the
message being handled so every line logged while handling it carries them.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

from services.common.settings import Settings

# Loggers of the libraries the workers use; they get no handler of their own and propagate to
# the root handler, so their lines come out in the same format as ours.
ROUTED_LOGGERS = (
    "faststream",
    "faststream.access",
    "faststream.access.redis",
    "redis",
    "httpx",
    "httpcore",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "asyncio",
)
# Name of the stdlib logger handed to FastStream brokers (see `broker_logger`).
# Chatty at INFO (a line per HTTP request, uvicorn's "press CTRL+C" banner): warnings only.
QUIET_LOGGERS = frozenset({"httpx", "httpcore", "uvicorn", "uvicorn.error", "uvicorn.access"})
# Not FastStream's own "faststream.access.redis": a broker built without `logger=` gives that one
# a handler of its own, propagate=False and a filter that blanks `message_id`.
BROKER_LOGGER_NAME = "claimwatch.faststream"
# Bound by a handler on top of the reader loop's `stream` and `message_id` (see `message_context`).
HANDLER_CONTEXT_KEYS = ("article_id",)
REDACTED = "[REDACTED]"

_SECRET_KEY_PARTS = (
    "secret",
    "password",
    "passwd",
    "token",
    "authorization",
    "api_key",
    "apikey",
    "cookie",
    "credential",
)
# scheme://user:password@host -> scheme://user:[REDACTED]@host (also scheme://:password@host).
_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<password>[^@/\s]+)@"
)
_AUTH_HEADER = re.compile(
    r"(?i)(?P<name>authorization['\"]?\s*[:=]\s*['\"]?)(?P<scheme>(bearer|basic|token)\s+)?"
    r"(?P<value>[^\s'\",}]+)"
)
# Standard Webhooks secrets have this shape; they must never reach a log line even inside text.
_WEBHOOK_SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]+")
_MAX_DEPTH = 6

_HANDLER_MARK = "_claimwatch_handler"


def is_secret_key(key: str) -> bool:
    """Return True when a mapping key names a credential (its value is replaced wholesale)."""
    lowered = key.lower().replace("-", "_")
    return any(part in lowered for part in _SECRET_KEY_PARTS)


def redact_text(text: str) -> str:
    """Remove passwords from URLs, Authorization header values and webhook secrets inside free text."""
    text = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{REDACTED}@", text)
    text = _AUTH_HEADER.sub(lambda m: f"{m['name']}{m['scheme'] or ''}{REDACTED}", text)
    return _WEBHOOK_SECRET.sub(REDACTED, text)


def _redact_value(value: Any, depth: int) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if depth >= _MAX_DEPTH:
        return value
    if isinstance(value, Mapping):
        return {
            key: REDACTED if isinstance(key, str) and is_secret_key(key) else _redact_value(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(_redact_value(item, depth + 1) for item in value)
    return value


def redact_secrets(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """structlog processor: blank values under credential-like keys and credentials inside strings."""
    for key in list(event_dict):
        if is_secret_key(key):
            event_dict[key] = REDACTED
        else:
            event_dict[key] = _redact_value(event_dict[key], 0)
    return event_dict


def drop_color_message(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Drop the ANSI-coloured duplicate of the message uvicorn passes as an `extra`."""
    event_dict.pop("color_message", None)
    return event_dict


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]


def _wants_json(settings: Settings) -> bool:
    if settings.log_json is not None:
        return settings.log_json
    return not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())


def build_formatter(json_lines: bool) -> structlog.stdlib.ProcessorFormatter:
    """Return the formatter that renders structlog events and foreign stdlib records alike."""
    renderer: Processor = (
        structlog.processors.JSONRenderer(default=str)
        if json_lines
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        # Records from stdlib loggers: the same context/level/time plus their `extra=` fields
        # (FastStream passes the channel and message_id that way).
        foreign_pre_chain=[*_shared_processors(), structlog.stdlib.ExtraAdder(), drop_color_message],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            redact_secrets,  # last before rendering, so tracebacks are redacted too
            renderer,
        ],
    )


def configure_logging(settings: Settings, *, stream: Any = None) -> None:
    """Configure structlog and the stdlib root logger once per process (calling again reconfigures).

    The level is `settings.log_level`; JSON lines unless `settings.log_json` is False or (when
    None) stderr is a terminal.  `stream` overrides stderr (tests).
    """
    level = logging.getLevelName(settings.log_level.upper())
    if not isinstance(level, int):
        from services.common.errors import ConfigurationError

        raise ConfigurationError(
            f"log_level: unknown level {settings.log_level!r} (use DEBUG, INFO, WARNING, ERROR)"
        )

    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(build_formatter(_wants_json(settings)))
    setattr(handler, _HANDLER_MARK, True)

    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)

    _route_library_loggers()

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared_processors(),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        context_class=dict,
        # Not cached: a test or the CLI may reconfigure, and loggers bound at import time must follow.
        cache_logger_on_first_use=False,
    )


def _route_library_loggers() -> None:
    # FastStream installs its own stderr/stdout handlers with propagate=False when imported;
    # import it first so that we undo them rather than race with them.
    with contextlib.suppress(ImportError):  # faststream is a dependency of the workers only
        import faststream._internal.logger  # noqa: F401
    for name in ROUTED_LOGGERS:
        library_logger = logging.getLogger(name)
        for old in list(library_logger.handlers):
            library_logger.removeHandler(old)
        library_logger.propagate = True
        library_logger.setLevel(logging.WARNING if name in QUIET_LOGGERS else logging.NOTSET)


def broker_logger() -> logging.Logger:
    """Return the stdlib logger to pass as `RedisBroker(logger=...)`.

    Given explicitly, FastStream does not create its own handler for it, so its lines (with
    `channel` and `message_id` extras) go through our formatter.
    """
    return logging.getLogger(BROKER_LOGGER_NAME)


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    """Return a structlog logger; `name` shows as the `logger` field."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger


@contextlib.contextmanager
def message_context(*, stream: str, message_id: str) -> Iterator[None]:
    """Bind `stream` and `message_id` to every log line while one message is handled.

    structlog's `bound_contextvars` binds them and restores what was bound before; what the
    handler binds on top with `bind_contextvars` (HANDLER_CONTEXT_KEYS: the extractor's and the
    detector's `article_id`) is unbound when the message is done, so it never shows on the next
    message's lines.
    """
    with structlog.contextvars.bound_contextvars(stream=stream, message_id=message_id):
        try:
            yield
        finally:
            structlog.contextvars.unbind_contextvars(*HANDLER_CONTEXT_KEYS)
