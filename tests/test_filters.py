"""Periods resolve to concrete dates; comparisons line up; periods stop at the data's as-of date."""
import pytest

from ld_dash.filters import Filters, period_filters
from tests.helpers import D

AS_OF = D(2026, 10, 31)


def test_fiscal_year_to_date_compares_with_same_span_last_year():
    f = period_filters("fytd", AS_OF, 1)
    assert (f.start, f.end, f.compare_start, f.compare_end) == (D(2026, 1, 1), AS_OF, D(2025, 1, 1), D(2025, 10, 31))
    assert f.label == "FY2026 to date"


def test_fiscal_year_starting_in_april_is_named_by_its_end_year():
    f = period_filters("fiscal_year", AS_OF, 4, fiscal_year_start=D(2025, 4, 1))
    assert (f.start, f.end, f.label) == (D(2025, 4, 1), D(2026, 3, 31), "FY2026")


def test_quarter_and_previous_period():
    f = period_filters("quarter", AS_OF, 1, quarter=2, fiscal_year_start=D(2025, 1, 1), comparison="prior_period")
    assert (f.start, f.end) == (D(2025, 4, 1), D(2025, 6, 30))
    # 91 days ending the day before: 31 Dec 2024 - 31 Mar 2025.
    assert (f.compare_start, f.compare_end) == (D(2024, 12, 31), D(2025, 3, 31))


def test_custom_period_is_clipped_to_as_of():
    f = period_filters("custom", AS_OF, 1, custom=(D(2026, 6, 1), D(2027, 3, 1)))
    assert f.end == AS_OF


def test_scope_reaches_sql_as_lists_or_none_and_reads_as_a_label():
    from ld_dash.metrics.engine import Window
    from ld_dash.settings import Settings

    f = period_filters("fytd", AS_OF, 1, business_units=("Sales",))
    params = Window.of(f, Settings()).params()
    assert (params["business_units"], params["regions"], params["job_levels"]) == (["Sales"], None, None)
    assert f.scope_label() == "Sales"


def test_reversed_period_is_rejected():
    with pytest.raises(ValueError):
        Filters(start=D(2026, 2, 1), end=D(2026, 1, 1), compare_start=D(2025, 1, 1), compare_end=D(2025, 2, 1),
                label="x", compare_label="y")
