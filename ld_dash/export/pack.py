"""The board pack: the dashboard's story for one set of filters, as content that renders to PPTX and PDF.

`build_pack` computes everything once (KPIs, scores, findings, suppressed chart data, chart images) into a
`Pack`; `ld_dash.export.slides` and `ld_dash.export.pdf` only lay it out. Nothing here formats SQL or
re-derives a metric: every number comes from the same functions the pages use, so the pack and the
screen cannot disagree, and suppression applies to the pack exactly as on screen.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Literal

import duckdb
import pandas as pd
import plotly.graph_objects as go
from pydantic import BaseModel, field_validator

from ld_dash import figures, privacy
from ld_dash.periods import fiscal_year_bounds, latest_complete_quarter
from ld_dash.kpi_tables import definitions_frame, kpi_rows
from ld_dash.dimensions import DIMENSIONS, dimension, how_many
from ld_dash.disclosure import disclosure_frame, human_capital
from ld_dash.export import images
from ld_dash.filters import ComparisonKind, Filters, PeriodKind, period_filters
from ld_dash.formatting import count_of, format_value
from ld_dash import dimensions
from ld_dash.metrics import roi_model, views
from ld_dash.metrics.engine import Window
from ld_dash.scoring import (Alignment, DimensionScore, ScoredKpi, alignment_frame, alignment_from,
                             filtered_scores_note, format_score, status_counts,
                             score_change,
                             dimension_score, scored_kpis, strongest_and_weakest)
from ld_dash.settings import Settings

Progress = Callable[[float, str], None]

ALL_DIMENSIONS: tuple[str, ...] = tuple(d.slug for d in DIMENSIONS)
DEFINITION_ROWS_PER_SLIDE = 8  # at 11 pt, readable on a projector (9 pt was not)
CHART_SIZE_IN = (5.7, 4.2)  # width, height of a chart on a 16:9 slide, in inches
RADAR_SIZE_IN = (5.7, 4.9)


class PackOptions(BaseModel, frozen=True):
    """What a pack covers; every field has the default a quarterly cron job wants."""

    period: PeriodKind = "fytd"
    comparison: ComparisonKind = "prior_year"
    fiscal_year_start: dt.date | None = None  # a day in the fiscal year; default: the data's as-of year
    quarter: int | None = None  # with period "quarter"; None: the latest whole quarter of the fiscal year
    start: dt.date | None = None  # custom period only
    end: dt.date | None = None
    business_units: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    job_levels: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ALL_DIMENSIONS

    @field_validator("dimensions")
    @classmethod
    def _known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [slug for slug in value if slug not in ALL_DIMENSIONS]
        if unknown:
            raise ValueError(f"unknown dimension(s) {', '.join(unknown)}; choose from {', '.join(ALL_DIMENSIONS)}")
        # Registry order, whatever order they were given in.
        return tuple(slug for slug in ALL_DIMENSIONS if slug in value)

    @field_validator("quarter")
    @classmethod
    def _quarter(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 4:
            raise ValueError("quarter must be 1, 2, 3 or 4")
        return value

    def filters(self, as_of: dt.date, start_month: int) -> Filters:
        custom = None
        if self.period == "custom":
            if self.start is None or self.end is None:
                raise ValueError("a custom period needs a start and an end date")
            custom = (self.start, self.end)
        fy_start = fiscal_year_bounds(self.fiscal_year_start or as_of, start_month)[0]
        quarter = self.quarter or latest_complete_quarter(fy_start, as_of)
        return period_filters(self.period, as_of, start_month, comparison=self.comparison,
                              fiscal_year_start=self.fiscal_year_start, quarter=quarter, custom=custom,
                              business_units=self.business_units, regions=self.regions,
                              job_levels=self.job_levels)


class PackTable(BaseModel, frozen=True):
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    numeric: tuple[bool, ...]  # right-align these columns
    pt: int = 10  # font size: tables are read across a boardroom, definitions only up close


class Block(BaseModel, frozen=True):
    heading: str | None = None
    table: PackTable | None = None
    bullets: tuple[str, ...] = ()
    image: bytes | None = None  # PNG
    figure: int | None = None  # while building: which of the builder's figures becomes `image`
    caption: str | None = None


class Slide(BaseModel, frozen=True):
    kind: Literal["title", "content"]
    title: str
    subtitle: str | None = None
    left: Block = Block()
    right: Block | None = None  # None: the left block takes the full width


class Pack(BaseModel, frozen=True):
    organisation: str
    period: str  # "FY2026 to date (01 Jan 2026 – 31 Oct 2026)"
    comparison: str
    scope: str
    as_of: dt.date
    source: str
    generated_at: dt.datetime
    slides: tuple[Slide, ...]

    @property
    def footer(self) -> str:
        return f"{self.organisation} · {self.period} · {self.scope} · data as of {self.as_of:%d %b %Y}"


# No change column: a slide's half width holds seven, and the change is the value against the comparison.
KPI_COLUMNS = ["Measure", "Value", "Comparison", "Plan", "Against plan", "Year-end forecast", "Status"]
DEFINITION_COLUMNS = ["Metric", "Dimension", "Formula", "Direction", "Default target"]


def _table(columns: list[str], rows: list[list[str]], widths: list[float], numeric: list[bool],
           pt: int = 10) -> PackTable:
    return PackTable(columns=tuple(columns), rows=tuple(tuple(r) for r in rows), widths=tuple(widths),
                     numeric=tuple(numeric), pt=pt)


def kpi_table(kpis: list[ScoredKpi], currency: str) -> PackTable:
    """Measure, value, plan, standing against plan, year-end forecast and status: the page's own rows."""
    rows = kpi_rows(kpis, currency)[KPI_COLUMNS]
    return _table(KPI_COLUMNS, rows.values.tolist(), [2.1, 0.9, 1.35, 0.9, 1.3, 1.0, 0.8],
                  [False, True, True, True, True, True, False])


