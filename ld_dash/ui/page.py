"""A dimension page reads like a report outline: open, kpis, findings, chart, breakdown."""
from __future__ import annotations

import streamlit as st

from ld_dash import figures
from ld_dash.dimensions import dimension
from ld_dash import dimensions
from ld_dash.results import missing_words
from ld_dash.scoring import ScoredKpi, counts_in_scores, kpi_sentence
from ld_dash.ui import auth, components
from ld_dash.formatting import escape_markdown
from ld_dash.ui.data import Scope, connection, current_filters, version_or_stop


class Page:
    def __init__(self, slug: str):
        self.access = auth.require_viewer()  # before anything reads data, whatever ran before this page
        self.slug = slug
        self.dimension = dimension(slug)
        self.version = version_or_stop()
        self.scope = Scope(self.version, current_filters(self.version))
        self.spec = dimensions.dimension(slug)
        self._kpis: list[ScoredKpi] | None = None

    @property
    def filters(self):  # noqa: ANN201
        return self.scope.filters

    def header(self) -> None:
        st.title(self.dimension.title)
        st.caption(self.dimension.question)
        self.scope.caption()
        for note in self.scope.coverage_notes(self.spec.needs):
            st.warning(escape_markdown(note), icon=":material/event_busy:")

    def scored(self) -> list[ScoredKpi]:
        if self._kpis is None:
            self._kpis = self.scope.kpis(self.slug)
        return self._kpis

    def columns(self, count: int = 2) -> list:
        """Side-by-side slots for charts."""
        return list(st.columns(count))

    def kpis(self) -> None:
        """The headline cards, then the dimension's supporting measures (all count in its score)."""
        items = [k for k in self.scored() if k.metric.headline]
        components.kpi_row(items, self.scope.settings, self.filters.compare_label,
                           leaves_out=self.scope.left_out().in_view)
        supporting = [k for k in self.scored() if not k.metric.headline]
        if supporting:
            components.supporting_table(supporting, self.scope.settings, key=f"{self.slug}-supporting")
        components.kpi_notes(self.scored(), self.scope.settings)

    def findings(self) -> None:
        cur = self.scope.settings.currency
        scored = [k for k in self.scored() if k.score is not None and counts_in_scores(k)]
        sentences = list(self.scope.findings(self.slug))
        if scored:
            weakest = min(scored, key=lambda k: k.score or 0.0)
            sentences.append("Weakest against plan: " + kpi_sentence(weakest, self.filters.compare_label, cur))
        components.findings_box(sentences)

    def chart(self, key: str, title: str | None = None) -> None:
        spec = self.spec.chart(key)
        frame = self.scope.chart_data(self.slug, key)
        fig = figures.view_figure(spec, frame, self.scored())
        components.chart_card(fig, title=title or spec.title, how=spec.how, key=f"{self.slug}-{key}",
                              note=self._missing_note(spec, frame))

    def breakdown(self, key: str, title: str | None = None) -> None:
        spec = self.spec.table(key)
        frame = self.scope.table_data(self.slug, key)
        components.table_card(frame, title=title or spec.title, how=spec.how, columns=spec.columns,
                              key=f"{self.slug}-{key}", settings=self.scope.settings,
                              note=self._missing_note(spec, frame))

    def _missing_note(self, spec, frame) -> str | None:  # noqa: ANN001 - a view spec and its rows
        """For a view without rows because a table it needs was never imported: which one."""
        missing = spec.missing(connection(self.version)) if frame.empty else ()
        return missing_words(missing) + "." if missing else None


def open(slug: str) -> Page:  # noqa: A001 - reads like the report outline in STYLE.md
    page = Page(slug)
    page.header()
    return page
