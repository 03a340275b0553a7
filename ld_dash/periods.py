"""Calendar and fiscal-year arithmetic, in one place: every module that moves a date by months or years,
or finds a fiscal year, asks here (filters, the engine's plans, the culture budgets, the demo, the sidebar).
"""
from __future__ import annotations

import calendar
import datetime as dt


def fiscal_year_bounds(day: dt.date, start_month: int) -> tuple[dt.date, dt.date]:
    """First and last day of the fiscal year that contains `day`."""
    year = day.year if day.month >= start_month else day.year - 1
    first = dt.date(year, start_month, 1)
    next_first = dt.date(year + 1, start_month, 1)
    return first, next_first - dt.timedelta(days=1)


def fiscal_year_starts(first_day: dt.date, last_day: dt.date, start_month: int) -> list[dt.date]:
    """The first days of the fiscal years from the one holding `last_day` back to the one holding `first_day`."""
    starts = []
    day = fiscal_year_bounds(last_day, start_month)[0]
    while day >= fiscal_year_bounds(first_day, start_month)[0]:
        starts.append(day)
        day = fiscal_year_bounds(day - dt.timedelta(days=1), start_month)[0]
    return starts


def fy_label(fy_start: dt.date, start_month: int) -> str:
    # A fiscal year is named after the calendar year in which it ends (FY2026 = Apr 2025 - Mar 2026).
    end_year = fy_start.year if start_month == 1 else fy_start.year + 1
    return f"FY{end_year}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), on the month's last day where it is shorter (31 Jan + 1 = 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (or earlier); 29 February becomes 28 February in other years."""
    return add_months(day, 12 * years)


def quarter_bounds(fy_start: dt.date, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal quarter (1-4) of the fiscal year starting on `fy_start`."""
    start = add_months(fy_start, 3 * (quarter - 1))
    return start, add_months(start, 3) - dt.timedelta(days=1)


def quarters_started(fy_start: dt.date, as_of: dt.date) -> list[int]:
    """The quarters of a fiscal year that have begun by the data's as-of date (at least Q1)."""
    return [q for q in (1, 2, 3, 4) if quarter_bounds(fy_start, q)[0] <= as_of] or [1]


def latest_complete_quarter(fy_start: dt.date, as_of: dt.date) -> int:
    """The last quarter whole by the as-of date, else the one under way (a year's first quarter)."""
    complete = [q for q in quarters_started(fy_start, as_of) if quarter_bounds(fy_start, q)[1] <= as_of]
    return complete[-1] if complete else quarters_started(fy_start, as_of)[-1]
