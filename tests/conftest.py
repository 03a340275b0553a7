"""Shared fixtures: a demo organisation built once per test session in a temporary data folder."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Chromium and DuckDB write under the home folder; keep tests out of the user's.
_TMP_HOME = Path(tempfile.mkdtemp(prefix="ld-dash-test-home-"))
os.environ.setdefault("XDG_CONFIG_HOME", str(_TMP_HOME / "config"))
os.environ.setdefault("XDG_CACHE_HOME", str(_TMP_HOME / "cache"))

DEMO_EMPLOYEES = 2000
DEMO_YEARS = 3
DEMO_SEED = 42


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """A data folder holding the default demo organisation (2,000 employees, 3 years, seed 42)."""
    from ld_dash import demo

    folder = tmp_path_factory.mktemp("demo-data")
    demo.publish_demo(folder, employees=DEMO_EMPLOYEES, years=DEMO_YEARS, seed=DEMO_SEED)
    return folder


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A data folder with one published version holding one employee, X1 (for import tests)."""
    from tests.helpers import employee, publish_tables

    folder = tmp_path / "data"
    publish_tables(folder, {"employees": [employee("X1")]}).close()
    return folder


@pytest.fixture(scope="session")
def demo_con(demo_dir):
    """A read-only connection to the demo version."""
    from ld_dash import store

    con = store.connect(store.require_version(demo_dir))
    yield con
    con.close()



def require_chromium() -> str:
    """Board-pack charts and PDFs need a local Chromium: skip without one, except in CI where it must exist."""
    import os

    from ld_dash.export.images import NoBrowser, browser_path

    try:
        return browser_path()
    except NoBrowser as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{exc} (CI must run the board-pack tests)", pytrace=False)
        pytest.skip(str(exc))


@pytest.fixture
def chromium() -> str:
    return require_chromium()


def pytest_collection_modifyitems(config, items):  # noqa: ANN001, ARG001 - pytest's hook signature
    """Every test that needs Chromium is marked `browser`, so `pytest -m "not browser"` is the quick loop."""
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