def alignment_table(result: Alignment) -> PackTable:
    frame = alignment_frame(result)
    rows = [[r.dimension, "–" if pd.isna(r.score) else f"{r.score:.0f}",
             "–" if pd.isna(r.comparison_score) else f"{r.comparison_score:.0f}",
             "–" if pd.isna(r.change) else f"{r.change:+.0f}", r.status,
             f"{r.metrics_on_track} of {r.metrics}"] for r in frame.itertuples()]
    return _table(["Dimension", "Score", "Comparison", "Change", "Status", "Metrics on track"], rows,
                  [2.4, 0.8, 1.1, 0.8, 1.0, 1.3], [False, True, True, True, False, True])


def disclosure_table(frame: pd.DataFrame, currency: str) -> PackTable:
    rows = [[r.measure, "Too few people" if r.suppressed else format_value(r.value, r.unit, currency),
             "–" if pd.isna(r.n) else f"{r.n:,.0f}", r.reference, r.note] for r in frame.itertuples()]
    return _table(["Measure", "Value", "n", "Standard", "Definition"], rows, [3.2, 1.3, 0.8, 1.5, 4.6],
                  [False, True, True, False, False], pt=11)


def definitions_tables(slugs: tuple[str, ...], currency: str) -> list[PackTable]:
    """The definitions page's rows for the chosen dimensions, a slide's worth at a time."""
    titles = [dimension(slug).title for slug in slugs]
    frame = definitions_frame(currency)
    frame = frame[frame["Dimension"].isin(titles)].sort_values(
        "Dimension", key=lambda d: d.map(titles.index), kind="stable")
    rows = frame[DEFINITION_COLUMNS].values.tolist()
    chunks = [rows[i:i + DEFINITION_ROWS_PER_SLIDE] for i in range(0, len(rows), DEFINITION_ROWS_PER_SLIDE)]
    return [_table(DEFINITION_COLUMNS, chunk, [2.0, 1.5, 5.6, 1.3, 1.2], [False, False, False, False, True], pt=11)
            for chunk in chunks]


def frame_table(frame: pd.DataFrame, columns: dict[str, views.Column], currency: str) -> PackTable:
    """A view's table (already suppressed) as the page shows it: the same text, cell for cell."""
    text = views.shown_table(frame, columns, currency)
    shown = [c for c in columns if c in frame.columns and columns[c].on_page]
    numeric = [columns[c].unit not in (None, "date") for c in shown]
    return _table(list(text.columns), text.values.tolist(), [2.0 if not n else 1.0 for n in numeric], numeric,
                  pt=9)


