"""A deterministic synthetic organisation with planted, known effects (DESIGN §6).

`generate()` returns one DataFrame per canonical table; `publish_demo()` writes them as a new data
version. The same arguments always give the same table contents (one `numpy` generator seeded once, no
wall clock, no set or dict ordering): the dataset's `created_at` is midnight of `as_of`. Everything is
vectorised over people and rows; the only loops run over months, fiscal years and the 40 programmes.

The organisation
----------------
Window: 1 January of (as_of.year − years + 1) to as_of. `employees` is the headcount at as_of (exactly,
except that every unit keeps at least one manager and one executive, so 50 gives 56); headcount grows
2 % a year. Each month, leavers are replaced by hires into the (job level, business unit) cells that are
short of target, never past the total. Six business units with 2-3 departments, four regions, five job
levels (IC1 35 %, IC2 30 %, IC3 20 %, Manager 12 %, Executive 3 %), eight role families tied to units. ICs
report to a Manager and Managers to an Executive of their own unit (teams of 3-10, median 7); executives
have no manager. `employees` holds current values (at termination for leavers), `manager_id` included.
Staff at the window start were hired over the previous 15 years, with their earlier promotions in
`job_changes`. Base monthly hazards: voluntary leaving 12 %/year, involuntary 3 %/year; promotions
IC1→IC2 8 %/year, IC2→IC3 7 %/year, IC3→Manager 6.5 %/year, Manager→Executive 2 %/year; lateral moves
3 %/year (ICs; half change unit). Manager roles are also filled by external hires.

Forty programmes: 4 leadership (`is_leadership`), 4 compliance, 3 onboarding (taken at hire and on
becoming a Manager), VR launched 400 days before as_of, two AI programmes launched during the window,
two retired during it; 31 mapped to a goal (9 orphans; goal "Enter two new markets" has none), 28 with
an executive sponsor, 22 with a test. Enrolments: compliance 1.4 per employee-year; optional 4.0 × a
personal learning propensity (gamma, mean 1) per employee-year, spread over programmes by role family
and level, but a person does not start the same optional programme again within three years (staff at
the window start carry a history of recent enrolments), which leaves about 2.2 a year; onboarding once
at hire and once on becoming a Manager. Completion takes gamma(2.2, 15) days (median 28), capped at the
due date (enrolment + 30-90 days). Leadership updates go to all people leaders, in 10 of 12 months.

Planted effects (exact sizes; "year" means fiscal year from settings, calendar year by default)
----------------------------------------------------------------------------------------------
1. Retention. Monthly voluntary hazard × 0.5 once the employee has completed an `is_leadership`
   programme (completed_on before the first day of the month); otherwise × 0.8 when the employee
   completed any programme in the 12 calendar months before the first day of the month (from the first
   day of the same month a year earlier); otherwise × 1. Involuntary leaving is not affected.
2. Leadership pipeline. Monthly IC3→Manager promotion hazard × 2.5 once the employee has completed an
   `is_leadership` programme (completed_on before the first day of the month).
3. Learning gain. Programmes with a test score pre ~ N(58, 12) and post = pre + N(12, 7), both rounded
   and clipped to 0-100; pre for every started enrolment, post for completions only.
4. Skill gaps close. Each employee is assessed about once a year (85 % of employees each year) on the
   five skills their role family requires. Against the previous assessment of the same skill: +1 level
   (capped at 5) with probability 0.7 when the employee completed a programme linked to that skill
   (program_skills) with previous assessed_on ≤ completed_on < assessed_on; otherwise +1 with
   probability 0.1 and −1 (floor 1) with probability 0.05. A first assessment is the requirement
   −2/−1/0/+1 with probabilities 0.15/0.35/0.4/0.1.
5. Campaigns lift enrolment. A programme's daily enrolment intensity is × 2.0 (+100 %) on the 14 days
   from each send tied to it ([sent_on, sent_on + 14), the window of `communication.enrolment_lift`).
   Sends for one programme are ≥ 42 days apart and ≥ 28 days after launch, so each campaign's 28-day
   baseline is unlifted. The lift applies to everyone, whatever the send's audience unit.
6. Team effect. An enrolment whose learner's manager is engaged in the year of the enrolment's due_on
   (has leader_activities in that year) completes with probability 0.85, otherwise 0.65 (0.75 without a
   manager). Responses to the 90-day question (applied_on_job_90d) are +0.5 higher on the latent scale
   before rounding for the same enrolments. 60 % of people leaders are engaged each year (a fresh draw
   per leader and year). When someone changes manager, the new manager is drawn among leaders with the
   same engagement history, so the final `employees.manager_id` still tells which enrolments were
   planted as "engaged".
7. Ideas. Base 0.15 ideas per employee-year of employment; × 1.6 in a year in which the employee
   completed at least one programme. 20 % implemented, 60 % of those with an estimated annual value.
8. Performance. Rating latent = 3.15 + 0.2 × (completed ≥ 1 programme in the year) + person effect
   N(0, 0.45) + N(0, 0.55), rounded and clipped to 1-5, for everyone employed at the year end.
9. Reviews act on weak feedback. A review whose programme had mean satisfaction < 3.8 over responses in
   [reviewed_on − 12 months, reviewed_on) ends in revise/retire with probability 0.8, otherwise 0.25
   (also when there were no responses). Five programmes are weak (latent satisfaction 3.2 against
   3.9-4.5); each revise raises the programme's later satisfaction by 0.25 (latent, capped at 4.4). The two
   retirements are the final reviews of two weak programmes. About 15 % of live programmes are overdue.

Measured at 2,000 employees × 3 years, seed 42, as_of 2026-10-31 (SQL over the published tables, as in
tests/test_demo.py; the tests run at 3,000 × 3 with tolerances of about three standard errors)
------------------------------------------------------------------------------------------------------
1. Voluntary leaving per person-month: 0.0090 without recent learning (planted 0.0106; 128 leavers),
   × 0.88 for recent completers, × 0.43 after a leadership programme (32 leavers). At 3,000 × 3:
   0.0100, × 0.83, × 0.55.
2. IC3→Manager per person-month: 0.0055 without, 0.0134 after a leadership programme (× 2.44; 43 and
   54 promotions). At 3,000 × 3: × 1.72 (39 and 75 promotions); across seeds 1.7-3.7.
3. Mean post − pre: +11.9 points (mean pre 58.2; clipping at 100 trims a little).
4. Next assessment one level up: 0.70 after a linked completion, 0.096 otherwise (−1: 0.04).
5. Enrolment lift after campaigns: +95 % (160 campaigns; 14 days from the send against 28 before).
6. Completion: 0.839 when the manager is engaged in the due year vs 0.638; applied_on_job_90d +0.42
   (3.80 vs 3.37; rounding and clipping at 5 shave the planted 0.5). At 3,000 × 3: +0.47.
7. Ideas per person-year: 0.148 in years without a completion, × 1.64 with one.
8. Mean rating +0.24 in years with a completion (3.35 vs 3.11). At 3,000 × 3: +0.24.
9. Reviews after mean satisfaction < 3.8: 15 of 15 revised or retired; otherwise 0.29 (93 reviews).
Other figures: headcount 2,000 at as_of (IC1 34 %, IC2 30 %, IC3 20 %, Manager 13 %, Executive 3 %);
voluntary leaving 8-10 %/year overall, involuntary ≈ 3 %; internal share of people-leader appointments
61-74 % a year; 3.9-4.0 enrolments per employee-year, 76 % completed, median 28 days to complete;
satisfaction 4.06 (the five weak programmes 3.33-3.62, all others ≥ 3.9), NPS +28, applied share (≥ 4)
0.58, response rate 0.54; cost per completed learning hour ≈ 53 (e-learning ≈ 8, mentoring ≈ 15,
virtual ≈ 41, blended ≈ 54, classroom ≈ 97); monthly active learners ≈ 53 %; mobile users 20 % → 43 % of
active learners; leader-taught hours ≈ 38-53 per 100 employees a year; ≈ 210 engaged leaders a year;
budgets used 69-74 %; culture index 3.57 → 3.72; strategic-skill coverage 0.60, mean gap 0.44 levels;
6 of 38 live programmes overdue for review; goals ahead of the line 4 of 6.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ld_dash import __version__, schema, store
from ld_dash.dimensions import default_plans
from ld_dash.periods import add_months, fiscal_year_bounds
from ld_dash.thresholds import WEAK_FEEDBACK_BELOW
from ld_dash.settings import get_settings

Progress = Callable[[str], None]

INF = 10_000_000  # "never" as a day number
NEG = -10_000_000
_EPOCH = dt.date(1970, 1, 1)

# ---------------------------------------------------------------------------------------------------
# The organisation's fixed catalogue
# ---------------------------------------------------------------------------------------------------
FAMILIES = ("Sales", "Engineering", "Operations", "Finance", "Customer Success", "HR", "Data & Analytics",
            "Marketing")
LEVELS = schema.JOB_LEVELS  # IC1, IC2, IC3, Manager, Executive
LEVEL_SHARES = np.array([0.35, 0.30, 0.20, 0.12, 0.03])
SALARY_BASE = np.array([38_000.0, 52_000.0, 70_000.0, 95_000.0, 180_000.0])
REGIONS = ("EMEA North", "EMEA South", "Americas", "APAC")

# name, share of headcount, departments, role-family weights, region weights
BUSINESS_UNITS: tuple[tuple[str, float, tuple[str, ...], dict[str, float], tuple[float, ...]], ...] = (
    ("Sales", 0.20, ("Field Sales", "Inside Sales", "Sales Operations"),
     {"Sales": 0.70, "Marketing": 0.15, "Operations": 0.10, "Data & Analytics": 0.05}, (0.30, 0.20, 0.35, 0.15)),
    ("Operations", 0.22, ("Supply Chain", "Facilities", "Quality"),
     {"Operations": 0.75, "Engineering": 0.10, "Data & Analytics": 0.10, "Finance": 0.05}, (0.35, 0.25, 0.25, 0.15)),
    ("Technology", 0.18, ("Engineering", "IT Services", "Data Platform"),
     {"Engineering": 0.65, "Data & Analytics": 0.25, "Operations": 0.10}, (0.40, 0.15, 0.25, 0.20)),
    ("Finance", 0.10, ("Accounting", "Financial Planning"),
     {"Finance": 0.80, "Data & Analytics": 0.15, "Operations": 0.05}, (0.45, 0.15, 0.30, 0.10)),
    ("Customer Service", 0.20, ("Contact Centre", "Customer Success"),
     {"Customer Success": 0.80, "Operations": 0.10, "Sales": 0.05, "Data & Analytics": 0.05},
     (0.30, 0.25, 0.30, 0.15)),
    ("People & Culture", 0.10, ("HR Business Partners", "Talent & Learning"),
     {"HR": 0.85, "Marketing": 0.10, "Data & Analytics": 0.05}, (0.45, 0.20, 0.25, 0.10)),
)
UNIT_NAMES = tuple(u[0] for u in BUSINESS_UNITS)
UNIT_SHARES = np.array([u[1] for u in BUSINESS_UNITS])
DEPARTMENTS = tuple(d for u in BUSINESS_UNITS for d in u[2])
_DEPT_OF_UNIT = [np.array([DEPARTMENTS.index(d) for d in u[2]]) for u in BUSINESS_UNITS]
_FAMILY_W = np.array([[u[3].get(f, 0.0) for f in FAMILIES] for u in BUSINESS_UNITS])
_REGION_W = np.array([u[4] for u in BUSINESS_UNITS])

# skill_id, name, category, is_strategic
SKILLS = (
    ("SK01", "AI literacy", "Digital", True),
    ("SK02", "Data analysis", "Data", True),
    ("SK03", "Cybersecurity", "Digital", True),
    ("SK04", "Change leadership", "Leadership", True),
    ("SK05", "Negotiation", "Commercial", False),
    ("SK06", "Customer empathy", "Customer", False),
    ("SK07", "Financial acumen", "Business", False),
    ("SK08", "Project management", "Delivery", False),
    ("SK09", "Coaching", "Leadership", False),
    ("SK10", "Cloud", "Technical", False),
    ("SK11", "Communication", "Interpersonal", False),
    ("SK12", "Compliance", "Risk", False),
)
_SKILL = {s[1]: i for i, s in enumerate(SKILLS)}
REQUIREMENTS: dict[str, tuple[tuple[str, int], ...]] = {
    "Sales": (("AI literacy", 2), ("Data analysis", 2), ("Negotiation", 4), ("Customer empathy", 3),
              ("Communication", 3)),
    "Engineering": (("AI literacy", 3), ("Cybersecurity", 3), ("Cloud", 4), ("Data analysis", 3),
                    ("Project management", 2)),
    "Operations": (("Data analysis", 2), ("Change leadership", 2), ("Project management", 3),
                   ("Compliance", 3), ("AI literacy", 2)),
    "Finance": (("Data analysis", 4), ("Financial acumen", 4), ("AI literacy", 2), ("Compliance", 3),
                ("Cybersecurity", 2)),
    "Customer Success": (("Customer empathy", 4), ("Communication", 3), ("AI literacy", 2),
                         ("Data analysis", 2), ("Negotiation", 2)),
    "HR": (("Coaching", 3), ("Change leadership", 3), ("Communication", 4), ("Data analysis", 2),
           ("AI literacy", 2)),
    "Data & Analytics": (("Data analysis", 4), ("AI literacy", 4), ("Cloud", 3), ("Cybersecurity", 2),
                         ("Communication", 2)),
    "Marketing": (("AI literacy", 3), ("Data analysis", 3), ("Customer empathy", 3), ("Communication", 4),
                  ("Project management", 2)),
}
_REQ_SKILL = np.array([[_SKILL[s] for s, _ in REQUIREMENTS[f]] for f in FAMILIES])  # families × 5
_REQ_LEVEL = np.array([[lv for _, lv in REQUIREMENTS[f]] for f in FAMILIES])

# objective_id, priority, goal, kpi, unit, baseline, target, owner, expected contribution,
# trajectory (×progress along the straight line at as_of), target years after the as_of fiscal year
OBJECTIVES = (
    ("OBJ-1", 1, "Grow recurring revenue by a quarter", "Annual recurring revenue", "EUR m", 120.0, 150.0,
     "Chief Revenue Officer", "High", 1.05, 0),
    ("OBJ-2", 2, "Automate routine work with AI", "Share of processes automated", "%", 12.0, 40.0,
     "Chief Operating Officer", "High", 1.15, 1),
    ("OBJ-3", 3, "Raise customer satisfaction", "Customer NPS", "points", 32.0, 45.0,
     "Chief Customer Officer", "Medium", 0.75, 0),
    ("OBJ-4", 4, "Enter two new markets", "New markets entered", "markets", 0.0, 2.0,
     "Chief Executive Officer", "Low", 0.55, 1),
    ("OBJ-5", 5, "Build leadership bench strength", "Leader roles filled internally", "%", 50.0, 70.0,
     "Chief People Officer", "High", 1.05, 1),
    ("OBJ-6", 6, "Close all critical audit findings", "Open audit findings", "findings", 24.0, 6.0,
     "Chief Risk Officer", "Medium", 1.05, 0),
)


class _Prog(NamedTuple):
    name: str
    category: str
    mode: str
    hours: tuple[float, float]
    skills: tuple[str, ...] = ()
    families: tuple[str, ...] = ()  # empty: relevant to everyone
    levels: tuple[float, ...] = (1.0, 1.0, 1.0, 0.8, 0.5)
    popularity: float = 1.0
    objective: str | None = None
    has_test: bool = False
    quality: float = 4.2  # mean satisfaction on the latent scale
    owner: str = "Head of L&D"
    years_before: float = 3.0  # launched this many years before the window
    launched_at: float | None = None  # or at this fraction of the window
    retired_at: float | None = None  # fraction of the window
    review_cycle: int = 12
    vendor: bool = False


_LEAD = "Leadership Development Lead"
_TECH = "Technical Academy Lead"
_COMP = "Compliance Training Manager"
_SALES = "Sales Enablement Lead"
_DIGI = "Digital Learning Lead"
_DATA = "Data Academy Lead"
_ONB = "Onboarding Lead"
PROGRAMMES: tuple[_Prog, ...] = (
    _Prog("Leading Teams Foundations", "Leadership", "blended", (10, 16), ("Coaching", "Change leadership"),
          levels=(0.05, 0.25, 1.0, 0.8, 0.1), popularity=1.4, objective="OBJ-5", quality=4.4, owner=_LEAD,
          years_before=6),
    _Prog("Emerging Leaders Programme", "Leadership", "classroom", (12, 20), ("Change leadership", "Communication"),
          levels=(0.02, 0.3, 1.2, 0.3, 0.0), popularity=1.4, objective="OBJ-5", has_test=True, quality=4.5,
          owner=_LEAD, years_before=5),
    _Prog("Senior Leadership Forum", "Leadership", "classroom", (8, 14), ("Change leadership",),
          levels=(0.0, 0.0, 0.05, 0.6, 1.5), objective="OBJ-5", quality=4.3, owner=_LEAD, years_before=7,
          vendor=True),
    _Prog("Coaching for Performance", "Leadership", "mentoring", (6, 12), ("Coaching",),
          levels=(0.0, 0.05, 0.4, 1.0, 0.5), objective="OBJ-5", quality=4.4, owner=_LEAD, years_before=4),
    _Prog("Cloud Fundamentals", "Technical", "e-learning", (2, 4), ("Cloud",), ("Engineering", "Data & Analytics"),
          popularity=1.2, objective="OBJ-2", has_test=True, owner=_TECH, review_cycle=24, vendor=True),
    _Prog("Secure Coding", "Technical", "virtual", (3, 6), ("Cybersecurity",), ("Engineering",),
          objective="OBJ-6", has_test=True, quality=4.1, owner=_TECH),
    _Prog("Modern Software Delivery", "Technical", "blended", (8, 14), ("Project management", "Cloud"),
          ("Engineering",), objective="OBJ-2", owner=_TECH),
    _Prog("Cloud Architecture Bootcamp", "Technical", "classroom", (14, 21), ("Cloud",),
          ("Engineering", "Data & Analytics"), objective="OBJ-2", has_test=True, quality=4.4, owner=_TECH,
          vendor=True),
    _Prog("Agile Project Management", "Technical", "virtual", (4, 8), ("Project management",), popularity=0.8,
          has_test=True, quality=3.2, owner=_TECH),
    _Prog("Risk and Controls Essentials", "Technical", "e-learning", (1, 3), ("Compliance",),
          ("Finance", "Operations"), objective="OBJ-6", has_test=True, quality=4.0, owner=_COMP, review_cycle=24),
    _Prog("Financial Modelling", "Technical", "classroom", (7, 14), ("Financial acumen", "Data analysis"),
          ("Finance",), has_test=True, quality=4.3, owner=_TECH, vendor=True),
    _Prog("Finance for Non-Finance Managers", "Technical", "virtual", (3, 6), ("Financial acumen",),
          levels=(0.0, 0.2, 0.6, 1.2, 0.5), quality=4.1, owner=_TECH),
    _Prog("Technical Mentoring Scheme", "Technical", "mentoring", (6, 12), ("Cloud", "Project management"),
          ("Engineering", "Data & Analytics", "Operations"), quality=4.5, owner=_TECH),
    _Prog("Project Management Professional Prep", "Technical", "blended", (12, 24), ("Project management",),
          ("Operations", "Engineering"), has_test=True, quality=4.0, owner=_TECH, vendor=True),
    _Prog("Code of Conduct", "Compliance", "e-learning", (1, 1.5), objective="OBJ-6", has_test=True,
          quality=3.9, owner=_COMP, years_before=8),
    _Prog("Information Security Awareness", "Compliance", "e-learning", (1, 2), objective="OBJ-6",
          has_test=True, quality=4.0, owner=_COMP, years_before=6),
    _Prog("Data Protection & Privacy", "Compliance", "e-learning", (1, 2), objective="OBJ-6", has_test=True,
          quality=3.9, owner=_COMP, years_before=5),
    _Prog("Health & Safety Essentials", "Compliance", "e-learning", (0.5, 1.5), objective="OBJ-6",
          quality=3.2, owner=_COMP, years_before=8),
    _Prog("Consultative Selling", "Sales", "classroom", (10, 16), ("Negotiation", "Customer empathy"), ("Sales",),
          popularity=1.2, objective="OBJ-1", has_test=True, quality=4.4, owner=_SALES, vendor=True),
    _Prog("Negotiation Mastery", "Sales", "virtual", (4, 8), ("Negotiation",),
          ("Sales", "Customer Success", "Finance"), objective="OBJ-1", has_test=True, quality=4.3, owner=_SALES),
    _Prog("Key Account Management", "Sales", "blended", (8, 14), ("Negotiation", "Financial acumen"), ("Sales",),
          objective="OBJ-1", owner=_SALES),
    _Prog("Sales Conversations in VR", "Sales", "VR", (1, 3), ("Negotiation", "Communication"),
          ("Sales", "Customer Success"), objective="OBJ-1", has_test=True, quality=4.5, owner=_SALES,
          launched_at=-1.0, review_cycle=6, vendor=True),
    _Prog("Service Excellence", "Sales", "e-learning", (2, 4), ("Customer empathy", "Communication"),
          ("Customer Success", "Sales"), objective="OBJ-3", quality=4.1, owner=_SALES),
    _Prog("Handling Difficult Conversations", "Sales", "virtual", (3, 6), ("Customer empathy", "Communication"),
          ("Customer Success",), objective="OBJ-3", quality=4.3, owner=_SALES),
    _Prog("Presentation Skills", "Sales", "classroom", (7, 10), ("Communication",), popularity=0.8,
          quality=3.2, owner=_SALES, retired_at=0.80),
    _Prog("AI Literacy for Everyone", "Digital & AI", "e-learning", (2, 4), ("AI literacy",), popularity=1.6,
          objective="OBJ-2", has_test=True, quality=4.3, owner=_DIGI, launched_at=0.08, review_cycle=6),
    _Prog("Generative AI at Work", "Digital & AI", "virtual", (3, 5), ("AI literacy",), popularity=1.3,
          objective="OBJ-2", has_test=True, quality=4.4, owner=_DIGI, launched_at=0.45, review_cycle=6),
    _Prog("Automation with Low-Code", "Digital & AI", "blended", (8, 12), ("AI literacy", "Project management"),
          ("Operations", "Finance", "Engineering", "Data & Analytics"), objective="OBJ-2", owner=_DIGI),
    _Prog("Cyber Hygiene Deep Dive", "Digital & AI", "e-learning", (2, 3), ("Cybersecurity",), objective="OBJ-6",
          has_test=True, quality=4.0, owner=_DIGI, review_cycle=24),
    _Prog("Digital Collaboration Tools", "Digital & AI", "e-learning", (1, 2), ("Communication",), quality=3.2,
          owner=_DIGI, years_before=5, retired_at=0.55),
    _Prog("Leading Digital Change", "Digital & AI", "blended", (8, 12), ("Change leadership", "AI literacy"),
          levels=(0.0, 0.1, 0.5, 1.2, 1.0), objective="OBJ-2", owner=_DIGI),
    _Prog("AI for Customer Teams", "Digital & AI", "virtual", (2, 4), ("AI literacy", "Customer empathy"),
          ("Customer Success", "Sales", "Marketing"), objective="OBJ-3", has_test=True, quality=4.2,
          owner=_DIGI, years_before=1.5, review_cycle=6),
    _Prog("Welcome to the Organisation", "Onboarding", "blended", (6, 8), ("Communication",), owner=_ONB,
          years_before=9),
    _Prog("Systems & Tools Induction", "Onboarding", "e-learning", (2, 3), ("Cybersecurity",), quality=3.9,
          owner=_ONB, years_before=9, review_cycle=24),
    _Prog("Manager Onboarding", "Onboarding", "virtual", (6, 10), ("Coaching",), objective="OBJ-5", owner=_ONB,
          years_before=6),
    _Prog("Data Analysis Fundamentals", "Data", "e-learning", (3, 5), ("Data analysis",), popularity=1.3,
          objective="OBJ-2", has_test=True, owner=_DATA),
    _Prog("SQL for Analysts", "Data", "blended", (10, 16), ("Data analysis",),
          ("Data & Analytics", "Finance", "Engineering"), objective="OBJ-2", has_test=True, quality=4.3, owner=_DATA),
    _Prog("Data Storytelling", "Data", "virtual", (3, 6), ("Data analysis", "Communication"),
          ("Data & Analytics", "Marketing", "Finance", "Sales"), objective="OBJ-1", quality=4.3, owner=_DATA),
    _Prog("Advanced Analytics & Machine Learning", "Data", "classroom", (14, 24), ("Data analysis", "AI literacy"),
          ("Data & Analytics", "Engineering"), objective="OBJ-2", has_test=True, quality=4.5, owner=_DATA,
          vendor=True),
    _Prog("Marketing Analytics", "Data", "virtual", (4, 6), ("Data analysis", "Customer empathy"),
          ("Marketing", "Sales"), objective="OBJ-1", has_test=True, quality=3.2, owner=_DATA),
)
_PID = {p.name: i for i, p in enumerate(PROGRAMMES)}
# pathway_id, name, role family, target level, step programmes
PATHWAYS = (
    ("PW-1", "Sales leader", "Sales", "Manager",
     ("Negotiation Mastery", "Key Account Management", "Emerging Leaders Programme")),
    ("PW-2", "Cloud engineer", "Engineering", "IC3",
     ("Cloud Fundamentals", "Secure Coding", "Modern Software Delivery", "Cloud Architecture Bootcamp")),
    ("PW-3", "Data analyst", "Data & Analytics", "IC3",
     ("Data Analysis Fundamentals", "SQL for Analysts", "Data Storytelling", "Advanced Analytics & Machine Learning")),
    ("PW-4", "Customer success lead", "Customer Success", "Manager",
     ("Service Excellence", "Handling Difficult Conversations", "Leading Teams Foundations")),
)
_STEP_WEIGHT = (1.0, 0.75, 0.55, 0.4)
ONBOARD_WELCOME = _PID["Welcome to the Organisation"]
ONBOARD_SYSTEMS = _PID["Systems & Tools Induction"]
ONBOARD_MANAGER = _PID["Manager Onboarding"]

CHANNEL_RATES = {  # open rate, click rate (both of recipients)
    "email": (0.45, 0.08), "intranet": (0.30, 0.05), "town hall": (0.60, 0.04),
    "manager cascade": (0.70, 0.06), "newsletter": (0.38, 0.05), "leadership update": (0.85, 0.30),
}
_CAMPAIGN_CHANNELS = ("email", "intranet", "town hall", "manager cascade", "newsletter")
_CAMPAIGN_CHANNEL_P = np.array([0.45, 0.20, 0.10, 0.15, 0.10])

COMMENTS_GOOD = (
    "Practical and well paced.", "I could use this the next day.", "Great examples from our own work.",
    "The exercises were the best part.", "Clear, relevant and well facilitated.",
    "Would recommend to my team.", "Good mix of theory and practice.",
)
COMMENTS_MIXED = (
    "Useful, but too long for the content.", "Some parts felt generic.", "More time for practice, please.",
    "Good content, but the platform was slow.", "Relevant, though I already knew much of it.",
)
COMMENTS_POOR = (
    "Not relevant to my role.", "Too theoretical.", "The material felt out of date.",
    "Hard to find time to finish it.", "Technical problems got in the way.",
)
REVISIONS = (
    "Shortened the modules and added practice exercises", "Replaced outdated material with current cases",
    "Changed the vendor and refreshed the facilitators", "Split into two shorter sessions",
    "Added a follow-up clinic after 30 days", "Moved the theory online and kept practice in the room",
    "Rewrote the assessment to match the role", "Added manager briefing before the programme",
)
CULTURE_QUESTIONS = ("learning_valued", "time_to_learn", "manager_support", "psychological_safety", "recognition")
_CULTURE_MEAN = np.array([3.85, 3.30, 3.65, 3.80, 3.45])

# Rates (per year unless stated) -------------------------------------------------------------------
VOLUNTARY_RATE = 0.12
INVOLUNTARY_RATE = 0.03
LEADERSHIP_RETENTION = 0.5  # effect 1
RECENT_LEARNER_RETENTION = 0.8  # effect 1
PROMOTION_RATES = (0.08, 0.07, 0.065, 0.02)  # IC1→IC2, IC2→IC3, IC3→Manager, Manager→Executive
LEADERSHIP_PROMOTION = 2.5  # effect 2
LATERAL_RATE = 0.03
GROWTH_RATE = 0.02
OPTIONAL_RATE = 4.0
COMPLIANCE_RATE = 1.4
REFRESH_DAYS = 3 * 365  # an optional programme may be taken again after three years
CAMPAIGN_LIFT = 2.0  # effect 5
CAMPAIGN_DAYS = 14
ENGAGED_SHARE = 0.6
COMPLETE_ENGAGED, COMPLETE_OTHER, COMPLETE_NO_MANAGER = 0.85, 0.65, 0.75  # effect 6
APPLIED_ENGAGED_BONUS = 0.5  # effect 6
IDEA_RATE, IDEA_LEARNER_FACTOR = 0.15, 1.6  # effect 7
PERFORMANCE_BONUS = 0.2  # effect 8
LOW_SATISFACTION = WEAK_FEEDBACK_BELOW  # effect 9 (the threshold the metrics use)
CHANGE_IF_LOW, CHANGE_OTHERWISE = 0.8, 0.25
REVISE_IMPROVEMENT = 0.15
SKILL_UP_LINKED, SKILL_UP_OTHER, SKILL_DOWN_OTHER = 0.7, 0.1, 0.05  # effect 4
SCORE_PRE, SCORE_GAIN = (58.0, 12.0), (12.0, 7.0)  # effect 3


def _day(day: dt.date) -> int:
    return (day - _EPOCH).days


def _date(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


def _monthly(annual: float) -> float:
    return 1.0 - (1.0 - annual) ** (1.0 / 12.0)


def _row_choice(cum: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A column per row index drawn from that row's normalised cumulative weights (rows × columns)."""
    if len(rows) == 0:
        return np.empty(0, dtype=np.int64)
    n_rows, n_cols = cum.shape
    flat = (cum + np.arange(n_rows)[:, None]).ravel()
    u = rng.random(len(rows))
    pos = np.searchsorted(flat, rows + np.minimum(u, 1 - 1e-12), side="right")
    return np.clip(pos - rows * n_cols, 0, n_cols - 1)


