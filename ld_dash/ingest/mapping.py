"""Mapping files (TOML or YAML): how an export's columns become a canonical table's columns.

```toml
table = "employees"
mode = "replace"                       # or "append"
[source]
delimiter = ";"                        # CSV only; default: detected
encoding = "cp1252"                    # default: UTF-8 (with or without BOM)
decimal = ","                          # decimal comma in numbers
sheet = "Staff"                        # Excel only
[columns]                              # canonical column = source column
employee_id = "Personnel number"
[values.is_people_leader]              # value maps, applied to the source value
Yes = "true"
No = "false"
[constants]                            # the same value on every row
region = "EMEA North"
[derived]                              # DuckDB SQL expressions over the source columns
hire_date = "strptime(\"Start date\", '%d/%m/%Y')"
```
Or `select = "SELECT ... FROM source"` to reshape the whole table. Expressions run with external file
access disabled, so a mapping cannot read or write files.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ld_dash.ingest.rules import IMPORTABLE


class SourceOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delimiter: str | None = None
    encoding: str | None = None
    decimal: Literal[".", ","] = "."
    sheet: str | int | None = None


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    table: str
    mode: Literal["replace", "append"] = "replace"
    source: SourceOptions = Field(default_factory=SourceOptions)
    columns: dict[str, str] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    constants: dict[str, str | int | float | bool] = Field(default_factory=dict)
    derived: dict[str, str] = Field(default_factory=dict)
    select: str | None = None

    @field_validator("table")
    @classmethod
    def _known_table(cls, value: str) -> str:
        if value not in IMPORTABLE:
            raise ValueError(f"unknown table {value!r}; importable tables: {', '.join(IMPORTABLE)}")
        return value


def load_mapping(path: Path) -> Mapping:
    """Read a TOML or YAML mapping file; errors name the file."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        if Path(path).suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            data = tomllib.loads(text)
        return Mapping.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"{path}: invalid mapping: {problems}") from exc
    except Exception as exc:  # noqa: BLE001 - every parse problem is the file's
        raise ValueError(f"{path}: invalid mapping: {exc}") from exc


def save_mapping(mapping: Mapping, name: str, folder: Path) -> Path:
    """Keep a mapping (as YAML) to reuse next time; the name is reduced to safe characters."""
    import re

    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (re.sub(r"[^A-Za-z0-9_-]", "-", name).strip("-") or "mapping")
    path = path.with_suffix(".yaml")
    path.write_text(yaml.safe_dump(mapping.model_dump(exclude_defaults=True), sort_keys=False), encoding="utf-8")
    return path


def saved_mappings(table: str, folder: Path) -> dict[str, Path]:
    """Saved mappings for one table, by name; unreadable files are skipped."""
    found = {}
    for path in sorted(folder.glob("*.yaml")) if folder.exists() else []:
        try:
            if load_mapping(path).table == table:
                found[path.stem] = path
        except ValueError:
            continue
    return found
