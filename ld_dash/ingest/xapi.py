"""xAPI / cmi5 statements (a JSON array, JSON lines, one statement per file, or a folder of statement
files) into enrolments or daily platform activity.

Rules of the specification that matter here: statements are immutable, so a statement voided by a
`voided` statement is dropped (and so is the voiding one); `timestamp` is when it happened, `stored`
only when the LRS recorded it (used when there is no timestamp; a statement with neither cannot be dated
and is rejected, counted, by its position). Statements about statements or agents (StatementRef,
SubStatement, Agent objects) are not learning activity and are left out, counted.

One enrolment is one cmi5 registration (launched → initialized → passed/completed → terminated, over
one or several sessions): a learner's statements with the same `context.registration` are one
enrolment, of the course (the cmi5 course activity when a statement names it, else the activity the
registration started with). Without a registration, one enrolment per learner and activity. ADL's
`completed` and `passed`, and cmi5's `satisfied`, complete it; `failed` without a later pass is the
outcome "failed"; `abandoned` (a session that ended without exit) leaves it in progress, as cmi5 lets
the learner relaunch. Learning time is the sessions' durations (`terminated`/`abandoned` carry the
whole session's) or, when no session says, the sum of the statements' durations. The learner is the
actor's account name, else its e-mail without `mailto:`; map either to your employee ids with a value map.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict

from ld_dash.ingest.errors import ImportProblem

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
VOIDED = ADL_VERBS + "voided"
# Verbs are IRIs: only ADL's own `completed` and `passed` (which cmi5 uses too) and cmi5's `satisfied`
# (the LMS's word that the course's move-on criteria are met) complete an enrolment;
# `https://evil.example/passed` is another verb that merely ends in the same word.
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
COMPLETING = (*(ADL_VERBS + v for v in ("completed", "passed")), SATISFIED)
FAILED = ADL_VERBS + "failed"
SESSION_VERBS = tuple(ADL_VERBS + v for v in ("initialized", "launched", "attempted"))
# A session's last statement carries the whole session's duration (cmi5 9.5.4.1): counted once.
SESSION_ENDS = tuple(ADL_VERBS + v for v in ("terminated", "abandoned"))
CMI5_COURSE = "https://w3id.org/xapi/cmi5/activitytype/course"
ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
# ISO 8601 durations as xAPI uses them (result.duration): PnYnMnWnDTnHnMnS, each part optional but at
# least one present, a time part after T, a decimal fraction (point or comma) on the smallest part only.
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(rf"^P(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?"
                       rf"(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?$")
_MINUTES_PER = (None, None, 7 * 1440, 1440, 60, 1, 1 / 60)  # Y, M, W, D, H, M, S


class Statements:
    """Statements read from a file or a folder, each with the place a person finds it by."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.items: list[dict[str, Any]] = []
        self.places: list[str] = []  # "s.json: statement 3", "course/04-passed.json: statement 1"
        self.not_statements = 0  # JSON documents in a folder that are not statements (launch data)

    def add(self, label: str, statements: list[Any], *, in_folder: bool) -> None:
        for number, statement in enumerate(statements, start=1):
            if in_folder and not (isinstance(statement, dict) and "verb" in statement and "actor" in statement):
                self.not_statements += 1  # cmi5 ships LMS.LaunchData and preferences beside the statements
                continue
            if not isinstance(statement, dict):
                raise ImportProblem(f"{label}: statement {number}: is not a JSON object")
            self.items.append(statement)
            self.places.append(f"{label}: statement {number}" if len(statements) > 1 or not in_folder else label)


def _parse(path: Path, label: str) -> list[Any]:
    """A JSON array, one JSON object, or JSON lines; errors name the file and line."""
    text = Path(path).read_text(encoding="utf-8-sig")
    if not text.strip():
        raise ImportProblem(f"{label}: the file is empty")
    stripped = text.lstrip()
    if stripped.startswith("[") or (stripped.startswith("{") and _one_document(text)):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportProblem(f"{label}: row {exc.lineno}: not valid JSON ({exc.msg})") from exc
        return parsed if isinstance(parsed, list) else [parsed]
    statements = []  # JSON lines: a statement per line, and an error names the file's own line, not 1
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            statements.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ImportProblem(f"{label}: row {number}: not valid JSON ({exc.msg})") from exc
    return statements


