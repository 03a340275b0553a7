"""Numbers as executives read them; changes carry a sign Streamlit understands."""
import pytest

from ld_dash.formatting import format_change, format_value


@pytest.mark.parametrize("unit", ["pct", "currency", "score", "levels", "days", "hours", "count", "nps", "points"])
def test_a_fall_starts_with_an_ascii_minus_so_the_arrow_points_down(unit):
    assert format_change(-0.5, unit).startswith("-")
    assert format_change(0.5, unit).startswith("+")


def test_values_by_unit():
    assert format_value(0.456, "pct") == "46%"
    assert format_value(0.0766, "pct") == "7.7%"
    assert format_value(1234.4, "currency", "EUR") == "EUR 1,234"
    assert format_value(-2_701_547, "currency", "EUR") == "−EUR 2.7 M"
    assert format_value(-45_300.4, "currency", "EUR") == "−EUR 45,300"
    assert format_value(-0.4, "currency", "EUR") == "EUR 0"
    assert format_value(4.129, "score") == "4.13"
    assert format_value(32.9, "nps") == "+33"
    assert format_value(None, "pct") == "–"
    assert format_value(4771.04, "hours") == "4,771 h"  # not "4771.0" hours
    assert format_value(11.63, "hours") == "11.6 h"
    assert format_change(0.031, "pct") == "+3.1 pts"
    assert format_change(0.8, "points") == "+0.8 pts"  # a change of points is points, as the value says


def test_a_range_finding_needs_two_values_that_read_differently():
    import pandas as pd

    from ld_dash.formatting import extremes

    same = pd.DataFrame({"unit": ["Human Resources", "Legal"], "hours": [0.01, 0.04]})
    assert extremes(same, "hours", "hours") is None  # both read "0.0 h": "from 0.0 h to 0.0 h" says nothing
    assert extremes(same.head(1), "hours", "hours") is None
    low, high = extremes(pd.DataFrame({"unit": ["A", "B", "C"], "hours": [3.0, None, 9.5]}), "hours", "hours")
    assert (low.unit, high.unit) == ("A", "C")
