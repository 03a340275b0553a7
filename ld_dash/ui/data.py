"""Connections and caches, keyed by data version, filters and settings (never by a DataFrame)."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import streamlit as st

from ld_dash import privacy, quality, store
from ld_dash.dimensions import DIMENSIONS, dimension
from ld_dash.formatting import escape_markdown
from ld_dash.filters import Filters, period_filters
from ld_dash.periods import fiscal_year_bounds
from ld_dash import dimensions
from ld_dash.metrics import views
from ld_dash.metrics.engine import Window
from ld_dash.scoring import Alignment, ScoredKpi, alignment_from, dimension_score, scored_kpis
from ld_dash.settings import Settings, get_settings

FILTERS_KEY = "filters"
CHOICE_KEY = "filter_choice"


def version_or_stop(warn: bool = True) -> store.Version:
    """The data version to serve; a friendly stop when there is none yet or none can be read.

    A damaged current version falls back to the previous one, and the page says so (`warn`: the sidebar
    asks silently, so the warning shows once, on the page).
    """
    try:
        version, warning = store.serving_version()
    except store.NoDataVersion as exc:
        st.error(f"The data cannot be shown: {escape_markdown(exc)}", icon=":material/error:")
        st.stop()
    if warning and warn:
        st.warning(escape_markdown(warning), icon=":material/warning:")
    if version is None:
        _no_data_yet()  # stops: never a demo generated behind the user's back
    if store.needs_refresh(connection(version)):
        version = _refresh_once()
    if warn and dataset_info(version.name, str(version.path))["source"] == store.EMPTY_SOURCE:
        st.info("This organisation has no data yet. An L&D admin imports the HR, learning and survey exports "
                "on the **Data and imports** page (or with `python -m ld_dash import`); every page fills in "
                "as the tables arrive.", icon=":material/inbox:")
    return version


def _no_data_yet() -> None:
    """A data folder with nothing in it: say what to do, and let an admin choose the demo or an empty start."""
    from ld_dash.ui import auth

    st.title("No data yet")
    st.write("This dashboard has no data to show. It can start with a synthetic demo organisation, to look "
             "around, or empty, for your own organisation's exports (no demo row is ever mixed into them).")
    if not auth.current_access().is_admin:
        st.info("Ask your L&D admin to load the data.", icon=":material/hourglass_empty:")
        st.stop()
    demo, own = st.columns(2)
    if demo.button("Show the demo organisation", icon=":material/science:", key="no-data-demo"):
        _generate_demo_once()
        st.rerun()
    if own.button("Start with my own data (empty)", icon=":material/inbox:", key="no-data-empty"):
        store.publish_empty(get_settings().own_organisation_name)
        st.rerun()
    st.caption("From a terminal: `python -m ld_dash demo` or `python -m ld_dash init --empty`.")
    st.stop()


def _refresh_once() -> store.Version:
    """Data published by another release lacks this release's summary tables: rebuild them once."""
    with st.status("Updating the data's summary tables for this release of ld-dash…") as status:
        try:
            version = store.refresh_derived()
        except store.ImportAlreadyRunning:
            st.info("An import or update is running; reload this page in a few seconds.")
            st.stop()
        status.update(label="Data updated", state="complete", expanded=False)
    return version


def _generate_demo_once() -> store.Version:
    """A fresh clone has no data: build the demo organisation, showing progress, then carry on."""
    from ld_dash import demo

    settings = get_settings()
    with st.status("First start: generating the demo organisation…", expanded=True) as status:
        try:
            version = demo.publish_demo(settings.data_dir, employees=settings.demo_employees,
                                        years=settings.demo_years, seed=settings.demo_seed,
                                        progress=st.write)
        except store.ImportAlreadyRunning:
            status.update(label="The demo organisation is being generated in another session", state="running")
            st.info("Reload this page in a few seconds.")
            st.stop()
        status.update(label="Demo organisation ready", state="complete", expanded=False)
    return version


@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(version_name: str, path: str) -> duckdb.DuckDBPyConnection:
    # One read-only connection per version; a new version has a new name, so a new connection.
    return store.connect(store.Version(name=version_name, path=path))


def connection(version: store.Version) -> duckdb.DuckDBPyConnection:
    return _connection(version.name, str(version.path))


@st.cache_data(max_entries=16, show_spinner=False)
def dataset_info(version_name: str, path: str) -> dict:
    con = _connection(version_name, path)
    row = con.cursor().execute("SELECT as_of, source, organisation_name FROM dataset_info LIMIT 1").fetchone()
    if row is None:
        return {"as_of": dt.date.today(), "source": "unknown", "organisation_name": get_settings().organisation_name}
    return {"as_of": row[0], "source": row[1], "organisation_name": row[2]}


@st.cache_data(max_entries=16, show_spinner=False)
def _coverage(version_name: str, path: str) -> list[quality.TableCoverage]:
    return quality.coverage(_connection(version_name, path))


