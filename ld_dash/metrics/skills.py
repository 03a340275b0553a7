"""Strategic skills: do people have the skills the strategy needs, and are the gaps closing?

A person's level in a skill is their latest assessment on or before the day in question; a requirement
comes from their current role family (`role_skill_requirements`). Pairs never assessed are left out of
coverage and gaps, and `assessed_share` says how many people that leaves behind.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from ld_dash import palette
from ld_dash.catalog import Metric, declare
from ld_dash.formatting import format_value
from ld_dash.metrics.engine import Window, run_sql
from ld_dash.metrics.views import ChartSpec, Column, DimensionSpec, TableSpec
from ld_dash.results import Kpi
from ld_dash.settings import Settings

# What this dimension measures: its cards (headline) and supporting measures, declared once.
METRICS: tuple[Metric, ...] = (
    declare("skills.strategic_coverage", needs=('employees', 'skill_assessments', 'role_skill_requirements', 'skills'), label="Strategic skill coverage",
            question="What share of strategic-skill requirements do people meet, on their latest assessment?",
            formula="(employee, required strategic skill) pairs with latest level ≥ required / pairs assessed, at period end",
            unit="pct", higher_is_better=True, tdrp="outcome", target=0.70),
    declare("skills.average_gap", needs=('employees', 'skill_assessments', 'role_skill_requirements', 'skills'), label="Average skill gap",
            question="How many levels short of their role's requirement are people, on average?",
            formula="mean of max(required level − latest assessed level, 0) over assessed requirements, at period end",
            unit="levels", higher_is_better=False, tdrp="outcome", target=0.50),
    declare("skills.assessed_share", label="People with a current assessment",
            question="What share of employees had their skills assessed in the 12 months to period end?",
            formula="employees with a skill assessment in the 12 months to period end / employees at period end",
            unit="pct", higher_is_better=True, tdrp="efficiency", target=0.85),
    declare("skills.gap_closed", needs=('employees', 'skill_assessments', 'role_skill_requirements', 'skills'), label="Skill gap closed in a year",
            question="By how many levels did people's skill gaps narrow over the year to period end?",
            formula="mean over (employee, required skill) pairs assessed both a year before period end and at period end, people employed on both days, of gap a year before − gap at period end",
            unit="levels", higher_is_better=True, tdrp="outcome", target=0.10, headline=False),
    declare("skills.unaddressed_gap_share", label="Open gaps no programme addresses",
            question="What share of open skill gaps are in skills that no active programme develops?",
            formula="open gaps at period end on skills with no programme active in the period (program_skills) / all open gaps at period end",
            unit="pct", higher_is_better=False, tdrp="efficiency", target=0.05, headline=False),
    declare("skills.completer_level_gain", label="Level gained after a related programme",
            question="How many levels did completers of a related programme gain by their next assessment?",
            formula="mean of (assessed level − previous assessed level) over reassessments in period of a required skill with a completion of a programme developing it in between",
            unit="levels", higher_is_better=True, tdrp="effectiveness", target=0.50, headline=False),
)

RELATED = "Completed a related programme"
UNRELATED = "No related programme"
BEFORE_AFTER_ROWS = 10  # programmes on the before/after chart, so that every label stays readable


def before_after_all(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Assessed level before and after each related programme (two rows per programme)."""
    return run_sql(con, "skills/before_after.sql", window.params())


