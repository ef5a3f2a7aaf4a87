"""Bad settings and unreachable servers end a command in one line on stderr, exit code 2.

Each case runs the `claimwatch` CLI as a subprocess, as an operator would, and checks that
stderr is a single line naming the setting (or URL) and the reason.  No case reaches a
database: settings are refused before any connection, and the unreachable URLs point at
ports and sockets nothing listens on.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from services.common.errors import ConfigurationError
from services.common.redis import connect
from services.common.redis_url import RedisUrlError, check_redis_url, redacted_url
from services.common.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def claimwatch(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI with a clean CLAIMWATCH_ environment plus `env`."""
    base = {name: value for name, value in os.environ.items() if not name.startswith("CLAIMWATCH_")}
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", *args],
        env={**base, "PYTHONPATH": str(ROOT), "CLAIMWATCH_EMBEDDED_REDIS_DIR": str(cwd / ".cw"), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    text = "A headline\nThe minister said the talks would go on.\n"
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    return tmp_path


def assert_one_line(result: subprocess.CompletedProcess[str], *names: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert len(lines) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


BAD_SETTINGS = [
    ("CLAIMWATCH_PARTITIONS", "-1", "greater than or equal to 1"),
    ("CLAIMWATCH_PARTITIONS", "abc", "valid integer"),
    ("CLAIMWATCH_PARTITIONS", "0", "greater than or equal to 1"),
    ("CLAIMWATCH_BATCH_SIZE", "0", "greater than or equal to 1"),
    ("CLAIMWATCH_CLAIM_IDLE_MS", "abc", "valid integer"),
    ("CLAIMWATCH_LOG_JSON", "maybe", "valid boolean"),
    ("CLAIMWATCH_STREAM_MAXLEN", "notjson", "not valid JSON"),
    ("CLAIMWATCH_STREAM_MAXLEN", '{"articles": -5}', "-5 is not a length"),
    ("CLAIMWATCH_STREAM_MAXLEN", '{"artcles": 5}', "unknown stream 'artcles'"),
    ("CLAIMWATCH_LOG_LEVEL", "NOPE", "unknown level 'NOPE'"),
    ("CLAIMWATCH_HTTP_PORT", "99999", "less than or equal to 65535"),
    ("CLAIMWATCH_REDIS_URL", "redis://", "no host"),
    ("CLAIMWATCH_REDIS_URL", "redis://127.0.0.1:6379/abc", "database 'abc' is not a number"),
]


@pytest.mark.parametrize(("variable", "value", "reason"), BAD_SETTINGS)
def test_bad_setting_is_one_line_naming_it_and_exit_2(
    article_dir: Path, variable: str, value: str, reason: str
) -> None:
    result = claimwatch("publish", str(article_dir / "one.txt"), env={variable: value}, cwd=article_dir)
    assert_one_line(result, variable, reason)
    assert not (article_dir / ".cw").exists(), "no embedded server may start on bad settings"


@pytest.mark.parametrize("command", ["publish", "worker", "run"])
def test_bad_redis_option_is_refused_before_anything_runs(article_dir: Path, command: str) -> None:
    args = {"publish": ["publish", "one.txt"], "worker": ["worker", "extractor"], "run": ["run"]}[command]
    result = claimwatch(*args, "--redis", "redis://", env={}, cwd=article_dir)
    assert_one_line(result, "--redis", "no host")
    result = claimwatch(*args, "--redis", "redis://127.0.0.1:6379/x1", env={}, cwd=article_dir)
    assert_one_line(result, "--redis", "'x1' is not a number")


@pytest.mark.parametrize("command", ["publish", "worker", "run"])
def test_unreachable_redis_is_one_line_and_exit_2(article_dir: Path, command: str) -> None:
    url = f"redis://127.0.0.1:{closed_port()}"
    args = {"publish": ["publish", "one.txt"], "worker": ["worker", "extractor"], "run": ["run"]}[command]
    line = assert_one_line(claimwatch(*args, "--redis", url, env={}, cwd=article_dir), url)
    assert "cannot reach Redis" in line


def test_missing_unix_socket_is_one_line(article_dir: Path) -> None:
    url = f"unix://{article_dir / 'no-such.sock'}"
    line = assert_one_line(claimwatch("publish", "one.txt", "--redis", url, env={}, cwd=article_dir), url)
    assert "No such file" in line


def test_unreachable_cluster_is_one_line(article_dir: Path) -> None:
    url = f"redis+cluster://127.0.0.1:{closed_port()}"
    result = claimwatch("worker", "detector", env={"CLAIMWATCH_REDIS_URL": url}, cwd=article_dir)
    assert "cannot reach Redis" in assert_one_line(result, url)


def test_tls_url_against_a_plain_server_is_one_line(article_dir: Path) -> None:
    # A plain TCP listener that never speaks TLS: the handshake gets no answer.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"rediss://127.0.0.1:{listener.getsockname()[1]}"
        result = claimwatch("publish", "one.txt", "--redis", url, env={}, cwd=article_dir)
    line = assert_one_line(result, url)
    assert "did not answer" in line and "TLS" in line


def test_password_is_not_printed(article_dir: Path) -> None:
    url = f"redis://user:s3cret@127.0.0.1:{closed_port()}"
    line = assert_one_line(claimwatch("publish", "one.txt", "--redis", url, env={}, cwd=article_dir))
    assert "s3cret" not in line and "user:***@" in line


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("redis://", "no host"),
        ("rediss://:6379", "no host"),
        ("redis://host:6379/abc", "'abc' is not a number"),
        ("redis://host:6379/1/2", "'1/2' is not a number"),
        ("redis://host:6379?db=x", "'x' is not a number"),
        ("redis://host:6379/1?db=2", "two databases"),
        ("redis://host:99999", "not a port number"),
        ("redis://host:port", "not a port number"),
        ("unix://", "no socket path"),
        ("unix:///tmp/redis.sock?db=abc", "'abc' is not a number"),
        ("redis+cluster://", "no host"),
        ("redis+cluster://host:7000/abc", "'abc' is not a number"),
        ("redis+cluster://host:7000/3", "database 0 only"),
        ("http://host:6379", "unknown scheme"),
    ],
)
def test_url_without_a_server_or_with_a_bad_database_is_refused(url: str, reason: str) -> None:
    with pytest.raises(RedisUrlError, match=reason):
        check_redis_url(url)
    with pytest.raises(ConfigurationError, match=reason):
        load_settings(redis_url=url)
    with pytest.raises(ConfigurationError, match=reason):
        connect(url)