def _one_document(text: str) -> bool:
    """A single (possibly pretty-printed) JSON object rather than JSON lines."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) <= 1:
        return True
    try:
        json.loads(lines[0])
    except json.JSONDecodeError:
        return True  # the first line alone is no document: the object spans lines
    return False


def read_statements(path: Path) -> Statements:
    """Every statement of a file, or of the .json/.jsonl files of a folder in name order."""
    path = Path(path)
    found = Statements(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".json", ".jsonl") and p.is_file())
        if not files:
            raise ImportProblem(f"{path.name}: the folder holds no .json or .jsonl files")
        for file in files:
            found.add(f"{path.name}/{file.name}", _parse(file, f"{path.name}/{file.name}"), in_folder=True)
        if not found.items:
            raise ImportProblem(f"{path.name}: none of its {len(files)} JSON files is an xAPI statement")
        return found
    parsed = _parse(path, path.name)
    if not parsed:
        raise ImportProblem(f"{path.name}: expected xAPI statements, found none")
    found.add(path.name, parsed, in_folder=False)
    return found


def duration_minutes(duration: object) -> float:
    """Minutes in an ISO 8601 duration (`PT1H30M` = 90, `P1W` = 10,080); no duration at all is 0.

    Raises ValueError for anything else, including years and months other than zero: their length in
    minutes is not defined, and a wrong guess would change learning hours silently.
    """
    if duration is None:
        return 0.0
    text = duration.strip() if isinstance(duration, str) else ""
    match = _DURATION.match(text)
    given = [i for i, part in enumerate(match.groups()) if part is not None] if match else []
    if not given or text.endswith("T"):
        raise ValueError(f"{str(duration)[:40]!r} is not an ISO 8601 duration (for example PT1H30M)")
    values = [float(part.replace(",", ".")) if part is not None else 0.0 for part in match.groups()]
    if any(("." in match.group(i + 1) or "," in match.group(i + 1)) for i in given[:-1]):
        raise ValueError(f"{text[:40]!r}: only the last part of a duration may have a fraction")
    if values[0] or values[1]:
        raise ValueError(f"{text[:40]!r}: a duration in years or months has no fixed length; give it in "
                         "weeks, days, hours or minutes")
    return sum(v * per for v, per in zip(values[2:], _MINUTES_PER[2:]))


def _minutes(duration: object, place: str) -> float:
    try:
        return duration_minutes(duration)
    except ValueError as exc:
        raise ImportProblem(f"{place}: result.duration {exc}") from exc


def _learner(actor: dict[str, Any]) -> str | None:
    if "account" in actor and isinstance(actor["account"], dict):
        return str(actor["account"].get("name") or "") or None
    if actor.get("mbox"):
        return str(actor["mbox"]).removeprefix("mailto:")
    return actor.get("mbox_sha1sum") or actor.get("openid")


class StatementRead(BaseModel):
    """What a statements file became: one row per usable statement, and what was left out and why."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    frame: pd.DataFrame
    left_out: dict[str, int]  # counted, reported with the import: voided, voiding, not about an activity
    undated: list[int]  # positions of statements with neither timestamp nor stored: rejected

    def notes(self, name: str) -> list[str]:
        words = {"voided": "voided by a later statement", "voiding": "voiding statements",
                 "not about an activity": "statements about a statement or a person, not a learning activity",
                 "not a statement": "JSON files in the folder that are not statements (launch data, preferences)"}
        return [f"{name}: {count:,} {words[kind]} left out" for kind, count in self.left_out.items() if count]


FRAME_COLUMNS = ["position", "learner", "verb", "activity", "activity_type", "day", "minutes", "registration",
                 "score"]


def statements_frame(path: Path) -> StatementRead:
    """One row per usable statement (position, learner, verb, activity, day, minutes, registration,
    score), and counts of what was left out and why."""
    read = read_statements(path)
    statements = read.items
    voided = {s["object"].get("id") for s in statements
              if isinstance(s.get("verb"), dict) and s["verb"].get("id") == VOIDED and isinstance(s.get("object"), dict)}
    rows, undated = [], []
    left_out = {"voided": 0, "voiding": 0, "not about an activity": 0, "not a statement": read.not_statements}
    for position, (s, place) in enumerate(zip(statements, read.places), start=1):
        for part in ("actor", "verb", "object"):
            if not isinstance(s.get(part), dict):
                raise ImportProblem(f"{place}: has no {part}")
        if s["verb"].get("id") == VOIDED:
            left_out["voiding"] += 1
            continue
        if s.get("id") in voided:
            left_out["voided"] += 1
            continue
        if s["object"].get("objectType", "Activity") != "Activity":
            left_out["not about an activity"] += 1
            continue
        when = s.get("timestamp") or s.get("stored")
        if not when:  # an LRS always sets `stored`; a hand-written export may not: it cannot be dated
            undated.append(position)
            continue
        result = s.get("result") if isinstance(s.get("result"), dict) else {}
        definition = s["object"].get("definition") if isinstance(s["object"].get("definition"), dict) else {}
        rows.append({
            "position": position, "learner": _learner(s["actor"]),
            "verb": str(s["verb"].get("id", "")).rstrip("/"),
            "activity": s["object"].get("id"), "activity_type": definition.get("type"),
            "day": _local_day(when, place),
            "minutes": _minutes(result.get("duration"), place),
            "registration": (s.get("context") or {}).get("registration"),
            "score": _score(result.get("score"), place),
        })
    return StatementRead(frame=pd.DataFrame(rows, columns=FRAME_COLUMNS), left_out=left_out, undated=undated)


