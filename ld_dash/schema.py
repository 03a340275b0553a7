"""The canonical tables (DESIGN §4), declared once as pydantic row models; the DDL is derived from them.

One declaration serves the importer (row validation), the demo generator (column order) and the
store (CREATE TABLE), so a column can never be added to one and forgotten in another.
"""
from __future__ import annotations

import datetime as dt
import types
import typing
from typing import ClassVar, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["IC1", "IC2", "IC3", "Manager", "Executive"]
JOB_LEVELS: tuple[str, ...] = typing.get_args(Level)


class Row(BaseModel):
    """A row of a canonical table; `key` names the columns that identify it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    key: ClassVar[tuple[str, ...]] = ()


class Employee(Row):
    key = ("employee_id",)
    employee_id: str
    manager_id: Optional[str] = None
    business_unit: str
    department: str
    region: str
    job_level: str
    role_family: str
    is_people_leader: bool
    hire_date: dt.date
    termination_date: Optional[dt.date] = None
    termination_reason: Optional[Literal["voluntary", "involuntary"]] = None
    annual_salary: float = Field(ge=0)


class JobChange(Row):
    key = ("employee_id", "effective_on")
    employee_id: str
    effective_on: dt.date
    job_level: str
    role_family: str
    business_unit: str
    is_people_leader: bool
    change_type: Literal["hire", "promotion", "lateral", "demotion"]


class Objective(Row):
    key = ("objective_id",)
    objective_id: str
    priority: int = Field(ge=1)
    business_goal: str
    kpi_name: str
    kpi_unit: str
    baseline_value: float
    target_value: float
    baseline_date: dt.date
    target_date: dt.date
    owner: str
    expected_learning_contribution: Optional[str] = None


class ObjectiveMeasurement(Row):
    key = ("objective_id", "measured_on")
    objective_id: str
    measured_on: dt.date
    value: float


class Program(Row):
    key = ("program_id",)
    program_id: str
    name: str
    category: str
    delivery_mode: Literal["classroom", "virtual", "e-learning", "blended", "VR", "mentoring"]
    objective_id: Optional[str] = None
    pathway_id: Optional[str] = None
    executive_sponsor_id: Optional[str] = None
    owner: str
    launched_on: dt.date
    retired_on: Optional[dt.date] = None
    review_cycle_months: int = Field(ge=1)
    is_compliance: bool
    is_leadership: bool = False


class ProgramSkill(Row):
    """Which skills a programme develops: the link that lets the Skills page see gaps close."""

    key = ("program_id", "skill_id")
    program_id: str
    skill_id: str


class ProgramCost(Row):
    program_id: str
    incurred_on: dt.date
    cost_type: Literal["design", "delivery", "vendor", "licence", "venue", "travel", "other"]
    amount: float = Field(ge=0)


class Enrollment(Row):
    key = ("enrollment_id",)
    enrollment_id: str
    employee_id: str
    program_id: str
    enrolled_on: dt.date
    due_on: Optional[dt.date] = None
    completed_on: Optional[dt.date] = None
    status: Literal["enrolled", "in_progress", "completed", "failed", "dropped"]
    learning_hours: float = Field(ge=0)
    pre_score: Optional[float] = Field(default=None, ge=0, le=100)
    post_score: Optional[float] = Field(default=None, ge=0, le=100)


class Pathway(Row):
    key = ("pathway_id",)
    pathway_id: str
    name: str
    role_family: str
    target_job_level: str


class PathwayStep(Row):
    key = ("pathway_id", "step_no")
    pathway_id: str
    step_no: int = Field(ge=1)
    program_id: str


class Feedback(Row):
    key = ("response_id",)
    response_id: str
    enrollment_id: str
    responded_on: dt.date
    satisfaction: int = Field(ge=1, le=5)
    relevance: int = Field(ge=1, le=5)
    nps: int = Field(ge=0, le=10)
    intent_to_apply: int = Field(ge=1, le=5)
    applied_on_job_90d: Optional[int] = Field(default=None, ge=1, le=5)
    confidence_pct: Optional[float] = Field(default=None, ge=0, le=100)
    comment: Optional[str] = None


class PerformanceReview(Row):
    key = ("employee_id", "period_end")
    employee_id: str
    period_end: dt.date
    rating: int = Field(ge=1, le=5)
    # Most HRIS exports carry a rating and nothing else: goal attainment is optional (ROI then measures no
    # productivity effect and says why).
    goal_attainment_pct: Optional[float] = Field(default=None, ge=0, le=200)


class PlatformActivity(Row):
    key = ("employee_id", "activity_on", "platform")
    employee_id: str
    activity_on: dt.date
    platform: Literal["LMS", "mobile", "virtual classroom", "VR", "content library"]
    sessions: int = Field(ge=0)
    minutes: float = Field(ge=0)
    # Events the platform logged that day (clicks, page views, xAPI statements), where it exports them.
    events: Optional[int] = Field(default=None, ge=0)


class Skill(Row):
    key = ("skill_id",)
    skill_id: str
    name: str
    category: str
    is_strategic: bool


class RoleSkillRequirement(Row):
    key = ("role_family", "skill_id")
    role_family: str
    skill_id: str
    required_level: int = Field(ge=1, le=5)


class SkillAssessment(Row):
    employee_id: str
    skill_id: str
    assessed_on: dt.date
    level: int = Field(ge=1, le=5)
    source: str


class LeaderActivity(Row):
    leader_id: str
    program_id: str
    activity_on: dt.date
    activity: Literal["attended", "taught", "sponsored", "coached"]
    hours: float = Field(ge=0)


class SurveyItem(Row):
    """A survey question as the survey tool defines it: its wording, its answer scale and the codes that
    mean "don't know" or "not applicable" (answers kept, but in no mean and no share)."""

    key = ("question_key",)
    question_key: str
    question_text: str
    scale_min: int = Field(default=1, ge=0, le=10)
    scale_max: int = Field(default=5, ge=1, le=11)
    excluded_codes: Optional[str] = None  # e.g. "9" or "0;9": whole numbers, separated by ; or ,
    favourable_min: Optional[int] = None  # lowest favourable answer; default the top two (a 5-point scale: 4 and 5)
    in_index: bool = True  # counts towards the learning culture index


class CultureSurvey(Row):
    """One answer. The respondent's unit, region and level come with the answer (anonymous surveys) or,
    where the survey tool exports an employee id instead, from that employee's record."""

    respondent_id: str
    employee_id: Optional[str] = None
    business_unit: Optional[str] = None
    region: Optional[str] = None
    job_level: Optional[str] = None
    surveyed_on: dt.date
    question_key: str
    score: int = Field(ge=0, le=11)


