"""The README's deployment section quotes the shipped files as they are, so the two cannot drift apart."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tests.nginx_site import PLACEHOLDER, TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str, section: str) -> list[str]:
    start = README.index(section)
    end = README.find("\n## ", start + 1)
    text = README[start:end if end != -1 else None]
    return [re.sub(r"^ {0,6}", "", b, flags=re.M) for b in re.findall(rf"```{language}\n(.*?)```", text, re.S)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_readme_nginx_excerpts_are_in_the_template():
    template = _lines(TEMPLATE.read_text(encoding="utf-8"))
    blocks = _blocks("nginx", "## Deploy on an intranet")
    assert len(blocks) >= 3
    for block in blocks:
        for line in _lines(block):
            assert line in template, line


def test_readme_systemd_excerpt_is_in_the_unit():
    unit = _lines((ROOT / "deploy" / "ld-dash@.service").read_text(encoding="utf-8"))
    for block in _blocks("ini", "## Deploy on an intranet"):
        for line in _lines(block):
            assert line in unit, line


def test_readme_envsubst_lists_every_placeholder_of_the_template():
    command = next(b for b in _blocks("bash", "## Deploy on an intranet") if "envsubst" in b)
    listed = set(re.findall(r"\$\{([A-Z0-9_]+)\}", command.split("envsubst", 1)[1]))
    assigned = set(re.findall(r"\b([A-Z0-9_]+)=", command.split("envsubst", 1)[0]))
    placeholders = set(PLACEHOLDER.findall(TEMPLATE.read_text(encoding="utf-8")))
    assert listed == placeholders == assigned


def test_readme_oidc_example_matches_the_secrets_example():
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))["auth"]
    quoted = tomllib.loads(_blocks("toml", "## Who can see what")[0])["auth"]
    assert quoted.items() <= example.items()
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"} <= quoted.keys()
    assert quoted["redirect_uri"].endswith("/oauth2callback")


def test_secrets_file_is_never_committed():
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
