"""Import throughput: `python -m ld_dash.ingest.bench --rows 1000000 [--runs 3]`.

Builds a small demo organisation, writes an enrolments CSV of the given size that refers to its
employees and programmes, and times a full validated import (read, map, validate, publish).
Prints rows per minute; asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ld_dash import demo, store
from ld_dash.ingest.batch import ImportItem, import_batch
from ld_dash.ingest.mapping import Mapping


def enrolments_csv(data_dir: Path, rows: int, path: Path, seed: int = 7) -> Path:
    con = store.connect(store.require_version(data_dir))
    employees = np.array([r[0] for r in con.execute("SELECT employee_id FROM employees").fetchall()])
    programs = np.array([r[0] for r in con.execute("SELECT program_id FROM programs").fetchall()])
    con.close()
    rng = np.random.default_rng(seed)
    enrolled = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 900, rows), unit="D")
    done = rng.random(rows) < 0.7
    completed = (enrolled + pd.to_timedelta(rng.integers(1, 90, rows), unit="D")).strftime("%Y-%m-%d")
    pd.DataFrame({
        "enrollment_id": [f"BENCH{i:08d}" for i in range(rows)],
        "employee_id": rng.choice(employees, rows), "program_id": rng.choice(programs, rows),
        "enrolled_on": enrolled.strftime("%Y-%m-%d"), "due_on": "",
        "completed_on": np.where(done, completed, ""), "status": np.where(done, "completed", "enrolled"),
        "learning_hours": rng.integers(1, 16, rows), "pre_score": "", "post_score": "",
    }).to_csv(path, index=False)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ld_dash.ingest.bench", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ld-dash-import-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        demo.publish_demo(data_dir, employees=2000, years=3, seed=42)
        csv = enrolments_csv(data_dir, args.rows, Path(tmp) / "enrollments.csv")
        print(f"{args.rows:,} enrolment rows, {csv.stat().st_size / 1e6:.0f} MB CSV")
        times = []
        for run in range(args.runs):
            start = time.perf_counter()
            # Replacing the demo's enrolments orphans its feedback: intended here, so confirmed.
            result = import_batch([ImportItem(path=csv, mapping=Mapping(table="enrollments"))], data_dir,
                                  confirm_losses=True)
            times.append(time.perf_counter() - start)
            print(f"run {run + 1}: {times[-1]:.1f} s, {result.items[0].rows_loaded:,} rows published")
        median = statistics.median(times)
        print(f"median {median:.1f} s = {args.rows / median * 60:,.0f} rows per minute "
              f"(target ≥ 1,000,000) validated and published")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
