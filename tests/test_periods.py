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


def test_quarters_a_viewer_can_choose_and_the_default_one():
    from ld_dash.periods import latest_complete_quarter, quarter_bounds, quarters_started

    assert quarter_bounds(D(2025, 4, 1), 3) == (D(2025, 10, 1), D(2025, 12, 31))
    # Data to 31 Oct 2026, calendar years: Q4 has begun, Q3 is the latest whole quarter.
    assert quarters_started(D(2026, 1, 1), D(2026, 10, 31)) == [1, 2, 3, 4]
    assert latest_complete_quarter(D(2026, 1, 1), D(2026, 10, 31)) == 3
    assert latest_complete_quarter(D(2026, 1, 1), D(2026, 2, 10)) == 1  # none whole yet: the one under way
    assert latest_complete_quarter(D(2025, 1, 1), D(2026, 10, 31)) == 4  # an earlier year: its last


def test_a_quarter_cut_short_by_the_data_says_so_in_its_label():
    from ld_dash.filters import period_filters

    cut = period_filters("quarter", D(2026, 10, 31), 1, quarter=4)
    assert (cut.start, cut.end, cut.label) == (D(2026, 10, 1), D(2026, 10, 31), "FY2026 Q4 (partial, to 31 Oct 2026)")
    assert period_filters("quarter", D(2026, 10, 31), 1, quarter=3).label == "FY2026 Q3"