class _Builder:
    """Holds what every slide needs, so each slide function stays short."""

    def __init__(self, con: duckdb.DuckDBPyConnection, filters: Filters, settings: Settings,
                 progress: Progress):
        self.con, self.filters, self.settings, self.progress = con, filters, settings, progress
        self.window = Window.of(filters, settings)
        self.cur = settings.currency
        self.figures: list[go.Figure] = []

    def scores(self) -> Alignment:
        self.kpis = {d.slug: scored_kpis(self.con, d.slug, self.filters, self.settings) for d in DIMENSIONS}
        self.dimension_scores: dict[str, DimensionScore] = {
            d.slug: dimension_score(d, self.kpis[d.slug]) for d in DIMENSIONS}
        return alignment_from(list(self.dimension_scores.values()))

    def findings(self, slug: str) -> list[str]:
        # The page adds "weakest against plan"; on a slide the KPI table beside it already says so.
        return list(dimensions.dimension(slug).findings(self.con, self.window, [k.kpi for k in self.kpis[slug]],
                                                        self.settings))

    def figure(self, fig: go.Figure, size: tuple[float, float], margin: int = 10) -> int:
        """Queue a figure for drawing (all are drawn together, in parallel); returns its number."""
        self.figures.append(images.for_print(fig, width_in=size[0], height_in=size[1], margin=margin))
        return len(self.figures) - 1

    def chart(self, slug: str, size: tuple[float, float] = CHART_SIZE_IN) -> tuple[int | None, str | None]:
        dimension = dimensions.dimension(slug)  # the one chart that tells its story best to a board
        spec = dimension.chart(dimension.key_chart)
        frame = views.load(spec, self.con, self.window, minimum=self.settings.min_group_size)
        spec, frame, note = for_slot(spec, frame, size[0])
        caption = spec.title + (f" ({note})" if note else "")
        return self.figure(figures.view_figure(spec, frame, self.kpis[slug]), size), caption


MAX_BARS = 15  # bars a slide's chart names legibly
LABEL_PX_PER_CHAR = 7.2  # a 12 px sans-serif label, on average
PLOT_MARGIN_PX = 90  # axis labels and padding inside a chart's picture


def for_slot(spec: views.ChartSpec, frame: pd.DataFrame,
             width_in: float) -> tuple[views.ChartSpec, pd.DataFrame, str | None]:
    """A page chart laid out for its place on a slide: at most MAX_BARS bars (the first ones in the page's
    order, which puts what matters first, with a note saying how many there are), and bars laid
    sideways when their names would not fit under them."""
    if spec.mark != "bar" or frame.empty:
        return spec, frame, None
    x = spec.options["x"]
    names = list(dict.fromkeys(frame[x]))
    note = None
    if len(names) > MAX_BARS:
        note = f"the first {MAX_BARS} of {len(names)}, in the page's order; the page shows all"
        names = names[:MAX_BARS]
        frame = frame[frame[x].isin(names)]
    room = (width_in * images.CSS_DPI - PLOT_MARGIN_PX) / max(1, len(names))
    longest = max(len(str(name)) for name in names) * LABEL_PX_PER_CHAR
    if not spec.options.get("horizontal") and longest > room:
        spec = dataclasses.replace(spec, options={**spec.options, "horizontal": True})
    return spec, frame, note


def _title_slide(b: _Builder, organisation: str, as_of: dt.date, source: str) -> Slide:
    f = b.filters
    return Slide(kind="title", title=f"Learning & Development alignment: {f.label}", subtitle=organisation,
                 left=Block(bullets=(
                     f"Period: {f.start:%d %b %Y} – {f.end:%d %b %Y}, compared with the {f.compare_label} "
                     f"({f.compare_start:%d %b %Y} – {f.compare_end:%d %b %Y})",
                     f"Scope: {f.scope_label()}",
                     f"Data as of {as_of:%d %b %Y} · source: {source}",
                     f"Groups of fewer than {b.settings.min_group_size} people are suppressed throughout.",
                     *filter(None, [privacy.left_out(b.con, f.business_units, f.regions, f.job_levels,
                                                     f.end).sentence()]))))


def _messages_slide(b: _Builder, result: Alignment) -> Slide:
    strongest, weakest = strongest_and_weakest(result, b.filters.compare_label, b.cur)
    return Slide(kind="content", title="Main messages",
                 subtitle="The three metrics furthest above plan and the three furthest below, across all "
                          f"{how_many()} dimensions",
                 left=Block(heading="Strongest points", bullets=tuple("▲ " + s for s in strongest)),
                 right=Block(heading="Weakest points", bullets=tuple("▼ " + s for s in weakest)))


