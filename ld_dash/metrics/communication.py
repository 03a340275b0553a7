"""Communication and visibility: do campaigns reach people and move them to enrol?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash.catalog import Metric, declare
from ld_dash.formatting import extremes, format_value
from ld_dash.metrics.engine import Window, annual_plan, run_sql
from ld_dash.results import MetricValue
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("communication.open_rate", label="Open rate",
            question="What share of recipients opened learning communications?",
            formula="opens / recipients, over sends in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.45, n_unit="campaigns", only_filters=("business_units",)),
    declare("communication.click_rate", label="Click rate",
            question="What share of recipients clicked through to learning?",
            formula="clicks / recipients, over sends in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.08, n_unit="campaigns", only_filters=("business_units",)),
    declare("communication.enrolment_lift", needs=('communications', 'employees', 'enrollments'), label="Enrolment lift after campaigns",
            question="How much do programme campaigns raise enrolment in the 14 days after they go out?",
            formula="enrolments in the 14 days after each programme campaign / (enrolments in the 28 days before × 14/28) − 1, pooled over campaigns in period",
            unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.50, n_unit="campaigns"),
    declare("communication.leadership_updates", label="Results reported to leadership",
            question="How often were learning results communicated to leadership?",
            formula="sends on the 'leadership update' channel in period",
            unit="count", higher_is_better=True, tdrp="efficiency", target=12.0, accumulates=True,
            scoped_by_people=False, n_unit="campaigns"),
    declare("communication.audience_reach", label="Audience reached",
            question="Of the employees each learning message was meant for, what share did it reach?",
            formula="recipients / employees of the send's audience on the send day (everyone, or its business unit), pooled over sends to learners in period (leadership updates excluded)",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.95, headline=False, n_unit="campaigns", only_filters=("business_units",)),
)
_OWN: dict[str, Metric] = {m.id: m for m in METRICS}

LEADERSHIP_CHANNEL = "leadership update"
AUDIENCE_RULE = ("A send with no audience unit went to everyone and is always included; with a business-unit "
                 "filter, sends to the selected units are included too. Sends record only an audience unit, so "
                 "the region and level filters do not narrow them.")


SENT = "Leadership updates sent"
PLANNED = "Plan"


def leadership_updates_by_month(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Leadership updates per calendar month of the period, with running totals of sends and of the plan
    (each month 1/12 of the annual plan of the fiscal year it falls in, from metric_plans)."""
    frame = run_sql(con, "communication/leadership_updates_by_month.sql", window.params())
    if frame.empty:
        return frame
    spec = _OWN["communication.leadership_updates"]
    plans = [annual_plan(con, spec, pd.Timestamp(m).date()) for m in frame["month"]]
    frame["plan"] = [p / 12 for p in plans]
    frame["plan_cumulative"] = frame["plan"].astype("float64").cumsum()
    return frame


