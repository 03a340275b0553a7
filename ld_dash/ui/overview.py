"""The overview page: alignment index, ten dimension scores, radar, movement and main messages."""
from __future__ import annotations

import streamlit as st

from ld_dash import figures
from ld_dash.scoring import (ON_TRACK_SCORE, WATCH_SCORE, alignment_frame, filtered_scores_note, format_score,
                             score_change, status_counts, strongest_and_weakest)
from ld_dash.ui import components
from ld_dash.dimensions import how_many
from ld_dash.ui.data import Scope, current_filters, version_or_stop

SCORE_HOW = (f"Each metric scores 0-100 from its value against plan: 50% of plan or worse scores 0, plan or "
             f"better 100, linearly between (for lower-is-better metrics, plan ÷ value). A dimension scores the "
             f"mean of its metrics with data; the alignment index is the mean of the {how_many()} dimensions. "
             f"Status: on track from {ON_TRACK_SCORE:.0f}, watch from {WATCH_SCORE:.0f}, off track below. "
             "The comparison scores the comparison period's values against the same plans.")


def overview() -> None:
    version = version_or_stop()
    scope = Scope(version, current_filters(version))
    f, settings = scope.filters, scope.settings
    st.title("Is our learning aligned with strategy?")
    scope.caption()
    with st.spinner(f"Scoring {how_many()} dimensions…"):
        result = scope.alignment()
    frame = alignment_frame(result)
    note = filtered_scores_note(result)
    if note:
        st.caption(note)

    left, right = st.columns([1, 2])
    with left, st.container(border=True):
        change = score_change(result.index, result.comparison_index)
        st.metric("Alignment index", format_score(result.index),
                  delta=None if change is None else f"{change:+.0f} points",
                  delta_description=f"vs {f.compare_label}" if change is not None else None,
                  help=SCORE_HOW)
        components.status_badge(result.status)
        st.caption(status_counts(result))
    with right:
        strongest, weakest = strongest_and_weakest(result, f.compare_label, settings.currency)
        with st.container(border=True):
            st.markdown("**Strongest points**")
            for sentence in strongest:
                st.text("▲ " + sentence)
            st.markdown("**Weakest points**")
            for sentence in weakest:
                st.text("▼ " + sentence)

    chart_left, chart_right = st.columns(2)
    with chart_left:
        components.chart_card(
            figures.alignment_radar(frame, f),
            title=f"Alignment profile across the {how_many()} dimensions", how=SCORE_HOW, key="overview-radar")
    with chart_right:
        components.chart_card(figures.alignment_scores(frame),
                              title="Dimension scores against plan (0-100)", how=SCORE_HOW,
                              key="overview-scores")

    with st.container(border=True):
        st.markdown("**Dimensions at a glance**")
        st.dataframe(
            frame.drop(columns=["slug"]), hide_index=True, placeholder="–",  # no score is a dash, not "None"
            column_config={
                "dimension": "Dimension",
                "score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%.0f"),
                "comparison_score": st.column_config.NumberColumn("Comparison", format="%.0f"),
                "change": st.column_config.NumberColumn("Change", format="%+.0f"),
                "status": "Status", "metrics_on_track": "Metrics on track", "metrics": "Metrics scored",
            })
        components.download_buttons(frame.drop(columns=["slug"]), "alignment-scores", "overview-scores-table")