def _alignment_slide(b: _Builder, result: Alignment) -> Slide:
    index = format_score(result.index)
    moved = score_change(result.index, result.comparison_index)
    change = "" if moved is None else f", {moved:+.0f} points on the {b.filters.compare_label}"
    frame = alignment_frame(result)
    # Wide margins: the radar's axis labels sit outside its plot area.
    radar = b.figure(figures.alignment_radar(frame, b.filters), RADAR_SIZE_IN, margin=80)
    return Slide(kind="content", title=f"Alignment index {index} ({result.status}){change}",
                 subtitle="Each dimension scores 0-100 from its metrics against plan; the index is their mean",
                 left=Block(table=alignment_table(result), bullets=(
                     status_counts(result) + ".", *filter(None, [filtered_scores_note(result)]))),
                 right=Block(figure=radar, caption="Alignment profile: this period against the comparison"))


def _dimension_slide(b: _Builder, slug: str) -> Slide:
    d, score = dimension(slug), b.dimension_scores[slug]
    points = "no score" if score.score is None else f"{format_score(score.score)}, {score.status}"
    if len(score.scored) < len(score.kpis) and any(k.kpi.ignores_filter for k in score.kpis):
        points += f" (on {len(score.scored)} of {count_of(len(score.kpis), 'metric')})"
    chart, caption = b.chart(slug)
    return Slide(kind="content", title=f"{d.title}: {points}", subtitle=d.question,
                 left=Block(table=kpi_table(b.kpis[slug], b.cur), bullets=tuple(b.findings(slug))),
                 right=Block(figure=chart, caption=caption))


def roi_result_table(result: roi_model.Result, currency: str) -> PackTable:
    money = lambda v: format_value(v, "currency", currency)  # noqa: E731
    rows = [["Return on investment (ROI)", format_value(result.roi, "pct")],
            ["Benefit-cost ratio", "–" if result.bcr is None else f"{result.bcr:.2f}"],
            ["Payback", "not paid back" if result.payback_months is None else f"{result.payback_months:.0f} months"],
            [roi_model.LEARNING_YEAR_COST, money(result.cost)],
            ["  of which programme costs", money(result.programme_cost)],
            ["  of which participants' time", money(result.time_cost)],
            ["Isolated benefits", money(result.benefit)],
            ["  retention (avoided leavers)", money(result.retention_benefit)],
            ["  productivity (goal attainment)", money(result.productivity_benefit)],
            ["  innovation (valued ideas)", money(result.innovation_benefit)],
            ["Net benefit", money(result.net_benefit)]]
    return _table(["Learning year result", "Saved assumptions"], rows, [3.0, 1.6], [False, True])


def _roi_slides(b: _Builder) -> list[Slide]:
    from ld_dash.metrics import roi

    evidence, assumptions, result = roi.saved(b.con, b.window)
    waterfall = b.figure(figures.view_figure(roi.DIMENSION.chart("waterfall"), roi.waterfall(b.con, b.window), []),
                         CHART_SIZE_IN)
    spec = roi.DIMENSION.table("assumptions")
    register = views.load(spec, b.con, b.window, minimum=b.settings.min_group_size)
    year = f"{evidence.learning_start:%d %b %Y} – {evidence.learning_end:%d %b %Y}"
    return [
        Slide(kind="content", title=f"ROI of the learning year: {format_value(result.roi, 'pct')}",
              subtitle=f"Learning {year} against what its participants did afterwards; a benefit counts only "
                       "when its 95% interval excludes zero (Phillips)",
              left=Block(table=roi_result_table(result, b.cur), bullets=tuple(b.findings("roi"))),
              right=Block(figure=waterfall, caption="From fully loaded cost to net benefit")),
        Slide(kind="content", title="ROI assumptions register",
              subtitle="Every figure the ROI uses, its saved value, the range tested and its source",
              left=Block(table=frame_table(register, spec.columns, b.cur))),
    ]


def _disclosure_slide(b: _Builder) -> Slide:
    frame = disclosure_frame(human_capital(b.con, b.window, b.settings))
    return Slide(kind="content", title="Human-capital disclosure (ISO 30414 / GRI 404 style)",
                 subtitle=f"{b.filters.label}; rates are for the period, not annualised",
                 left=Block(table=disclosure_table(frame, b.cur)))


def _definition_slides(b: _Builder, slugs: tuple[str, ...]) -> list[Slide]:
    tables = definitions_tables(slugs, b.cur)
    return [Slide(kind="content", title=f"Appendix: metric definitions ({i} of {len(tables)})",
                  subtitle="Every metric in this pack, as defined in the dashboard's catalog",
                  left=Block(table=table)) for i, table in enumerate(tables, start=1)]


def _with_images(slide: Slide, pngs: list[bytes]) -> Slide:
    def fill(block: Block | None) -> Block | None:
        if block is None or block.figure is None:
            return block
        return block.model_copy(update={"image": pngs[block.figure], "figure": None})
    return slide.model_copy(update={"left": fill(slide.left), "right": fill(slide.right)})


