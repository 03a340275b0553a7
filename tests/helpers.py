"""Build tiny, hand-checkable data versions for metric tests."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ld_dash import schema, store
from ld_dash.metrics.engine import Window

D = dt.date


def employee(employee_id: str, **overrides: Any) -> dict[str, Any]:
    """An employee row with dull defaults: employed since 2020, IC2, Sales, EMEA North."""
    row = dict(employee_id=employee_id, manager_id=None, business_unit="Sales", department="Field",
               region="EMEA North", job_level="IC2", role_family="Sales", is_people_leader=False,
               hire_date=D(2020, 1, 1), termination_date=None, termination_reason=None, annual_salary=50_000.0)
    row.update(overrides)
    return row


def program(program_id: str, **overrides: Any) -> dict[str, Any]:
    row = dict(program_id=program_id, name=f"Programme {program_id}", category="Technical",
               delivery_mode="e-learning", objective_id=None, pathway_id=None, executive_sponsor_id=None,
               owner="Head of L&D", launched_on=D(2020, 1, 1), retired_on=None, review_cycle_months=12,
               is_compliance=False, is_leadership=False)
    row.update(overrides)
    return row


def enrollment(enrollment_id: str, employee_id: str, program_id: str, **overrides: Any) -> dict[str, Any]:
    row = dict(enrollment_id=enrollment_id, employee_id=employee_id, program_id=program_id,
               enrolled_on=D(2025, 1, 10), due_on=D(2025, 3, 1), completed_on=None, status="enrolled",
               learning_hours=2.0, pre_score=None, post_score=None)
    row.update(overrides)
    return row


def frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    columns = schema.columns(table)
    data = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    return data


def publish_tables(data_dir: Path, tables: dict[str, list[dict[str, Any]]],
                   as_of: dt.date = D(2025, 12, 31), *,
                   withhold_small_cells: bool = False) -> duckdb.DuckDBPyConnection:
    """Publish a version holding exactly these rows (other tables empty) and open it read-only.

    Hand-computed metric fixtures have a handful of people, so every cell (unit x region x level) is
    below the minimum group size and filtered views would count no one. They test the metric maths and
    the filters, so by default the version keeps every cell; the cell rule itself is tested on fixtures
    published with `withhold_small_cells=True` (tests/test_differencing.py).
    """
    tables = dict(tables)
    tables.setdefault("dataset_info", [dict(as_of=as_of, source="test fixture", organisation_name="Fixture Ltd",
                                            created_at=dt.datetime(2025, 12, 31))])
    with store.building(data_dir) as con:
        for table, rows in tables.items():
            if not rows:
                continue
            data = frame(table, rows)
            con.register("incoming", data)
            con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
            con.unregister("incoming")
    version = store.require_version(data_dir)
    if not withhold_small_cells:
        with duckdb.connect(str(version.path)) as writable:
            writable.execute("UPDATE scope_withheld SET cells = []")
    return store.connect(version)


def window(start: dt.date, end: dt.date, **scope: Any) -> Window:
    return Window(start=start, end=end, **scope)


def view_rows(slug: str, key: str, con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """A dimension's declared view (chart, or table where no chart has the key), before suppression."""
    from ld_dash import dimensions

    dimension = dimensions.dimension(slug)
    return (dimension.charts.get(key) or dimension.table(key)).fetch(con, window)


def shown_tables(at) -> list[pd.DataFrame]:  # noqa: ANN001 - a streamlit AppTest
    """The page's st.table frames as a reader sees them: Markdown escapes (and the word joiners that stop
    autolinks) removed from headers and cells."""
    import re

    def plain(text: object) -> str:
        return re.sub(r"\\(.)", r"\1", str(text)).replace("\u2060", "")

    return [t.value.map(plain).rename(columns=plain) for t in at.table]


def run_page_on(data_dir: Path, name: str, monkeypatch: Any) -> Any:
    """Run one page script (app_pages/<name>.py) over a data folder, with every cache cleared first."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LD_DASH_DATA_DIR", str(data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app_pages" / f"{name}.py"),
                           default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
