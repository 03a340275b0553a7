"""The linter's findings that are bugs (undefined names, unused imports, redefinitions, mutable
defaults) stay at zero: ruff runs with pyproject.toml's rules over the code and the tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("ruff is not installed (requirements-dev.txt)", pytrace=False)
        pytest.skip("ruff is not installed: pip install -r requirements-dev.txt")
    done = subprocess.run([ruff, "check", "--output-format", "concise", "ld_dash", "tests", "app.py", "app_pages",
                           "bench"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