def cadence(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The running totals in long form for the chart: one row per month and series."""
    frame = leadership_updates_by_month(con, window)
    if frame.empty:
        return pd.DataFrame(columns=["month", "series", "updates"])
    sent = frame[["month"]].assign(series=SENT, updates=frame["cumulative"].astype("float64"))
    plan = frame[["month"]].assign(series=PLANNED, updates=frame["plan_cumulative"])
    return pd.concat([sent, plan], ignore_index=True)


def enrolment_lift(con: duckdb.DuckDBPyConnection, window: Window) -> MetricValue:
    """The catalog's pooled lift, with the distinct people who enrolled in the windows as `people`.

    Its n counts campaigns, yet the lift is a ratio of enrolment counts: under a narrow filter (one
    unit, one level) two or three people's enrolments would show through it, so the engine suppresses
    the card when `people` is under the minimum group size.
    """
    row = run_sql(con, "communication/enrolment_lift.sql", window.params()).iloc[0]
    n = int(row["n"]) if pd.notna(row["n"]) else 0
    people = int(row["people"]) if pd.notna(row["people"]) else 0
    if pd.isna(row["value"]):
        return MetricValue(value=None, n=n, people=people)
    # The engine suppresses on `people` ("Too few people" on the card) as for any people metric.
    return MetricValue(value=float(row["value"]), n=n, people=people)


METRIC_FUNCTIONS = {"communication.enrolment_lift": enrolment_lift}

CHARTS = (
    ChartSpec(
        key="rates_by_channel", title="Which channels get opened and clicked",
        how="Opens and clicks divided by recipients, pooled over each channel's sends in the period (so a "
            "large send weighs more than a small one). " + AUDIENCE_RULE + " Each bar sums whole sends, "
            "which are not people, and holds no per-person data, so nothing is suppressed.",
        mark="bar", sql="communication/rates_by_channel.sql",
        options={"x": "channel", "y": "rate", "color": "measure", "unit": "pct"},
        count=None,
    ),
    ChartSpec(
        key="rates_by_month", title="Are opens and clicks holding up, month by month?",
        how="Opens and clicks divided by recipients, pooled over the sends of each calendar month (the "
            "months in the period, and at least the 12 months to period end). " + AUDIENCE_RULE + " Rows sum "
            "whole sends, not people, so nothing is suppressed.",
        mark="line", sql="communication/rates_by_month.sql",
        options={"x": "month", "y": "rate", "color": "measure", "unit": "pct"},
        count=None,
    ),
    ChartSpec(
        key="reach_by_month", title="How many learning messages reach each employee a month, by channel",
        how="Recipients of the month's sends on each channel divided by the employees at month end (of the "
            "selected business units, or everyone): 1.0 means as many messages as employees, more when a "
            "channel sends several times a month. Months in the period, and at least the 12 months to period "
            "end; a channel with no send in a month has no point. Leadership updates go to people leaders "
            "only and are left out. " + AUDIENCE_RULE + " Rows sum whole sends, not people, so nothing is "
            "suppressed.",
        mark="line", sql="communication/reach_by_month.sql",
        options={"x": "month", "y": "reach", "color": "channel", "unit": "ratio"},
        count=None,
    ),
    ChartSpec(
        key="cadence", needs=('communications',), title="Is leadership hearing about learning results as often as planned?",
        how="Running total, from the first month of the period, of sends on the 'leadership update' channel "
            "(results communicated to leadership), against the plan: each month adds 1/12 of the fiscal "
            "year's plan for the measure. Organisation-wide; sends, not people, so nothing is suppressed.",
        mark="line", data=cadence,
        options={"x": "month", "y": "updates", "color": "series", "unit": "count"},
        count=None,
    ),
)

TABLES = (
    TableSpec(
        key="per_programme", needs=('communications',), title="Campaigns per programme",
        how="Programmes live in the period, with the sends tied to them in the period: how many, on which "
            "channels, to how many recipients, and the pooled open and click rates. *Enrolments*: on the "
            "programme in the 28 days before and the 14 days from each send (people in scope; a send to one "
            "unit counts that unit's people), for sends whose 14 days are inside the data; *lift*: after / "
            "(before × 14/28) − 1, pooled over the programme's sends. Programmes with no campaign show 0 and "
            "no enrolment figures. " + AUDIENCE_RULE + " Where fewer people than the minimum group size "
            "enrolled, the programme's figures are blanked (with one more where needed so the hidden one "
            "cannot be worked out); the channel charts keep every send.",
        sql="communication/campaigns_per_programme.sql",
        columns={"programme": Column("Programme"), "campaigns": Column("Campaigns", "count"),
                 "lift": Column("Enrolment lift", "pct"),
                 "enrolments_after": Column("Enrolments, 14 days after", "count"),
                 "enrolments_before": Column("Enrolments, 28 days before", "count"),
                 "n": Column("People enrolling", "count"), "recipients": Column("Recipients", "count"),
                 "open_rate": Column("Open rate", "pct"), "click_rate": Column("Click rate", "pct"),
                 "channels": Column("Channels")},
    ),
    TableSpec(
        key="campaigns", title="Programme campaigns ranked by enrolment lift",
        how="Sends tied to a programme, sent in the period, whose 14 days after the send are inside the "
            "data. *Before*: enrolments on the programme in the 28 days before the send; *after*: in the 14 "
            "days from the send (send day included); *expected*: before × 14/28; *lift*: after / expected "
            "− 1. Enrolments count people in scope and, for a send to one unit, people of that unit only. "
            + AUDIENCE_RULE + " The enrolment counts describe people, and a small count next to a small "
            "audience could point to someone, so a campaign whose windows hold fewer distinct enrollers than "
            "the minimum group size has its figures blanked (with one more where needed so the hidden one "
            "cannot be worked out from the headline). Open and click rates go with them; the channel charts "
            "keep every send.",
        sql="communication/campaigns.sql",
        columns={"sent_on": Column("Sent", "date"), "channel": Column("Channel"), "programme": Column("Programme"),
                 "audience": Column("Audience"), "recipients": Column("Recipients", "count"),
                 "open_rate": Column("Open rate", "pct"), "click_rate": Column("Click rate", "pct"),
                 "enrolments_before": Column("Enrolments, 28 days before", "count"),
                 "enrolments_after": Column("Enrolments, 14 days after", "count"),
                 "expected_after": Column("Expected in 14 days", "count"),
                 "lift": Column("Enrolment lift", "pct"),
                 "n": Column("People enrolling", "count")},
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the channel rates and the campaign list."""
    sentences = []
    channels = run_sql(con, "communication/rates_by_channel.sql", window.params())
    # Leadership updates report results upward; they are not campaigns to learners.
    clicks = channels[(channels["measure"] == "Click rate") & channels["rate"].notna()
                      & (channels["channel"] != LEADERSHIP_CHANNEL)]
    spread = extremes(clicks, "rate", "pct")
    if spread is not None:
        worst, best = spread
        sends = f"{int(best.sends):,} send{'s' if best.sends != 1 else ''}"
        sentences.append(
            f"Of the channels to learners, {best.channel} drew the most clicks ({format_value(best.rate, 'pct')} "
            f"of recipients over {sends}) and {worst.channel} the fewest ({format_value(worst.rate, 'pct')}).")
    table = run_sql(con, "communication/campaigns.sql", window.params())
    table = table[(table["n"] >= settings.min_group_size) & table["lift"].notna()]
    if len(table) >= 1:
        raised = int((table["lift"] > 0).sum())
        verb = "was" if raised == 1 else "were"
        # The largest gain in enrolments, not the largest ratio: a ratio on two or three enrolments is noise.
        gain = table["enrolments_after"] - table["expected_after"]
        top = table.loc[gain.idxmax()]
        sentences.append(
            f"{raised:,} of {len(table):,} programme campaigns {verb} followed by more enrolments than the "
            f"28 days before suggested. The largest gain: {int(top.enrolments_after):,} enrolments on {top.programme} in "
            f"the 14 days after the {pd.Timestamp(top.sent_on):%d %b %Y} {top.channel} send, against "
            f"{top.expected_after:,.1f} expected.")
    months = leadership_updates_by_month(con, window)
    if not months.empty:
        reported = int((months["updates"] > 0).sum())
        missed = [f"{pd.Timestamp(m):%b %Y}" for m in months.loc[months["updates"] == 0, "month"]]
        sentence = (f"Leadership received learning results in {reported} of {len(months)} months "
                    f"({int(months['cumulative'].iloc[-1]):,} updates")
        plan = months["plan_cumulative"].iloc[-1]
        sentence += f" against {plan:,.1f} planned)" if pd.notna(plan) else ")"
        if missed and len(missed) <= 4:
            sentence += "; none went out in " + ", ".join(missed)
        sentences.append(sentence + ".")
    return sentences[:3]


DIMENSION = DimensionSpec.of(
    "communication", title="Communication and visibility", section="Delivery", icon=":material/campaign:",
    question="Do campaigns reach people and move them to enrol?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="rates_by_channel",
    needs=("communications", "enrollments"),
    metric_functions=METRIC_FUNCTIONS,
)
