"""End to end: the workers on the seeds, a real Prometheus scraping them, every panel and rule evaluated.

Three `claimwatch worker` processes (extractor, detector, notifier with a webhook to a
receiver in this test) run against Redis DB 5 with stream names of this test's own.  A real
Prometheus (scrape and rule evaluation every second) scrapes their /metrics and loads
deploy/prometheus/rules.yml.  The run is healthy: nothing fails, nothing is dead-lettered.
Before anything is published, the panels of counters that only grow when something goes wrong
(or a webhook is sent) must already show data, 0: their series exist from the start.  The seeds
are then published in two batches, so every counter is seen before and after it grows, and
every query of every dashboard panel must return data (some finite value) and every alert rule
must parse, be evaluated by Prometheus without error, and answer an instant query.
"""

from __future__ import annotations

import base64
import json
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis as redis_sync
import yaml

from tests.observability.conftest import DEPLOY, REPO_ROOT, free_port, redis_test_url, tool
from tests.observability.test_deploy import alert_rules, dashboard_panels

pytestmark = [pytest.mark.redis, pytest.mark.prometheus]

WORKERS = ("extractor", "detector", "notifier")
SEEDS = sorted((REPO_ROOT / "seeds").glob("*.txt"))
# Grafana fills these in before sending a query; Prometheus itself does not know them.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__range": "10m", "$__interval": "5s"}
DEADLINE_S = 150.0
# Panels whose counters are labelled and grow only on failures or webhook traffic (targets by refId).
ZERO_ON_A_HEALTHY_START = (
    "Outputs per second [C]",
    "Dead letters by stage and reason [A]",
    "Articles failed by reason [A]",
    "Webhook deliveries by outcome [A]",
)


def wait_for(
    condition: Callable[[], Any], what: str, timeout_s: float = DEADLINE_S, every_s: float = 0.25
) -> Any:
    """Poll `condition` until it returns something truthy; fail naming `what` at the deadline."""
    deadline = time.monotonic() + timeout_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = condition()
        except (httpx.HTTPError, OSError, ValueError) as error:
            last_error, result = error, None
        if result:
            return result
        time.sleep(every_s)
    pytest.fail(f"timed out after {timeout_s:g}s waiting for {what} (last error: {last_error!r})")


class _Receiver(BaseHTTPRequestHandler):
    received: list[str] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        self.rfile.read(length)
        _Receiver.received.append(self.headers.get("webhook-id", ""))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:  # keep the test output clean
        return


@pytest.fixture
def webhook_receiver() -> Iterator[str]:
    _Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/claimwatch"
    server.shutdown()
    server.server_close()


@dataclass
class Stack:
    env: dict[str, str]
    ports: dict[str, int]
    prometheus: str
    redis: redis_sync.Redis
    articles_stream: str


def claimwatch_argv() -> list[str]:
    """The console script when installed, else the same entry point through the interpreter."""
    script = shutil.which("claimwatch")
    return [script] if script else [sys.executable, "-m", "services.cli.main"]


