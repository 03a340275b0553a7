"""xAPI / cmi5 statements (a JSON array or JSON lines) into enrolments or daily platform activity.

Rules of the specification that matter here: statements are immutable, so a statement voided by a
later `voided` statement is dropped (and so is the voiding one); `timestamp` is when it happened,
`stored` only when the LRS recorded it (used when there is no timestamp); cmi5 `completed` means the
learner completed the activity and `passed` that they met its mastery score (both complete an
enrolment here), `failed` does not complete it. Statements about statements or agents (StatementRef,
SubStatement, Agent objects) are not learning activity and are skipped. The learner is the actor's
account name, else its e-mail without `mailto:`; map either to your employee ids with a value map.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ld_dash.ingest.errors import ImportProblem

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
VOIDED = ADL_VERBS + "voided"
# Verbs are IRIs: only ADL's own `completed` and `passed` (which cmi5 uses too) complete an enrolment;
# `https://evil.example/passed` is another verb that merely ends in the same word.
COMPLETING = tuple(ADL_VERBS + v for v in ("completed", "passed"))
SESSION_VERBS = tuple(ADL_VERBS + v for v in ("initialized", "launched", "attempted"))
ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
# ISO 8601 durations as xAPI uses them (result.duration): PnYnMnWnDTnHnMnS, each part optional but at
# least one present, a time part after T, a decimal fraction (point or comma) on the smallest part only.
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(rf"^P(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?"
                       rf"(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?$")
_MINUTES_PER = (None, None, 7 * 1440, 1440, 60, 1, 1 / 60)  # Y, M, W, D, H, M, S


def read_statements(path: Path) -> list[dict[str, Any]]:
    """A JSON array or one statement per line; errors name the line."""
    text = Path(path).read_text(encoding="utf-8-sig")
    if not text.strip():
        raise ImportProblem(f"{path.name}: the file is empty")
    if text.lstrip().startswith("["):
        try:
            statements = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportProblem(f"{path.name}: row {exc.lineno}: not valid JSON ({exc.msg})") from exc
    else:  # JSON lines: a statement per line, and an error names the file's own line, not 1
        statements = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                statements.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ImportProblem(f"{path.name}: row {number}: not valid JSON ({exc.msg})") from exc
    if not isinstance(statements, list) or not all(isinstance(s, dict) for s in statements):
        raise ImportProblem(f"{path.name}: expected a JSON array of xAPI statements")
    return statements


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


def _minutes(duration: object, name: str, position: int) -> float:
    try:
        return duration_minutes(duration)
    except ValueError as exc:
        raise ImportProblem(f"{name}: statement {position}: result.duration {exc}") from exc


def _learner(actor: dict[str, Any]) -> str | None:
    if "account" in actor and isinstance(actor["account"], dict):
        return str(actor["account"].get("name") or "") or None
    if actor.get("mbox"):
        return str(actor["mbox"]).removeprefix("mailto:")
    return actor.get("mbox_sha1sum") or actor.get("openid")


def statements_frame(path: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """One row per usable statement (position, learner, verb, activity, day, minutes, registration),
    and counts of what was dropped and why."""
    statements = read_statements(path)
    voided = {s["object"].get("id") for s in statements
              if s.get("verb", {}).get("id") == VOIDED and isinstance(s.get("object"), dict)}
    rows, dropped = [], {"voided": 0, "voiding": 0, "not about an activity": 0, "no time": 0}
    for position, s in enumerate(statements, start=1):
        for part in ("actor", "verb", "object"):
            if not isinstance(s.get(part), dict):
                raise ImportProblem(f"{path.name}: statement {position}: has no {part}")
        if s["verb"].get("id") == VOIDED:
            dropped["voiding"] += 1
            continue
        if s.get("id") in voided:
            dropped["voided"] += 1
            continue
        if s["object"].get("objectType", "Activity") != "Activity":
            dropped["not about an activity"] += 1
            continue
        when = s.get("timestamp") or s.get("stored")
        if not when:  # an LRS always sets `stored`; hand-written examples may not: it cannot be dated
            dropped["no time"] += 1
            continue
        result = s.get("result") if isinstance(s.get("result"), dict) else {}
        rows.append({
            "position": position, "learner": _learner(s["actor"]),
            "verb": str(s["verb"].get("id", "")).rstrip("/"),
            "activity": s["object"].get("id"),
            "day": _local_day(when, path.name, position),
            "minutes": _minutes(result.get("duration"), path.name, position),
            "registration": (s.get("context") or {}).get("registration"),
        })
    return pd.DataFrame(rows, columns=["position", "learner", "verb", "activity", "day", "minutes",
                                       "registration"]), dropped


def _local_day(when: object, name: str, position: int) -> "dt.date":
    """The learner's own calendar day: the date as written with its offset (`2026-03-01T23:30+05:30` is
    1 March where the learner was, though 18:00 UTC), not converted to UTC."""
    if not isinstance(when, str) or not ISO_TIMESTAMP.match(when.strip()):
        raise ImportProblem(f"{name}: statement {position}: timestamp {str(when)[:40]!r} is not an ISO 8601 "
                            "date and time (for example 2026-03-01T09:30:00Z)")
    try:
        return pd.Timestamp(when.strip()).date()
    except (ValueError, OverflowError) as exc:
        raise ImportProblem(f"{name}: statement {position}: timestamp {when[:40]!r} is not a valid date "
                            f"and time") from exc


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None).map(lambda v: None if v is None else str(v))


def to_enrollments(frame: pd.DataFrame) -> pd.DataFrame:
    """One enrolment per learner and activity; `__row` is the position of its first statement."""
    if frame.empty:
        return pd.DataFrame(columns=["__row"])
    frame = frame.assign(done=frame["verb"].isin(COMPLETING))
    grouped = frame.groupby(["learner", "activity"], sort=False, dropna=False)
    out = pd.DataFrame({
        "__row": grouped["position"].min(),
        "enrolled_on": grouped["day"].min(),
        "completed_on": frame[frame["done"]].groupby(["learner", "activity"], dropna=False)["day"].min(),
        "learning_hours": grouped["minutes"].sum() / 60,
    }).reset_index()
    out["status"] = out["completed_on"].notna().map({True: "completed", False: "in_progress"})
    out["enrollment_id"] = [
        "xapi-" + hashlib.sha1(f"{a}|{b}".encode()).hexdigest()[:16] for a, b in zip(out["learner"], out["activity"])]
    out = out.rename(columns={"learner": "employee_id", "activity": "program_id"})
    return _text(out.sort_values("__row"))


def to_platform_activity(frame: pd.DataFrame, platform: str = "LMS") -> pd.DataFrame:
    """One row per learner and day: sessions (registrations or session-starting verbs) and minutes."""
    if frame.empty:
        return pd.DataFrame(columns=["__row"])
    starts = frame.assign(start=frame["verb"].isin(SESSION_VERBS))
    grouped = starts.groupby(["learner", "day"], sort=False, dropna=False)
    out = pd.DataFrame({
        "__row": grouped["position"].min(),
        "sessions": grouped.apply(lambda g: max(g["registration"].nunique(), int(g["start"].sum()), 1),
                                  include_groups=False),
        "minutes": grouped["minutes"].sum(),
    }).reset_index().rename(columns={"learner": "employee_id", "day": "activity_on"})
    out["platform"] = platform
    return _text(out.sort_values("__row"))
