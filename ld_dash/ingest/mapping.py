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
Or `select = "SELECT ... FROM source"` to reshape the whole table. An HRIS export that comes as several
files joined on an employee number names the others under `[join]`, each a file beside the mapped one
(the same batch), and the select reads them by that name:

```toml
table = "performance_reviews"
select = '''SELECT g."Employee number" AS employee_id, r."Rating" AS rating, ...
            FROM source AS g JOIN ratings AS r USING ("Employee number")'''
[join]
ratings = "manager_ratings.csv"        # or { file = "ratings.xlsx", sheet = "2025" }
```
Expressions run with external file access disabled, so a mapping cannot read or write files; the joined
files are read by ld-dash before that, and only from the folder of the mapped file.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ld_dash.ingest.rules import IMPORTABLE


class SourceOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delimiter: str | None = None
    encoding: str | None = None
    decimal: Literal[".", ","] = "."
    sheet: str | int | None = None


# Names the SQL of a mapping already uses for its own tables.
RESERVED_NAMES = frozenset({"source", "original", "raw", "reshaped"})
SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]*$")


class JoinedFile(SourceOptions):
    """Another file of the same batch, beside the mapped one, that the mapping's SQL reads by name."""

    file: str

    @model_validator(mode="before")
    @classmethod
    def _a_name_alone(cls, value: object) -> object:
        return {"file": value} if isinstance(value, str) else value

    @field_validator("file")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        # A plain file name: no folder, no `..`, so a mapping cannot reach beyond its batch's folder.
        if not SAFE_FILE_NAME.match(value) or ".." in value:
            raise ValueError(f"{value!r} is not a plain file name (letters, digits, . _ - and spaces; no folders)")
        return value


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
    join: dict[str, JoinedFile] = Field(default_factory=dict)

    @field_validator("join")
    @classmethod
    def _join_names(cls, value: dict[str, JoinedFile]) -> dict[str, JoinedFile]:
        for name in value:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or name.lower() in RESERVED_NAMES:
                raise ValueError(f"{name!r} cannot name a joined file: use letters, digits and _ (not "
                                 f"{', '.join(sorted(RESERVED_NAMES))})")
        return value

    @model_validator(mode="after")
    def _join_needs_select(self) -> "Mapping":
        if self.join and not self.select:
            raise ValueError("[join] names files for the select to read: add a select that joins them")
        return self

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


MAPPING_SUFFIXES = (".toml", ".yaml", ".yml")


def saved_mappings(table: str, folder: Path) -> dict[str, Path]:
    """Saved mappings for one table, by name; unreadable files are skipped."""
    found = {}
    found_files = [p for p in folder.iterdir() if p.suffix.lower() in MAPPING_SUFFIXES] if folder.exists() else []
    for path in sorted(found_files):
        try:
            if load_mapping(path).table == table:
                found.setdefault(path.stem, path)
        except ValueError:
            continue
    return found