@st.cache_data(max_entries=16, show_spinner=False)
def filter_options(version_name: str, path: str) -> dict[str, list]:
    cur = _connection(version_name, path).cursor()
    def values(column: str) -> list[str]:
        return [r[0] for r in cur.execute(
            f"SELECT DISTINCT {column} FROM employees WHERE {column} IS NOT NULL ORDER BY 1").fetchall()]
    first_hire, as_of = cur.execute(
        "SELECT (SELECT min(hire_date) FROM employees), (SELECT max(as_of) FROM dataset_info)").fetchone()
    first_activity = cur.execute("SELECT min(enrolled_on) FROM enrollments").fetchone()[0]
    # An organisation that has imported no enrolments (or nobody yet) still has its as-of date to start from.
    return {"business_units": values("business_unit"), "regions": values("region"),
            "job_levels": values("job_level"), "first_day": first_activity or first_hire or as_of}


def default_filters(version: store.Version, settings: Settings | None = None) -> Filters:
    settings = settings or get_settings()
    as_of = dataset_info(version.name, str(version.path))["as_of"]
    return period_filters("fytd", as_of, settings.fiscal_year_start_month)


def current_filters(version: store.Version) -> Filters:
    """Filters chosen in the sidebar, or the default (fiscal year to date) when a page runs alone."""
    chosen = st.session_state.get(FILTERS_KEY)
    return chosen if isinstance(chosen, Filters) else default_filters(version)


@st.cache_data(max_entries=256, show_spinner=False)
def _kpis(version_name: str, path: str, filters_json: str, settings_json: str, slug: str) -> list[ScoredKpi]:
    settings = Settings.model_validate_json(settings_json)
    return scored_kpis(_connection(version_name, path), slug, Filters.model_validate_json(filters_json), settings)


def _alignment(version_name: str, path: str, filters_json: str, settings_json: str) -> Alignment:
    # Built from the same per-dimension cache the dimension pages fill, so each is computed once.
    return alignment_from([dimension_score(d, _kpis(version_name, path, filters_json, settings_json, d.slug))
                           for d in DIMENSIONS])


@st.cache_data(max_entries=512, show_spinner=False)
def _view(version_name: str, path: str, filters_json: str, settings_json: str, slug: str, key: str,
          kind: str) -> pd.DataFrame:
    settings = Settings.model_validate_json(settings_json)
    filters = Filters.model_validate_json(filters_json)
    dimension = dimensions.dimension(slug)
    view = dimension.chart(key) if kind == "chart" else dimension.table(key)
    return views.load(view, _connection(version_name, path), Window.of(filters, settings),
                      minimum=settings.min_group_size)


@st.cache_data(max_entries=256, show_spinner=False)
def _findings(version_name: str, path: str, filters_json: str, settings_json: str, slug: str) -> list[str]:
    settings = Settings.model_validate_json(settings_json)
    filters = Filters.model_validate_json(filters_json)
    kpis = _kpis(version_name, path, filters_json, settings_json, slug)
    return dimensions.dimension(slug).findings(_connection(version_name, path), Window.of(filters, settings),
                                               [k.kpi for k in kpis], settings)


@st.cache_data(max_entries=256, show_spinner=False)
def _left_out(version_name: str, path: str, filters_json: str) -> privacy.LeftOut:
    f = Filters.model_validate_json(filters_json)
    return privacy.left_out(_connection(version_name, path), f.business_units, f.regions, f.job_levels, f.end)


class Scope:
    """What every cached call is keyed by: data version, filters and settings.

    The role is not in the key because it narrows nothing here: viewers and L&D admins see the same
    aggregates. What only admins see (data status, import history) is read on the admin-only Data page.
    """

    def __init__(self, version: store.Version, filters: Filters, settings: Settings | None = None):
        self.version = version
        self.filters = filters
        self.settings = settings or get_settings()
        self._key = (version.name, str(version.path), filters.model_dump_json(), self.settings.public_json())

    def kpis(self, slug: str) -> list[ScoredKpi]:
        return _kpis(*self._key, slug)

    def alignment(self) -> Alignment:
        return _alignment(*self._key)

    def chart_data(self, slug: str, key: str) -> pd.DataFrame:
        return _view(*self._key, slug, key, "chart")

    def table_data(self, slug: str, key: str) -> pd.DataFrame:
        return _view(*self._key, slug, key, "table")

    def findings(self, slug: str) -> list[str]:
        return _findings(*self._key, slug)

    def fiscal_year(self) -> tuple[dt.date, dt.date]:
        return fiscal_year_bounds(self.filters.end, self.settings.fiscal_year_start_month)

    def left_out(self) -> privacy.LeftOut:
        """Who the filtered view leaves out for privacy (privacy.py), for the page to say."""
        return _left_out(*self._key[:3])

    def caption(self) -> None:
        """Period, comparison and scope under a page's title, and what the filtered view leaves out."""
        f = self.filters
        rounded = (" · counts rounded to the nearest 5 for privacy"
                   if f.business_units or f.regions or f.job_levels else "")
        st.caption(f"{f.label} ({f.start:%d %b %Y} – {f.end:%d %b %Y}) · compared with the {f.compare_label} · "
                   f"{escape_markdown(f.scope_label())}{rounded}")
        note = self.left_out().sentence()
        if note:
            st.caption(f":material/lock: {escape_markdown(note)}")

    def coverage_notes(self, tables: tuple[str, ...]) -> list[str]:
        """What the data behind `tables` lacks for this period: from when to when it runs (quality.py)."""
        found = _coverage(self.version.name, str(self.version.path))
        return quality.coverage_warnings(found, tables, self.filters.start, self.filters.end)

    def title(self, slug: str) -> str:
        return dimension(slug).title