def stop_process(process: subprocess.Popen[bytes], timeout_s: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def stack(tmp_path: Path, webhook_receiver: str) -> Iterator[Stack]:
    prometheus_binary = tool("prometheus")
    client = redis_sync.Redis.from_url(redis_test_url())
    try:
        client.ping()
    except redis_sync.RedisError as error:
        pytest.skip(f"no Redis server for the tests ({type(error).__name__})")
    keys_before = set(client.keys("*"))
    prefix = f"cwtest-h5-e2e-{secrets.token_hex(4)}"
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    webhooks = tmp_path / "webhooks.yaml"
    webhooks.write_text(
        yaml.safe_dump(
            {"webhooks": [{"name": "e2e", "url": webhook_receiver, "secret": secret, "allow_private": True}]}
        )
    )
    env = {
        **os.environ,
        "CLAIMWATCH_REDIS_URL": redis_test_url(),
        "CLAIMWATCH_ARTICLES_STREAM": f"{prefix}:articles",
        "CLAIMWATCH_CLAIMS_STREAM": f"{prefix}:claims",
        "CLAIMWATCH_ALERTS_STREAM": f"{prefix}:alerts",
        "CLAIMWATCH_DLQ_STREAM": f"{prefix}:dlq",
        "CLAIMWATCH_KEY_PREFIX": prefix,
        "CLAIMWATCH_STREAM_STATS_INTERVAL_S": "0.5",
        "CLAIMWATCH_LOG_JSON": "true",
        "CLAIMWATCH_HTTP_HOST": "127.0.0.1",
    }
    ports = {worker: free_port() for worker in WORKERS}
    workers: list[subprocess.Popen[bytes]] = []
    prometheus: subprocess.Popen[bytes] | None = None
    try:
        for worker in WORKERS:
            argv = [*claimwatch_argv(), "worker", worker, "--http-port", str(ports[worker])]
            if worker == "notifier":
                argv += ["--webhooks", str(webhooks)]
            log_file = (tmp_path / f"{worker}.log").open("wb")
            workers.append(
                subprocess.Popen(argv, env=env, stdout=log_file, stderr=subprocess.STDOUT, cwd=REPO_ROOT)
            )
        for worker, process in zip(WORKERS, workers, strict=True):
            wait_for(
                partial(_ready, worker, process, ports[worker], tmp_path), f"{worker} /readyz", timeout_s=90
            )

        prometheus_port = free_port()
        config = tmp_path / "prometheus.yml"
        config.write_text(yaml.safe_dump(native_prometheus_config(ports)))
        prometheus = subprocess.Popen(
            [
                prometheus_binary,
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{prometheus_port}",
            ],
            stdout=(tmp_path / "prometheus.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{prometheus_port}"
        wait_for(lambda: httpx.get(f"{url}/-/ready", timeout=2).status_code == 200, "prometheus ready", 60)
        yield Stack(env, ports, url, client, f"{prefix}:articles")
    finally:
        for process in workers:
            stop_process(process)
        if prometheus is not None:
            stop_process(prometheus)
        created = set(client.keys("*")) - keys_before
        if created:
            client.delete(*created)
        client.close()


def _ready(worker: str, process: subprocess.Popen[bytes], port: int, logs: Path) -> bool:
    if process.poll() is not None:
        pytest.fail(
            f"{worker} exited with {process.returncode}:\n{(logs / f'{worker}.log').read_text()[-3000:]}"
        )
    return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=3).status_code == 200


def native_prometheus_config(ports: dict[str, int]) -> dict[str, Any]:
    """deploy/prometheus/prometheus.yml for processes on this machine: same jobs and rules, 1 s intervals."""
    deployed = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    jobs = [job["job_name"] for job in deployed["scrape_configs"] if job["job_name"] in WORKERS]
    assert sorted(jobs) == sorted(WORKERS)
    return {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "1s"},
        "rule_files": [str(DEPLOY / "prometheus" / rule_file) for rule_file in deployed["rule_files"]],
        "scrape_configs": [
            {"job_name": job, "static_configs": [{"targets": [f"127.0.0.1:{ports[job]}"]}]} for job in jobs
        ],
    }


def instant_query(prometheus: str, expression: str) -> dict[str, Any]:
    response = httpx.get(f"{prometheus}/api/v1/query", params={"query": expression}, timeout=10)
    payload: dict[str, Any] = response.json()
    assert payload["status"] == "success", f"{expression!r}: {payload.get('error')}"
    return payload["data"]


def has_finite_value(data: dict[str, Any]) -> bool:
    if data["resultType"] == "vector":
        return any(math.isfinite(float(sample["value"][1])) for sample in data["result"])
    if data["resultType"] == "scalar":
        return math.isfinite(float(data["result"][1]))
    return False


def panel_queries() -> list[tuple[str, str]]:
    queries = []
    for panel in dashboard_panels():
        for target in panel["targets"]:
            expression = target["expr"]
            for variable, value in GRAFANA_VARIABLES.items():
                expression = expression.replace(variable, value)
            queries.append((f"{panel['title']} [{target['refId']}]", expression))
    return queries


def publish(stack: Stack, paths: list[Path]) -> None:
    result = subprocess.run(
        [*claimwatch_argv(), "publish", *map(str, paths)],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_panel_returns_data_and_every_rule_evaluates(stack: Stack, promtool: str) -> None:
    assert len(SEEDS) >= 2, "the seeds are missing"

    def all_targets_scraped() -> bool:
        result = instant_query(stack.prometheus, "up")["result"]
        return len(result) == len(WORKERS) and all(sample["value"][1] == "1" for sample in result)

    wait_for(all_targets_scraped, "Prometheus to scrape every worker")

    queries = dict(panel_queries())
    assert set(ZERO_ON_A_HEALTHY_START) <= set(queries), sorted(queries)

    def zero_panels_have_data() -> bool:
        return all(
            has_finite_value(instant_query(stack.prometheus, queries[name]))
            for name in ZERO_ON_A_HEALTHY_START
        )

    wait_for(zero_panels_have_data, "the failure and webhook panels to show 0 before any traffic", 30, 1)
    for name in ZERO_ON_A_HEALTHY_START:
        values = {
            float(sample["value"][1]) for sample in instant_query(stack.prometheus, queries[name])["result"]
        }
        assert values == {0.0}, (name, values)

    publish(stack, SEEDS[:2])
    wait_for(
        lambda: has_finite_value(
            instant_query(stack.prometheus, "sum(claimwatch_articles_consumed_total) >= 2")
        ),
        "the first batch to be consumed and scraped",
    )
    publish(stack, SEEDS[2:])
    total = len(SEEDS)
    wait_for(
        lambda: has_finite_value(
            instant_query(stack.prometheus, f"sum(claimwatch_articles_consumed_total) >= {total}")
        ),
        "every seed to be consumed and scraped",
    )

    pending = dict(panel_queries())

    def every_panel_has_data() -> bool:
        for name, expression in list(pending.items()):
            if has_finite_value(instant_query(stack.prometheus, expression)):
                del pending[name]
        return not pending

    try:
        wait_for(every_panel_has_data, "every dashboard panel to return data", timeout_s=120, every_s=1)
    except pytest.fail.Exception:
        pytest.fail(f"panels without data: {json.dumps(pending, indent=1)}")

    for rule in alert_rules():
        instant_query(stack.prometheus, rule["expr"])  # parses and evaluates, or the assertion names it

    def rules_evaluated() -> list[dict[str, Any]]:
        groups = httpx.get(f"{stack.prometheus}/api/v1/rules", timeout=10).json()["data"]["groups"]
        loaded = [rule for group in groups for rule in group["rules"]]
        # A rule never evaluated reports the zero time, 0001-01-01.
        evaluated = [rule for rule in loaded if not rule.get("lastEvaluation", "0001").startswith("0001")]
        return loaded if len(evaluated) == len(alert_rules()) else []

    loaded = wait_for(rules_evaluated, "Prometheus to evaluate every rule")
    assert {rule["name"] for rule in loaded} == {rule["alert"] for rule in alert_rules()}
    assert all(rule["health"] == "ok" for rule in loaded), [(r["name"], r.get("lastError")) for r in loaded]

    for worker, port in stack.ports.items():
        docs = httpx.get(f"http://127.0.0.1:{port}/docs", timeout=30)
        assert docs.status_code == 200 and "AsyncApiStandalone" in docs.text, worker
        exposition = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).content
        lint = subprocess.run(
            [promtool, "check", "metrics"], input=exposition, capture_output=True, timeout=30
        )
        assert lint.returncode == 0, f"{worker}: {lint.stdout.decode()}{lint.stderr.decode()}"

    # A healthy run: nothing was dead-lettered, and the panels above had data all the same.
    assert stack.redis.xlen(stack.env["CLAIMWATCH_DLQ_STREAM"]) == 0
    assert _Receiver.received, "no webhook reached the receiver"
    assert len(_Receiver.received) == len(set(_Receiver.received)), "a webhook id was delivered twice"


def test_claimwatch_run_serves_one_endpoint_for_all_its_workers(tmp_path: Path) -> None:
    client = redis_sync.Redis.from_url(redis_test_url())
    try:
        client.ping()
    except redis_sync.RedisError as error:
        pytest.skip(f"no Redis server for the tests ({type(error).__name__})")
    keys_before = set(client.keys("*"))
    prefix = f"cwtest-h5-run-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "CLAIMWATCH_ARTICLES_STREAM": f"{prefix}:articles",
        "CLAIMWATCH_CLAIMS_STREAM": f"{prefix}:claims",
        "CLAIMWATCH_ALERTS_STREAM": f"{prefix}:alerts",
        "CLAIMWATCH_DLQ_STREAM": f"{prefix}:dlq",
        "CLAIMWATCH_KEY_PREFIX": prefix,
        "CLAIMWATCH_STREAM_STATS_INTERVAL_S": "0.5",
        "CLAIMWATCH_HTTP_HOST": "127.0.0.1",
    }
    port = free_port()
    argv = [
        *claimwatch_argv(),
        "run",
        "--redis",
        redis_test_url(),
        "--http-port",
        str(port),
        "--no-show-alerts",
    ]
    process = subprocess.Popen(
        argv, env=env, stdout=(tmp_path / "run.log").open("wb"), stderr=subprocess.STDOUT, cwd=REPO_ROOT
    )
    try:
        wait_for(partial(_ready, "run", process, port, tmp_path), "`claimwatch run` /readyz", timeout_s=90)
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        assert 'claimwatch_worker_up{stage="extractor"} 1.0' in metrics
        assert 'claimwatch_worker_up{stage="detector"} 1.0' in metrics
        assert f'claimwatch_consumer_group_lag{{group="extractor",stream="{prefix}:articles"}}' in metrics
        assert f'claimwatch_consumer_group_lag{{group="detector",stream="{prefix}:claims"}}' in metrics
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, (tmp_path / "run.log").read_text()[-3000:]
    finally:
        stop_process(process)
        created = set(client.keys("*")) - keys_before
        if created:
            client.delete(*created)
        client.close()
