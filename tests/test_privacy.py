"""Small-group suppression: primary and complementary, never below three."""
import math

import pandas as pd
import pytest

from ld_dash import privacy


def _frame():
    return pd.DataFrame({"unit": ["A", "B", "C", "D"], "n": [40, 3, 12, 25], "rate": [0.5, 0.9, 0.4, 0.6]})


def test_group_below_minimum_loses_its_values_and_count():
    out = privacy.suppress(_frame(), minimum=5).set_index("unit")
    assert math.isnan(out.loc["B", "rate"]) and math.isnan(out.loc["B", "n"])
    assert out.loc["A", "rate"] == 0.5


def test_a_lone_hidden_group_drags_the_next_smallest_with_it():
    # Only B is under 5; C (12) is the smallest visible sibling and is hidden too, so that
    # B cannot be recovered as total minus the visible rows.
    out = privacy.suppress(_frame(), minimum=5).set_index("unit")
    assert out["suppressed"].to_dict() == {"A": False, "B": True, "C": True, "D": False}


def test_two_hidden_groups_need_no_complement():
    frame = pd.DataFrame({"unit": ["A", "B", "C"], "n": [2, 3, 30], "rate": [0.1, 0.2, 0.3]})
    out = privacy.suppress(frame, minimum=5)
    assert out["suppressed"].tolist() == [True, True, False]


def test_complement_is_chosen_within_each_sibling_set():
    frame = pd.DataFrame({"family": ["X", "X", "X", "Y", "Y"], "skill": ["a", "b", "c", "a", "b"],
                          "n": [2, 9, 20, 30, 40], "gap": [1.0, 0.5, 0.2, 0.3, 0.1]})
    out = privacy.suppress(frame, within=("family",), minimum=5)
    assert out["suppressed"].tolist() == [True, True, False, False, False]


def test_minimum_below_three_is_refused():
    with pytest.raises(ValueError, match="below 3"):
        privacy.suppress(_frame(), minimum=2)


def test_settings_refuse_a_minimum_below_three(monkeypatch):
    from ld_dash.settings import get_settings

    monkeypatch.setenv("LD_DASH_MIN_GROUP_SIZE", "2")
    with pytest.raises(ValueError, match="at least 3"):
        get_settings()


def test_an_empty_group_reveals_nobody_and_is_not_hidden():
    frame = pd.DataFrame({"unit": ["A", "B", "C"], "n": [0, 30, 40], "rate": [float("nan"), 0.2, 0.3]})
    out = privacy.suppress(frame, minimum=5)
    assert out["suppressed"].tolist() == [False, False, False]


def test_only_the_named_value_columns_are_blanked():
    frame = pd.DataFrame({"goal": ["G1", "G2"], "n": [2, 30], "hours": [10.0, 300.0], "spend": [5e4, 6e4]})
    out = privacy.suppress(frame, values=["hours"], minimum=5)
    assert math.isnan(out.loc[0, "hours"]) and out.loc[0, "spend"] == 5e4
