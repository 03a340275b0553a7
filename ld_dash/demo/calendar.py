"""Days as integers (1970-01-01 = 0) and the demo's calendar: months and fiscal years of the window."""
from __future__ import annotations

import datetime as dt

import numpy as np

from ld_dash.demo.catalogue import EPOCH
from ld_dash.periods import add_months, fiscal_year_bounds


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def date_of(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(day))


def monthly_rate(annual: float) -> float:
    return 1.0 - (1.0 - annual) ** (1.0 / 12.0)



class Calendar:
    def __init__(self, as_of: dt.date, years: int, fy_start_month: int):
        self.as_of = as_of
        self.start = dt.date(as_of.year - years + 1, 1, 1)
        self.s0, self.e0 = day_number(self.start), day_number(as_of)
        self.n_days = self.e0 - self.s0 + 1
        firsts = []
        month = self.start
        while month <= as_of:
            firsts.append(month)
            month = add_months(month, 1)
        self.months = firsts
        self.first = np.array([day_number(m) for m in firsts])
        self.last = np.minimum(np.array([day_number(add_months(m, 1)) - 1 for m in firsts]), self.e0)
        self.month_edges = np.append(self.first, day_number(add_months(firsts[-1], 1)))
        self.year_back = np.array([day_number(add_months(m, -12)) for m in firsts])  # effect 1's 12 months
        fy_first, _ = fiscal_year_bounds(self.start, fy_start_month)
        starts = [fy_first]
        while starts[-1] <= as_of:
            starts.append(add_months(starts[-1], 12))
        starts.append(add_months(starts[-1], 12))
        self.fy_starts = np.array([day_number(d) for d in starts])  # Y + 2 entries (two beyond as_of's year)
        self.n_fy = int(np.sum(self.fy_starts <= self.e0))
        self.fy_ends = self.fy_starts[1:] - 1
        self.fy_labels = [d.year if fy_start_month == 1 else d.year + 1 for d in starts]

    def month_of(self, days: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.month_edges, days, side="right") - 1

    def fy_of(self, days: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.fy_starts, days, side="right") - 1

    def fraction(self, frac: float) -> int:
        return self.s0 + int(round(frac * (self.e0 - self.s0)))

