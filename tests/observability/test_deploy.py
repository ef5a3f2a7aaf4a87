"""deploy/: Prometheus config and rules checked by promtool, rules unit-tested, dashboard on real metrics."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.common.metrics import REGISTRY
from tests.observability.conftest import DEPLOY, REPO_ROOT

PROMETHEUS_DIR = DEPLOY / "prometheus"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "claimwatch.json"
DATASOURCES = DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml"
RULES_TEST = Path(__file__).parent / "data" / "rules_test.yml"
METRIC_NAME = re.compile(r"\b(claimwatch_[a-z0-9_]+)")


def promtool_run(promtool: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([promtool, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def dashboard_panels() -> list[dict[str, Any]]:
    return [panel for panel in json.loads(DASHBOARD.read_text())["panels"] if panel["type"] != "row"]


def alert_rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((PROMETHEUS_DIR / "rules.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def exported_names() -> set[str]:
    """Every sample name the process registry can expose (histogram _bucket/_count/_sum included)."""
    names: set[str] = set()
    for family in REGISTRY.collect():
        names.add(family.name)
        suffixes = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_count", "_sum", "_created")}
        names.update(family.name + suffix for suffix in suffixes.get(family.type, ()))
    return names


@pytest.mark.parametrize("config", ["prometheus.yml", "prometheus-local.yml"])
def test_promtool_accepts_the_prometheus_configs(promtool: str, config: str) -> None:
    result = promtool_run(promtool, "check", "config", str(PROMETHEUS_DIR / config))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout + result.stderr


def test_both_configs_scrape_the_same_worker_jobs_with_the_same_rules() -> None:
    compose, local = (
        yaml.safe_load((PROMETHEUS_DIR / name).read_text())
        for name in ("prometheus.yml", "prometheus-local.yml")
    )
    workers = {"extractor", "detector", "notifier"}
    assert {job["job_name"] for job in compose["scrape_configs"]} & workers == workers
    assert {job["job_name"] for job in local["scrape_configs"]} == workers
    assert compose["rule_files"] == local["rule_files"] == ["rules.yml"]


def test_promtool_accepts_the_rules(promtool: str) -> None:
    result = promtool_run(promtool, "check", "rules", str(PROMETHEUS_DIR / "rules.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(alert_rules())} rules found" in result.stdout + result.stderr


def test_every_alert_rule_fires_in_its_unit_test(promtool: str) -> None:
    result = promtool_run(promtool, "test", "rules", RULES_TEST.name, cwd=RULES_TEST.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    tests = yaml.safe_load(RULES_TEST.read_text())["tests"]
    fired = {
        case["alertname"]
        for test in tests
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert fired == {rule["alert"] for rule in alert_rules()}


def test_dashboard_and_rules_use_only_metrics_the_workers_export() -> None:
    exported = exported_names()
    expressions = [target["expr"] for panel in dashboard_panels() for target in panel["targets"]]
    expressions += [rule["expr"] for rule in alert_rules()]
    used = {name for expression in expressions for name in METRIC_NAME.findall(expression)}
    assert used, "no claimwatch metric is used"
    assert used <= exported, sorted(used - exported)


def test_dashboard_panels_use_the_provisioned_datasource_and_fit_the_grid() -> None:
    uid = yaml.safe_load(DATASOURCES.read_text())["datasources"][0]["uid"]
    panels = dashboard_panels()
    assert len({panel["id"] for panel in json.loads(DASHBOARD.read_text())["panels"]}) == len(
        json.loads(DASHBOARD.read_text())["panels"]
    )
    titles = {panel["title"] for panel in panels}
    for required in (
        "Throughput per stage",
        "End-to-end latency p50 / p95 / p99",
        "Consumer group lag",
        "Pending entries",
        "Dead-letter stream length",
        "Alerts by kind",
        "Claims by party and stance",
        "Webhook deliveries by outcome",
    ):
        assert required in titles
    for panel in panels:
        assert panel["datasource"]["uid"] == uid, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == uid, panel["title"]
            assert target["expr"].strip(), panel["title"]
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]


def test_grafana_provisioning_matches_the_compose_mounts() -> None:
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    mounts = dict(
        volume.split(":")[:2] for volume in compose["services"]["grafana"]["volumes"] if ":" in volume
    )
    provider = yaml.safe_load((DEPLOY / "grafana/provisioning/dashboards/claimwatch.yml").read_text())
    assert mounts["./deploy/grafana/dashboards"] == provider["providers"][0]["options"]["path"]
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    datasource = yaml.safe_load(DATASOURCES.read_text())["datasources"][0]
    assert datasource["url"] == "http://prometheus:9090" and "prometheus" in compose["services"]
