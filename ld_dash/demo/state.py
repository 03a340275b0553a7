"""The simulation's state as typed arrays: people, their job events, enrolments and the campaign plan.

Each is a set of parallel numpy arrays, one row per person, event, enrolment or send. People are
numbered from 0 (employee id E000001 is person 0); days count from 1970-01-01 (calendar.day_number), and
INF means "never". Codes are named here (levels, leaving reasons, event kinds, enrolment statuses).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import ClassVar, Self

import numpy as np

from ld_dash import schema
from ld_dash.demo.catalogue import INF, NEG

# Job levels are positions in schema.JOB_LEVELS.
IC1, IC2, IC3, MANAGER, EXECUTIVE = range(5)
assert schema.JOB_LEVELS[MANAGER] == "Manager" and schema.JOB_LEVELS[EXECUTIVE] == "Executive"
# Why someone left (People.reason); the table's labels are VOLUNTARY - 1 and INVOLUNTARY - 1.
STAYING, VOLUNTARY, INVOLUNTARY = range(3)
LEAVING_REASONS = ("voluntary", "involuntary")
# Job events (JobEvents.kind), in the order of job_changes.change_type's labels.
HIRE, PROMOTION, LATERAL = range(3)
CHANGE_TYPES = ("hire", "promotion", "lateral")
# Enrolment statuses (Enrolments.status), in the order of enrollments.status's labels.
COMPLETED, DROPPED, IN_PROGRESS, ENROLLED = range(4)
STATUSES = ("completed", "dropped", "in_progress", "enrolled")


class _Arrays:
    """Parallel arrays: select rows of all of them at once, or join the pieces a simulation appended."""

    def take(self, rows: np.ndarray) -> Self:
        return dataclasses.replace(self, **{f.name: getattr(self, f.name)[rows] for f in dataclasses.fields(self)
                                            if len(getattr(self, f.name))})

    @classmethod
    def joined(cls, pieces: list[tuple[np.ndarray, ...]]) -> Self:
        """From tuples holding the arrays in field order (the simulation appends one tuple a month)."""
        names = [f.name for f in dataclasses.fields(cls) if f.init and f.default_factory is dataclasses.MISSING]
        return cls(**{name: np.concatenate([piece[i] for piece in pieces]) for i, name in enumerate(names)})


@dataclass
class People(_Arrays):
    """Everyone ever employed in the window (and the staff at its start). Grows in place as people are
    hired, so the simulation's references to it stay valid."""

    hire: np.ndarray  # day hired
    term: np.ndarray  # day left, INF while employed
    reason: np.ndarray  # STAYING, VOLUNTARY or INVOLUNTARY
    level: np.ndarray  # IC1 .. EXECUTIVE, current
    family: np.ndarray  # role family, index into FAMILIES
    bu: np.ndarray  # business unit, index into UNIT_NAMES
    dept: np.ndarray  # department, index into DEPARTMENTS
    region: np.ndarray  # index into REGIONS
    manager: np.ndarray  # person number of the manager, −1 for none
    prop: np.ndarray  # personal learning propensity (gamma, mean 1)
    zsal: np.ndarray  # salary draw, standard normal
    ubits: np.ndarray  # bit y: would be an engaged leader in fiscal year y (a fresh draw per year)
    lbits: np.ndarray  # bit y: was a people leader in fiscal year y
    leader_since: np.ndarray  # day they became a people leader, INF if never
    lead_done: np.ndarray  # day of the first completed leadership programme, INF if none (effects 1-2)
    last_comp: np.ndarray  # day of the latest completion, NEG if none (effect 1)

    # dtype and value of a new row, per array
    NEW_ROW: ClassVar[dict[str, tuple[type, float]]] = {
        "hire": (np.int64, 0), "term": (np.int64, INF), "reason": (np.int8, STAYING), "level": (np.int8, IC1),
        "family": (np.int8, 0), "bu": (np.int8, 0), "dept": (np.int16, 0), "region": (np.int8, 0),
        "manager": (np.int64, -1), "prop": (np.float64, 1.0), "zsal": (np.float64, 0.0),
        "ubits": (np.int64, 0), "lbits": (np.int64, 0), "leader_since": (np.int64, INF),
        "lead_done": (np.int64, INF), "last_comp": (np.int64, NEG),
    }

    @classmethod
    def empty(cls) -> "People":
        return cls(**{name: np.full(0, fill, dtype=dtype) for name, (dtype, fill) in cls.NEW_ROW.items()})

    def grow(self, size: int) -> None:
        """Room for `size` people: existing rows kept, new rows at their NEW_ROW values (in place)."""
        for name, (dtype, fill) in self.NEW_ROW.items():
            old = getattr(self, name)
            grown = np.full(size, fill, dtype=dtype)
            grown[: len(old)] = old
            setattr(self, name, grown)

    def first(self, n: int) -> "People":
        """The first n people (the arrays are over-allocated while the simulation runs)."""
        return self.take(np.arange(n))


@dataclass
class JobEvents(_Arrays):
    """Hires, promotions and lateral moves, with the person's attributes after the event."""

    emp: np.ndarray
    day: np.ndarray
    level: np.ndarray
    family: np.ndarray
    bu: np.ndarray
    kind: np.ndarray  # HIRE, PROMOTION or LATERAL


@dataclass
class Enrolments(_Arrays):
    """Enrolments as simulated (who, what, when, whether they will complete), then their outcomes."""

    emp: np.ndarray
    prog: np.ndarray
    day: np.ndarray  # enrolled on
    due: np.ndarray
    will: np.ndarray  # drawn to complete (effect 6)
    end: np.ndarray  # completion or drop day
    engaged: np.ndarray  # the manager engaged in the due year: 1, 0, or −1 without a manager
    status: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # COMPLETED .. ENROLLED
    completed: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))


@dataclass
class CampaignPlan(_Arrays):
    """Every communication send: day, programme it promotes (−1 none), channel (−1 leadership update) and
    audience unit (−1 everyone)."""

    sent: np.ndarray
    program: np.ndarray
    channel: np.ndarray
    audience: np.ndarray
