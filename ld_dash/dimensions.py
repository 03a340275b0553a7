"""The ten alignment dimensions: one slug each, in the order and sections the app shows them."""
from __future__ import annotations

from pydantic import BaseModel


class Dimension(BaseModel, frozen=True):
    slug: str
    title: str
    section: str
    question: str
    icon: str


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(slug="objectives", title="Clear objectives", section="Strategy", icon=":material/flag:",
              question="Is learning spend and effort tied to the organisation's ranked goals, and are those goals moving?"),
    Dimension(slug="leadership", title="Leadership involvement", section="Strategy", icon=":material/groups:",
              question="Do leaders learn, teach and sponsor, and does it show in their teams and the leadership pipeline?"),
    Dimension(slug="skills", title="Strategic skills", section="Strategy", icon=":material/psychology:",
              question="Do people have the skills the strategy needs, and are the gaps closing?"),
    Dimension(slug="pathways", title="Learning pathways", section="Delivery", icon=":material/route:",
              question="Do role-based pathways get people through, and quickly?"),
    Dimension(slug="technology", title="Technology uptake", section="Delivery", icon=":material/devices:",
              question="Are people using the learning platforms, and is digital delivery paying its way?"),
    Dimension(slug="communication", title="Communication and visibility", section="Delivery", icon=":material/campaign:",
              question="Do campaigns reach people and move them to enrol?"),
    Dimension(slug="feedback", title="Feedback mechanisms", section="Impact", icon=":material/reviews:",
              question="Do learners rate programmes well, learn from them and apply it on the job?"),
    Dimension(slug="culture", title="Culture of continuous learning", section="Impact", icon=":material/school:",
              question="Is learning a habit across the organisation, and do people feel it is valued?"),
    Dimension(slug="roi", title="ROI of L&D", section="Impact", icon=":material/payments:",
              question="What does learning cost, fully loaded, and what measurable return does it bring?"),
    Dimension(slug="review_cadence", title="Review cadence", section="Governance", icon=":material/event_repeat:",
              question="Are programmes reviewed on schedule, and changed when the evidence says so?"),
)

SECTIONS: tuple[str, ...] = ("Strategy", "Delivery", "Impact", "Governance")


def dimension(slug: str) -> Dimension:
    for item in DIMENSIONS:
        if item.slug == slug:
            return item
    raise KeyError(f"Unknown dimension {slug!r}")