class Communication(Row):
    key = ("communication_id",)
    communication_id: str
    sent_on: dt.date
    channel: Literal["email", "intranet", "town hall", "manager cascade", "newsletter", "leadership update"]
    program_id: Optional[str] = None
    audience_business_unit: Optional[str] = None
    recipients: int = Field(ge=0)
    opens: int = Field(ge=0)
    clicks: int = Field(ge=0)


class LearningBudget(Row):
    key = ("employee_id", "fiscal_year")
    employee_id: str
    fiscal_year: int
    allocated: float = Field(ge=0)
    spent: float = Field(ge=0)


class InnovationIdea(Row):
    key = ("idea_id",)
    idea_id: str
    employee_id: str
    submitted_on: dt.date
    status: Literal["submitted", "implemented", "rejected"]
    estimated_annual_value: Optional[float] = Field(default=None, ge=0)


class ProgramReview(Row):
    key = ("review_id",)
    review_id: str
    program_id: str
    reviewed_on: dt.date
    outcome: Literal["continue", "revise", "retire"]
    changes_made: Optional[str] = None
    reviewer: str


class MetricPlan(Row):
    key = ("metric_id", "period_start", "scope")
    metric_id: str
    period_start: dt.date
    period_end: dt.date
    scope: str = "all"
    plan_value: float


class ImportLog(Row):
    key = ("import_id",)
    import_id: str
    started_at: dt.datetime
    finished_at: Optional[dt.datetime] = None
    source: str
    table_name: str
    rows_read: int = Field(ge=0)
    rows_loaded: int = Field(ge=0)
    rows_rejected: int = Field(ge=0)
    status: str
    engine_version: str


class DatasetInfo(Row):
    """One row describing the version: where it came from and the date its data runs to."""

    as_of: dt.date
    source: str
    organisation_name: str
    created_at: dt.datetime


TABLES: dict[str, type[Row]] = {
    "employees": Employee,
    "job_changes": JobChange,
    "objectives": Objective,
    "objective_measurements": ObjectiveMeasurement,
    "programs": Program,
    "program_skills": ProgramSkill,
    "program_costs": ProgramCost,
    "enrollments": Enrollment,
    "pathways": Pathway,
    "pathway_steps": PathwayStep,
    "feedback": Feedback,
    "performance_reviews": PerformanceReview,
    "platform_activity": PlatformActivity,
    "skills": Skill,
    "role_skill_requirements": RoleSkillRequirement,
    "skill_assessments": SkillAssessment,
    "leader_activities": LeaderActivity,
    "survey_items": SurveyItem,
    "culture_survey": CultureSurvey,
    "communications": Communication,
    "learning_budgets": LearningBudget,
    "innovation_ideas": InnovationIdea,
    "program_reviews": ProgramReview,
    "metric_plans": MetricPlan,
    "import_log": ImportLog,
    "dataset_info": DatasetInfo,
}

_SQL_TYPES: dict[type, str] = {
    str: "VARCHAR",
    int: "BIGINT",
    float: "DOUBLE",
    bool: "BOOLEAN",
    dt.date: "DATE",
    dt.datetime: "TIMESTAMP",
}


def sql_type(annotation: object) -> str:
    """DuckDB type of a field annotation."""
    return _sql_type(annotation)[0]


def is_nullable(annotation: object) -> bool:
    return _sql_type(annotation)[1]


def _sql_type(annotation: object) -> tuple[str, bool]:
    """DuckDB type of a field annotation and whether it admits NULL."""
    nullable = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is Literal:
        annotation = type(typing.get_args(annotation)[0])
    return _SQL_TYPES[annotation], nullable


def columns(table: str) -> list[str]:
    """Column names of a canonical table, in order."""
    return list(TABLES[table].model_fields)


def create_table_sql(table: str) -> str:
    """CREATE TABLE statement for one canonical table."""
    model = TABLES[table]
    parts = []
    for name, field in model.model_fields.items():
        sql_type, nullable = _sql_type(field.annotation)
        parts.append(f"{name} {sql_type}{'' if nullable else ' NOT NULL'}")
    return f"CREATE TABLE {table} (\n  " + ",\n  ".join(parts) + "\n)"


def ddl() -> str:
    """The whole schema as one SQL script."""
    return ";\n\n".join(create_table_sql(t) for t in TABLES) + ";\n"
