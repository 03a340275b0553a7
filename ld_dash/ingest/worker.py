"""Run an import step in a separate, memory-capped process, so that a hostile file cannot take the server.

The Data page reads, previews, checks and publishes uploads through `call`: each call starts
`python -m ld_dash.ingest.worker`, hands it the step and its arguments, relays its progress messages,
and returns its result or raises its exception here. The parent watches the child's resident memory and
stops it past `LD_DASH_IMPORT_MAX_MEMORY_MB`; whatever the child read is freed when it exits, so the
server's own memory does not move with an upload. A child stopped while publishing leaves the served
data as it was (publishing is atomic; the half-built file is swept at the next start or import).

Only the steps `_steps()` names can be called; arguments and results travel as pickles between this
process and the child it started (never from anywhere else).
"""
from __future__ import annotations

import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ld_dash.ingest.errors import ImportProblem

PROGRESS = "LD-DASH-PROGRESS "
POLL_SECONDS = 0.05


def _steps() -> dict[str, Callable[..., Any]]:
    from ld_dash.ingest import batch, readers

    def preview(path: Path, mapping: Any, rows: int = 10) -> Any:
        return readers.stage(path, mapping).slice(0, rows).to_pandas().drop(columns="__row")

    return {"peek": readers.peek, "preview": preview, "check_batch": batch.check_batch,
            "import_batch": batch.import_batch}


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class WorkerResult:
    """What a finished call measured: the child's peak resident memory (MB)."""

    peak_mb: float = 0.0


LAST = WorkerResult()


def call(step: str, *args: Any, progress: Callable[[str], None] | None = None, max_memory_mb: int | None = None,
         timeout_s: float | None = None, **kwargs: Any) -> Any:
    """Run one import step in a child process; its result, or its exception raised here."""
    from ld_dash.settings import PROJECT_ROOT, get_settings

    if step not in _steps():
        raise ValueError(f"unknown import step {step!r}")
    settings = get_settings()
    cap = max_memory_mb or settings.import_max_memory_mb
    limit = timeout_s or settings.import_timeout_s
    # The child finds this checkout's ld_dash whatever the server's working folder is.
    path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    child = subprocess.Popen([sys.executable, "-m", "ld_dash.ingest.worker"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path})
    assert child.stdin and child.stdout and child.stderr
    child.stdin.write(pickle.dumps((step, args, kwargs)))
    child.stdin.close()
    errors: list[str] = []
    messages: queue.Queue[str] = queue.Queue()
    relay = threading.Thread(target=_relay, args=(child.stderr, messages, errors), daemon=True)
    relay.start()
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.append(child.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    peak, started, stopped = 0.0, time.monotonic(), None
    while child.poll() is None:
        _deliver(messages, progress)
        peak = max(peak, _rss_mb(child.pid))
        if peak > cap:
            stopped = (f"needed more than {cap:,} MB of memory and was stopped (LD_DASH_IMPORT_MAX_MEMORY_MB "
                       "raises the limit; a smaller file, or CSV instead of Excel, needs less)")
        elif time.monotonic() - started > limit:
            stopped = f"took longer than {limit:,.0f} s and was stopped (LD_DASH_IMPORT_TIMEOUT_S raises the limit)"
        if stopped:
            _kill(child)
            break
        time.sleep(POLL_SECONDS)
    child.wait()
    reader.join(timeout=10)
    relay.join(timeout=10)
    _deliver(messages, progress)
    LAST.peak_mb = peak
    if stopped:
        raise ImportProblem(f"The import {stopped}. Nothing was changed")
    try:
        outcome, value = pickle.loads(output[0]) if output and output[0] else ("crash", None)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        outcome, value = "crash", None
    if outcome == "ok":
        return value
    if outcome == "error":
        raise value
    detail = errors[-1] if errors else f"exit code {child.returncode}"
    raise ImportProblem(f"The import process stopped unexpectedly ({detail[:300]}). Nothing was changed")


def _kill(child: subprocess.Popen) -> None:
    try:
        child.send_signal(signal.SIGKILL)
    except ProcessLookupError:
        pass


def _relay(stream: Any, messages: queue.Queue[str], errors: list[str]) -> None:
    """Progress lines are queued for the caller's thread (Streamlit draws only from the script's own
    thread); anything else the child prints is kept for a crash message."""
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", errors="replace").rstrip("\n")
        if line.startswith(PROGRESS):
            messages.put(line[len(PROGRESS):])
        elif line.strip():
            errors.append(line)


def _deliver(messages: queue.Queue[str], progress: Callable[[str], None] | None) -> None:
    while not messages.empty():
        message = messages.get_nowait()
        if progress is not None:
            progress(message)


def _child() -> int:
    """The child's side: read the step, run it, write ("ok", result) or ("error", exception) to stdout."""
    step, args, kwargs = pickle.loads(sys.stdin.buffer.read())

    def say(message: str) -> None:
        print(PROGRESS + message.replace("\n", " "), file=sys.stderr, flush=True)

    if step in ("check_batch", "import_batch"):
        kwargs = {**kwargs, "progress": say}
    out = sys.stdout.buffer
    try:
        value = _steps()[step](*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        try:
            out.write(pickle.dumps(("error", exc)))
        except Exception:  # noqa: BLE001 - an exception that does not pickle: its text, as a problem
            out.write(pickle.dumps(("error", ImportProblem(f"{type(exc).__name__}: {exc}"))))
        return 1
    out.write(pickle.dumps(("ok", value)))
    return 0


if __name__ == "__main__":
    raise SystemExit(_child())
