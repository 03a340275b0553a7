"""Calendar and fiscal-year arithmetic (ld_dash/periods.py), checked by hand."""
from __future__ import annotations

import datetime as dt

from ld_dash.periods import add_months, fiscal_year_bounds, fiscal_year_starts, fy_label, shift_years

D = dt.date


def test_fiscal_year_bounds_for_calendar_and_april_years():
    assert fiscal_year_bounds(D(2026, 3, 31), 1) == (D(2026, 1, 1), D(2026, 12, 31))
    assert fiscal_year_bounds(D(2026, 3, 31), 4) == (D(2025, 4, 1), D(2026, 3, 31))
    assert fiscal_year_bounds(D(2026, 4, 1), 4) == (D(2026, 4, 1), D(2027, 3, 31))


def test_a_fiscal_year_is_named_after_the_year_it_ends():
    assert fy_label(D(2025, 4, 1), 4) == "FY2026"
    assert fy_label(D(2026, 1, 1), 1) == "FY2026"


def test_fiscal_year_starts_run_back_from_the_latest():
    assert fiscal_year_starts(D(2024, 5, 1), D(2026, 2, 1), 4) == [D(2025, 4, 1), D(2024, 4, 1)]
    assert fiscal_year_starts(D(2026, 1, 1), D(2026, 2, 1), 1) == [D(2026, 1, 1)]


def test_months_and_years_land_on_the_last_day_of_a_shorter_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 3, 15), -15) == D(2024, 12, 15)
    assert shift_years(D(2024, 2, 29), -1) == D(2023, 2, 28)
    assert shift_years(D(2025, 6, 30), 1) == D(2026, 6, 30)
