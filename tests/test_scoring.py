"""Scores against plan, status bands and the alignment index."""
import pytest

from ld_dash import scoring
from ld_dash.dimensions import metric
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
    assert [scoring.status(s) for s in (95, 90, 75, 60, 59.4)] == [
        "on track", "on track", "watch", "watch", "off track"]


def test_status_follows_the_score_as_shown():
    # The overview showed two 90s, one "watch" (89.83) and one "on track" (90.05).
    assert [scoring.format_score(s) for s in (89.83, 90.05)] == ["90 / 100", "90 / 100"]
    assert scoring.status(89.83) == scoring.status(90.05) == "on track"
    assert scoring.status(59.6) == "watch" and scoring.status(59.4) == "off track"
    # A change is the difference of the two shown scores: 72.4 (72) against 63.6 (64) is +8, not +9.
    assert scoring.score_change(72.4, 63.6) == 8
    assert scoring.score_change(72.4, None) is None


def test_alignment_index_is_the_mean_of_scored_dimensions():
    dims = [DimensionScore(slug=s, title=s, score=v, comparison_score=c, status=scoring.status(v), kpis=())
            for s, v, c in (("a", 80.0, 70.0), ("b", 40.0, None), ("c", None, None))]
    result = scoring.alignment_from(dims)
    assert result.index == pytest.approx(60.0)
    assert result.comparison_index == pytest.approx(70.0)
    assert result.status == "watch"


def _scored(metric_id, value, plan, *, comparison=None, n=100, suppressed=False, small=False):
    from ld_dash.results import Kpi

    return scoring.score_kpi(Kpi(metric=metric(metric_id), value=value, n=n, suppressed=suppressed, small_sample=small,
                                 comparison_value=comparison, comparison_suppressed=False, plan=plan,
                                 forecast=value, annual_plan=plan))


@pytest.mark.parametrize(("metric_id", "value", "plan", "text"), [
    ("culture.hours_per_employee", 9.3, 10.0, "93% of plan"),        # higher is better
    ("culture.hours_per_employee", 12.0, 10.0, "120% of plan"),
    ("pathways.median_days_to_complete", 36.0, 45.0, "80% of the ceiling"),  # lower is better: a ceiling
    ("pathways.median_days_to_complete", 60.0, 45.0, "133% of the ceiling (over)"),
    ("pathways.median_days_to_complete", 92.0, 45.0, "2.0× the ceiling (over)"),  # was "204% of plan"
    ("feedback.nps", -10.0, 30.0, "-40 vs plan (worse)"),             # a negative value: the gap
    ("feedback.nps", 5.0, -10.0, "+15 vs plan (better)"),
])
def test_against_plan_reads_the_same_way_for_both_directions(metric_id, value, plan, text):
    from ld_dash.kpi_tables import against_plan

    assert against_plan(_scored(metric_id, value, plan).kpi, "EUR") == text


def test_main_messages_follow_their_rules():
    # Strongest: never a figure that worsened, a small sample or a suppressed one; weakest: never a small
    # sample; each sentence carries the KPI's own status.
    kpis = {
        "up_and_better": _scored("culture.hours_per_employee", 12.0, 10.0, comparison=11.0),      # 100, better
        "up_but_worse": _scored("culture.reach_90d", 0.95, 0.85, comparison=0.97),                # 100, worsened
        "tiny": _scored("culture.survey_index", 1.0, 4.0, n=2, small=True),                       # 0, small sample
        "low": _scored("culture.budget_used_share", 0.40, 0.70, comparison=0.45),                 # 14, off track
        "mid": _scored("culture.budget_spent_share", 0.55, 0.60),                                  # 83, watch
    }
    dim = DimensionScore(slug="culture", title="Culture", score=60.0, comparison_score=None, status="watch",
                         kpis=tuple(kpis.values()))
    strongest, weakest = scoring.strongest_and_weakest(scoring.alignment_from([dim]), "last year", "EUR")
    assert any("Learning hours per employee" in s for s in strongest)
    assert not any("Learned in the last 90 days" in s for s in strongest)  # worsened
    assert not any("culture index" in s.lower() for s in strongest + weakest)  # small sample
    assert weakest[0].startswith("Culture: Personal learning budgets used") and "(off track)" in weakest[0]
    assert not set(strongest) & set(weakest)


def test_a_filtered_scope_is_scored_only_on_the_metrics_that_follow_its_filters():
    from ld_dash.dimensions import dimension
    from ld_dash.results import Kpi

    def kpi(metric_id, value, plan, filtered):
        return scoring.score_kpi(Kpi(metric=metric(metric_id), value=value, n=100, suppressed=False, small_sample=False,
                                     comparison_value=None, comparison_suppressed=False, plan=plan,
                                     forecast=value, annual_plan=plan, filtered_by=filtered))

    # Spend tied to goals is organisation-wide (scoped_by_people=False); hours tied to goals follow the filters.
    for filtered, expected in (((), 50.0), (("regions",), 100.0)):
        items = [kpi("objectives.spend_linked_share", 0.0, 0.85, filtered),  # scores 0
                 kpi("objectives.hours_linked_share", 0.8, 0.8, filtered)]   # scores 100
        assert items[0].kpi.ignores_filter == bool(filtered) and not items[1].kpi.ignores_filter
        d = scoring.dimension_score(dimension("objectives"), items)
        assert d.score == pytest.approx(expected)
        assert len(d.scored) == (1 if filtered else 2)
    # Communication rates follow the unit filter only: a unit filter keeps them, a region filter does not.
    rate = kpi("communication.open_rate", 0.5, 0.45, ("business_units",))
    assert not rate.kpi.ignores_filter
    assert kpi("communication.open_rate", 0.5, 0.45, ("business_units", "regions")).kpi.ignores_filter


def test_status_counts_name_the_dimensions_without_a_score():
    dims = [DimensionScore(slug=s, title=s, score=v, comparison_score=None, status=scoring.status(v), kpis=())
            for s, v in (("a", 95.0), ("b", 70.0), ("c", None))]
    result = scoring.alignment_from(dims)
    assert scoring.status_counts(result) == "1 dimension on track · 1 to watch · 0 off track · 1 without a score"
    assert "without" not in scoring.status_counts(scoring.alignment_from(dims[:2]))