_SCOPE_COLUMNS = {"business_units": ("business_unit", "business unit"), "regions": ("region", "region"),
                  "job_levels": ("job_level", "job level")}


def check_scope(con: duckdb.DuckDBPyConnection, options: PackOptions) -> None:
    """A unit, region or level the data does not have is an error naming the ones it has: a typo in a
    cron line must not build a scored pack about nobody."""
    for field, (column, name) in _SCOPE_COLUMNS.items():
        asked = getattr(options, field)
        if not asked:
            continue
        # The column name comes from the fixed table above, never from the user; the values are bound.
        known = [r[0] for r in con.cursor().execute(
            f"SELECT DISTINCT {column} FROM employees WHERE {column} IS NOT NULL ORDER BY 1").fetchall()]
        unknown = [value for value in asked if value not in known]
        if unknown:
            raise ValueError(f"no {name} {', '.join(repr(u) for u in unknown)} in the data; the {name}s are: "
                             f"{', '.join(known) or 'none'}")


def build_pack(con: duckdb.DuckDBPyConnection, options: PackOptions, settings: Settings, *,
               as_of: dt.date, source: str, organisation: str | None = None,
               progress: Progress = lambda fraction, message: None,
               renderer: images.Renderer | None = None) -> Pack:
    """Compute every slide of the pack for `options` on the data in `con`, charts drawn as PNG.

    Pass a `Renderer` to keep its browser for the PDF afterwards; otherwise one is started (in the
    background, while the numbers are computed) and closed here.
    """
    check_scope(con, options)
    own = renderer is None
    renderer = renderer or images.Renderer()
    try:
        slides, filters, pngs = _slides(con, options, settings, as_of, source, organisation, progress, renderer)
    finally:
        if own:
            renderer.close()
    return Pack(organisation=organisation or settings.organisation_name,
                period=f"{filters.label} ({filters.start:%d %b %Y} – {filters.end:%d %b %Y})",
                comparison=filters.compare_label, scope=filters.scope_label(), as_of=as_of, source=source,
                generated_at=dt.datetime.now().replace(microsecond=0),
                slides=tuple(_with_images(s, pngs) for s in slides))


def _slides(con: duckdb.DuckDBPyConnection, options: PackOptions, settings: Settings, as_of: dt.date,
            source: str, organisation: str | None, progress: Progress,
            renderer: images.Renderer) -> tuple[list[Slide], Filters, list[bytes]]:
    slides, filters, b = _compose(con, options, settings, as_of, source, organisation, progress)
    progress((len(options.dimensions) + 2) / (len(options.dimensions) + 3), f"Drawing {len(b.figures)} charts")
    pngs = renderer.pngs(b.figures)
    progress(1.0, "Pack computed")
    return slides, filters, pngs


def pack_figures(con: duckdb.DuckDBPyConnection, options: PackOptions, settings: Settings,
                 as_of: dt.date) -> list[tuple[str, go.Figure]]:
    """Every chart of the pack at its slot size, with the title of its slide (tests check the layout)."""
    slides, _, b = _compose(con, options, settings, as_of, "check", None, lambda fraction, message: None)
    titles = {block.figure: slide.title for slide in slides for block in (slide.left, slide.right)
              if block is not None and block.figure is not None}
    return [(titles.get(i, f"chart {i}"), figure) for i, figure in enumerate(b.figures)]


def _compose(con: duckdb.DuckDBPyConnection, options: PackOptions, settings: Settings, as_of: dt.date,
             source: str, organisation: str | None, progress: Progress) -> tuple[list[Slide], Filters, _Builder]:
    filters = options.filters(as_of, settings.fiscal_year_start_month)
    b = _Builder(con, filters, settings, progress)
    steps = 3 + len(options.dimensions)
    progress(0.0, f"Scoring the {how_many()} dimensions")
    result = b.scores()
    slides = [_title_slide(b, organisation or settings.organisation_name, as_of, source),
              _messages_slide(b, result), _alignment_slide(b, result)]
    for i, slug in enumerate(options.dimensions, start=1):
        progress(i / steps, f"{dimension(slug).title}: figures, findings and chart data")
        slides.append(_dimension_slide(b, slug))
    progress((steps - 2) / steps, "ROI summary and human-capital disclosure")
    if "roi" in options.dimensions:
        slides.extend(_roi_slides(b))
    slides.append(_disclosure_slide(b))
    slides.extend(_definition_slides(b, options.dimensions))
    return slides, filters, b
