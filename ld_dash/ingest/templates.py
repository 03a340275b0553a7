"""Blank import templates: every importable table's columns with one plausible example row."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ld_dash.ingest.rules import IMPORTABLE, column_rules

# Example values where a column's name says more than its type.
EXAMPLES: dict[str, str] = {
    "employee_id": "E1001", "manager_id": "E1000", "leader_id": "E1000", "respondent_id": "R-7f3a",
    "executive_sponsor_id": "E0001", "program_id": "P-DATA-101", "objective_id": "OBJ-1", "pathway_id": "PW-1",
    "enrollment_id": "EN-000001", "response_id": "FB-000001", "skill_id": "SK-AI", "idea_id": "ID-0001",
    "review_id": "RV-0001", "communication_id": "CM-0001", "metric_id": "culture.hours_per_employee",
    "business_unit": "Sales", "audience_business_unit": "Sales", "department": "Field Sales",
    "region": "EMEA North", "job_level": "IC2", "target_job_level": "Manager", "role_family": "Sales",
    "name": "Data literacy foundations", "category": "Data", "owner": "Head of L&D", "reviewer": "Head of L&D",
    "business_goal": "Grow recurring revenue", "kpi_name": "Recurring revenue", "kpi_unit": "EUR m",
    "expected_learning_contribution": "High", "scope": "all", "source": "manager review",
    "comment": "Practical and well paced", "changes_made": "Shortened module 2", "question_key": "learning_valued",
    "question_text": "Learning is valued in my team", "scale_min": "1", "scale_max": "5", "excluded_codes": "9",
    "favourable_min": "4",
}


def _example(rule) -> str:  # noqa: ANN001 - a ColumnRule
    if rule.name in EXAMPLES:
        return EXAMPLES[rule.name]
    if rule.choices:
        return rule.choices[0]
    if rule.sql_type == "DATE":
        return "2025-01-31"
    if rule.sql_type == "TIMESTAMP":
        return "2025-01-31 09:00:00"
    if rule.sql_type == "BOOLEAN":
        return "false"
    if rule.sql_type in ("DOUBLE", "BIGINT"):
        low = rule.minimum if rule.minimum is not None else 0
        high = rule.maximum if rule.maximum is not None else low + 10
        value = (low + high) / 2 if rule.maximum is not None else max(low, 1) * 4
        return str(int(value)) if rule.sql_type == "BIGINT" or float(value).is_integer() else str(value)
    return "text"


def template_frame(table: str) -> pd.DataFrame:
    if table not in IMPORTABLE:
        raise ValueError(f"unknown table {table!r}; importable tables: {', '.join(IMPORTABLE)}")
    rules = column_rules(table)
    return pd.DataFrame([[_example(r) for r in rules]], columns=[r.name for r in rules])


def mapping_template(table: str) -> str:
    """A TOML mapping to fill in: every column listed, mapped to itself, with its type and rules."""
    lines = [f'# Mapping for {table}: put your export\'s column name on the right of each "=".',
             "# Delete lines for columns your export has under the same name. See README, Importing.",
             f'table = "{table}"', 'mode = "replace"   # or "append"', "", "[source]",
             '# delimiter = ";"', '# encoding = "cp1252"', '# decimal = ","', '# sheet = "Sheet1"', "", "[columns]"]
    for rule in column_rules(table):
        notes = [rule.type_word, "required" if rule.required and rule.default is None else "optional"]
        if rule.choices:
            notes.append("one of " + ", ".join(rule.choices))
        if rule.minimum is not None or rule.maximum is not None:
            notes.append(f"from {rule.minimum:g}" if rule.maximum is None else f"{rule.minimum:g} to {rule.maximum:g}")
        lines.append(f'{rule.name} = "{rule.name}"   # {"; ".join(notes)}')
    lines += ["", "# [values.some_column]   # value maps, e.g. Yes = \"true\"", "# [constants]",
              "# [derived]              # DuckDB SQL over your columns, e.g. hire_date = \"strptime(\\\"Start\\\", '%d/%m/%Y')\""]
    return "\n".join(lines) + "\n"


def write_templates(folder: Path) -> list[Path]:
    """A CSV template and a mapping template per importable table; returns the CSV paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in IMPORTABLE:
        path = folder / f"{table}.csv"
        template_frame(table).to_csv(path, index=False)
        (folder / f"{table}.mapping.toml").write_text(mapping_template(table), encoding="utf-8")
        paths.append(path)
    return paths