def _score(score: object, place: str) -> float | None:
    """A result's score as a percentage: `scaled` × 100, else `raw` within `min`..`max`; none is None."""
    if not isinstance(score, dict):
        return None
    if isinstance(score.get("scaled"), (int, float)):
        return float(score["scaled"]) * 100
    raw, low, high = score.get("raw"), score.get("min"), score.get("max")
    if all(isinstance(v, (int, float)) for v in (raw, low, high)) and high > low:
        return (float(raw) - low) / (high - low) * 100
    return None


def _local_day(when: object, place: str) -> "dt.date":
    """The learner's own calendar day: the date as written with its offset (`2026-03-01T23:30+05:30` is
    1 March where the learner was, though 18:00 UTC), not converted to UTC."""
    if not isinstance(when, str) or not ISO_TIMESTAMP.match(when.strip()):
        raise ImportProblem(f"{place}: timestamp {str(when)[:40]!r} is not an ISO 8601 "
                            "date and time (for example 2026-03-01T09:30:00Z)")
    try:
        return pd.Timestamp(when.strip()).date()
    except (ValueError, OverflowError) as exc:
        raise ImportProblem(f"{place}: timestamp {when[:40]!r} is not a valid date and time") from exc


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, a missing one as None (staged values are text, as a CSV's would be)."""
    def text(v: object) -> str | None:
        return None if v is None or (isinstance(v, float) and v != v) or v is pd.NaT else str(v)

    return pd.DataFrame({c: pd.Series([text(v) for v in frame[c]], index=frame.index, dtype=object)
                         for c in frame.columns})


def to_enrollments(frame: pd.DataFrame) -> pd.DataFrame:
    """One enrolment per cmi5 registration (or, without one, per learner and activity); `__row` is the
    position of its first statement."""
    if frame.empty:
        return pd.DataFrame(columns=["__row"])
    frame = frame.sort_values(["day", "position"], kind="stable").assign(
        attempt=frame["registration"].fillna("activity:" + frame["activity"].astype(str)))
    out = []
    for (learner, attempt), rows in frame.groupby(["learner", "attempt"], sort=False, dropna=False):
        done = rows[rows["verb"].isin(COMPLETING)]
        failed = rows[rows["verb"] == FAILED]
        courses = rows.loc[rows["activity_type"] == CMI5_COURSE, "activity"]
        scored = rows["score"].dropna()
        status = "completed" if len(done) else "failed" if len(failed) else "in_progress"
        out.append({
            "__row": rows["position"].min(),
            "employee_id": learner,
            "program_id": courses.iloc[0] if len(courses) else rows["activity"].iloc[0],
            "enrolled_on": rows["day"].min(),
            "completed_on": done["day"].min() if len(done) else None,
            "status": status,
            "learning_hours": _session_minutes(rows) / 60,
            "post_score": scored.iloc[-1] if len(scored) else None,
            "enrollment_id": "xapi-" + hashlib.sha1(f"{learner}|{attempt}".encode()).hexdigest()[:16],
        })
    return _text(pd.DataFrame(out).sort_values("__row"))


def to_platform_activity(frame: pd.DataFrame, platform: str = "LMS") -> pd.DataFrame:
    """One row per learner and day: sessions (registrations or session-starting verbs), minutes and
    events (statements)."""
    if frame.empty:
        return pd.DataFrame(columns=["__row"])
    starts = frame.assign(start=frame["verb"].isin(SESSION_VERBS))
    grouped = starts.groupby(["learner", "day"], sort=False, dropna=False)
    out = pd.DataFrame({
        "__row": grouped["position"].min(),
        "sessions": grouped.apply(lambda g: max(g["registration"].nunique(), int(g["start"].sum()), 1),
                                  include_groups=False),
        "minutes": grouped.apply(_session_minutes, include_groups=False),
        "events": grouped["position"].count(),  # every statement of the day is an event
    }).reset_index().rename(columns={"learner": "employee_id", "day": "activity_on"})
    out["platform"] = platform
    return _text(out.sort_values("__row"))


def _session_minutes(rows: pd.DataFrame) -> float:
    """Minutes learned: the sessions' own durations where a session end says, else the statements'."""
    sessions = rows[rows["verb"].isin(SESSION_ENDS) & (rows["minutes"] > 0)]
    return float((sessions if len(sessions) else rows)["minutes"].sum())
