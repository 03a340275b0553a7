"""Page timings: `python -m ld_dash.bench --employees N [--years Y] [--runs R] [--pages ...] [--data-dir D]`.

Builds a demo organisation of the given size in a temporary data folder (or reuses a published one with
`--data-dir`), then runs every page file through Streamlit's `AppTest`:

- cold: Streamlit's caches cleared (`st.cache_data`, `st.cache_resource`), then a fresh AppTest run;
- warm: the same AppTest run again, caches populated.

Prints figures only (medians, min/max, peak RSS, version file size and whether the targets are met);
it never asserts timings. Importing this module has no side effects.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ld_dash.settings import PROJECT_ROOT

PAGES_DIR = PROJECT_ROOT / "app_pages"

# (largest organisation the tier covers, cold target s, warm target s)
TARGETS: tuple[tuple[int, float, float], ...] = ((2_000, 1.0, 0.3), (100_000, 3.0, 1.0))
PACK_TARGET_S = 10.0  # the full board pack (all ten dimensions) at demo size


def page_names() -> list[str]:
    """Every page file in the order the app shows them: overview, the ten dimensions, definitions, data."""
    from ld_dash.dimensions import DIMENSIONS

    return ["overview", "board_pack", *(d.slug for d in DIMENSIONS), "definitions", "data"]


def targets_for(employees: int) -> tuple[float, float] | None:
    """(cold, warm) targets in seconds for an organisation of this size; None above the largest tier."""
    for limit, cold, warm in TARGETS:
        if employees <= limit:
            return cold, warm
    return None


@dataclass
class PageTiming:
    name: str
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.cold) and bool(self.warm)


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def build_demo(data_dir: Path, employees: int, years: int, seed: int) -> float:
    """Publish a demo into `data_dir` in a child process (so its memory is not this process's); seconds."""
    command = [sys.executable, "-m", "ld_dash", "demo", "--employees", str(employees), "--years", str(years),
               "--seed", str(seed), "--data-dir", str(data_dir)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"demo build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def _clear_caches() -> None:
    import streamlit as st

    # Outside a script run Streamlit logs "No runtime found" / "missing ScriptRunContext": harmless here.
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        st.cache_data.clear()
        st.cache_resource.clear()
    finally:
        logging.disable(previous)


@contextlib.contextmanager
def _error_details() -> Iterator[None]:
    """Let AppTest report a page's real error message (the app's config redacts it for browsers)."""
    from streamlit import config

    old = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    try:
        yield
    finally:
        config.set_option("client.showErrorDetails", old)


def _app_errors(at) -> str | None:  # noqa: ANN001 - an AppTest
    problems = [f"{e.message} (at {e.stack_trace[-1].strip().splitlines()[0] if e.stack_trace else '?'})"
                for e in at.exception]
    problems += [f"st.error: {e.value}" for e in at.error]
    return "; ".join(problems)[:500] or None


def time_page(path: Path, runs: int) -> PageTiming:
    """`runs` cold and `runs` warm timings of one page file."""
    from streamlit.testing.v1 import AppTest

    timing = PageTiming(path.stem)
    if not path.exists():
        timing.error = f"missing {path.relative_to(PROJECT_ROOT)}"
        return timing
    for _ in range(runs):
        _clear_caches()
        at = AppTest.from_file(str(path), default_timeout=300)
        start = time.perf_counter()
        at.run()
        timing.cold.append(time.perf_counter() - start)
        timing.error = timing.error or _app_errors(at)
        start = time.perf_counter()
        at.run()
        timing.warm.append(time.perf_counter() - start)
        timing.error = timing.error or _app_errors(at)
    return timing


def time_pack(data_dir: Path, runs: int) -> dict[str, list[float]]:
    """Seconds to build and render the default full pack, per format, as a user waits for it."""
    from ld_dash import store
    from ld_dash.export.board_pack import produce
    from ld_dash.export.pack import PackOptions
    from ld_dash.settings import get_settings

    con = store.connect(store.require_version(data_dir))
    times: dict[str, list[float]] = {"pptx": [], "pdf": []}
    try:
        for _ in range(runs):
            for fmt in times:
                start = time.perf_counter()
                produce(con, PackOptions(), fmt, get_settings())
                times[fmt].append(time.perf_counter() - start)
    finally:
        con.close()
    return times


def _employees(data_dir: Path) -> tuple[int, int, int, str]:
    """(headcount at the as-of date, employee rows ever, version file bytes, version name) in `data_dir`."""
    from ld_dash import store

    version = store.require_version(data_dir)
    con = store.connect(version)
    try:
        headcount, ever = con.execute(
            """SELECT count(*) FILTER (WHERE termination_date IS NULL OR termination_date > i.as_of), count(*)
               FROM employees, (SELECT max(as_of) AS as_of FROM dataset_info) AS i""").fetchone()
    finally:
        con.close()
    return int(headcount), int(ever), version.path.stat().st_size, version.name


def _mark(value: float, target: float | None) -> str:
    if target is None:
        return "n/a"
    return "yes" if value <= target else "NO"


def format_table(timings: Sequence[PageTiming], employees: int) -> str:
    tier = targets_for(employees)
    cold_t, warm_t = tier if tier else (None, None)
    cold_head = f"cold<={cold_t:g}s" if cold_t else "cold target"
    warm_head = f"warm<={warm_t:g}s" if warm_t else "warm target"
    header = (f"{'page':<16}{'cold med s':>11}{'warm med s':>11}{'cold min-max s':>17}{'warm min-max s':>17}"
              f"{cold_head:>12}{warm_head:>12}")
    lines = [header, "-" * len(header)]
    for t in timings:
        if not t.cold:
            lines.append(f"{t.name:<16}  ERROR {t.error}")
            continue
        cold, warm = statistics.median(t.cold), statistics.median(t.warm)
        lines.append(
            f"{t.name:<16}{cold:>11.3f}{warm:>11.3f}"
            f"{f'{min(t.cold):.3f}-{max(t.cold):.3f}':>17}{f'{min(t.warm):.3f}-{max(t.warm):.3f}':>17}"
            f"{'error' if t.error else _mark(cold, cold_t):>12}{'error' if t.error else _mark(warm, warm_t):>12}")
        if t.error:
            lines.append(f"{'':<16}  page error: {t.error}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ld_dash.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=None,
                        help="demo size (default 2000); also the size the targets are judged at (with "
                             "--data-dir and no --employees: the data's headcount at its as-of date)")
    parser.add_argument("--years", type=int, default=3, help="demo years (default %(default)s)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=5, help="cold and warm runs per page (default %(default)s)")
    parser.add_argument("--pages", nargs="+", default=None, metavar="PAGE",
                        help="page names (file stems), default all: " + " ".join(page_names()))
    parser.add_argument("--pack-runs", type=int, default=3,
                        help="full board packs built per format, PowerPoint and PDF (0: skip; default %(default)s)")
    parser.add_argument("--data-dir", default=None,
                        help="reuse the demo published in this folder (built there if it has none)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    unknown = sorted(set(args.pages or ()) - set(page_names()))
    if unknown:
        parser.error(f"unknown pages {unknown}; choose from {page_names()}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from ld_dash import store

    with contextlib.ExitStack() as stack:
        if args.data_dir:
            data_dir = Path(args.data_dir).resolve()
        else:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ld-dash-bench-")))
        built = store.current_version(data_dir) is None
        if built:
            args.employees = args.employees or 2_000
            print(f"Building a demo of {args.employees:,} employees x {args.years} years (seed {args.seed}) "
                  f"in {data_dir} ...", flush=True)
            seconds = build_demo(data_dir, args.employees, args.years, args.seed)
            print(f"Demo built in {seconds:.1f} s (build process peak RSS "
                  f"{_peak_rss_mb(resource.RUSAGE_CHILDREN):,.0f} MB)", flush=True)
        else:
            print(f"Reusing the data version in {data_dir}", flush=True)
        headcount, ever, size, name = _employees(data_dir)
        print(f"Data version {name}: headcount {headcount:,} at the as-of date ({ever:,} employee records "
              f"over the years), file {size / 1e6:,.1f} MB", flush=True)
        # Targets are stated for the organisation's size: the demo's requested size, else its headcount.
        employees = args.employees or headcount

        names = args.pages or page_names()
        print(f"Timing {len(names)} pages, {args.runs} cold + {args.runs} warm runs each ...", flush=True)
        stack.enter_context(_env("LD_DASH_DATA_DIR", str(data_dir)))
        stack.enter_context(_error_details())
        timings = []
        for page in names:
            timing = time_page(PAGES_DIR / f"{page}.py", args.runs)
            timings.append(timing)
            print(f"  {page}: done", flush=True)
        pack_times = time_pack(data_dir, args.pack_runs) if args.pack_runs else {}
        _clear_caches()  # drop our connection before the temporary folder goes

    print()
    print(format_table(timings, employees))
    print()
    tier = targets_for(employees)
    if tier:
        print(f"Targets for {employees:,} employees: cold <= {tier[0]:g} s, warm <= {tier[1]:g} s (medians).")
        missed = [t.name for t in timings if t.ok and (statistics.median(t.cold) > tier[0]
                                                       or statistics.median(t.warm) > tier[1])]
        print("Pages missing a target: " + (", ".join(missed) if missed else "none"))
    else:
        print(f"No targets set above {TARGETS[-1][0]:,} employees.")
    for fmt, seconds in pack_times.items():
        median = statistics.median(seconds)
        print(f"Full board pack ({fmt}, all ten dimensions, {len(seconds)} runs): median {median:.2f} s "
              f"(min {min(seconds):.2f}, max {max(seconds):.2f}); target <= {PACK_TARGET_S:g} s at demo size: "
              f"{'yes' if median <= PACK_TARGET_S else 'NO'}")
    failed = [t.name for t in timings if t.error]
    if failed:
        print("Pages with errors: " + ", ".join(failed))
    print(f"Peak RSS of this process: {_peak_rss_mb():,.0f} MB · version file size: {size / 1e6:,.1f} MB "
          f"({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