@pytest.mark.parametrize(
    "url",
    [
        "redis://localhost",
        "redis://h:6379/0",
        "rediss://u:p@h:6380/15",
        "redis://h?db=3",
        "unix:///var/run/redis.sock",
        "unix:///var/run/redis.sock?db=2",
        "redis+cluster://h:7000",
        "rediss+cluster://h:7000/0",
    ],
)
def test_well_formed_urls_are_accepted(url: str) -> None:
    assert check_redis_url(url) == url
    assert load_settings(redis_url=url).redis_url == url


def test_stream_maxlen_fails_at_start_and_keeps_unnamed_defaults() -> None:
    with pytest.raises(ConfigurationError, match=r"stream_maxlen.*-5 is not a length"):
        load_settings(stream_maxlen={"articles": -5})
    lengths = load_settings(stream_maxlen={"articles": 5}).stream_maxlen
    assert lengths == {"articles": 5, "claims": 200_000, "alerts": 100_000, "dlq": 100_000}


def test_redacted_url_hides_only_the_password() -> None:
    assert redacted_url("redis://u:pw@h:1/2") == "redis://u:***@h:1/2"
    assert redacted_url("redis://h:1/2") == "redis://h:1/2"


@pytest.mark.parametrize("option", ["--lexicon", "--actors"])
def test_binary_data_file_is_named(article_dir: Path, option: str) -> None:
    data_file = article_dir / "words.yaml"
    data_file.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe not yaml")
    result = claimwatch("analyze", "one.txt", option, str(data_file), env={}, cwd=article_dir)
    line = assert_one_line(result, str(data_file))
    assert "not UTF-8 text" in line
