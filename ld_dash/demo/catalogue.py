"""The demo organisation's fixed catalogue: units, levels, skills, goals, programmes, pathways, comments,
and the planted rates and effects (their sizes are documented in the package docstring)."""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import numpy as np

from ld_dash import schema
from ld_dash.thresholds import WEAK_FEEDBACK_BELOW

INF = 10_000_000  # "never" as a day number
NEG = -10_000_000
EPOCH = dt.date(1970, 1, 1)

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
DEPT_OF_UNIT = [np.array([DEPARTMENTS.index(d) for d in u[2]]) for u in BUSINESS_UNITS]
FAMILY_WEIGHTS = np.array([[u[3].get(f, 0.0) for f in FAMILIES] for u in BUSINESS_UNITS])
REGION_WEIGHTS = np.array([u[4] for u in BUSINESS_UNITS])

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
SKILL_INDEX = {s[1]: i for i, s in enumerate(SKILLS)}
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
REQUIRED_SKILL = np.array([[SKILL_INDEX[s] for s, _ in REQUIREMENTS[f]] for f in FAMILIES])  # families × 5
REQUIRED_LEVEL = np.array([[lv for _, lv in REQUIREMENTS[f]] for f in FAMILIES])

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


class Programme(NamedTuple):
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
PROGRAMMES: tuple[Programme, ...] = (
    Programme("Leading Teams Foundations", "Leadership", "blended", (10, 16), ("Coaching", "Change leadership"),
          levels=(0.05, 0.25, 1.0, 0.8, 0.1), popularity=1.4, objective="OBJ-5", quality=4.4, owner=_LEAD,
          years_before=6),
    Programme("Emerging Leaders Programme", "Leadership", "classroom", (12, 20), ("Change leadership", "Communication"),
          levels=(0.02, 0.3, 1.2, 0.3, 0.0), popularity=1.4, objective="OBJ-5", has_test=True, quality=4.5,
          owner=_LEAD, years_before=5),
    Programme("Senior Leadership Forum", "Leadership", "classroom", (8, 14), ("Change leadership",),
          levels=(0.0, 0.0, 0.05, 0.6, 1.5), objective="OBJ-5", quality=4.3, owner=_LEAD, years_before=7,
          vendor=True),
    Programme("Coaching for Performance", "Leadership", "mentoring", (6, 12), ("Coaching",),
          levels=(0.0, 0.05, 0.4, 1.0, 0.5), objective="OBJ-5", quality=4.4, owner=_LEAD, years_before=4),
    Programme("Cloud Fundamentals", "Technical", "e-learning", (2, 4), ("Cloud",), ("Engineering", "Data & Analytics"),
          popularity=1.2, objective="OBJ-2", has_test=True, owner=_TECH, review_cycle=24, vendor=True),
    Programme("Secure Coding", "Technical", "virtual", (3, 6), ("Cybersecurity",), ("Engineering",),
          objective="OBJ-6", has_test=True, quality=4.1, owner=_TECH),
    Programme("Modern Software Delivery", "Technical", "blended", (8, 14), ("Project management", "Cloud"),
          ("Engineering",), objective="OBJ-2", owner=_TECH),
    Programme("Cloud Architecture Bootcamp", "Technical", "classroom", (14, 21), ("Cloud",),
          ("Engineering", "Data & Analytics"), objective="OBJ-2", has_test=True, quality=4.4, owner=_TECH,
          vendor=True),
    Programme("Agile Project Management", "Technical", "virtual", (4, 8), ("Project management",), popularity=0.8,
          has_test=True, quality=3.2, owner=_TECH),
    Programme("Risk and Controls Essentials", "Technical", "e-learning", (1, 3), ("Compliance",),
          ("Finance", "Operations"), objective="OBJ-6", has_test=True, quality=4.0, owner=_COMP, review_cycle=24),
    Programme("Financial Modelling", "Technical", "classroom", (7, 14), ("Financial acumen", "Data analysis"),
          ("Finance",), has_test=True, quality=4.3, owner=_TECH, vendor=True),
    Programme("Finance for Non-Finance Managers", "Technical", "virtual", (3, 6), ("Financial acumen",),
          levels=(0.0, 0.2, 0.6, 1.2, 0.5), quality=4.1, owner=_TECH),
    Programme("Technical Mentoring Scheme", "Technical", "mentoring", (6, 12), ("Cloud", "Project management"),
          ("Engineering", "Data & Analytics", "Operations"), quality=4.5, owner=_TECH),
    Programme("Project Management Professional Prep", "Technical", "blended", (12, 24), ("Project management",),
          ("Operations", "Engineering"), has_test=True, quality=4.0, owner=_TECH, vendor=True),
    Programme("Code of Conduct", "Compliance", "e-learning", (1, 1.5), objective="OBJ-6", has_test=True,
          quality=3.9, owner=_COMP, years_before=8),
    Programme("Information Security Awareness", "Compliance", "e-learning", (1, 2), objective="OBJ-6",
          has_test=True, quality=4.0, owner=_COMP, years_before=6),
    Programme("Data Protection & Privacy", "Compliance", "e-learning", (1, 2), objective="OBJ-6", has_test=True,
          quality=3.9, owner=_COMP, years_before=5),
    Programme("Health & Safety Essentials", "Compliance", "e-learning", (0.5, 1.5), objective="OBJ-6",
          quality=3.2, owner=_COMP, years_before=8),
    Programme("Consultative Selling", "Sales", "classroom", (10, 16), ("Negotiation", "Customer empathy"), ("Sales",),
          popularity=1.2, objective="OBJ-1", has_test=True, quality=4.4, owner=_SALES, vendor=True),
    Programme("Negotiation Mastery", "Sales", "virtual", (4, 8), ("Negotiation",),
          ("Sales", "Customer Success", "Finance"), objective="OBJ-1", has_test=True, quality=4.3, owner=_SALES),
    Programme("Key Account Management", "Sales", "blended", (8, 14), ("Negotiation", "Financial acumen"), ("Sales",),
          objective="OBJ-1", owner=_SALES),
    Programme("Sales Conversations in VR", "Sales", "VR", (1, 3), ("Negotiation", "Communication"),
          ("Sales", "Customer Success"), objective="OBJ-1", has_test=True, quality=4.5, owner=_SALES,
          launched_at=-1.0, review_cycle=6, vendor=True),
    Programme("Service Excellence", "Sales", "e-learning", (2, 4), ("Customer empathy", "Communication"),
          ("Customer Success", "Sales"), objective="OBJ-3", quality=4.1, owner=_SALES),
    Programme("Handling Difficult Conversations", "Sales", "virtual", (3, 6), ("Customer empathy", "Communication"),
          ("Customer Success",), objective="OBJ-3", quality=4.3, owner=_SALES),
    Programme("Presentation Skills", "Sales", "classroom", (7, 10), ("Communication",), popularity=0.8,
          quality=3.2, owner=_SALES, retired_at=0.80),
    Programme("AI Literacy for Everyone", "Digital & AI", "e-learning", (2, 4), ("AI literacy",), popularity=1.6,
          objective="OBJ-2", has_test=True, quality=4.3, owner=_DIGI, launched_at=0.08, review_cycle=6),
    Programme("Generative AI at Work", "Digital & AI", "virtual", (3, 5), ("AI literacy",), popularity=1.3,
          objective="OBJ-2", has_test=True, quality=4.4, owner=_DIGI, launched_at=0.45, review_cycle=6),
    Programme("Automation with Low-Code", "Digital & AI", "blended", (8, 12), ("AI literacy", "Project management"),
          ("Operations", "Finance", "Engineering", "Data & Analytics"), objective="OBJ-2", owner=_DIGI),
    Programme("Cyber Hygiene Deep Dive", "Digital & AI", "e-learning", (2, 3), ("Cybersecurity",), objective="OBJ-6",
          has_test=True, quality=4.0, owner=_DIGI, review_cycle=24),
    Programme("Digital Collaboration Tools", "Digital & AI", "e-learning", (1, 2), ("Communication",), quality=3.2,
          owner=_DIGI, years_before=5, retired_at=0.55),
    Programme("Leading Digital Change", "Digital & AI", "blended", (8, 12), ("Change leadership", "AI literacy"),
          levels=(0.0, 0.1, 0.5, 1.2, 1.0), objective="OBJ-2", owner=_DIGI),
    Programme("AI for Customer Teams", "Digital & AI", "virtual", (2, 4), ("AI literacy", "Customer empathy"),
          ("Customer Success", "Sales", "Marketing"), objective="OBJ-3", has_test=True, quality=4.2,
          owner=_DIGI, years_before=1.5, review_cycle=6),
    Programme("Welcome to the Organisation", "Onboarding", "blended", (6, 8), ("Communication",), owner=_ONB,
          years_before=9),
    Programme("Systems & Tools Induction", "Onboarding", "e-learning", (2, 3), ("Cybersecurity",), quality=3.9,
          owner=_ONB, years_before=9, review_cycle=24),
    Programme("Manager Onboarding", "Onboarding", "virtual", (6, 10), ("Coaching",), objective="OBJ-5", owner=_ONB,
          years_before=6),
    Programme("Data Analysis Fundamentals", "Data", "e-learning", (3, 5), ("Data analysis",), popularity=1.3,
          objective="OBJ-2", has_test=True, owner=_DATA),
    Programme("SQL for Analysts", "Data", "blended", (10, 16), ("Data analysis",),
          ("Data & Analytics", "Finance", "Engineering"), objective="OBJ-2", has_test=True, quality=4.3, owner=_DATA),
    Programme("Data Storytelling", "Data", "virtual", (3, 6), ("Data analysis", "Communication"),
          ("Data & Analytics", "Marketing", "Finance", "Sales"), objective="OBJ-1", quality=4.3, owner=_DATA),
    Programme("Advanced Analytics & Machine Learning", "Data", "classroom", (14, 24), ("Data analysis", "AI literacy"),
          ("Data & Analytics", "Engineering"), objective="OBJ-2", has_test=True, quality=4.5, owner=_DATA,
          vendor=True),
    Programme("Marketing Analytics", "Data", "virtual", (4, 6), ("Data analysis", "Customer empathy"),
          ("Marketing", "Sales"), objective="OBJ-1", has_test=True, quality=3.2, owner=_DATA),
)
PROGRAMME_INDEX = {p.name: i for i, p in enumerate(PROGRAMMES)}
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
STEP_WEIGHT = (1.0, 0.75, 0.55, 0.4)
ONBOARD_WELCOME = PROGRAMME_INDEX["Welcome to the Organisation"]
ONBOARD_SYSTEMS = PROGRAMME_INDEX["Systems & Tools Induction"]
ONBOARD_MANAGER = PROGRAMME_INDEX["Manager Onboarding"]

CHANNEL_RATES = {  # open rate, click rate (both of recipients)
    "email": (0.45, 0.08), "intranet": (0.30, 0.05), "town hall": (0.60, 0.04),
    "manager cascade": (0.70, 0.06), "newsletter": (0.38, 0.05), "leadership update": (0.85, 0.30),
}
CAMPAIGN_CHANNELS = ("email", "intranet", "town hall", "manager cascade", "newsletter")
CAMPAIGN_CHANNEL_P = np.array([0.45, 0.20, 0.10, 0.15, 0.10])

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
CULTURE_MEAN = np.array([3.85, 3.30, 3.65, 3.80, 3.45])
CULTURE_TEXTS = ("Learning is valued", "Time to learn", "Manager support", "Psychological safety", "Recognition")
# A question of the November pulse on its own scale, as real surveys mix them: 1-4 with 9 = "don't know",
# outside the culture index. Its answers come from their own random stream, so the rest of the demo is
# the same with or without it.
FIND_LEARNING = ("find_learning", "I know where to find the learning I need", 1, 4, "9")
FIND_LEARNING_SHARES = np.array([0.08, 0.22, 0.42, 0.22, 0.06])  # 1, 2, 3, 4, don't know

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

