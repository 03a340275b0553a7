"""Scores against plan, status bands and the alignment index."""
import pytest

from ld_dash import scoring
from ld_dash.scoring import DimensionScore


def test_score_is_100_at_plan_and_0_at_half_of_plan():
    assert scoring.score(0.8, 0.8, True) == pytest.approx(100)
    assert scoring.score(0.4, 0.8, True) == pytest.approx(0)
    assert scoring.score(0.6, 0.8, True) == pytest.approx(50)  # 75% of plan
    assert scoring.score(1.6, 0.8, True) == pytest.approx(100)  # capped


def test_lower_is_better_inverts_the_ratio():
    # Plan 45 days, took 60: attainment 0.75 -> score 50.
    assert scoring.score(60, 45, False) == pytest.approx(50)
    assert scoring.score(30, 45, False) == pytest.approx(100)


def test_plans_at_or_below_zero_compare_by_distance():
    # NPS plan 0, value -10: gap -10 / 1 -> attainment far below half -> 0; value 0 -> 100.
    assert scoring.score(0, 0, True) == pytest.approx(100)
    assert scoring.score(-10, 0, True) == pytest.approx(0)


def test_missing_value_or_plan_has_no_score():
    assert scoring.score(None, 1.0, True) is None
    assert scoring.score(1.0, None, True) is None
    assert scoring.status(None) == "no data"


def test_status_bands():
    assert [scoring.status(s) for s in (95, 90, 75, 60, 59.9)] == [
        "on track", "on track", "watch", "watch", "off track"]


def test_alignment_index_is_the_mean_of_scored_dimensions():
    dims = [DimensionScore(slug=s, title=s, score=v, comparison_score=c, status=scoring.status(v), kpis=())
            for s, v, c in (("a", 80.0, 70.0), ("b", 40.0, None), ("c", None, None))]
    result = scoring.alignment_from(dims)
    assert result.index == pytest.approx(60.0)
    assert result.comparison_index == pytest.approx(70.0)
    assert result.status == "watch"