def _normalised_cumsum(weights: np.ndarray) -> np.ndarray:
    cum = np.cumsum(weights, axis=-1)
    total = cum[..., -1:]
    return np.divide(cum, total, out=np.zeros_like(cum), where=total > 0)


def _pick(rng: np.random.Generator, cand: np.ndarray, cand_key: np.ndarray, cand_w: np.ndarray,
          query_key: np.ndarray) -> np.ndarray:
    """For each query a candidate with the same key, drawn by weight; −1 when the key has none."""
    out = np.full(len(query_key), -1, dtype=np.int64)
    if len(query_key) == 0 or len(cand) == 0:
        return out
    order = np.lexsort((cand, cand_key))
    keys, ids, cw = cand_key[order], cand[order], np.cumsum(cand_w[order])
    lo = np.searchsorted(keys, query_key, side="left")
    hi = np.searchsorted(keys, query_key, side="right")
    found = hi > lo
    start = np.where(lo > 0, cw[np.maximum(lo - 1, 0)], 0.0)
    end = cw[np.maximum(hi - 1, 0)]
    pos = np.searchsorted(cw, start + rng.random(len(query_key)) * (end - start), side="right")
    pos = np.clip(pos, lo, np.maximum(hi - 1, lo))
    out[found] = ids[np.minimum(pos, len(ids) - 1)][found]
    return out


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _dates(days: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    out = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")
    if valid is not None:
        out[~valid] = np.datetime64("NaT")
    return out


def _codes(codes: np.ndarray, names: np.ndarray) -> pd.Categorical:
    """A string column stored as codes into `names` (−1 = NULL): cheap for tens of millions of rows."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=pd.Index(names, dtype=object))


def _labels(codes: np.ndarray, names: tuple[str, ...] | np.ndarray) -> pd.Categorical:
    return _codes(codes, np.asarray(names, dtype=object))


def _nullable_int(values: np.ndarray, valid: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.where(valid, values, 0).astype(np.int64), ~valid)


def _serial(prefix: str, n: int, width: int | None = None) -> np.ndarray:
    width = width or max(6, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


# ---------------------------------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------------------------------
class _Calendar:
    def __init__(self, as_of: dt.date, years: int, fy_start_month: int):
        self.as_of = as_of
        self.start = dt.date(as_of.year - years + 1, 1, 1)
        self.s0, self.e0 = _day(self.start), _day(as_of)
        self.n_days = self.e0 - self.s0 + 1
        firsts = []
        month = self.start
        while month <= as_of:
            firsts.append(month)
            month = add_months(month, 1)
        self.months = firsts
        self.first = np.array([_day(m) for m in firsts])
        self.last = np.minimum(np.array([_day(add_months(m, 1)) - 1 for m in firsts]), self.e0)
        self.month_edges = np.append(self.first, _day(add_months(firsts[-1], 1)))
        self.year_back = np.array([_day(add_months(m, -12)) for m in firsts])  # effect 1's 12 months
        fy_first, _ = fiscal_year_bounds(self.start, fy_start_month)
        starts = [fy_first]
        while starts[-1] <= as_of:
            starts.append(add_months(starts[-1], 12))
        starts.append(add_months(starts[-1], 12))
        self.fy_starts = np.array([_day(d) for d in starts])  # Y + 2 entries (two beyond as_of's year)
        self.n_fy = int(np.sum(self.fy_starts <= self.e0))
        self.fy_ends = self.fy_starts[1:] - 1
        self.fy_labels = [d.year if fy_start_month == 1 else d.year + 1 for d in starts]

    def month_of(self, days: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.month_edges, days, side="right") - 1

    def fy_of(self, days: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.fy_starts, days, side="right") - 1

    def fraction(self, frac: float) -> int:
        return self.s0 + int(round(frac * (self.e0 - self.s0)))


# ---------------------------------------------------------------------------------------------------
# Programmes and the campaign plan (both needed before the workforce is simulated)
# ---------------------------------------------------------------------------------------------------
class _Programmes:
    def __init__(self, cal: _Calendar, rng: np.random.Generator):
        n = len(PROGRAMMES)
        self.n = n
        self.ids = _serial("PRG-", n, 3)
        self.launch = np.zeros(n, dtype=np.int64)
        self.retire = np.full(n, INF, dtype=np.int64)
        for i, p in enumerate(PROGRAMMES):
            if p.launched_at is None:
                jitter = int(rng.integers(0, 120))
                self.launch[i] = cal.s0 - int(round(p.years_before * 365.25)) + jitter
            elif p.launched_at < 0:  # VR: about 13 months before as_of
                self.launch[i] = cal.e0 - 400
            else:
                self.launch[i] = cal.fraction(p.launched_at)
            if p.retired_at is not None:
                self.retire[i] = cal.fraction(p.retired_at)
        self.is_comp = np.array([p.category == "Compliance" for p in PROGRAMMES])
        self.is_lead = np.array([p.category == "Leadership" for p in PROGRAMMES])
        self.is_onboard = np.array([p.category == "Onboarding" for p in PROGRAMMES])
        self.is_optional = ~self.is_comp & ~self.is_onboard
        self.has_test = np.array([p.has_test for p in PROGRAMMES])
        self.quality = np.array([p.quality for p in PROGRAMMES])
        self.mode = np.array([p.mode for p in PROGRAMMES], dtype=object)
        self.hours_lo = np.array([p.hours[0] for p in PROGRAMMES])
        self.hours_hi = np.array([p.hours[1] for p in PROGRAMMES])
        self.pathway = np.full(n, -1)
        self.step = np.zeros(n, dtype=np.int64)
        for k, (_, _, _, _, steps) in enumerate(PATHWAYS):
            for s, name in enumerate(steps):
                self.pathway[_PID[name]] = k
                self.step[_PID[name]] = s + 1
        # Enrolment weights per (family, level) group over the optional programmes.
        groups = len(FAMILIES) * len(LEVELS)
        w = np.zeros((groups, n))
        for i, p in enumerate(PROGRAMMES):
            if not self.is_optional[i]:
                continue
            fam = np.array([1.0 if (not p.families or f in p.families) else 0.12 for f in FAMILIES])
            if self.pathway[i] >= 0:
                fam = fam * np.where(np.array(FAMILIES) == PATHWAYS[self.pathway[i]][2], 1.5, 1.0)
                fam = fam * _STEP_WEIGHT[self.step[i] - 1]
            w[:, i] = p.popularity * np.outer(fam, np.array(p.levels)).ravel()
        self.w_optional = w / w.sum(axis=1, keepdims=True)
        self.w_compliance = self.is_comp / self.is_comp.sum()

    def live(self, days: np.ndarray) -> np.ndarray:
        """programmes × days: launched on or before the day and not yet retired."""
        return (self.launch[:, None] <= days[None, :]) & (days[None, :] < self.retire[:, None])


def _campaign_plan(cal: _Calendar, progs: _Programmes, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Sends per month: ~70 % for one programme (≥ 42 days apart, ≥ 28 days after launch), the rest general,
    plus a 'leadership update' in all but two months of each calendar year."""
    sent, channel, program, audience = [], [], [], []
    last = np.full(progs.n, NEG, dtype=np.int64)
    eligible_kind = ~progs.is_onboard
    popularity = np.array([p.popularity for p in PROGRAMMES])
    skip: dict[int, set[int]] = {}
    for t, (f, l) in enumerate(zip(cal.first, cal.last)):
        days_t = int(l - f + 1)
        n_send = int(rng.poisson(8 * days_t / 30.4))
        tied = rng.random(n_send) < 0.7
        ok = (eligible_kind & (progs.launch <= f - 28) & (progs.retire > l + CAMPAIGN_DAYS)
              & (last <= f - 42))
        cands = np.flatnonzero(ok)
        k = min(int(tied.sum()), len(cands))
        chosen = np.empty(0, dtype=np.int64)
        if k:
            p = popularity[cands] / popularity[cands].sum()
            chosen = rng.choice(cands, size=k, replace=False, p=p)
        n_general = n_send - k
        days = f + rng.integers(0, days_t, size=n_send)
        last[chosen] = days[:k]
        sent.append(days)
        program.append(np.concatenate([chosen, np.full(n_general, -1)]))
        channel.append(rng.choice(len(_CAMPAIGN_CHANNELS), size=n_send, p=_CAMPAIGN_CHANNEL_P))
        audience.append(np.where(rng.random(n_send) < 0.5, -1, rng.choice(len(UNIT_NAMES), size=n_send,
                                                                            p=UNIT_SHARES)))
        year = cal.months[t].year
        if year not in skip:
            skip[year] = set(rng.choice(12, size=2, replace=False).tolist())
        if (cal.months[t].month - 1) not in skip[year] and days_t >= 10:
            sent.append(np.array([f + int(rng.integers(2, min(days_t, 10)))]))
            program.append(np.array([-1]))
            channel.append(np.array([-1]))  # leadership update
            audience.append(np.array([-1]))
    plan = {"sent": np.concatenate(sent), "program": np.concatenate(program),
            "channel": np.concatenate(channel), "audience": np.concatenate(audience)}
    order = np.lexsort((plan["program"], plan["sent"]))
    return {k: v[order] for k, v in plan.items()}


def _intensity(cal: _Calendar, progs: _Programmes, plan: dict[str, np.ndarray]) -> np.ndarray:
    """programmes × window days: live × gentle seasonality × campaign lift (effect 5)."""
    days = np.arange(cal.s0, cal.e0 + 1)
    doy = (days - _day(dt.date(1970, 1, 1))) % 365.25
    season = 1.0 + 0.08 * np.cos(2 * np.pi * (doy - 45) / 365.25)
    a = progs.live(days) * season[None, :]
    for p, s in zip(plan["program"], plan["sent"]):
        if p >= 0:
            lo = s - cal.s0
            a[p, lo:lo + CAMPAIGN_DAYS] *= CAMPAIGN_LIFT
    return a


# ---------------------------------------------------------------------------------------------------
# The workforce, month by month
# ---------------------------------------------------------------------------------------------------
_FIELDS = {
    "hire": (np.int64, 0), "term": (np.int64, INF), "reason": (np.int8, 0), "level": (np.int8, 0),
    "family": (np.int8, 0), "bu": (np.int8, 0), "dept": (np.int16, 0), "region": (np.int8, 0),
    "manager": (np.int64, -1), "prop": (np.float64, 1.0), "zsal": (np.float64, 0.0),
    "ubits": (np.int64, 0), "lbits": (np.int64, 0), "leader_since": (np.int64, INF),
    "lead_done": (np.int64, INF), "last_comp": (np.int64, NEG),
}


class _Workforce:
    def __init__(self, cal: _Calendar, progs: _Programmes, intensity: np.ndarray, rng: np.random.Generator,
                 employees: int):
        self.cal, self.progs, self.a, self.rng = cal, progs, intensity, rng
        self.employees = employees
        self.n = 0
        self.cap = 0
        self.arr: dict[str, np.ndarray] = {}
        self.blocked = np.zeros(0, dtype=np.int64)  # (person × programme): no new enrolment before this day
        self.events: list[tuple[np.ndarray, ...]] = []
        self.enrol: list[tuple[np.ndarray, ...]] = []
        self.buckets: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
        self.n_bits = cal.n_fy + 2

    # -- storage ------------------------------------------------------------------------------------
    def _grow(self, need: int) -> None:
        if need <= self.cap:
            return
        new_cap = max(need, int(self.cap * 1.5) + 1024)
        for name, (dtype, fill) in _FIELDS.items():
            grown = np.full(new_cap, fill, dtype=dtype)
            if name in self.arr:
                grown[: self.cap] = self.arr[name]
            self.arr[name] = grown
        blocked = np.zeros(new_cap * self.progs.n, dtype=np.int64)
        blocked[: self.blocked.size] = self.blocked
        self.blocked = blocked
        self.cap = new_cap

    def _add(self, level: np.ndarray, bu: np.ndarray, hire: np.ndarray) -> np.ndarray:
        """New people in (level, unit) with attributes drawn the same way for the first staff and hires."""
        rng, k = self.rng, len(level)
        self._grow(self.n + k)
        idx = np.arange(self.n, self.n + k)
        self.n += k
        A = self.arr
        A["level"][idx], A["bu"][idx], A["hire"][idx] = level, bu, hire
        A["family"][idx] = _row_choice(_normalised_cumsum(_FAMILY_W), bu.astype(np.int64), rng)
        A["region"][idx] = _row_choice(_normalised_cumsum(_REGION_W), bu.astype(np.int64), rng)
        A["dept"][idx] = self._department(bu)
        A["prop"][idx] = rng.gamma(1.5, 1 / 1.5, size=k)
        A["zsal"][idx] = rng.normal(0, 1, size=k)
        bits = rng.random((k, self.n_bits)) < ENGAGED_SHARE
        A["ubits"][idx] = (bits * (1 << np.arange(self.n_bits))).sum(axis=1)
        return idx

    def _department(self, bu: np.ndarray) -> np.ndarray:
        u = self.rng.random(len(bu))
        sizes = np.array([len(d) for d in _DEPT_OF_UNIT])
        offsets = np.cumsum(np.r_[0, sizes[:-1]])
        return offsets[bu] + (u * sizes[bu]).astype(np.int64)

    def _event(self, idx: np.ndarray, day: np.ndarray, kind: int) -> None:
        A = self.arr
        self.events.append((idx.copy(), np.asarray(day, dtype=np.int64).copy(), A["level"][idx].copy(),
                            A["family"][idx].copy(), A["bu"][idx].copy(), np.full(len(idx), kind, np.int8)))

    def headcount_target(self, day: int) -> float:
        return self.employees * (1 + GROWTH_RATE) ** ((day - self.cal.e0) / 365.25)

    def _cells(self, target: float) -> np.ndarray:
        """Whole-person targets per (level, unit), summing to the rounded target (largest remainders);
        every unit keeps at least one manager and one executive."""
        exact = np.outer(LEVEL_SHARES, UNIT_SHARES) * target
        cells = np.floor(exact).astype(np.int64)
        short = int(round(target)) - int(cells.sum())
        if short > 0:
            order = np.argsort(-(exact - cells).ravel(), kind="stable")[:short]
            cells.ravel()[order] += 1
        cells[3:] = np.maximum(cells[3:], 1)
        return cells

    # -- the first staff ----------------------------------------------------------------------------
    def seed_staff(self) -> None:
        rng, cal = self.rng, self.cal
        counts = self._cells(self.headcount_target(cal.s0))
        level = np.repeat(np.repeat(np.arange(5), 6), counts.ravel()).astype(np.int8)
        bu = np.repeat(np.tile(np.arange(6), 5), counts.ravel()).astype(np.int8)
        k = len(level)
        tenure = np.minimum(rng.exponential(4.0 + level, size=k), 15.0)
        hire = cal.s0 - np.maximum(1, np.round(tenure * 365.25)).astype(np.int64)
        idx = self._add(level, bu, hire)
        A = self.arr
        # Earlier careers: up to `level` promotions before the window, evenly spaced with jitter.
        steps = np.minimum(level, rng.binomial(np.floor(tenure).astype(np.int64), 0.15)).astype(np.int64)
        steps = np.minimum(steps, (cal.s0 - hire) // 60)
        A["level"][idx] = level - steps
        self._event(idx, hire, 0)
        span = cal.s0 - hire
        A["leader_since"][idx[level - steps >= 3]] = hire[level - steps >= 3]
        for j in range(int(steps.max(initial=0))):
            who = steps > j
            frac = (j + 0.2 + 0.6 * rng.random(who.sum())) / (steps[who] + 1)
            day = hire[who] + np.maximum(1, (frac * span[who]).astype(np.int64))
            A["level"][idx[who]] += 1
            became_leader = A["level"][idx[who]] == 3
            A["leader_since"][idx[who][became_leader]] = day[became_leader]
            self._event(idx[who], day, 1)
        # Recent learning before the window: each optional programme was started in the last three years
        # (or since hire or launch) at the person's rate, and cannot be started again for three years.
        progs = self.progs
        group = A["family"][idx].astype(np.int64) * 5 + A["level"][idx]
        rate = OPTIONAL_RATE * A["prop"][idx][:, None] * progs.w_optional[group]
        exposure = np.clip(np.minimum((cal.s0 - hire)[:, None], (cal.s0 - progs.launch)[None, :]), 0, REFRESH_DAYS)
        took = rng.random(rate.shape) < 1 - np.exp(-rate * exposure / 365.25)
        when = cal.s0 - (rng.random(rate.shape) * exposure).astype(np.int64)
        rows, cols = np.nonzero(took)
        self.blocked[idx[rows] * progs.n + cols] = when[rows, cols] + REFRESH_DAYS
        # Balanced teams: ICs round-robin over their unit's managers, managers over its executives.
        for report_level, boss_level in ((np.array([0, 1, 2]), 3), (np.array([3]), 4)):
            for b in range(6):
                reports = idx[np.isin(A["level"][idx], report_level) & (A["bu"][idx] == b)]
                bosses = idx[(A["level"][idx] == boss_level) & (A["bu"][idx] == b)]
                if len(bosses) == 0 or len(reports) == 0:
                    continue
                reports = reports[rng.permutation(len(reports))]
                A["manager"][reports] = bosses[np.arange(len(reports)) % len(bosses)]

    # -- one month ----------------------------------------------------------------------------------
    def month(self, t: int) -> None:
        cal, rng, A = self.cal, self.rng, self.arr
        f, l = int(cal.first[t]), int(cal.last[t])
        days_t = l - f + 1
        fy = int(cal.fy_of(np.array([f]))[0])
        n = self.n
        self._apply_completions(t - 1)

        # Leaving (effect 1 on the voluntary hazard).
        active = np.flatnonzero(A["term"][:n] == INF)
        lead_done = A["lead_done"][active] < f
        recent = A["last_comp"][active] >= cal.year_back[t]
        mult = np.where(lead_done, LEADERSHIP_RETENTION, np.where(recent, RECENT_LEARNER_RETENTION, 1.0))
        hv, hi = _monthly(VOLUNTARY_RATE) * mult, _monthly(INVOLUNTARY_RATE)
        u = rng.random(len(active))
        vol, invol = u < hv, (u >= hv) & (u < hv + hi)
        leaving = active[vol | invol]
        A["term"][leaving] = f + rng.integers(0, days_t, size=len(leaving))
        A["reason"][active[vol]] = 1
        A["reason"][active[invol]] = 2

        # Leaders of this fiscal year (those employed on its first day of the window) get its bit.
        if t == 0 or fy != int(cal.fy_of(np.array([cal.first[t - 1]]))[0]):
            leaders = np.flatnonzero((A["level"][:n] >= 3) & (A["term"][:n] > f) & (A["hire"][:n] <= f))
            A["lbits"][leaders] |= 1 << fy

        # Promotions (effect 2) and lateral moves, among those staying this month.
        stay = np.flatnonzero((A["term"][:n] == INF) & (A["hire"][:n] < f))
        lvl = A["level"][stay]
        rate = np.zeros(len(stay))
        for from_level, annual in enumerate(PROMOTION_RATES):
            rate[lvl == from_level] = _monthly(annual)
        boost = (lvl == 2) & (A["lead_done"][stay] < f)
        rate = np.where(boost, rate * LEADERSHIP_PROMOTION, rate)
        u = rng.random(len(stay))
        promoted = stay[u < rate]
        day = f + rng.integers(0, days_t, size=len(promoted))
        A["level"][promoted] += 1
        new_leader = promoted[A["level"][promoted] == 3]
        new_exec = promoted[A["level"][promoted] == 4]
        A["leader_since"][new_leader] = day[A["level"][promoted] == 3]
        A["lbits"][new_leader] |= 1 << fy
        A["manager"][new_exec] = -1
        self._event(promoted, day, 1)
        lateral = stay[(u >= rate) & (u < rate + _monthly(LATERAL_RATE)) & (lvl <= 2)]
        self._lateral(lateral, f, days_t)

        keep = np.flatnonzero(A["term"][:n] == INF)
        counts = np.zeros((5, 6))
        np.add.at(counts, (A["level"][keep], A["bu"][keep]), 1)
        # Hires go to cells short of their target, but never past the total: promotions and moves can
        # overfill a cell, and an overfilled cell must not push headcount above target.
        target = self._cells(self.headcount_target(l))
        gaps = np.maximum(target - counts, 0).astype(np.int64).ravel()
        total = max(0, int(target.sum() - counts.sum()))
        if gaps.sum() > total:
            slots = np.repeat(np.arange(gaps.size), gaps)
            gaps = np.bincount(slots[rng.permutation(len(slots))[:total]], minlength=gaps.size)
        hires = gaps.reshape(target.shape)
        h_level = np.repeat(np.repeat(np.arange(5), 6), hires.ravel()).astype(np.int8)
        h_bu = np.repeat(np.tile(np.arange(6), 5), hires.ravel()).astype(np.int8)
        hired = self._add(h_level, h_bu, f + rng.integers(0, days_t, size=len(h_level)))
        leaders = hired[h_level >= 3]
        A["leader_since"][leaders] = A["hire"][leaders]
        A["lbits"][leaders] |= 1 << fy
        self._event(hired, A["hire"][hired], 0)

        self._assign_managers(fy)

        # Enrolments.
        new_managers = np.concatenate([new_leader, hired[h_level == 3]])
        self._enrol(t, f, l, fy, hired, new_managers, day_of_new_manager=np.concatenate(
            [A["leader_since"][new_leader], A["hire"][hired[h_level == 3]]]))

    def _lateral(self, who: np.ndarray, f: int, days_t: int) -> None:
        if len(who) == 0:
            return
        rng, A = self.rng, self.arr
        change_unit = rng.random(len(who)) < 0.5
        new_bu = A["bu"][who].astype(np.int64)
        shift = rng.integers(1, 6, size=len(who))
        new_bu = np.where(change_unit, (new_bu + shift) % 6, new_bu)
        new_family = _row_choice(_normalised_cumsum(_FAMILY_W), new_bu, rng)
        same = new_family == A["family"][who]
        # A move within the unit changes family; if the draw repeats the family, take the unit's next one.
        alt = np.argsort(-_FAMILY_W, axis=1)
        second = np.where(alt[new_bu, 0] == A["family"][who], alt[new_bu, 1], alt[new_bu, 0])
        new_family = np.where(same & ~change_unit, second, new_family)
        moved = change_unit | (new_family != A["family"][who])
        who, new_bu, new_family, change_unit = who[moved], new_bu[moved], new_family[moved], change_unit[moved]
        A["family"][who] = new_family
        A["dept"][who[change_unit]] = self._department(new_bu[change_unit])
        A["bu"][who] = new_bu
        self._event(who, f + rng.integers(0, days_t, size=len(who)), 2)

    def _mask(self, idx: np.ndarray, fy: int) -> np.ndarray:
        """Engagement history through next year: engaged bits of past and current years, and the drawn
        bit of next year (a current leader is assumed to stay one)."""
        A = self.arr
        upto = (1 << (fy + 2)) - 1
        return A["ubits"][idx] & (A["lbits"][idx] | (1 << (fy + 1))) & upto

    def _assign_managers(self, fy: int) -> None:
        rng, A, n = self.rng, self.arr, self.n
        act = A["term"][:n] == INF
        lvl = A["level"][:n].astype(np.int64)
        m = A["manager"][:n]
        mm = np.maximum(m, 0)
        pool = np.where(lvl <= 2, 3, 4)
        bad = act & (lvl < 4) & ((m < 0) | (A["term"][mm] != INF) | (A["bu"][mm] != A["bu"][:n])
                                 | (A["level"][mm] != pool))
        who = np.flatnonzero(bad)
        if len(who) == 0:
            return
        cand = np.flatnonzero(act & (lvl >= 3))
        team = np.bincount(m[act & (m >= 0)], minlength=n)
        weight = 1.0 / (team[cand] + 1.0) ** 2
        c_base = lvl[cand] * 8 + A["bu"][cand]
        c_key = (c_base << 16) | self._mask(cand, fy)
        q_base = pool[who] * 8 + A["bu"][who]
        old = m[who]
        res = np.full(len(who), -1, dtype=np.int64)
        with_old = np.flatnonzero(old >= 0)
        res[with_old] = _pick(rng, cand, c_key, weight, (q_base[with_old] << 16) | self._mask(old[with_old], fy))
        res[(res >= 0) & (team[np.maximum(res, 0)] >= 14)] = -1  # a rare history must not pile up one team
        rest = np.flatnonzero(res < 0)
        res[rest] = _pick(rng, cand, c_base, weight, q_base[rest])
        rest = np.flatnonzero((res < 0) | (res == who))
        res[rest] = _pick(rng, cand, A["bu"][cand].astype(np.int64), weight, A["bu"][who[rest]].astype(np.int64))
        res[res == who] = -1
        A["manager"][who] = res

    def _apply_completions(self, month: int) -> None:
        """Completions dated in `month` (validated against leaving) update the flags effects 1-2 read."""
        A = self.arr
        for emp, day, lead in self.buckets.pop(month, []):
            ok = A["term"][emp] > day
            emp, day, lead = emp[ok], day[ok], lead[ok]
            np.maximum.at(A["last_comp"], emp, day)
            np.minimum.at(A["lead_done"], emp[lead], day[lead])

    def _enrol(self, t: int, f: int, l: int, fy: int, hired: np.ndarray, new_managers: np.ndarray,
               day_of_new_manager: np.ndarray) -> None:
        cal, progs, rng, A = self.cal, self.progs, self.rng, self.arr
        n, days_t = self.n, l - f + 1
        idx = np.flatnonzero((A["hire"][:n] <= l) & (A["term"][:n] > f))
        group = A["family"][idx].astype(np.int64) * 5 + A["level"][idx]
        a_t = self.a[:, f - cal.s0: l - cal.s0 + 1]
        f_t = a_t.mean(axis=1)
        # Optional programmes: rate = propensity × weights × month intensity.
        w_opt = progs.w_optional * f_t[None, :]
        mu = OPTIONAL_RATE * A["prop"][idx] * days_t / 365.0 * w_opt.sum(axis=1)[group]
        cnt = rng.poisson(mu)
        emp_o = np.repeat(idx, cnt)
        prog_o = _row_choice(_normalised_cumsum(w_opt), np.repeat(group, cnt), rng)
        # Compliance: the same for everyone.
        w_c = progs.w_compliance * f_t
        cnt = rng.poisson(COMPLIANCE_RATE * days_t / 365.0 * w_c.sum(), size=len(idx))
        emp_c = np.repeat(idx, cnt)
        prog_c = _row_choice(_normalised_cumsum(w_c)[None, :], np.zeros(len(emp_c), dtype=np.int64), rng)
        emp = np.concatenate([emp_o, emp_c])
        prog = np.concatenate([prog_o, prog_c])
        day = f + _row_choice(_normalised_cumsum(a_t), prog, rng)
        ok = (day >= A["hire"][emp]) & (day < A["term"][emp])
        emp, prog, day = emp[ok], prog[ok], day[ok]
        # Onboarding: at hire, and on becoming a manager.
        w1 = hired[rng.random(len(hired)) < 0.95]
        w2 = hired[rng.random(len(hired)) < 0.80]
        w3 = rng.random(len(new_managers)) < 0.80
        emp = np.concatenate([emp, w1, w2, new_managers[w3]])
        prog = np.concatenate([prog, np.full(len(w1), ONBOARD_WELCOME), np.full(len(w2), ONBOARD_SYSTEMS),
                               np.full(w3.sum(), ONBOARD_MANAGER)])
        day = np.concatenate([day, A["hire"][w1] + rng.integers(0, 15, size=len(w1)),
                              A["hire"][w2] + rng.integers(0, 20, size=len(w2)),
                              day_of_new_manager[w3] + rng.integers(0, 30, size=w3.sum())])
        # An optional programme is not taken again within REFRESH_DAYS, onboarding only once.
        key = emp * progs.n + prog
        once = ~progs.is_comp[prog]
        _, first = np.unique(key, return_index=True)
        is_first = np.zeros(len(key), dtype=bool)
        is_first[first] = True
        keep = (~once | (is_first & (day >= self.blocked[key]))) & (day <= cal.e0)
        emp, prog, day, key = emp[keep], prog[keep], day[keep], key[keep]
        again = ~progs.is_comp[prog]
        self.blocked[key[again]] = np.where(progs.is_onboard[prog[again]], INF, day[again] + REFRESH_DAYS)
        # Outcomes (effect 6: the manager's engagement in the due year).
        k = len(emp)
        due_off = rng.integers(30, 91, size=k)
        due = day + due_off
        fy_due = cal.fy_of(due)
        mgr = A["manager"][emp]
        mg = np.maximum(mgr, 0)
        ubit = (A["ubits"][mg] >> fy_due) & 1
        lbit = ((A["lbits"][mg] >> fy_due) & 1) | (fy_due > fy)
        engaged = np.where(mgr < 0, -1, ubit & lbit).astype(np.int8)
        p = np.where(engaged < 0, COMPLETE_NO_MANAGER, np.where(engaged == 1, COMPLETE_ENGAGED, COMPLETE_OTHER))
        will = rng.random(k) < p
        duration = np.minimum(np.maximum(1, np.round(rng.gamma(2.2, 15.0, size=k))).astype(np.int64), due_off)
        drop = rng.integers(7, due_off + 1)
        end = day + np.where(will, duration, drop)
        self.enrol.append((emp, prog, day, due, will, end, engaged))
        done = will & (end <= cal.e0)
        month = cal.month_of(end[done])
        lead = progs.is_lead[prog[done]]
        for m in np.unique(month):
            sel = month == m
            self.buckets.setdefault(int(m), []).append((emp[done][sel], end[done][sel], lead[sel]))


# ---------------------------------------------------------------------------------------------------
# Everything else follows from the simulated workforce and enrolments
# ---------------------------------------------------------------------------------------------------
class _History:
    """Job history as sorted events: attributes of an employee on a day."""

    def __init__(self, ev: dict[str, np.ndarray]):
        self.key = ev["emp"] * 65536 + ev["day"]
        self.ev = ev

    def at(self, emp: np.ndarray, day: np.ndarray) -> np.ndarray:
        return np.maximum(np.searchsorted(self.key, emp * 65536 + day, side="right") - 1, 0)


def _completion_index(emp: np.ndarray, day: np.ndarray) -> np.ndarray:
    return np.sort(emp.astype(np.int64) * 65536 + day)


def _count_between(index: np.ndarray, emp: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Entries of `index` for each employee with lo ≤ day < hi."""
    base = emp.astype(np.int64) * 65536
    return np.searchsorted(index, base + hi, side="left") - np.searchsorted(index, base + lo, side="left")


def generate(employees: int = 2000, years: int = 3, seed: int = 42, as_of: dt.date = dt.date(2026, 10, 31),
             progress: Progress | None = None) -> dict[str, pd.DataFrame]:
    """Every canonical table of a synthetic organisation, one DataFrame each, in schema column order."""
    say = progress or (lambda _message: None)
    settings = get_settings()
    rng = np.random.default_rng(seed)
    cal = _Calendar(as_of, years, settings.fiscal_year_start_month)
    say("Generating programmes…")
    progs = _Programmes(cal, rng)
    plan = _campaign_plan(cal, progs, rng)
    intensity = _intensity(cal, progs, plan)

    say("Generating employees…")
    wf = _Workforce(cal, progs, intensity, rng, employees)
    wf.seed_staff()
    for t in range(len(cal.first)):
        wf.month(t)
    n = wf.n
    A = {k: v[:n] for k, v in wf.arr.items()}
    emp_ids = _serial("E", n)

    ev = {k: np.concatenate([e[i] for e in wf.events]) for i, k in
          enumerate(("emp", "day", "level", "family", "bu", "kind"))}
    order = np.lexsort((ev["day"], ev["emp"]))
    ev = {k: v[order] for k, v in ev.items()}
    hist = _History(ev)

    say("Generating enrolments…")
    en = {k: np.concatenate([e[i] for e in wf.enrol]) for i, k in
          enumerate(("emp", "prog", "day", "due", "will", "end", "engaged"))}
    valid = en["day"] < A["term"][en["emp"]]
    en = {k: v[valid] for k, v in en.items()}
    order = np.lexsort((en["prog"], en["emp"], en["day"]))
    en = {k: v[order] for k, v in en.items()}
    tables: dict[str, pd.DataFrame] = {}
    status, hours, pre, post = _enrolment_outcomes(en, A, progs, cal, rng)
    en["status"] = status
    completed = status == 0
    en["completed"] = completed
    n_en = len(en["emp"])
    en_ids = _serial("EN", n_en, max(7, len(str(n_en))))

    tables["employees"] = _employees_table(A, emp_ids, rng)
    tables["job_changes"] = _job_changes_table(ev, emp_ids)
    tables["objectives"], tables["objective_measurements"] = _objectives_tables(cal, rng)
    sponsors = _sponsors(A, cal, progs, rng)
    tables["programs"] = _programs_table(progs, sponsors, emp_ids)
    tables["program_skills"] = _program_skills_table(progs)
    tables["pathways"], tables["pathway_steps"] = _pathway_tables(progs)
    tables["enrollments"] = pd.DataFrame({
        "enrollment_id": en_ids,
        "employee_id": _codes(en["emp"], emp_ids),
        "program_id": _codes(en["prog"], progs.ids),
        "enrolled_on": _dates(en["day"]),
        "due_on": _dates(en["due"]),
        "completed_on": _dates(en["end"], completed),
        "status": _labels(status, ("completed", "dropped", "in_progress", "enrolled")),
        "learning_hours": hours,
        "pre_score": pre,
        "post_score": post,
    })
    say("Generating feedback and reviews…")
    tables["feedback"], tables["program_reviews"] = _feedback_and_reviews(en, en_ids, A, progs, cal, rng)
    tables["program_costs"] = _costs_table(en, hours, A, progs, cal, rng)
    say("Generating performance, ideas and budgets…")
    comp_index = _completion_index(en["emp"][completed], en["end"][completed])
    tables["performance_reviews"] = _performance_table(A, emp_ids, comp_index, cal, rng)
    tables["innovation_ideas"] = _ideas_table(A, emp_ids, comp_index, cal, rng)
    tables["learning_budgets"] = _budgets_table(A, emp_ids, hist, cal, rng)
    say("Generating platform activity…")
    tables["platform_activity"] = _activity_table(A, emp_ids, progs, cal, rng)
    say("Generating skills…")
    tables["skills"], tables["role_skill_requirements"] = _skill_tables()
    tables["skill_assessments"] = _assessments_table(A, emp_ids, hist, en, progs, cal, rng)
    say("Generating leadership, culture and communications…")
    tables["leader_activities"] = _leader_table(A, emp_ids, progs, sponsors, cal, rng)
    tables["culture_survey"] = _culture_table(A, hist, cal, rng)
    tables["communications"] = _communications_table(plan, A, progs, cal, rng)
    tables["metric_plans"] = default_plans(cal.start, as_of, settings.fiscal_year_start_month)
    source = f"demo: {employees} employees, {years} years, seed {seed}"
    created = dt.datetime.combine(as_of, dt.time())
    tables["import_log"] = pd.DataFrame([{
        "import_id": f"demo-{seed}-{employees}-{years}", "started_at": created, "finished_at": created,
        "source": "demo", "table_name": "all",
        "rows_read": int(sum(len(df) for df in tables.values())),
        "rows_loaded": int(sum(len(df) for df in tables.values())), "rows_rejected": 0,
        "status": "loaded", "engine_version": f"ld-dash {__version__} demo generator",
    }])
    tables["dataset_info"] = pd.DataFrame([{"as_of": as_of, "source": source,
                                            "organisation_name": settings.organisation_name,
                                            "created_at": created}])
    return {t: tables[t][schema.columns(t)] for t in schema.TABLES}


def _enrolment_outcomes(en: dict[str, np.ndarray], A: dict[str, np.ndarray], progs: _Programmes,
                        cal: _Calendar, rng: np.random.Generator):
    """Status, learning hours and scores. 0 completed, 1 dropped, 2 in progress, 3 enrolled."""
    k = len(en["emp"])
    term = A["term"][en["emp"]]
    finished = en["end"] <= cal.e0
    completed = en["will"] & finished & (en["end"] < term)
    dropped = ~completed & ((term <= cal.e0) | (~en["will"] & finished))
    open_ = ~completed & ~dropped
    not_started = open_ & ((en["day"] > cal.e0 - 14) | (rng.random(k) < 0.25))
    status = np.select([completed, dropped, not_started], [0, 1, 3], default=2).astype(np.int64)
    p = en["prog"]
    nominal = progs.hours_lo[p] + (progs.hours_hi[p] - progs.hours_lo[p]) * rng.random(k)
    share = np.select([status == 0, status == 1, status == 2], [rng.uniform(0.9, 1.1, k), rng.uniform(0, 0.5, k),
                                                                rng.uniform(0.1, 0.8, k)], default=0.0)
    hours = np.round(nominal * share * 2) / 2
    tested = progs.has_test[p] & (status != 3)
    pre = np.clip(np.round(rng.normal(*SCORE_PRE, size=k)), 0, 100)
    post = np.clip(np.round(pre + rng.normal(*SCORE_GAIN, size=k)), 0, 100)
    return (status, hours, np.where(tested, pre, np.nan), np.where(tested & (status == 0), post, np.nan))


def _employees_table(A: dict[str, np.ndarray], emp_ids: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    level = A["level"].astype(np.int64)
    salary = np.round(SALARY_BASE[level] * np.exp(0.15 * A["zsal"]), -2)
    left = A["term"] < INF
    return pd.DataFrame({
        "employee_id": emp_ids,
        "manager_id": pd.array(np.where(A["manager"] >= 0, emp_ids[np.maximum(A["manager"], 0)], None),
                               dtype=object),
        "business_unit": _labels(A["bu"], UNIT_NAMES),
        "department": _labels(A["dept"], DEPARTMENTS),
        "region": _labels(A["region"], REGIONS),
        "job_level": _labels(level, LEVELS),
        "role_family": _labels(A["family"], FAMILIES),
        "is_people_leader": level >= 3,
        "hire_date": _dates(A["hire"]),
        "termination_date": _dates(A["term"], left),
        "termination_reason": _labels(np.where(left, A["reason"].astype(np.int64) - 1, -1),
                                      ("voluntary", "involuntary")),
        "annual_salary": salary,
    })


def _job_changes_table(ev: dict[str, np.ndarray], emp_ids: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "employee_id": _codes(ev["emp"], emp_ids),
        "effective_on": _dates(ev["day"]),
        "job_level": _labels(ev["level"], LEVELS),
        "role_family": _labels(ev["family"], FAMILIES),
        "business_unit": _labels(ev["bu"], UNIT_NAMES),
        "is_people_leader": ev["level"] >= 3,
        "change_type": _labels(ev["kind"], ("hire", "promotion", "lateral")),
    })


def _objectives_tables(cal: _Calendar, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, readings = [], []
    as_of_fy_end = int(cal.fy_ends[cal.n_fy - 1])
    for oid, prio, goal, kpi, unit, base, target, owner, contrib, pace, extra in OBJECTIVES:
        target_day = _day(add_months(_date(as_of_fy_end), 12 * extra))
        rows.append({"objective_id": oid, "priority": prio, "business_goal": goal, "kpi_name": kpi,
                     "kpi_unit": unit, "baseline_value": base, "target_value": target,
                     "baseline_date": cal.start, "target_date": _date(target_day), "owner": owner,
                     "expected_learning_contribution": contrib})
        ends = cal.last
        frac = (ends - cal.s0) / (target_day - cal.s0)
        # Ahead (pace > 1) bends above the line early, behind (< 1) lags it; small monthly noise.
        path = frac * pace + 0.02 * np.sin(np.arange(len(ends)) / 2.0)
        noise = rng.normal(0, 0.015, size=len(ends))
        value = base + (target - base) * (path + noise)
        if unit == "markets":
            value = np.floor(np.clip(value, 0, target) + 0.2)
        decimals = 0 if unit in ("findings", "markets") else 1
        value = np.round(value, decimals)
        for d, v in zip(ends, value):
            readings.append({"objective_id": oid, "measured_on": _date(d), "value": float(v)})
    return pd.DataFrame(rows), pd.DataFrame(readings)


def _sponsors(A: dict[str, np.ndarray], cal: _Calendar, progs: _Programmes, rng: np.random.Generator) -> np.ndarray:
    """An executive employed at as_of for 28 of the 40 programmes (−1 for the rest)."""
    execs = np.flatnonzero((A["level"] == 4) & (A["term"] == INF))
    out = np.full(progs.n, -1, dtype=np.int64)
    chosen = rng.permutation(progs.n)[: int(round(0.7 * progs.n))]
    if len(execs):
        out[np.sort(chosen)] = rng.choice(execs, size=len(chosen))
    return out


def _programs_table(progs: _Programmes, sponsors: np.ndarray, emp_ids: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "program_id": progs.ids,
        "name": [p.name for p in PROGRAMMES],
        "category": [p.category for p in PROGRAMMES],
        "delivery_mode": [p.mode for p in PROGRAMMES],
        "objective_id": [p.objective for p in PROGRAMMES],
        "pathway_id": [PATHWAYS[k][0] if k >= 0 else None for k in progs.pathway],
        "executive_sponsor_id": [None if s < 0 else emp_ids[s] for s in sponsors],
        "owner": [p.owner for p in PROGRAMMES],
        "launched_on": _dates(progs.launch),
        "retired_on": _dates(np.where(progs.retire < INF, progs.retire, 0), progs.retire < INF),
        "review_cycle_months": [p.review_cycle for p in PROGRAMMES],
        "is_compliance": progs.is_comp,
        "is_leadership": progs.is_lead,
    })


def _program_skills_table(progs: _Programmes) -> pd.DataFrame:
    rows = [{"program_id": progs.ids[i], "skill_id": SKILLS[_SKILL[s]][0]}
            for i, p in enumerate(PROGRAMMES) if not progs.is_comp[i] for s in p.skills]
    return pd.DataFrame(rows)


def _pathway_tables(progs: _Programmes) -> tuple[pd.DataFrame, pd.DataFrame]:
    paths = pd.DataFrame([{"pathway_id": pid, "name": name, "role_family": fam, "target_job_level": lvl}
                          for pid, name, fam, lvl, _ in PATHWAYS])
    steps = pd.DataFrame([{"pathway_id": pid, "step_no": s + 1, "program_id": progs.ids[_PID[name]]}
                          for pid, _, _, _, names in PATHWAYS for s, name in enumerate(names)])
    return paths, steps


def _feedback_and_reviews(en: dict[str, np.ndarray], en_ids: np.ndarray, A: dict[str, np.ndarray],
                          progs: _Programmes, cal: _Calendar, rng: np.random.Generator
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Responses to ~55 % of completions; reviews whose outcome reads the responses before them (effect 9),
    and whose revisions lift the programme's later satisfaction."""
    done = np.flatnonzero(en["completed"])
    respond = done[rng.random(len(done)) < 0.55]
    day = en["end"][respond] + rng.geometric(0.35, size=len(respond)) - 1
    ok = (day <= cal.e0) & (day < A["term"][en["emp"][respond]])
    respond, day = respond[ok], day[ok]
    order = np.lexsort((respond, day))
    respond, day = respond[order], day[order]
    k = len(respond)
    prog = en["prog"][respond]
    z = rng.normal(0, 0.75, size=k)
    lift = np.zeros(k)

    reviews = []
    for p in range(progs.n):
        spec = PROGRAMMES[p]
        cycle = spec.review_cycle
        launch, retire = _date(progs.launch[p]), progs.retire[p]
        dates = []
        r = add_months(launch, cycle)
        while _day(r) <= cal.e0:
            dates.append(_day(r))
            r = add_months(r, cycle) + dt.timedelta(days=int(np.clip(round(rng.normal(7, 15)), -20, 45)))
        dates = [d for d in dates if d >= cal.s0 - 730 and d < retire - 30]
        retire_review = None
        if retire < INF:
            retire_review = int(retire - rng.integers(7, 30))
            dates.append(retire_review)
        reviews.append((p, dates, retire_review))
    # About 15 % of programmes live at as_of are overdue: their reviews stopped a while ago.
    live = [p for p in range(progs.n) if progs.retire[p] == INF
            and _day(add_months(_date(progs.launch[p]), PROGRAMMES[p].review_cycle)) < cal.e0 - 90]
    overdue = set(rng.choice(live, size=int(round(0.15 * len(live))), replace=False).tolist())
    rows = []
    for p, dates, retire_review in reviews:
        if p in overdue:
            cutoff = _day(add_months(cal.as_of, -PROGRAMMES[p].review_cycle)) - int(rng.integers(10, 90))
            dates = [d for d in dates if d < cutoff]
        mine = np.flatnonzero(prog == p)
        for d in sorted(dates):
            back = _day(add_months(_date(d), -12))
            window = mine[(day[mine] >= back) & (day[mine] < d)]
            if len(window):
                sat = np.clip(np.round(progs.quality[p] + lift[window] + z[window]), 1, 5)
                low = sat.mean() < LOW_SATISFACTION
            else:
                low = False
            change = rng.random() < (CHANGE_IF_LOW if low else CHANGE_OTHERWISE)
            if d == retire_review:
                outcome = "retire"
            elif change:
                outcome = "revise"
                later = mine[day[mine] > d]
                lift[later] = np.minimum(lift[later] + REVISE_IMPROVEMENT,
                                         max(0.0, 4.4 - progs.quality[p]))
            else:
                outcome = "continue"
            rows.append({"program_id": progs.ids[p], "reviewed_on": _date(d), "outcome": outcome,
                         "changes_made": (REVISIONS[int(rng.integers(len(REVISIONS)))] if outcome == "revise"
                                          else "Programme retired; learners pointed to its successor"
                                          if outcome == "retire" else None),
                         "reviewer": PROGRAMMES[p].owner if rng.random() < 0.7 else "L&D Governance Board"})
    review_df = pd.DataFrame(rows).sort_values(["reviewed_on", "program_id"], kind="stable").reset_index(drop=True)
    review_df.insert(0, "review_id", _serial("RV-", len(review_df), 4))

    latent = progs.quality[prog] + lift + z
    sat = np.clip(np.round(latent), 1, 5).astype(np.int64)
    relevance = np.clip(np.round(latent - 0.1 + rng.normal(0, 0.6, k)), 1, 5).astype(np.int64)
    nps = np.clip(np.round(8.5 + 1.9 * (latent - 4.2) + rng.normal(0, 1.3, k)), 0, 10).astype(np.int64)
    intent = np.clip(np.round(latent - 0.05 + rng.normal(0, 0.7, k)), 1, 5).astype(np.int64)
    engaged = (en["engaged"][respond] == 1).astype(float)
    applied_latent = (3.4 + APPLIED_ENGAGED_BONUS * engaged + 0.4 * (progs.quality[prog] + lift - 4.2)
                      + rng.normal(0, 0.9, k))
    applied_ok = day + 90 <= cal.e0
    applied = np.clip(np.round(applied_latent), 1, 5).astype(np.int64)
    conf_ok = rng.random(k) < 0.7
    confidence = np.where(conf_ok, 10.0 * rng.integers(4, 11, size=k), np.nan)
    has_comment = rng.random(k) < 0.3
    pools = (COMMENTS_POOR, COMMENTS_MIXED, COMMENTS_GOOD)
    tone = np.select([sat <= 2, sat == 3], [0, 1], default=2)
    all_comments = np.array(COMMENTS_POOR + COMMENTS_MIXED + COMMENTS_GOOD, dtype=object)
    offsets = np.array([0, len(COMMENTS_POOR), len(COMMENTS_POOR) + len(COMMENTS_MIXED)])
    sizes = np.array([len(x) for x in pools])
    pick = offsets[tone] + (rng.random(k) * sizes[tone]).astype(np.int64)
    feedback = pd.DataFrame({
        "response_id": _serial("FB", k, max(7, len(str(k)))),
        "enrollment_id": en_ids[respond],
        "responded_on": _dates(day),
        "satisfaction": sat,
        "relevance": relevance,
        "nps": nps,
        "intent_to_apply": intent,
        "applied_on_job_90d": _nullable_int(applied, applied_ok),
        "confidence_pct": confidence,
        "comment": _codes(np.where(has_comment, pick, -1), all_comments),
    })
    return feedback, review_df


_COST_PER_HOUR = {  # cost type: amount per delivered learning hour, by delivery mode
    "classroom": {"delivery": 48.0, "venue": 16.0, "travel": 22.0},
    "blended": {"delivery": 38.0, "venue": 6.0, "travel": 5.0},
    "virtual": {"delivery": 34.0},
    "e-learning": {"delivery": 4.0},
    "VR": {"delivery": 8.0},
    "mentoring": {"delivery": 14.0},
}
_LICENCE_PER_HEAD = {"e-learning": 0.10, "VR": 0.30}  # per employee per month
_DESIGN = {"classroom": 25_000, "blended": 40_000, "virtual": 15_000, "e-learning": 30_000, "VR": 120_000,
           "mentoring": 5_000}


def _costs_table(en: dict[str, np.ndarray], hours: np.ndarray, A: dict[str, np.ndarray], progs: _Programmes,
                 cal: _Calendar, rng: np.random.Generator) -> pd.DataFrame:
    """Design at launch; monthly delivery, venue and travel per delivered hour (vendors take 60 % of
    delivery), and licences per head for e-learning and VR: about 40-80 per completed learning hour."""
    n_m = len(cal.first)
    month = cal.month_of(en["day"])
    delivered = np.zeros((progs.n, n_m))
    np.add.at(delivered, (en["prog"], month), hours)
    heads = _headcount(A, cal.last)
    prog_out, day_out, type_out, amount_out = [], [], [], []
    types = ("design", "delivery", "vendor", "licence", "venue", "travel", "other")
    for p, spec in enumerate(PROGRAMMES):
        mode = spec.mode
        prog_out.append(p)
        day_out.append(int(progs.launch[p]))
        type_out.append(0)
        amount_out.append(_DESIGN[mode] * float(np.exp(rng.normal(0, 0.25))))
        live = (cal.last >= progs.launch[p]) & (cal.first < progs.retire[p])
        for ctype, rate in _COST_PER_HOUR[mode].items():
            amount = delivered[p] * rate * np.exp(rng.normal(0, 0.1, n_m))
            if ctype == "delivery" and spec.vendor:
                for name, share in (("delivery", 0.4), ("vendor", 0.6 * 1.15)):
                    m = np.flatnonzero(amount > 0)
                    prog_out += [p] * len(m)
                    day_out += list(cal.last[m])
                    type_out += [types.index(name)] * len(m)
                    amount_out += list(amount[m] * share)
                continue
            m = np.flatnonzero(amount > 0)
            prog_out += [p] * len(m)
            day_out += list(cal.last[m])
            type_out += [types.index(ctype)] * len(m)
            amount_out += list(amount[m])
        if mode in _LICENCE_PER_HEAD:
            m = np.flatnonzero(live)
            prog_out += [p] * len(m)
            day_out += list(cal.first[m])
            type_out += [types.index("licence")] * len(m)
            amount_out += list(_LICENCE_PER_HEAD[mode] * heads[m] * np.exp(rng.normal(0, 0.05, len(m))))
        if mode == "VR":
            prog_out.append(p)
            day_out.append(int(progs.launch[p]) + 14)
            type_out.append(types.index("other"))  # headsets
            amount_out.append(float(heads[-1]) * 4.0)
    df = pd.DataFrame({"program_id": _codes(np.array(prog_out), progs.ids),
                       "incurred_on": _dates(np.array(day_out)),
                       "cost_type": _labels(np.array(type_out), types),
                       "amount": np.round(np.array(amount_out, dtype=float), 2)})
    return df.sort_values(["incurred_on", "program_id", "cost_type"], kind="stable").reset_index(drop=True)


def _headcount(A: dict[str, np.ndarray], days: np.ndarray, unit: np.ndarray | None = None) -> np.ndarray:
    """Employees employed on each day (hire ≤ day < termination), optionally of one unit code per day."""
    hires, terms = np.sort(A["hire"]), np.sort(A["term"])
    if unit is None:
        return np.searchsorted(hires, days, side="right") - np.searchsorted(terms, days, side="right")
    out = np.zeros(len(days), dtype=np.int64)
    for b in range(len(UNIT_NAMES)):
        sel = unit == b
        mine = A["bu"] == b
        h, t = np.sort(A["hire"][mine]), np.sort(A["term"][mine])
        out[sel] = np.searchsorted(h, days[sel], side="right") - np.searchsorted(t, days[sel], side="right")
    return out


def _fy_spans(A: dict[str, np.ndarray], cal: _Calendar, fy: int) -> tuple[np.ndarray, np.ndarray]:
    """Each employee's employed days within fiscal year `fy` and the window: [lo, hi] (empty if lo > hi)."""
    lo = np.maximum.reduce([A["hire"], np.full(len(A["hire"]), max(int(cal.fy_starts[fy]), cal.s0))])
    hi = np.minimum.reduce([A["term"] - 1, np.full(len(A["term"]), min(int(cal.fy_ends[fy]), cal.e0))])
    return lo, hi


def _performance_table(A, emp_ids, comp_index, cal, rng) -> pd.DataFrame:
    """Effect 8: a year-end rating 0.2 higher (latent) for anyone who completed a programme that year."""
    person = rng.normal(0, 0.45, size=len(A["hire"]))
    frames = []
    for fy in range(cal.n_fy):
        end = int(cal.fy_ends[fy])
        if end > cal.e0:
            continue
        who = np.flatnonzero((A["hire"] <= end) & (A["term"] > end))
        learned = _count_between(comp_index, who, np.full(len(who), int(cal.fy_starts[fy])),
                                 np.full(len(who), end + 1)) > 0
        latent = 3.15 + PERFORMANCE_BONUS * learned + person[who] + rng.normal(0, 0.55, len(who))
        rating = np.clip(np.round(latent), 1, 5).astype(np.int64)
        goal = np.clip(np.round(95 + 14 * (latent - 3.15) + rng.normal(0, 8, len(who)), 1), 40, 160)
        frames.append(pd.DataFrame({"employee_id": _codes(who, emp_ids), "period_end": _dates(np.full(len(who), end)),
                                    "rating": rating, "goal_attainment_pct": goal}))
    if not frames:
        return pd.DataFrame(columns=schema.columns("performance_reviews"))
    return pd.concat(frames, ignore_index=True)


def _ideas_table(A, emp_ids, comp_index, cal, rng) -> pd.DataFrame:
    """Effect 7: ideas at 0.15 per employee-year, × 1.6 in a year with a completion."""
    emp_out, day_out = [], []
    for fy in range(cal.n_fy):
        lo, hi = _fy_spans(A, cal, fy)
        who = np.flatnonzero(hi >= lo)
        lo, hi = lo[who], hi[who]
        learned = _count_between(comp_index, who, np.full(len(who), int(cal.fy_starts[fy])),
                                 np.full(len(who), int(cal.fy_ends[fy]) + 1)) > 0
        rate = IDEA_RATE * np.where(learned, IDEA_LEARNER_FACTOR, 1.0) * (hi - lo + 1) / 365.25
        cnt = rng.poisson(rate)
        e = np.repeat(who, cnt)
        span = np.repeat(hi - lo + 1, cnt)
        emp_out.append(e)
        day_out.append(np.repeat(lo, cnt) + (rng.random(len(e)) * span).astype(np.int64))
    emp, day = np.concatenate(emp_out), np.concatenate(day_out)
    order = np.lexsort((emp, day))
    emp, day = emp[order], day[order]
    k = len(emp)
    age = cal.e0 - day
    u = rng.random(k)
    status = np.where(u < 0.2, 1, np.where((u < 0.6) & (age > 60), 2, 0))  # implemented / rejected / open
    status = np.where((status == 0) & (age > 365) & (rng.random(k) < 0.7), 2, status)
    valued = (status == 1) & (rng.random(k) < 0.6)
    value = np.where(valued, np.round(np.exp(rng.normal(np.log(15_000), 0.9, k)), -2), np.nan)
    return pd.DataFrame({"idea_id": _serial("IDEA-", k), "employee_id": _codes(emp, emp_ids),
                         "submitted_on": _dates(day),
                         "status": _labels(status, ("submitted", "implemented", "rejected")),
                         "estimated_annual_value": value})


def _budgets_table(A, emp_ids, hist, cal, rng) -> pd.DataFrame:
    allocated_by_level = np.array([500.0, 750.0, 1000.0, 1500.0, 2000.0])
    frames = []
    for fy in range(cal.n_fy):
        lo, hi = _fy_spans(A, cal, fy)
        who = np.flatnonzero(hi >= lo)
        level = hist.ev["level"][hist.at(who, hi[who])].astype(np.int64)
        allocated = allocated_by_level[level]
        fy_len = int(cal.fy_ends[fy] - cal.fy_starts[fy] + 1)
        elapsed = min(1.0, (cal.e0 - int(cal.fy_starts[fy]) + 1) / fy_len)
        spends = rng.random(len(who)) < 0.72 * (0.6 + 0.4 * elapsed)
        spent = np.where(spends, np.round(allocated * rng.beta(2.0, 2.0, len(who)) * elapsed, 2), 0.0)
        frames.append(pd.DataFrame({"employee_id": _codes(who, emp_ids),
                                    "fiscal_year": np.full(len(who), cal.fy_labels[fy], dtype=np.int64),
                                    "allocated": allocated, "spent": spent}))
    return pd.concat(frames, ignore_index=True)


def _activity_table(A, emp_ids, progs, cal, rng) -> pd.DataFrame:
    """About 55 % of employees active in a month, ~2.8 days each, on 1-2 platforms a day. Mobile adoption
    grows from 10 % to 45 % of people over the window; VR from the VR programme's launch (6 % of people)."""
    platforms = ("LMS", "mobile", "virtual classroom", "VR", "content library")
    n = len(A["hire"])
    p_active = np.clip(0.33 + 0.22 * A["prop"], 0.05, 0.97)
    u_mobile, u_vr = rng.random(n), rng.random(n)
    vr_launch = int(progs.launch[progs.mode == "VR"].min()) if (progs.mode == "VR").any() else INF
    emp_out, day_out, plat_out = [], [], []
    span_days = max(1, cal.e0 - cal.s0)
    for t, (f, l) in enumerate(zip(cal.first, cal.last)):
        lo = np.maximum(A["hire"], f)
        hi = np.minimum(A["term"] - 1, l)
        who = np.flatnonzero((hi >= lo) & (rng.random(n) < p_active))
        lo, hi = lo[who], hi[who]
        k = np.minimum(1 + rng.poisson(1.8, len(who)), hi - lo + 1)
        emp = np.repeat(who, k)
        day = np.repeat(lo, k) + (rng.random(len(emp)) * np.repeat(hi - lo + 1, k)).astype(np.int64)
        key = _sorted_unique(emp * 64 + (day - f))
        emp, day = key // 64, key % 64 + f
        m = len(emp)
        plat = _row_choice(np.array([[0.5, 0.5, 0.67, 0.67, 1.0]]), np.zeros(m, dtype=np.int64), rng)
        mobile_share = 0.10 + 0.35 * ((f + l) / 2 - cal.s0) / span_days
        adopter = u_mobile[emp] < mobile_share
        plat = np.where(adopter & (rng.random(m) < 0.5), 1, plat)
        plat = np.where((day >= vr_launch) & (u_vr[emp] < 0.06) & (rng.random(m) < 0.3), 3, plat)
        second = rng.random(m) < 0.15
        emp2, day2 = emp[second], day[second]
        plat2 = np.where(rng.random(second.sum()) < 0.5, 0, 4)
        emp_all = np.concatenate([emp, emp2])
        day_all = np.concatenate([day, day2])
        plat_all = np.concatenate([plat, plat2])
        key = _sorted_unique((emp_all * 64 + (day_all - f)) * 8 + plat_all)
        emp_out.append(key // 512)
        day_out.append((key // 8) % 64 + f)
        plat_out.append(key % 8)
    emp, day, plat = np.concatenate(emp_out), np.concatenate(day_out), np.concatenate(plat_out)
    k = len(emp)
    sessions = 1 + rng.poisson(0.5, k)
    minutes = np.round(sessions * np.clip(np.exp(rng.normal(np.log(22), 0.5, k)), 5, 90), 1)
    return pd.DataFrame({"employee_id": _codes(emp, emp_ids), "activity_on": _dates(day),
                         "platform": _labels(plat, platforms), "sessions": sessions.astype(np.int64),
                         "minutes": minutes})


def _skill_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    skills = pd.DataFrame([{"skill_id": sid, "name": name, "category": cat, "is_strategic": strat}
                           for sid, name, cat, strat in SKILLS])
    reqs = pd.DataFrame([{"role_family": f, "skill_id": SKILLS[_SKILL[s]][0], "required_level": lv}
                         for f in FAMILIES for s, lv in REQUIREMENTS[f]])
    return skills, reqs


def _assessments_table(A, emp_ids, hist, en, progs, cal, rng) -> pd.DataFrame:
    """Effect 4: annual assessments of the role's five skills; +1 with p 0.7 after a linked completion."""
    n, n_sk = len(A["hire"]), len(SKILLS)
    link = np.zeros((progs.n, n_sk), dtype=bool)
    for i, p in enumerate(PROGRAMMES):
        if not progs.is_comp[i]:
            for s in p.skills:
                link[i, _SKILL[s]] = True
    done = np.flatnonzero(en["completed"])
    pp, ss = np.nonzero(link[en["prog"][done]])
    pair_index = np.sort((en["emp"][done][pp].astype(np.int64) * n_sk + ss) * 65536 + en["end"][done][pp])
    last_level = np.zeros(n * n_sk, dtype=np.int64)
    last_day = np.zeros(n * n_sk, dtype=np.int64)
    offset_day = rng.integers(0, 365, size=n)
    source_names = ("manager review", "self", "test")
    frames = []
    for fy in range(cal.n_fy):
        day = int(cal.fy_starts[fy]) + offset_day + rng.integers(-10, 11, size=n)
        day = np.minimum(day, int(cal.fy_ends[fy]))
        who = np.flatnonzero((day >= cal.s0) & (day <= cal.e0) & (A["hire"] <= day) & (A["term"] > day)
                             & (rng.random(n) < 0.85))
        d = day[who]
        fam = hist.ev["family"][hist.at(who, d)].astype(np.int64)
        emp = np.repeat(who, 5)
        d5 = np.repeat(d, 5)
        skill = _REQ_SKILL[fam].ravel()
        required = _REQ_LEVEL[fam].ravel()
        pair = emp.astype(np.int64) * n_sk + skill
        prev = last_level[pair]
        base = pair * 65536
        linked = (np.searchsorted(pair_index, base + d5, side="left")
                  - np.searchsorted(pair_index, base + last_day[pair], side="left")) > 0
        u = rng.random(len(pair))
        first = np.clip(required + rng.choice([-2, -1, 0, 1], size=len(pair), p=[0.15, 0.35, 0.4, 0.1]), 1, 5)
        step = np.where(linked, (u < SKILL_UP_LINKED).astype(np.int64),
                        np.where(u < SKILL_UP_OTHER, 1, np.where(u < SKILL_UP_OTHER + SKILL_DOWN_OTHER, -1, 0)))
        level = np.where(prev > 0, np.clip(prev + step, 1, 5), first)
        last_level[pair] = level
        last_day[pair] = d5
        source = np.repeat(rng.choice(3, size=len(who), p=[0.6, 0.25, 0.15]), 5)
        frames.append(pd.DataFrame({"employee_id": _codes(emp, emp_ids),
                                    "skill_id": _labels(skill, np.array([s[0] for s in SKILLS], dtype=object)),
                                    "assessed_on": _dates(d5), "level": level,
                                    "source": _labels(source, source_names)}))
    out = pd.concat(frames, ignore_index=True)
    return out


def _leader_table(A, emp_ids, progs, sponsors, cal, rng) -> pd.DataFrame:
    """Engaged leader-years (drawn 60 %) each get ≥ 1 activity; ~25 % of them teach (2-16 h a session)."""
    emp_out, prog_out, day_out, act_out, hours_out = [], [], [], [], []
    optional = np.flatnonzero(progs.is_optional & (progs.launch < cal.s0) & (progs.retire == INF))
    leadership = np.flatnonzero(progs.is_lead)
    mentoring = np.flatnonzero(progs.mode == "mentoring")
    sponsored_by: dict[int, np.ndarray] = {}
    for p, s in enumerate(sponsors):
        if s >= 0:
            sponsored_by.setdefault(int(s), np.empty(0, dtype=np.int64))
            sponsored_by[int(s)] = np.append(sponsored_by[int(s)], p)
    sponsor_of = np.full(len(A["hire"]), -1, dtype=np.int64)
    for s, ps in sorted(sponsored_by.items()):
        sponsor_of[s] = ps[0]
    for fy in range(cal.n_fy):
        engaged = ((A["ubits"] >> fy) & 1) & ((A["lbits"] >> fy) & 1)
        lo = np.maximum.reduce([A["hire"], A["leader_since"], np.full(len(A["hire"]), max(cal.s0, int(cal.fy_starts[fy])))])
        hi = np.minimum(A["term"] - 1, min(cal.e0, int(cal.fy_ends[fy])))
        who = np.flatnonzero((engaged == 1) & (hi >= lo))
        lo, hi = lo[who], hi[who]
        m = len(who)

        def add(emps, spans_lo, spans_hi, prog, activity, hrs):
            emp_out.append(emps)
            day_out.append(spans_lo + (rng.random(len(emps)) * (spans_hi - spans_lo + 1)).astype(np.int64))
            prog_out.append(prog)
            act_out.append(np.full(len(emps), activity))
            hours_out.append(hrs)

        cnt = 1 + rng.poisson(1.0, m)  # attended
        e = np.repeat(np.arange(m), cnt)
        pick = np.where(rng.random(len(e)) < 0.6, rng.choice(leadership, len(e)), rng.choice(optional, len(e)))
        add(who[e], lo[e], hi[e], pick, 0, np.round(rng.uniform(2, 8, len(e)) * 2) / 2)
        teach = rng.random(m) < 0.25
        cnt = np.where(teach, 1 + rng.poisson(0.6, m), 0)
        e = np.repeat(np.arange(m), cnt)
        add(who[e], lo[e], hi[e], rng.choice(optional, len(e)), 1, np.round(rng.uniform(2, 16, len(e)) * 2) / 2)
        sponsor = (A["level"][who] == 4) & (rng.random(m) < 0.7)
        e = np.repeat(np.arange(m), np.where(sponsor, 1 + rng.poisson(0.5, m), 0))
        own = sponsor_of[who[e]]
        add(who[e], lo[e], hi[e], np.where(own >= 0, own, rng.choice(optional, len(e))), 2,
            np.round(rng.uniform(1, 4, len(e)) * 2) / 2)
        coach = rng.random(m) < 0.4
        e = np.repeat(np.arange(m), np.where(coach, 1 + rng.poisson(1.0, m), 0))
        add(who[e], lo[e], hi[e], rng.choice(mentoring, len(e)), 3, np.round(rng.uniform(1, 3, len(e)) * 2) / 2)
    emp, day, prog = np.concatenate(emp_out), np.concatenate(day_out), np.concatenate(prog_out)
    act, hours = np.concatenate(act_out), np.concatenate(hours_out)
    order = np.lexsort((act, emp, day))
    return pd.DataFrame({"leader_id": _codes(emp[order], emp_ids), "program_id": _codes(prog[order], progs.ids),
                         "activity_on": _dates(day[order]),
                         "activity": _labels(act[order], ("attended", "taught", "sponsored", "coached")),
                         "hours": hours[order]})


def _culture_table(A, hist, cal, rng) -> pd.DataFrame:
    """A May survey (5 questions) and a November pulse (3) each year; 60 % answer; ids per survey."""
    frames = []
    n = len(A["hire"])
    for year in range(cal.start.year, cal.as_of.year + 1):
        for month, questions in ((5, (0, 1, 2, 3, 4)), (11, (0, 1, 2))):
            d = _day(dt.date(year, month, 15))
            if d < cal.s0 or d > cal.e0:
                continue
            who = np.flatnonzero((A["hire"] <= d) & (A["term"] > d) & (rng.random(n) < 0.6))
            who = who[rng.permutation(len(who))]
            at = hist.at(who, np.full(len(who), d))
            ids = np.array([f"S{year}{month:02d}-{i:06d}" for i in range(1, len(who) + 1)], dtype=object)
            q = np.array(questions)
            resp = np.repeat(np.arange(len(who)), len(q))
            qq = np.tile(q, len(who))
            trend = 0.08 * (year - cal.start.year)
            score = np.clip(np.round(_CULTURE_MEAN[qq] + trend + rng.normal(0, 0.9, len(qq))), 1, 5).astype(np.int64)
            frames.append(pd.DataFrame({
                "respondent_id": ids[resp],
                "business_unit": _labels(hist.ev["bu"][at][resp], UNIT_NAMES),
                "region": _labels(A["region"][who][resp], REGIONS),
                "job_level": _labels(hist.ev["level"][at][resp], LEVELS),
                "surveyed_on": _dates(np.full(len(qq), d)),
                "question_key": _labels(qq, CULTURE_QUESTIONS),
                "score": score}))
    return pd.concat(frames, ignore_index=True)


def _communications_table(plan, A, progs, cal, rng) -> pd.DataFrame:
    sent, program, channel, audience = plan["sent"], plan["program"], plan["channel"], plan["audience"]
    k = len(sent)
    channels = _CAMPAIGN_CHANNELS + ("leadership update",)
    ch = np.where(channel < 0, len(channels) - 1, channel)
    everyone = _headcount(A, sent)
    unit = _headcount(A, sent, np.maximum(audience, 0))
    # Leadership updates go to the people leaders employed that day (current level: leaders stay leaders).
    leaders = np.array([np.sum((A["level"] >= 3) & (A["leader_since"] <= d) & (A["hire"] <= d) & (A["term"] > d))
                        for d in sent])
    recipients = np.where(ch == len(channels) - 1, leaders, np.where(audience >= 0, unit, everyone))
    rates = np.array([CHANNEL_RATES[c] for c in channels])
    jitter = np.exp(rng.normal(0, 0.1, k))
    opens = rng.binomial(recipients, np.clip(rates[ch, 0] * jitter, 0, 1))
    clicks = rng.binomial(opens, np.clip(rates[ch, 1] / rates[ch, 0], 0, 1))
    return pd.DataFrame({
        "communication_id": _serial("COM-", k, 5),
        "sent_on": _dates(sent),
        "channel": _labels(ch, channels),
        "program_id": _codes(program, progs.ids),
        "audience_business_unit": _labels(np.where(ch == len(channels) - 1, -1, audience), UNIT_NAMES),
        "recipients": recipients.astype(np.int64),
        "opens": opens.astype(np.int64),
        "clicks": clicks.astype(np.int64),
    })


# ---------------------------------------------------------------------------------------------------
# Publishing
# ---------------------------------------------------------------------------------------------------
def publish_demo(data_dir: Path | None = None, employees: int | None = None, years: int | None = None,
                 seed: int | None = None, as_of: dt.date = dt.date(2026, 10, 31),
                 progress: Progress | None = None) -> store.Version:
    """Generate the demo organisation and publish it as the current data version."""
    settings = get_settings()
    employees = settings.demo_employees if employees is None else employees
    years = settings.demo_years if years is None else years
    seed = settings.demo_seed if seed is None else seed
    say = progress or (lambda _message: None)
    tables = generate(employees=employees, years=years, seed=seed, as_of=as_of, progress=say)
    with store.building(data_dir) as con:
        for table, frame in tables.items():
            say(f"Writing {table} ({len(frame):,} rows)…")
            con.register("incoming", frame)
            con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
            con.unregister("incoming")
            del frame
        tables.clear()
        say("Building summaries…")
    version = store.current_version(data_dir)
    assert version is not None
    return version
