"""Start and stop real servers for browser tests: `streamlit run app.py` and Debian's nginx in front of it."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group this helper started, then SIGKILL if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def streamlit_server(port: int, data_dir: Path, log: Path, **env: str) -> Iterator[str]:
    """`streamlit run app.py` on 127.0.0.1:port over data_dir, with LD_DASH_* overrides; yields its URL."""
    url = f"http://127.0.0.1:{port}"
    environ = {**os.environ, "LD_DASH_DATA_DIR": str(data_dir), **env}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=REPO, env=environ, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after 90 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.25)
        yield url
    finally:
        stop(process)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
