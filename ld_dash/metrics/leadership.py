"""Leadership involvement: do leaders learn, teach and sponsor, and does it show in their teams?"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import palette
from ld_dash import privacy
from ld_dash.catalog import Metric, declare
from ld_dash.formatting import extremes, format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("leadership.leader_learning_share", label="Leaders who learned",
            question="What share of people leaders completed any learning in the period?",
            formula="people leaders with a completion in period / people leaders employed at period end",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.75),
    declare("leadership.leader_taught_hours_per_100", label="Leader-taught hours per 100 staff",
            question="How many hours did leaders spend teaching, per 100 employees?",
            formula="hours of leader activity 'taught' in period × 100 / employees at period end",
            unit="hours", higher_is_better=True, tdrp="efficiency", target=40.0, accumulates=True),
    declare("leadership.sponsored_programme_share", needs=('programs', 'programs.executive_sponsor_id'), label="Executive-sponsored programmes",
            question="What share of programmes running in the period have a named executive sponsor?",
            formula="programmes active in period with an executive sponsor / programmes active in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.80, scoped_by_people=False, n_unit="programmes"),
    declare("leadership.internal_leader_fill_share", label="Leader roles filled internally",
            question="What share of new people-leader appointments went to internal candidates?",
            formula="promotions into people-leader roles / all appointments to people-leader roles (promotions + external hires), in period",
            unit="pct", higher_is_better=True, tdrp="outcome", target=0.60, n_unit="appointments"),
    declare("leadership.leader_hours_per_leader", label="Learning hours per leader",
            question="How many hours of learning did each people leader complete?",
            formula="completed learning hours in period of people leaders employed at period end / those leaders",
            unit="hours", higher_is_better=True, tdrp="efficiency", target=18.0, accumulates=True, headline=False),
    declare("leadership.taught_programme_share", label="Programmes with a leader teaching",
            question="In what share of the programmes running in the period did a leader teach?",
            formula="programmes active in period with a 'taught' leader activity in period / programmes active in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.60, headline=False,
            scoped_by_people=False, n_unit="programmes"),
    declare("leadership.sponsored_spend_share", needs=('programs', 'program_costs', 'programs.executive_sponsor_id'), label="Spend on sponsored programmes",
            question="What share of programme spend went to programmes with a named executive sponsor?",
            formula="programme costs in period on programmes with an executive sponsor / all programme costs in period",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.80, headline=False,
            scoped_by_people=False, n_unit="programmes"),
    declare("leadership.prepared_promotion_share", label="New leaders prepared by a leadership programme",
            question="Of the people promoted or moved into a people-leader role, what share had completed a leadership programme first?",
            formula="internal appointments to people-leader roles in period whose person completed an is_leadership programme before the effective date / internal appointments to people-leader roles in period",
            unit="pct", higher_is_better=True, tdrp="outcome", target=0.60, headline=False, n_unit="appointments"),
)

TAKES_PART, DOES_NOT = "Leader takes part", "Leader does not take part"
ALL_UNITS = "All units"
COMPLETION, APPLIED = "Completed", "Applied at 90 days"


def team_effect(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Completion (n = learners) and 90-day application (respondents) in the two kinds of team."""
    return run_sql(con, "leadership/team_effect.sql", window.params())


