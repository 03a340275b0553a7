"""Writes the synthetic exports of examples/ (run it to regenerate them; the output is committed).

A fictional company of 150 people, exported the way real systems do it: an HRIS snapshot in three
files joined on the employee number (semicolon-separated, European dates, decimal commas), manager
ratings as words, a survey tool's wide export with a 1-4 question and a "don't know" code, and an LMS's
course list, enrolment export and xAPI statements. No real person is in it: ids and numbers come from
a seeded random generator.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 6, 30)
UNITS = {"Sales": ("Field Sales", "Inside Sales"), "Operations": ("Plant", "Logistics"), "Finance": ("Accounting",)}
SITES = {"Leeds": "EMEA North", "Lyon": "EMEA South", "Porto": "EMEA South", "Hamburg": "EMEA North"}
GRADES = ("G1", "G2", "G3", "M1", "M2")
COURSES = [("LMS-101", "Data literacy", "Data", "e-learning", False, False),
           ("LMS-102", "Health and safety", "Compliance", "e-learning", True, False),
           ("LMS-201", "Leading teams", "Leadership", "blended", False, True),
           ("LMS-202", "Negotiation", "Sales", "classroom", False, False),
           ("LMS-301", "Lean operations", "Operations", "virtual", False, False)]
RATING_WORDS = {1: "Unsatisfactory", 2: "Needs improvement", 3: "Meets expectations", 4: "Exceeds expectations",
                5: "Outstanding"}


def _write(path: Path, header: list[str], rows: list[list[object]], delimiter: str = ",") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def people(rng: random.Random) -> list[dict]:
    staff = []
    for i in range(150):
        unit = rng.choice(list(UNITS))
        grade = rng.choices(GRADES, weights=(35, 30, 15, 12, 8))[0]
        hired = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 14))
        left = reason = None
        if rng.random() < 0.12:
            left = min(AS_OF, hired + dt.timedelta(days=rng.randrange(200, 1500)))
            if left <= dt.date(2024, 1, 1) or left >= AS_OF:
                left = None
            else:
                reason = rng.choice(["Resignation", "Resignation", "Dismissal"])
        staff.append({"id": f"{100200 + i}", "unit": unit, "department": rng.choice(UNITS[unit]),
                      "site": rng.choice(list(SITES)), "grade": grade,
                      "family": {"Sales": "Sales", "Operations": "Operations", "Finance": "Finance"}[unit],
                      "leader": grade.startswith("M"), "hired": hired, "left": left, "reason": reason,
                      "salary": round(rng.uniform(32000, 95000) * (1.4 if grade.startswith("M") else 1), 2)})
    # Reporting lines: the first manager of each unit heads it and reports to the first manager of all.
    leaders = [p for p in staff if p["leader"]]
    top = leaders[0]["id"]
    heads = {unit: next((m["id"] for m in leaders if m["unit"] == unit), top) for unit in UNITS}
    for p in staff:
        head = heads[p["unit"]]
        p["manager"] = None if p["id"] == top else top if p["id"] == head else head
    return staff


def hris(staff: list[dict]) -> None:
    folder = HERE / "hris"
    _write(folder / "hr_general.csv",
           ["Employee number", "Org unit", "Department", "Location", "Start date", "Leaving date", "Leaving reason",
            "Annual salary"],
           [[p["id"], p["unit"], p["department"], p["site"], p["hired"].strftime("%d/%m/%Y"),
             p["left"].strftime("%d/%m/%Y") if p["left"] else "", p["reason"] or "",
             f"{p['salary']:.2f}".replace(".", ",")] for p in staff], delimiter=";")
    _write(folder / "hr_positions.csv", ["Employee number", "Grade", "Job family", "People leader", "Line manager"],
           [[p["id"], p["grade"], p["family"], "Y" if p["leader"] else "N", p["manager"] or ""] for p in staff])
    _write(folder / "locations.csv", ["Location", "Region"], [[site, region] for site, region in SITES.items()])


def ratings(staff: list[dict], rng: random.Random) -> None:
    rows = []
    for year in (2024, 2025):
        for p in staff:
            if p["hired"] < dt.date(year, 1, 1) and (p["left"] is None or p["left"] > dt.date(year, 12, 31)):
                rows.append([p["id"], year, RATING_WORDS[rng.choices([1, 2, 3, 4, 5], weights=(3, 12, 55, 22, 8))[0]]])
    _write(HERE / "hris" / "manager_ratings.csv", ["Employee number", "Review year", "Overall rating"], rows)


def survey(staff: list[dict], rng: random.Random) -> None:
    folder = HERE / "survey"
    _write(folder / "survey_questions.csv", ["Question ID", "Wording", "Lowest", "Highest", "Don't know code"],
           [["Q1", "Learning is valued in my team", 1, 5, ""],
            ["Q2", "I have time to learn at work", 1, 5, ""],
            ["Q3", "I know where to find the learning I need", 1, 4, 9]])
    rows = []
    for i, p in enumerate(p for p in staff if p["left"] is None and rng.random() < 0.7):
        q3 = 9 if rng.random() < 0.07 else rng.choices([1, 2, 3, 4], weights=(8, 22, 45, 25))[0]
        rows.append([f"RSP-{i:04d}", p["id"], "2026-05-12", rng.choices([1, 2, 3, 4, 5], weights=(4, 10, 25, 40, 21))[0],
                     rng.choices([1, 2, 3, 4, 5], weights=(8, 22, 30, 28, 12))[0], q3])
    _write(folder / "survey_responses.csv", ["Respondent", "Employee number", "Completed", "Q1", "Q2", "Q3"], rows)


def lms(staff: list[dict], rng: random.Random) -> None:
    folder = HERE / "lms"
    _write(folder / "courses.csv", ["Course code", "Title", "Category", "Format", "Mandatory", "Leadership"],
           [[c, t, cat, fmt, "Yes" if mand else "No", "Yes" if lead else "No"] for c, t, cat, fmt, mand, lead in COURSES])
    rows, statements, n = [], [], 0
    for p in staff:
        end = p["left"] or AS_OF
        for code, *_ in COURSES:
            if rng.random() > (0.9 if code == "LMS-102" else 0.35):
                continue
            start = max(p["hired"], dt.date(2024, 1, 1)) + dt.timedelta(days=rng.randrange(0, 900))
            if start >= end:
                continue
            n += 1
            roll = rng.random()
            status = "Completed" if roll < 0.7 else "Failed" if roll < 0.77 else "Withdrawn" if roll < 0.85 else "In progress"
            done = min(end, start + dt.timedelta(days=rng.randrange(3, 60))) if status in ("Completed", "Failed") else None
            if done is not None and done >= end:  # not finished by the export's day: still in progress
                status, done = "In progress", None
            score = rng.randrange(55, 100) if status == "Completed" else rng.randrange(20, 55) if status == "Failed" else ""
            rows.append([f"ENR-{n:05d}", p["id"], code, start.isoformat(), done.isoformat() if done else "", status,
                         f"{rng.choice([1.5, 2, 3, 4, 6, 8]):.1f}", score])
            if done:  # the LMS also sends its sessions to the LRS as xAPI
                for session in range(rng.randrange(1, 4)):
                    day = start + dt.timedelta(days=session * 2)
                    if day >= end:
                        break
                    statements.append({
                        "id": f"{n:08d}-0000-4000-8000-{session:012d}",
                        "actor": {"account": {"homePage": "https://lms.example.org", "name": p["id"]}},
                        "verb": {"id": "http://adlnet.gov/expapi/verbs/terminated"},
                        "object": {"id": f"https://lms.example.org/course/{code}"},
                        "result": {"duration": f"PT{rng.randrange(10, 80)}M"},
                        "context": {"registration": f"{n:08d}-0000-4000-8000-000000000000"},
                        "timestamp": f"{day.isoformat()}T{rng.randrange(8, 18):02d}:00:00Z"})
    for p in staff:  # browsing the content library: a visit in about half of the months someone is employed
        month = dt.date(2024, 1, 1)
        while month < AS_OF:
            day = month + dt.timedelta(days=rng.randrange(0, 28))
            if p["hired"] <= day < (p["left"] or AS_OF) and rng.random() < 0.45:
                statements.append({
                    "id": f"{len(statements):08d}-0000-4000-9000-000000000000",
                    "actor": {"account": {"homePage": "https://lms.example.org", "name": p["id"]}},
                    "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
                    "object": {"id": "https://lms.example.org/library"},
                    "result": {"duration": f"PT{rng.randrange(5, 40)}M"},
                    "timestamp": f"{day.isoformat()}T12:00:00Z"})
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    statements.sort(key=lambda s: s["timestamp"])
    _write(folder / "lms_enrolments.csv", ["Enrolment ID", "User ID", "Course code", "Enrolled", "Finished", "Status",
                                           "Hours", "Final score"], rows)
    with open(folder / "lms_statements.jsonl", "w", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(s) for s in statements) + "\n")


def main() -> None:
    rng = random.Random(2026)
    staff = people(rng)
    hris(staff)
    ratings(staff, rng)
    survey(staff, rng)
    lms(staff, rng)


if __name__ == "__main__":
    main()
