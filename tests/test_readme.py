"""The README keeps exactly two set-up commands, and CI runs the second one as written."""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _command(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\s*```bash\n(.+?)\n```", text)
    assert match, marker
    return match.group(1)


def test_readme_has_a_one_line_run_command_and_test_command_in_a_virtualenv():
    for marker in ("run-command", "test-command"):
        command = _command(marker)
        assert "\n" not in command
        assert command.startswith("python3 -m venv .venv && ")
    assert "ld_dash serve" in _command("run-command")
    assert "pytest" in _command("test-command")


def test_ci_extracts_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extracted = subprocess.run(
        ["bash", "-c", script.split("test_command=", 1)[1].split("\n", 1)[0].join(["echo ", ""])],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    assert extracted == _command("test-command")


def test_ci_config_is_hardened_for_an_intranet():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableStaticServing"] is False
    assert config["client"]["showErrorDetails"] in (False, "none")
    assert config["server"]["maxUploadSize"] <= 200
    assert config["server"]["fileWatcherType"] == "none"


def test_both_commands_install_the_locked_versions_and_this_environment_has_them():
    # The constraints pin every package, transitive ones included; the suite runs on exactly those.
    from importlib.metadata import PackageNotFoundError, version

    for marker in ("run-command", "test-command"):
        assert "-c constraints.txt" in _command(marker)
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            assert pinned, f"not an exact pin: {line}"
            pins[name.lower().replace("_", "-")] = pinned
    assert {"choreographer", "kaleido", "streamlit", "duckdb", "pandas", "xlsxwriter", "jinja2"} <= set(pins)
    for requirement in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / requirement).read_text(encoding="utf-8").splitlines():
            name = re.split(r"[\[=<>~ ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")
            if name and not name.startswith(("#", "-r")):
                assert name in pins, f"{requirement}: {name} has no pin in constraints.txt"
    installed = {}
    for name in pins:
        try:
            installed[name] = version(name)
        except PackageNotFoundError:
            continue
    assert {n: v for n, v in installed.items() if v != pins[n]} == {}
