"""Every headline metric declared once: pages, overview scores, exports, tests and the definitions page
all read these declarations.

SQL contract for a metric's file (`ld_dash/sql/<sql>`): it returns one row with `value` (DOUBLE, NULL
when undefined) and `n` (how many units stand behind the value, see `n_unit`). It may use the named
parameters `$start`, `$end` (DATE, inclusive), `$business_units`, `$regions`, `$job_levels` (VARCHAR[], NULL = all),
and the settings `$on_cost_rate`, `$standard_annual_hours`.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd
from pydantic import BaseModel, model_validator

from ld_dash.periods import fiscal_year_bounds
from ld_dash.dimensions import DIMENSIONS
from ld_dash.thresholds import WEAK_FEEDBACK_BELOW, WEAK_FEEDBACK_MIN_RESPONSES

Unit = Literal["pct", "count", "hours", "currency", "score", "nps", "points", "days", "ratio", "levels"]
NUnit = Literal["people", "responses", "respondents", "programmes", "goals", "campaigns", "appointments"]

# n counts people here, so a small n could identify someone: these are suppressed below the minimum.
PEOPLE_UNITS: frozenset[str] = frozenset({"people", "responses", "respondents", "appointments"})


ScopeFilter = Literal["business_units", "regions", "job_levels"]
SCOPE_FILTERS: tuple[ScopeFilter, ...] = ("business_units", "regions", "job_levels")


class Metric(BaseModel, frozen=True):
    id: str
    dimension: str
    label: str
    question: str
    formula: str
    unit: Unit
    higher_is_better: bool
    tdrp: Literal["efficiency", "effectiveness", "outcome"]
    target: float
    accumulates: bool = False
    headline: bool = True  # a KPI card on the page; other metrics show as supporting measures
    scoped_by_people: bool = True
    # Which of the unit, region and level filters narrow it, where not all (scoped_by_people) or none:
    # campaign sends record only an audience unit, so communication rates follow the unit filter alone.
    only_filters: tuple[ScopeFilter, ...] | None = None
    n_unit: NUnit = "people"
    sql: str

    @property
    def follows(self) -> tuple[ScopeFilter, ...]:
        """The filters that narrow this metric."""
        if self.only_filters is not None:
            return self.only_filters
        return SCOPE_FILTERS if self.scoped_by_people else ()

    @model_validator(mode="after")
    def _id_names_its_dimension(self) -> "Metric":
        if not self.id.startswith(self.dimension + "."):
            raise ValueError(f"metric id {self.id} must start with its dimension {self.dimension}.")
        return self

    @property
    def direction(self) -> str:
        return "higher is better" if self.higher_is_better else "lower is better"

    @property
    def suppressible(self) -> bool:
        return self.n_unit in PEOPLE_UNITS


def _m(id: str, **fields: object) -> Metric:
    slug, name = id.split(".", 1)
    return Metric(id=id, dimension=slug, sql=f"{slug}/{name}.sql", **fields)  # type: ignore[arg-type]


METRICS: tuple[Metric, ...] = (
    # Objectives
    _m("objectives.spend_linked_share", label="Spend tied to a goal",
       question="What share of programme spend went to programmes mapped to a ranked organisational goal?",
       formula="programme costs in period on programmes with a goal / all programme costs in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.85, scoped_by_people=False, n_unit="programmes"),
    _m("objectives.hours_linked_share", label="Learning hours tied to a goal",
       question="What share of completed learning hours were on programmes mapped to a goal?",
       formula="completed learning hours on programmes with a goal / all completed learning hours, in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.80),
    _m("objectives.goals_on_track_share", label="Goals on track",
       question="What share of the organisation's goals are at or ahead of a straight line from baseline to target?",
       formula="goals whose latest KPI reading by period end is at or beyond the baseline-to-target line / goals with a reading",
       unit="pct", higher_is_better=True, tdrp="outcome", target=0.75, scoped_by_people=False, n_unit="goals"),
    _m("objectives.goals_with_programme_share", label="Goals backed by learning",
       question="What share of the ranked goals have at least one programme running for them?",
       formula="goals with a programme active in the period / all goals",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=1.0, scoped_by_people=False, n_unit="goals"),
    _m("objectives.orphan_programme_share", label="Programmes tied to no goal",
       question="What share of the programmes running in the period are mapped to none of the ranked goals?",
       formula="programmes active in period mapped to no goal (or to a goal not in the goal list) / programmes active in period",
       unit="pct", higher_is_better=False, tdrp="efficiency", target=0.10, headline=False,
       scoped_by_people=False, n_unit="programmes"),
    # Leadership
    _m("leadership.leader_learning_share", label="Leaders who learned",
       question="What share of people leaders completed any learning in the period?",
       formula="people leaders with a completion in period / people leaders employed at period end",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.75),
    _m("leadership.leader_taught_hours_per_100", label="Leader-taught hours per 100 staff",
       question="How many hours did leaders spend teaching, per 100 employees?",
       formula="hours of leader activity 'taught' in period × 100 / employees at period end",
       unit="hours", higher_is_better=True, tdrp="efficiency", target=40.0, accumulates=True),
    _m("leadership.sponsored_programme_share", label="Executive-sponsored programmes",
       question="What share of programmes running in the period have a named executive sponsor?",
       formula="programmes active in period with an executive sponsor / programmes active in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.80, scoped_by_people=False, n_unit="programmes"),
    _m("leadership.internal_leader_fill_share", label="Leader roles filled internally",
       question="What share of new people-leader appointments went to internal candidates?",
       formula="promotions into people-leader roles / all appointments to people-leader roles (promotions + external hires), in period",
       unit="pct", higher_is_better=True, tdrp="outcome", target=0.60, n_unit="appointments"),
    _m("leadership.leader_hours_per_leader", label="Learning hours per leader",
       question="How many hours of learning did each people leader complete?",
       formula="completed learning hours in period of people leaders employed at period end / those leaders",
       unit="hours", higher_is_better=True, tdrp="efficiency", target=18.0, accumulates=True, headline=False),
    _m("leadership.taught_programme_share", label="Programmes with a leader teaching",
       question="In what share of the programmes running in the period did a leader teach?",
       formula="programmes active in period with a 'taught' leader activity in period / programmes active in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.60, headline=False,
       scoped_by_people=False, n_unit="programmes"),
    _m("leadership.sponsored_spend_share", label="Spend on sponsored programmes",
       question="What share of programme spend went to programmes with a named executive sponsor?",
       formula="programme costs in period on programmes with an executive sponsor / all programme costs in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.80, headline=False,
       scoped_by_people=False, n_unit="programmes"),
    _m("leadership.prepared_promotion_share", label="New leaders prepared by a leadership programme",
       question="Of the people promoted or moved into a people-leader role, what share had completed a leadership programme first?",
       formula="internal appointments to people-leader roles in period whose person completed an is_leadership programme before the effective date / internal appointments to people-leader roles in period",
       unit="pct", higher_is_better=True, tdrp="outcome", target=0.60, headline=False, n_unit="appointments"),
    # Skills
    _m("skills.strategic_coverage", label="Strategic skill coverage",
       question="What share of strategic-skill requirements do people meet, on their latest assessment?",
       formula="(employee, required strategic skill) pairs with latest level ≥ required / pairs assessed, at period end",
       unit="pct", higher_is_better=True, tdrp="outcome", target=0.70),
    _m("skills.average_gap", label="Average skill gap",
       question="How many levels short of their role's requirement are people, on average?",
       formula="mean of max(required level − latest assessed level, 0) over assessed requirements, at period end",
       unit="levels", higher_is_better=False, tdrp="outcome", target=0.50),
    _m("skills.assessed_share", label="People with a current assessment",
       question="What share of employees had their skills assessed in the 12 months to period end?",
       formula="employees with a skill assessment in the 12 months to period end / employees at period end",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.85),
    _m("skills.gap_closed", label="Skill gap closed in a year",
       question="By how many levels did people's skill gaps narrow over the year to period end?",
       formula="mean over (employee, required skill) pairs assessed both a year before period end and at period end, people employed on both days, of gap a year before − gap at period end",
       unit="levels", higher_is_better=True, tdrp="outcome", target=0.10, headline=False),
    _m("skills.unaddressed_gap_share", label="Open gaps no programme addresses",
       question="What share of open skill gaps are in skills that no active programme develops?",
       formula="open gaps at period end on skills with no programme active in the period (program_skills) / all open gaps at period end",
       unit="pct", higher_is_better=False, tdrp="efficiency", target=0.05, headline=False),
    _m("skills.completer_level_gain", label="Level gained after a related programme",
       question="How many levels did completers of a related programme gain by their next assessment?",
       formula="mean of (assessed level − previous assessed level) over reassessments in period of a required skill with a completion of a programme developing it in between",
       unit="levels", higher_is_better=True, tdrp="effectiveness", target=0.50, headline=False),
    # Pathways
    _m("pathways.pathway_learners_share", label="People on a pathway",
       question="What share of employees enrolled on a step of a role-based pathway in the period?",
       formula="employees with a pathway-step enrolment in period / employees at period end",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.40),
    _m("pathways.step_completion_rate", label="Pathway steps completed",
       question="Of pathway-step enrolments started in the period, what share were completed by its end?",
       formula="pathway-step enrolments started in period and completed by period end / pathway-step enrolments started in period",
       unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.70),
    _m("pathways.median_days_to_complete", label="Median days to complete a step",
       question="How long does a pathway step take, from enrolment to completion?",
       formula="median of (completed_on − enrolled_on) over pathway-step completions in period",
       unit="days", higher_is_better=False, tdrp="efficiency", target=30.0),
    _m("pathways.promotion_uplift", label="Promotion edge of pathway completers",
       question="Are people who complete a pathway promoted more often within 12 months than comparable colleagues?",
       formula="(completers promoted within 12 months / completers) − (comparable non-completers of the same role family and level promoted within 12 months / them, weighted to the completers' mix), in percentage points; completers whose 12 months end in period",
       unit="points", higher_is_better=True, tdrp="outcome", target=3.0, headline=False),
    # Technology
    _m("technology.monthly_active_share", label="Monthly active learners",
       question="In an average month, what share of employees used a learning platform?",
       formula="mean over calendar months overlapping the period of (employees with platform activity in month / employees at month end)",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.55),
    _m("technology.digital_hours_share", label="Digital share of learning hours",
       question="What share of completed learning hours were delivered digitally?",
       formula="completed hours on virtual, e-learning and VR programmes, plus half of blended / all completed hours, in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.60),
    _m("technology.mobile_user_share", label="Learners using mobile",
       question="Of the people active on learning platforms, what share used mobile?",
       formula="employees with mobile activity / employees with any platform activity, in calendar months overlapping the period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.40),
    _m("technology.cost_per_learning_hour", label="Programme cost per learning hour",
       question="What does one completed learning hour cost in programme spend?",
       formula="programme costs in period / completed learning hours in period",
       unit="currency", higher_is_better=False, tdrp="efficiency", target=45.0, scoped_by_people=False,
       n_unit="programmes", headline=False),
    _m("technology.loaded_cost_per_learning_hour", label="Fully loaded cost per learning hour",
       question="What does one completed learning hour cost, counting programme spend and the learners' time?",
       formula="(programme costs in period + Σ completed learning_hours × annual_salary / standard annual hours × (1 + on-cost rate)) / completed learning hours in period",
       unit="currency", higher_is_better=False, tdrp="efficiency", target=90.0, scoped_by_people=False,
       n_unit="programmes"),
    _m("technology.mobile_time_share", label="Mobile share of learning time",
       question="What share of the time people spend on learning platforms is on mobile?",
       formula="minutes of platform activity on mobile / minutes on all platforms, in calendar months overlapping the period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.20, headline=False),
    # Communication
    _m("communication.open_rate", label="Open rate",
       question="What share of recipients opened learning communications?",
       formula="opens / recipients, over sends in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.45, n_unit="campaigns", only_filters=("business_units",)),
    _m("communication.click_rate", label="Click rate",
       question="What share of recipients clicked through to learning?",
       formula="clicks / recipients, over sends in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.08, n_unit="campaigns", only_filters=("business_units",)),
    _m("communication.enrolment_lift", label="Enrolment lift after campaigns",
       question="How much do programme campaigns raise enrolment in the 14 days after they go out?",
       formula="enrolments in the 14 days after each programme campaign / (enrolments in the 28 days before × 14/28) − 1, pooled over campaigns in period",
       unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.50, n_unit="campaigns"),
    _m("communication.leadership_updates", label="Results reported to leadership",
       question="How often were learning results communicated to leadership?",
       formula="sends on the 'leadership update' channel in period",
       unit="count", higher_is_better=True, tdrp="efficiency", target=12.0, accumulates=True,
       scoped_by_people=False, n_unit="campaigns"),
    _m("communication.audience_reach", label="Audience reached",
       question="Of the employees each learning message was meant for, what share did it reach?",
       formula="recipients / employees of the send's audience on the send day (everyone, or its business unit), pooled over sends to learners in period (leadership updates excluded)",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.95, headline=False, n_unit="campaigns", only_filters=("business_units",)),
    # Feedback
    _m("feedback.response_rate", label="Survey response rate",
       question="What share of completions produced a feedback response?",
       formula="completions in period with a feedback response / completions in period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.60),
    _m("feedback.satisfaction", label="Satisfaction (L1)",
       question="How satisfied were learners, on a 1-5 scale?",
       formula="mean satisfaction (1-5) of responses in period",
       unit="score", higher_is_better=True, tdrp="effectiveness", target=4.2, n_unit="respondents"),
    _m("feedback.nps", label="Net promoter score (L1)",
       question="Would learners recommend the programmes they took?",
       formula="% of responses scoring 9-10 − % scoring 0-6, in period",
       unit="nps", higher_is_better=True, tdrp="effectiveness", target=30.0, n_unit="respondents"),
    _m("feedback.learning_gain", label="Score gain, post vs pre (L2)",
       question="How much did assessment scores rise from before to after a programme?",
       formula="mean of (post_score − pre_score) over completions in period with both scores",
       unit="points", higher_is_better=True, tdrp="effectiveness", target=10.0),
    _m("feedback.applied_share", label="Applied on the job at 90 days (L3)",
       question="What share of learners say they applied what they learned, 90 days on?",
       formula="responses with applied_on_job_90d ≥ 4 / responses with an answer, responded in period",
       unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.60, n_unit="respondents"),
    _m("feedback.relevance", label="Relevance to the job (L1)",
       question="How relevant to their work did learners find the programmes, on a 1-5 scale?",
       formula="mean relevance (1-5) of responses in period",
       unit="score", higher_is_better=True, tdrp="effectiveness", target=4.0, headline=False,
       n_unit="respondents"),
    # Culture
    _m("culture.hours_per_employee", label="Learning hours per employee",
       question="How many hours of completed learning per employee?",
       formula="completed learning hours in period / mean of headcount at period start and end",
       unit="hours", higher_is_better=True, tdrp="efficiency", target=16.0, accumulates=True),
    _m("culture.reach_90d", label="Learned in the last 90 days",
       question="What share of employees completed learning or used a platform in the 90 days to period end?",
       formula="employees with a completion or platform activity in the 90 days to period end / employees at period end",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.85),
    _m("culture.survey_index", label="Learning culture index",
       question="How do employees rate the learning culture (1-5: valued, time, manager support, safety, recognition)?",
       formula="mean score (1-5) over all culture-survey answers in period",
       unit="score", higher_is_better=True, tdrp="outcome", target=4.0, n_unit="respondents"),
    _m("culture.budget_used_share", label="Personal learning budgets used",
       question="What share of people with a personal learning budget have used it?",
       formula="budget holders with spend > 0 / budget holders, for the fiscal years overlapping the period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.70),
    _m("culture.budget_spent_share", label="Personal budget money spent",
       question="What share of the money allocated to personal learning budgets has been spent?",
       formula="money spent / money allocated on personal learning budgets (allocation > 0), for the fiscal "
               "years overlapping the period",
       unit="pct", higher_is_better=True, tdrp="efficiency", target=0.60, headline=False),
    # ROI
    _m("roi.training_cost_per_employee", label="Training cost per employee",
       question="What did the organisation spend on programmes per employee (ISO 30414)?",
       formula="programme costs in period / mean of headcount at period start and end",
       unit="currency", higher_is_better=False, tdrp="efficiency", target=600.0, accumulates=True,
       scoped_by_people=False, n_unit="programmes"),
    _m("roi.cost_per_participant", label="Fully loaded cost per participant",
       question="What did each person who completed learning cost, including their time?",
       formula="(programme costs + participants' time at salary × (1 + on-cost rate) / standard annual hours) in period / unique participants",
       unit="currency", higher_is_better=False, tdrp="efficiency", target=1200.0, scoped_by_people=False),
    _m("roi.portfolio_roi", label="Return on learning (ROI)",
       question="Did the learning of the past 12 months return more than it cost, counting only effects we can isolate?",
       formula="(isolated benefits − fully loaded costs) / fully loaded costs of the learning year (the 12 months before the period); benefits: avoided voluntary leavers, goal-attainment gain and valued ideas of participants against colleagues matched on unit, level and tenure band, each counted only when its 95% interval excludes zero, × the ROI assumptions",
       unit="pct", higher_is_better=True, tdrp="outcome", target=0.25, scoped_by_people=False),
    _m("roi.retention_benefit_share", label="Retention benefit vs cost",
       question="How much of the fully loaded cost is paid back by participants leaving less often?",
       formula="(matched comparison colleagues' voluntary leaving rate − participants') × matched participants × replacement cost × participants' mean salary / fully loaded cost of the learning year; zero unless the 95% interval of the rate difference excludes zero",
       unit="pct", higher_is_better=True, tdrp="outcome", target=0.50, headline=False, scoped_by_people=False),
    _m("roi.voluntary_turnover_participants", label="Voluntary turnover, participants",
       question="What share of employees who learned in the prior 12 months left voluntarily during the period?",
       formula="voluntary leavers in period among employees at period start who completed learning in the 12 months before / those employees",
       unit="pct", higher_is_better=False, tdrp="outcome", target=0.08),
    # Review cadence
    _m("review_cadence.in_cycle_share", label="Programmes reviewed on schedule",
       question="What share of live programmes were reviewed within their review cycle?",
       formula="active programmes whose latest review (or launch) is within review_cycle_months of period end / active programmes",
       unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.90, scoped_by_people=False, n_unit="programmes"),
    _m("review_cadence.median_days_since_review", label="Median days since last review",
       question="How long ago, typically, was a live programme last reviewed?",
       formula="median over active programmes of days from latest review (or launch) to period end",
       unit="days", higher_is_better=False, tdrp="efficiency", target=240.0, scoped_by_people=False, n_unit="programmes"),
    _m("review_cadence.acted_on_low_feedback_share", label="Low-rated programmes changed",
       question="When a programme's feedback was weak, did its review change it?",
       formula=f"reviews in period of programmes with mean satisfaction < {WEAK_FEEDBACK_BELOW} in the prior 12 months that revised or retired the programme / such reviews",
       unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.80, scoped_by_people=False, n_unit="programmes"),
    _m("review_cadence.low_feedback_reviewed_share", label="Weak feedback reviewed within 90 days",
       question="When a programme's feedback fell below the threshold, was it reviewed within 90 days?",
       formula=f"weak-feedback signals (mean satisfaction since the last review < {WEAK_FEEDBACK_BELOW} on ≥ {WEAK_FEEDBACK_MIN_RESPONSES} responses, checked at month ends) whose 90-day deadline falls in period and that were followed by a review within 90 days / such signals",
       unit="pct", higher_is_better=True, tdrp="effectiveness", target=0.75, scoped_by_people=False, n_unit="programmes", headline=False),
    _m("review_cadence.days_to_review_after_low_feedback", label="Days from weak feedback to review",
       question="How long after a programme's feedback fell below the threshold did its review come?",
       formula="median over reviews in period that followed a weak-feedback signal of days from the signal (month end) to the review",
       unit="days", higher_is_better=False, tdrp="effectiveness", target=90.0, scoped_by_people=False, n_unit="programmes", headline=False),
)

_BY_ID = {m.id: m for m in METRICS}
assert len(_BY_ID) == len(METRICS), "metric ids must be unique"


def metric(metric_id: str) -> Metric:
    return _BY_ID[metric_id]


def for_dimension(slug: str, *, headline_only: bool = False) -> tuple[Metric, ...]:
    """A dimension's metrics in catalog order: all of them score; headline ones are the page's cards."""
    return tuple(m for m in METRICS if m.dimension == slug and (m.headline or not headline_only))


def default_plans(first_day: dt.date, last_day: dt.date, start_month: int) -> pd.DataFrame:
    """A `metric_plans` frame with every metric's catalog target for each fiscal year in the span."""
    rows = []
    day = first_day
    while day <= last_day:
        fy_start, fy_end = fiscal_year_bounds(day, start_month)
        for m in METRICS:
            rows.append({"metric_id": m.id, "period_start": fy_start, "period_end": fy_end,
                         "scope": "all", "plan_value": m.target})
        day = fy_end + dt.timedelta(days=1)
    return pd.DataFrame(rows)


assert {m.dimension for m in METRICS} == {d.slug for d in DIMENSIONS}, "every dimension needs metrics"
