"""Validation rules derived from the schema's pydantic models, so the importer and the models agree.

Each rule becomes a DuckDB predicate over the staged text columns; a row that matches a predicate is
rejected with the rule's message. Checking is column-wise in SQL, not a Python loop over rows.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

import annotated_types

from ld_dash import schema

TYPE_WORDS = {"DATE": "a date (YYYY-MM-DD)", "DOUBLE": "a number", "BIGINT": "a whole number",
              "BOOLEAN": "true or false", "TIMESTAMP": "a date and time", "VARCHAR": "text"}

# Columns that must point at an existing row of another table: (column, table, key column).
REFERENCES: dict[str, list[tuple[str, str, str]]] = {
    "employees": [("manager_id", "employees", "employee_id")],
    "job_changes": [("employee_id", "employees", "employee_id")],
    "objective_measurements": [("objective_id", "objectives", "objective_id")],
    "programs": [("objective_id", "objectives", "objective_id"), ("pathway_id", "pathways", "pathway_id")],
    "program_skills": [("program_id", "programs", "program_id"), ("skill_id", "skills", "skill_id")],
    "program_costs": [("program_id", "programs", "program_id")],
    "enrollments": [("employee_id", "employees", "employee_id"), ("program_id", "programs", "program_id")],
    "pathway_steps": [("pathway_id", "pathways", "pathway_id"), ("program_id", "programs", "program_id")],
    "feedback": [("enrollment_id", "enrollments", "enrollment_id")],
    "performance_reviews": [("employee_id", "employees", "employee_id")],
    "platform_activity": [("employee_id", "employees", "employee_id")],
    "role_skill_requirements": [("skill_id", "skills", "skill_id")],
    "skill_assessments": [("employee_id", "employees", "employee_id"), ("skill_id", "skills", "skill_id")],
    "leader_activities": [("leader_id", "employees", "employee_id"), ("program_id", "programs", "program_id")],
    "communications": [("program_id", "programs", "program_id")],
    "learning_budgets": [("employee_id", "employees", "employee_id")],
    "innovation_ideas": [("employee_id", "employees", "employee_id")],
    "program_reviews": [("program_id", "programs", "program_id")],
    "culture_survey": [("question_key", "survey_items", "question_key"), ("employee_id", "employees", "employee_id")],
}

# Pairs of dates that must be in order: (earlier, later).
DATE_ORDER: dict[str, list[tuple[str, str]]] = {
    "employees": [("hire_date", "termination_date")],
    "objectives": [("baseline_date", "target_date")],
    "programs": [("launched_on", "retired_on")],
    "enrollments": [("enrolled_on", "completed_on"), ("enrolled_on", "due_on")],
    "metric_plans": [("period_start", "period_end")],
}

# Tables a user may import (the rest are written by ld-dash itself).
IMPORTABLE: tuple[str, ...] = tuple(t for t in schema.TABLES if t not in ("import_log", "dataset_info"))


@dataclass(frozen=True)
class ColumnRule:
    name: str
    sql_type: str
    required: bool
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    default: object = None  # filled in when a non-nullable column with a default is missing

    @property
    def type_word(self) -> str:
        return TYPE_WORDS[self.sql_type]


def column_rules(table: str) -> list[ColumnRule]:
    model = schema.TABLES[table]
    rules = []
    for name, field in model.model_fields.items():
        sql_type = schema.sql_type(field.annotation)
        annotation = field.annotation
        if typing.get_origin(annotation) is not Literal:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else annotation
        choices = tuple(str(c) for c in typing.get_args(annotation)) if typing.get_origin(annotation) is Literal else ()
        minimum = maximum = None
        for meta in field.metadata:
            if isinstance(meta, annotated_types.Ge):
                minimum = float(meta.ge)
            elif isinstance(meta, annotated_types.Le):
                maximum = float(meta.le)
        default = None if field.is_required() else field.default
        rules.append(ColumnRule(name=name, sql_type=sql_type, required=not schema.is_nullable(field.annotation),
                                choices=choices, minimum=minimum, maximum=maximum, default=default))
    return rules