def team_effect_chart(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The team effect in long form: one row per team × measure, n = the people behind that share."""
    wide = team_effect(con, window)
    rows = [*({"measure": COMPLETION, "team": r.team, "share": r.completion_rate, "n": r.n}
              for r in wide.itertuples()),
            *({"measure": APPLIED, "team": r.team, "share": r.applied_share, "n": r.respondents}
              for r in wide.itertuples())]
    return pd.DataFrame(rows, columns=["measure", "team", "share", "n"])


def _suppress_respondents(frame: pd.DataFrame, within: tuple[str, ...]) -> pd.DataFrame:
    """Blank the L3 answers of groups with too few respondents; the spec then suppresses on learners (n)."""
    if frame.empty:
        return frame
    part = privacy.suppress(frame, count="respondents", values=["applied_share", "mean_applied", "responses"],
                            within=within)
    return part.drop(columns=privacy.SUPPRESSED)


def team_effect_by_unit(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The team effect for the whole selection, then by the learner's business unit."""
    overall = team_effect(con, window).assign(business_unit=ALL_UNITS)
    units = run_sql(con, "leadership/team_effect_by_unit.sql", window.params())
    frame = pd.concat([overall[units.columns], units], ignore_index=True) if not units.empty else units
    return _suppress_respondents(frame, within=("business_unit",))


def pipeline(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    return run_sql(con, "leadership/pipeline.sql", window.params()).drop(columns=["block", "route_no"])


CHARTS = (
    ChartSpec(
        key="team_effect", title="Teams whose leader takes part complete and apply more of their learning",
        how="Each employee's team is their manager's. A manager *takes part* with any recorded leader "
            "activity (attended, taught, coached, sponsored) in the period. Over enrolments due in the "
            "period: the share completed by period end, and the share of answers to the 90-day question "
            "'I applied what I learned on the job' (feedback L3) of 4 or more on the 1-5 scale. Group sizes "
            "are in the table below; a bar stands on fewer people than the minimum group size is blank.",
        mark="bar", data=team_effect_chart,
        options={"x": "measure", "y": "share", "color": "team", "unit": "pct",
                 "color_map": {TAKES_PART: palette.NAVY, DOES_NOT: palette.GREY}},
        within=("measure",), values=("share",),
    ),
    ChartSpec(
        key="leaders_vs_staff", title="Do leaders learn at least as much as their people?",
        how="People employed at period end (people leaders by their current role) with at least one "
            "completed programme in the period, over all of them; 'All staff' includes the leaders. The "
            "dashed line is the plan for leaders. Learning hours per leader are a supporting measure and, by "
            "unit, in the table below.",
        mark="bar", sql="leadership/leaders_vs_staff.sql",
        options={"x": "group", "y": "learning_share", "unit": "pct", "colors": [palette.NAVY, palette.GREY]},
        plan_metric="leadership.leader_learning_share", values=("learning_share", "learned",
                                                                 "hours_per_person"),
    ),
    ChartSpec(
        key="leader_share_by_unit", title="Share of people leaders who learned, by business unit",
        how="People leaders employed at period end with at least one completed programme in the period, "
            "divided by all people leaders employed at period end. The dashed line is the plan.",
        mark="bar", sql="leadership/by_business_unit.sql",
        options={"x": "business_unit", "y": "leader_learning_share", "unit": "pct"},
        plan_metric="leadership.leader_learning_share",
    ),
    ChartSpec(
        key="pipeline", needs=('job_changes',), title="Leadership pipeline: who fills people-leader roles, year by year",
        how="Job changes into a people-leader role from a role that was not one, in the three 12-month "
            "blocks ending at period end: internal (promotion or lateral move) by someone who had completed "
            "a leadership programme before the move, internal without one, and hires from outside. Counts "
            "of people; a block's bar under the minimum group size is hidden, with a second one where "
            "needed so it cannot be worked out from the others. Whether a move followed a leadership "
            "programme can be told only once learning is recorded: a block that begins before the first "
            "recorded enrolment counts from then and is marked *partial*; one that ends before it is left out.",
        mark="bar", data=pipeline,
        options={"x": "period", "y": "appointments", "color": "route",
                 "color_map": {"Internal, after a leadership programme": palette.NAVY,
                               "Internal, no leadership programme": palette.TEAL,
                               "External hire": palette.ORANGE}},
        count="appointments", within=("period",),
    ),
)

TABLES = (
    TableSpec(
        key="team_effect_by_unit", title="Team effect by business unit, with the size of each group",
        how="As the team-effect chart, first for the whole selection and then by the learner's business "
            "unit. Learners: people with an enrolment due in the period; respondents: people who answered "
            "the 90-day question. Completion figures are blank where fewer learners than the minimum group "
            "size stand behind them, application figures where fewer respondents do (with a second group "
            "of the unit where needed so a hidden one cannot be worked out).",
        data=team_effect_by_unit,
        columns={"business_unit": Column("Business unit"), "team": Column("Team"),
                 "n": Column("Learners", "count"), "enrolments": Column("Enrolments due", "count"),
                 "completion_rate": Column("Completed", "pct"),
                 "respondents": Column("Respondents", "count"),
                 "applied_share": Column("Applied at 90 days (4-5)", "pct"),
                 "mean_applied": Column("Mean 90-day answer (1-5)", "score")},
        within=("business_unit",),
    ),
    TableSpec(
        key="by_business_unit", title="Leadership involvement by business unit",
        how="People employed at period end in each unit. People leaders (by their current role); those "
            "with a completion in the period and the learning hours they completed per leader; the share "
            "of all the unit's staff (leaders included) with a completion, for comparison; hours the unit's "
            "leaders taught in the period. Units with fewer leaders than the minimum group size are "
            "suppressed, with a second unit where needed so the hidden one cannot be worked out.",
        sql="leadership/by_business_unit.sql",
        columns={"business_unit": Column("Business unit"), "n": Column("People leaders", "count"),
                 "leaders_learned": Column("Leaders who learned", "count"),
                 "leader_learning_share": Column("Share of leaders who learned", "pct"),
                 "leader_hours_per_leader": Column("Learning hours per leader", "hours"),
                 "staff_learning_share": Column("Share of all staff who learned", "pct"),
                 "taught_hours": Column("Hours taught by leaders", "hours")},
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the team effect, leaders against all staff, the pipeline and the units."""
    minimum = settings.min_group_size
    sentences = []
    effect = team_effect(con, window)
    rows = {r.team: r for r in effect.itertuples() if r.n >= minimum}
    inside, outside = rows.get(TAKES_PART), rows.get(DOES_NOT)
    if inside is not None and outside is not None:
        gap = (inside.completion_rate - outside.completion_rate) * 100
        text = (f"Teams whose leader takes part completed {inside.completion_rate:.0%} of learning due, against "
                f"{outside.completion_rate:.0%} where the leader does not ({gap:+.0f} points; "
                f"{inside.n:,} and {outside.n:,} people)")
        if inside.respondents >= minimum and outside.respondents >= minimum:
            applied = (inside.applied_share - outside.applied_share) * 100
            text += (f"; {inside.applied_share:.0%} against {outside.applied_share:.0%} say they applied it on "
                     f"the job 90 days on ({applied:+.0f} points; {inside.respondents:,} and "
                     f"{outside.respondents:,} respondents)")
        sentences.append(text + ".")
    groups = {r.group: r for r in run_sql(con, "leadership/leaders_vs_staff.sql", window.params()).itertuples() if r.n >= minimum}
    leaders, everyone = groups.get("People leaders"), groups.get("All staff")
    if leaders is not None and everyone is not None:
        sentences.append(
            f"{format_value(leaders.learning_share, 'pct')} of people leaders completed learning in the period "
            f"against {format_value(everyone.learning_share, 'pct')} of all staff, "
            f"{leaders.hours_per_person:.1f} hours per leader against {everyone.hours_per_person:.1f} per person.")
    route = pipeline(con, window)
    latest = route[route["period"] == route["period"].iloc[-1]] if not route.empty else route
    if not latest.empty and latest["appointments"].sum() >= minimum:
        count = dict(zip(latest["route"], latest["appointments"]))
        total = sum(count.values())
        internal = total - count.get("External hire", 0)
        prepared = count.get("Internal, after a leadership programme", 0)
        label = str(latest["period"].iloc[0])
        span = (f"From {label.split(' – ')[0]}, when learning records begin, to period end" if "(partial)" in label
                else "In the 12 months to period end")
        text = (f"{span}, {internal} of {total} people-leader roles were filled from "
                f"inside and {total - internal} from outside")
        if internal >= minimum:
            text += f"; {prepared} of the {internal} internal appointees had completed a leadership programme first"
        sentences.append(text + ".")
    units = run_sql(con, "leadership/by_business_unit.sql", window.params())
    units = units[units["n"] >= minimum]
    spread = extremes(units, "leader_learning_share", "pct")
    if spread is not None:
        low, high = spread
        sentences.append(
            f"Leader participation ranges from {format_value(low.leader_learning_share, 'pct')} in "
            f"{low.business_unit} to {format_value(high.leader_learning_share, 'pct')} in {high.business_unit}.")
    return sentences


DIMENSION = DimensionSpec.of(
    "leadership", title="Leadership involvement", section="Strategy", icon=":material/groups:",
    question="Do leaders learn, teach and sponsor, and does it show in their teams and the leadership pipeline?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="team_effect",
    needs=("employees", "job_changes", "leader_activities", "enrollments", "programs"),
)