def before_after(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The BEFORE_AFTER_ROWS programmes with the most people reassessed, largest gain first."""
    frame = before_after_all(con, window)
    if frame.empty:
        return frame
    top = (frame.drop_duplicates("programme").sort_values(["n", "programme"], ascending=[False, True])
           .head(BEFORE_AFTER_ROWS)["programme"])
    return frame[frame["programme"].isin(set(top))].reset_index(drop=True)


CHARTS = (
    ChartSpec(
        key="gap_heatmap", title="Where the skill gaps are: levels short of the requirement, by role family",
        how="For everyone employed at period end, each skill their role family requires is compared with "
            "their latest assessment on or before period end: the gap is the required level minus the "
            "assessed level, zero when they meet it. Cells show the mean gap over assessed people (0 = "
            "everyone meets it; redder = wider gap). ★ marks strategic skills. Cells with fewer people than "
            "the minimum group size are blank, with a second cell in the same role family where needed.",
        mark="heatmap", sql="skills/gap_heatmap.sql",
        options={"x": "skill", "y": "role_family", "z": "average_gap", "colorscale": palette.GOOD_LOW_SCALE},
        within=("role_family",),
    ),
    ChartSpec(
        key="strategic_heatmap",
        title="Strategic skills: share of each role family at or above the required level",
        how="For everyone employed at period end, each strategic skill their role family requires: the share "
            "of people whose latest assessment on or before period end is at or above the required level, "
            "over people assessed (greener = more of the role family meets it). Role families that do not "
            "require a strategic skill have no cell for it; a role family with no requirements recorded has "
            "no row. Cells with fewer people than the minimum group size are blank, with a second cell in "
            "the same role family where needed.",
        mark="heatmap", sql="skills/strategic_heatmap.sql",
        options={"x": "skill", "y": "role_family", "z": "coverage", "unit": "pct", "colorscale": palette.GOOD_HIGH_SCALE},
        within=("role_family",), values=("coverage", "average_gap"),
    ),
    ChartSpec(
        key="strategic_coverage", title="Strategic skills: share of requirements met, start vs end of period",
        how="For each strategic skill, the (person, required skill) pairs whose latest assessed level meets "
            "the level their role family requires, as a share of pairs assessed: as the period began (latest "
            "assessment before its first day) and at its end, each over the people employed on that day. "
            "The dashed line is the plan for strategic coverage.",
        mark="bar", sql="skills/strategic_by_skill.sql",
        options={"x": "skill", "y": "coverage", "color": "moment", "unit": "pct"},
        plan_metric="skills.strategic_coverage", within=("moment",),
    ),
    ChartSpec(
        key="gap_closure", title="Skill gaps narrow far more often after a related programme",
        how="Every reassessment in the period of a skill the person's role requires, where the previous "
            "assessment had left a gap, split by whether the person completed a programme that develops that "
            "skill between the two assessments. Bars show the share of those gaps that were narrower at the "
            "new assessment. A comparison, not a controlled experiment: people choose or are sent on "
            "programmes. Groups with fewer people than the minimum group size are suppressed.",
        mark="bar", sql="skills/gap_closure.sql", options={"x": "learners", "y": "narrowed_share", "unit": "pct"},
    ),
    ChartSpec(
        key="before_after", title="Completers' assessed level before and after a related programme",
        how="Reassessments in the period of a skill the person's role requires, where the person completed a "
            "programme that develops that skill (program_skills) between the previous assessment and this "
            "one. Bars show the mean assessed level (1-5) at the previous assessment (before) and at this one "
            "(after), for the 10 programmes with the most people reassessed, largest gain first; the "
            "supporting measure 'Level gained after a related programme' covers all of them. A comparison "
            "over time, not a controlled experiment. Programmes with fewer people than the minimum group "
            "size are blank.",
        mark="bar", data=before_after,
        options={"x": "programme", "y": "level", "color": "moment", "unit": "levels", "horizontal": True,
                 "scale": (1, 5),
                 "color_map": {"Before": palette.GREY, "After": palette.NAVY}, "height": 520},
        within=("moment",), values=("level", "required", "gain", "reassessments"),
    ),
)

TABLES = (
    TableSpec(
        key="by_role_family", needs=('skill_assessments',), title="Skills by role family",
        how="People employed at period end in each role family; those with any skill assessment in the 12 "
            "months to period end; the share of strategic-skill requirements met and the mean gap over all "
            "requirements (latest assessments by period end); open gaps = assessed requirements not met. "
            "Role families with fewer people than the minimum group size are suppressed, with a second "
            "one where needed.",
        sql="skills/by_role_family.sql",
        columns={"role_family": Column("Role family"), "n": Column("People", "count"),
                 "assessed_share": Column("Assessed in last 12 months", "pct"),
                 "strategic_coverage": Column("Strategic requirements met", "pct"),
                 "average_gap": Column("Mean gap (levels)", "levels"),
                 "open_gaps": Column("Open gaps", "count"),
                 "required_skills": Column("Skills required", "count")},
    ),
    TableSpec(
        key="skill_programmes", title="Largest skill gaps and the programmes addressing them",
        how="Every skill some role family requires, largest total gap first: people assessed by period end "
            "(latest assessment), those below the required level, the levels short in total and on average, "
            "and the programmes active in the period (launched by period end and not retired before the "
            "period began) that develop the skill (program_skills). 'None' marks a gap no programme "
            "addresses. ★ = strategic skill. Skills with fewer people than the minimum group size are "
            "suppressed.",
        sql="skills/skill_programmes.sql",
        columns={"skill": Column("Skill"), "programmes": Column("Programmes addressing it", "count"),
                 "open_gaps": Column("People below requirement", "count"),
                 "levels_short": Column("Levels short (total)", "count"),
                 "average_gap": Column("Mean gap (levels)", "levels"),
                 "n": Column("People assessed", "count"),
                 "programme_names": Column("Programmes")},
        values=("open_gaps", "levels_short", "average_gap"),
    ),
)


def findings(con: duckdb.DuckDBPyConnection, window: Window, kpis: list[Kpi],
             settings: Settings) -> list[str]:
    """Sentences computed from the heatmap, strategic coverage over the period and gap closure."""
    minimum = settings.min_group_size
    sentences = []
    cells = run_sql(con, "skills/gap_heatmap.sql", window.params())
    cells = cells[cells["n"] >= minimum]
    if not cells.empty:
        worst = cells.loc[cells["average_gap"].idxmax()]
        if worst.average_gap > 0:
            sentences.append(
                f"The widest gap is {worst.skill.removesuffix(' ★')} in {worst.role_family}: "
                f"{worst.average_gap:.2f} levels short of the requirement on average ({int(worst.n):,} people).")
    strategic = run_sql(con, "skills/strategic_by_skill.sql", window.params())
    strategic = strategic[strategic["n"] >= minimum]
    end = strategic[strategic["moment"] == "End of period"].set_index("skill")
    start = strategic[strategic["moment"] == "Start of period"].set_index("skill")
    if not end.empty:
        low = end["coverage"].idxmin()
        text = (f"Among strategic skills, {low} is least covered: "
                f"{format_value(end.loc[low, 'coverage'], 'pct')} of requirements met at period end")
        if low in start.index:
            change = (end.loc[low, "coverage"] - start.loc[low, "coverage"]) * 100
            text += f" ({change:+.0f} points since the period began)"
        sentences.append(text + ".")
    closure = run_sql(con, "skills/gap_closure.sql", window.params())
    rows = {r.learners: r for r in closure.itertuples() if r.n >= minimum}
    if RELATED in rows and UNRELATED in rows:
        a, b = rows[RELATED], rows[UNRELATED]
        sentences.append(
            f"When an open skill gap was reassessed, {format_value(a.narrowed_share, 'pct')} had narrowed for "
            f"people who had completed a related programme since the previous assessment, against "
            f"{format_value(b.narrowed_share, 'pct')} for others ({a.gap_closed:.2f} against "
            f"{b.gap_closed:.2f} levels closed on average; {a.n:,} and {b.n:,} people).")
    gaps = run_sql(con, "skills/skill_programmes.sql", window.params())
    gaps = gaps[(gaps["n"] >= minimum) & (gaps["open_gaps"] > 0)]
    if not gaps.empty:
        unaddressed = gaps[gaps["unaddressed"]]
        if not unaddressed.empty:
            top = unaddressed.iloc[0]
            others = len(unaddressed) - 1
            sentences.append(
                f"No active programme develops {top.skill.removesuffix(' ★')}, yet {int(top.open_gaps):,} people "
                f"are below the level their role requires ({top.levels_short:,.0f} levels short in total)"
                + (f"; {others:,} more skill{'s' if others > 1 else ''} with open gaps "
                   f"{'have' if others > 1 else 'has'} no programme either." if others else "."))
        else:
            top = gaps.iloc[0]
            count = int(top.programmes)
            sentences.append(
                f"The largest skill gap, {top.skill.removesuffix(' ★')} ({int(top.open_gaps):,} people below the "
                f"level their role requires, {top.levels_short:,.0f} levels short in total), is addressed by "
                f"{count:,} active programme{'s' if count != 1 else ''}.")
    return sentences


DIMENSION = DimensionSpec.of(
    "skills", title="Strategic skills", section="Strategy", icon=":material/psychology:",
    question="Do people have the skills the strategy needs, and are the gaps closing?",
    metrics=METRICS, charts=CHARTS, tables=TABLES, findings=findings, key_chart="strategic_coverage",
    needs=("skills", "role_skill_requirements", "skill_assessments", "program_skills"),
)
