"""The container files: what they promise is checked here; the image is built and run where a Docker
engine is present (CI machines of this project have only the client, so that part skips there)."""
from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
            for line in (raw.strip() for raw in joined.splitlines()) if line and not line.startswith("#")]


def test_the_image_runs_as_a_user_without_rights_on_its_code_with_data_on_a_volume():
    steps = _instructions()
    kinds = [k for k, _ in steps]
    assert steps[0] == ("FROM", "python:3.11-slim-bookworm")
    assert "USER" in kinds and kinds.index("USER") < kinds.index("CMD")
    assert dict(steps)["USER"] == "ld-dash"
    assert ("VOLUME", '["/data"]') in steps and "LD_DASH_DATA_DIR=/data" in DOCKERFILE
    assert "HEALTHCHECK" in kinds and "/_stcore/health" in DOCKERFILE
    # Installed at the locked versions, with the Chromium the pack draws and prints with.
    assert "pip install --no-cache-dir -r requirements.txt -c constraints.txt" in DOCKERFILE
    assert "chromium" in DOCKERFILE and "LD_DASH_CHROMIUM_PATH=/usr/bin/chromium" in DOCKERFILE
    copied = [args.split()[0] for kind, args in steps if kind == "COPY"]
    assert "tests" not in copied and "data" not in copied


def test_the_build_context_leaves_out_data_and_local_environments():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"data", ".venv", ".git", ".env"} <= set(ignored)


def test_compose_puts_two_app_processes_behind_nginx_with_the_proxy_secret():
    services = COMPOSE["services"]
    assert set(services) == {"app1", "app2", "nginx"}
    for name, port in (("app1", "8501"), ("app2", "8502")):
        app = services[name]
        assert app["environment"]["LD_DASH_AUTH"] == "proxy" and app["read_only"] is True
        assert app["command"][-1] == port and "ports" not in app  # reached through nginx only
        assert "ld-dash-data:/data" in app["volumes"] and app["env_file"] == ".env"
    nginx = services["nginx"]
    env = nginx["environment"]
    assert (env["UPSTREAM_1"], env["UPSTREAM_2"]) == ("app1:8501", "app2:8502")
    assert env["PROXY_SECRET"].startswith("${LD_DASH_PROXY_SECRET:?")  # the apps read the same .env value
    assert "./deploy/nginx.conf.template:/etc/nginx/templates/ld-dash.conf.template:ro" in nginx["volumes"]
    # Every placeholder of the shared template is given a value, and only those are substituted.
    template = (ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
    placeholders = set(re.findall(r"\$\{([A-Z0-9_]+)\}", template.split("\n\n", 1)[1]))
    assert placeholders <= set(env)
    assert all(re.fullmatch(env["NGINX_ENVSUBST_FILTER"].replace("$$", "$"), name) for name in placeholders)


def _engine() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not _engine(), reason="no Docker engine on this machine (the client alone cannot build)")
def test_the_image_builds_and_serves_the_demo(tmp_path):
    subprocess.run(["docker", "build", "-t", "ld-dash:test", str(ROOT)], check=True, timeout=1800)
    name = f"ld-dash-test-{int(time.time())}"
    subprocess.run(["docker", "run", "-d", "--rm", "--name", name, "-p", "127.0.0.1:18501:8501",
                    "ld-dash:test"], check=True, timeout=60)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen("http://127.0.0.1:18501/_stcore/health", timeout=5) as reply:
                    assert reply.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the container never became healthy"
                time.sleep(2)
        user = subprocess.run(["docker", "exec", name, "id", "-un"], capture_output=True, text=True, check=True)
        assert user.stdout.strip() == "ld-dash"
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60)
