"""The differencing attack (issue 19 point 2): two filtered views that are both shown must not give away
a hidden person's values through their difference.

The fixture has a 3-person unit (Legal) and a 2-person job level (Executive) among 60 people. A viewer
can choose any combination of units, regions and levels (none = all): 8 x 4 x 8 = 256 scopes. For
every pair of shown scopes, the attacker takes the figures as the page shows them (value at display
precision, n as shown) and works out the difference; the test checks that no result lands on a hidden
person's value. The same attack on the same data without the rule (every cell kept, exact n) succeeds,
so the test can fail.
"""
from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest

from ld_dash import privacy
from ld_dash.dimensions import metric
from ld_dash.filters import period_filters
from ld_dash.metrics.engine import Window
from ld_dash.metrics.kpis import build_kpi, metric_value
from ld_dash.settings import Settings
from tests.helpers import D, employee, enrollment, program, publish_tables

MINIMUM = 5
AS_OF = D(2025, 12, 31)
UNITS = ("Sales", "Finance", "Legal")
REGIONS = ("North", "South")
LEVELS = ("IC", "Manager", "Executive")
# (unit, region, level): people. Legal has 3 people, Executive 2; Finance/North/Manager has 5 until one
# leaves on 1 Nov 2025, so it is small at the period's end.
CELLS = {("Sales", "North", "IC"): 12, ("Sales", "South", "IC"): 10, ("Sales", "North", "Manager"): 6,
         ("Sales", "South", "Manager"): 5, ("Finance", "North", "IC"): 8, ("Finance", "South", "IC"): 7,
         ("Finance", "North", "Manager"): 5, ("Legal", "North", "IC"): 2, ("Legal", "South", "Manager"): 1,
         ("Sales", "North", "Executive"): 1, ("Finance", "South", "Executive"): 1}
# Worked out by hand from CELLS: every cell that ever held 1-4 people. Together they hold 10 people
# (9 at the end), so no complementary cell is needed.
SMALL_BY_HAND = {("Legal", "North", "IC"), ("Legal", "South", "Manager"), ("Sales", "North", "Executive"),
                 ("Finance", "South", "Executive"), ("Finance", "North", "Manager")}
LEAVER = "Finance-North-Manager-0"
REACH = "culture.reach_90d"          # population: people employed at the period's end
SATISFACTION = "feedback.satisfaction"  # population: people who answered a survey (a sub-population)


def _people() -> pd.DataFrame:
    rows = []
    for (unit, region, level), size in CELLS.items():
        for i in range(size):
            rows.append(dict(employee_id=f"{unit}-{region}-{level}-{i}", business_unit=unit, region=region,
                             job_level=level, number=len(rows)))
    people = pd.DataFrame(rows)
    # Each person's own values: learned in the last 90 days or not, and (for two in three) a satisfaction.
    people["learned"] = people["number"] % 3 != 0
    people["satisfaction"] = [1 + (n * 7) % 5 if n % 3 != 1 else None for n in people["number"]]
    people["employed_at_end"] = people["employee_id"] != LEAVER
    return people


PEOPLE = _people()


def _publish(folder, *, withhold: bool):
    employees, enrolments, responses, activity = [], [], [], []
    for p in PEOPLE.itertuples():
        leaves = None if p.employed_at_end else D(2025, 11, 1)
        employees.append(employee(p.employee_id, business_unit=p.business_unit, region=p.region,
                                  job_level=p.job_level, termination_date=leaves,
                                  termination_reason="voluntary" if leaves else None))
        enrolments.append(enrollment(f"E{p.number}", p.employee_id, "P1", status="completed",
                                     completed_on=D(2025, 3, 1)))
        if p.satisfaction is not None and not pd.isna(p.satisfaction):
            responses.append(dict(response_id=f"R{p.number}", enrollment_id=f"E{p.number}",
                                  responded_on=D(2025, 3, 5), satisfaction=int(p.satisfaction), relevance=4,
                                  nps=8, intent_to_apply=4, applied_on_job_90d=None, confidence_pct=None,
                                  comment=None))
        if p.learned:
            activity.append(dict(employee_id=p.employee_id, activity_on=D(2025, 12, 1), platform="LMS",
                                 sessions=1, minutes=30.0))
    return publish_tables(folder, {"employees": employees, "programs": [program("P1")],
                                   "enrollments": enrolments, "feedback": responses,
                                   "platform_activity": activity}, as_of=AS_OF, withhold_small_cells=withhold)


def _choices(values: tuple[str, ...]) -> list[tuple[str, ...]]:
    """What a viewer can pick in one filter: nothing (everyone) or any non-empty set of values."""
    return [(), *(c for r in range(1, len(values) + 1) for c in itertools.combinations(values, r))]


SCOPES = list(itertools.product(_choices(UNITS), _choices(REGIONS), _choices(LEVELS)))


def _population(scope, metric_id: str, withheld: set) -> frozenset[str]:
    """Who a metric counts in a scope, worked out here from the fixture (not by the code under test)."""
    units, regions, levels = scope
    filtered = bool(units or regions or levels)
    chosen = PEOPLE[PEOPLE["business_unit"].isin(units or UNITS) & PEOPLE["region"].isin(regions or REGIONS)
                    & PEOPLE["job_level"].isin(levels or LEVELS)]
    if filtered:
        cells = list(zip(chosen["business_unit"], chosen["region"], chosen["job_level"]))
        chosen = chosen[[c not in withheld for c in cells]]
    if metric_id == REACH:
        chosen = chosen[chosen["employed_at_end"]]
    else:
        chosen = chosen[chosen["satisfaction"].notna()]
    return frozenset(chosen["employee_id"])


def _own_value(person: str, metric_id: str) -> float:
    row = PEOPLE.set_index("employee_id").loc[person]
    return float(row["learned"]) if metric_id == REACH else float(row["satisfaction"])


def _displayed(value: float, metric_id: str) -> float:
    """The value at the precision the card shows it: whole percent for reach, two decimals for scores."""
    return round(value * 100) / 100 if metric_id == REACH else round(value, 2)


def _shown_protected(con, metric_id: str) -> dict:
    settings = Settings(min_group_size=MINIMUM)
    shown = {}
    for scope in SCOPES:
        filters = period_filters("fiscal_year", AS_OF, 1, business_units=scope[0], regions=scope[1],
                                 job_levels=scope[2])
        kpi = build_kpi(con, metric(metric_id), filters, settings)
        if kpi.value is not None:
            shown[scope] = (_displayed(kpi.value, metric_id), kpi.n)
    return shown


def _shown_unprotected(con, metric_id: str) -> dict:
    """The figures as they were before the rule: every small result hidden, but exact n and every cell."""
    shown = {}
    for scope in SCOPES:
        result = metric_value(con, metric(metric_id), Window(start=D(2025, 1, 1), end=AS_OF, business_units=scope[0],
                                                             regions=scope[1], job_levels=scope[2]))
        if result.value is not None and not privacy.too_few(result.n, MINIMUM):
            shown[scope] = (_displayed(result.value, metric_id), result.n)
    return shown


def _nested(inner, outer) -> bool:
    """Every person the inner scope can hold is in the outer one (what an attacker can tell from filters)."""
    return all(set(i or every) <= set(o or every) for i, o, every in zip(inner, outer, (UNITS, REGIONS, LEVELS)))


def _recovered(shown: dict, metric_id: str, withheld: set) -> list[tuple]:
    """Pairs whose difference, as the attacker computes it, lands on a hidden person's own value."""
    hits = []
    for outer, inner in itertools.permutations(shown, 2):
        if not _nested(inner, outer):
            continue
        (v_out, n_out), (v_in, n_in) = shown[outer], shown[inner]
        gap = n_out - n_in
        if not 0 < gap < MINIMUM:
            continue  # the attacker sees no small group between them
        estimate = (n_out * v_out - n_in * v_in) / gap
        hidden = _population(outer, metric_id, withheld) - _population(inner, metric_id, withheld)
        for person in hidden:
            if 0 < len(hidden) < MINIMUM and abs(estimate - _own_value(person, metric_id)) < 0.5:
                hits.append((outer, inner, person, estimate))
    return hits


@pytest.fixture(scope="module")
def protected(tmp_path_factory):
    return _publish(tmp_path_factory.mktemp("differencing"), withhold=True)


@pytest.fixture(scope="module")
def unprotected(tmp_path_factory):
    return _publish(tmp_path_factory.mktemp("differencing-off"), withhold=False)


@pytest.fixture(autouse=True)
def minimum_five(monkeypatch):
    monkeypatch.setenv("LD_DASH_MIN_GROUP_SIZE", str(MINIMUM))


def test_the_small_cells_are_the_ones_worked_out_by_hand(protected):
    cells, minimum = protected.cursor().execute("SELECT cells, minimum FROM scope_withheld").fetchone()
    assert minimum == MINIMUM
    assert set(cells) == {privacy.cell_key(c) for c in SMALL_BY_HAND}


@pytest.mark.parametrize("metric_id", [REACH, SATISFACTION])
def test_without_the_rule_the_attack_recovers_people(unprotected, metric_id):
    # The fixture is a real attack: on the same data with exact n and every cell, it finds people.
    assert _recovered(_shown_unprotected(unprotected, metric_id), metric_id, withheld=set())


@pytest.mark.parametrize("metric_id", [REACH, SATISFACTION])
def test_no_pair_of_shown_scopes_recovers_a_person(protected, metric_id):
    shown = _shown_protected(protected, metric_id)
    assert len(shown) > 100  # most scopes are shown: the rule does not simply hide everything
    assert _recovered(shown, metric_id, SMALL_BY_HAND) == []


def test_any_two_shown_scopes_differ_by_no_one_or_by_at_least_the_minimum(protected):
    # The guarantee behind the rule, for a population of people in scope: whatever two views a viewer
    # compares (nested or not), the people in one and not the other are 0 or at least the minimum.
    shown = _shown_protected(protected, REACH)
    populations = {scope: _population(scope, REACH, SMALL_BY_HAND) for scope in shown}
    for a, b in itertools.permutations(populations, 2):
        difference = len(populations[a] - populations[b])
        assert not privacy.too_few(difference, MINIMUM), (a, b, difference)


def test_the_code_counts_the_people_worked_out_here(protected):
    # The independent populations above are the ones the SQL counts (exact n, whole organisation).
    settings = Settings(min_group_size=MINIMUM)
    whole = build_kpi(protected, metric(REACH), period_filters("fiscal_year", AS_OF, 1), settings)
    assert whole.n == len(_population(((), (), ()), REACH, SMALL_BY_HAND)) == 57
    sales = metric_value(protected, metric(REACH), Window(start=D(2025, 1, 1), end=AS_OF, business_units=("Sales",)))
    assert sales.n == len(_population((("Sales",), (), ()), REACH, SMALL_BY_HAND)) == 33


def test_filtered_counts_are_shown_rounded_to_five():
    assert [privacy.shown_count(n, filtered=True) for n in (0, 3, 7, 8, 12, 13, 33)] == [0, 5, 5, 10, 10, 15, 35]
    assert privacy.shown_count(33, filtered=False) == 33


# --- the rule itself, on hand-made head counts --------------------------------------------------------

def _staff(cells: dict, *, joined: dict | None = None, left: dict | None = None) -> pd.DataFrame:
    rows = []
    for cell, size in cells.items():
        for i in range(size):
            rows.append(dict(business_unit=cell[0], region=cell[1], job_level=cell[2],
                             hire_date=(joined or {}).get((cell, i), dt.date(2020, 1, 1)),
                             termination_date=(left or {}).get((cell, i))))
    return pd.DataFrame(rows)


def test_a_small_block_takes_the_next_smallest_cell_with_it():
    # A (2) is small; alone it would be a 2-person block inside "whole organisation minus everything
    # filterable", so the smallest safe cell, C (6), joins it: 8 people.
    staff = _staff({("A", "x", "1"): 2, ("B", "x", "1"): 10, ("C", "x", "1"): 6})
    assert privacy.withheld_cells(staff, dt.date(2024, 1, 1), 5) == {("A", "x", "1"), ("C", "x", "1")}


def test_cells_small_on_any_day_a_viewer_can_choose_are_withheld():
    start = dt.date(2024, 1, 1)
    staff = _staff(
        {("Grew", "x", "1"): 6, ("Shrank", "x", "1"): 5, ("Steady", "x", "1"): 8, ("Past", "x", "1"): 2},
        # Grew: one person from 2024, five more from March 2024 (1 person for two months).
        joined={**{(("Grew", "x", "1"), i): dt.date(2024, 3, 1) for i in range(1, 6)},
                (("Grew", "x", "1"), 0): dt.date(2024, 1, 1)},
        # Shrank: one of five left in 2025 (4 people since). Past: both left before the first day.
        left={(("Shrank", "x", "1"), 0): dt.date(2025, 6, 1), (("Past", "x", "1"), 0): dt.date(2023, 1, 1),
              (("Past", "x", "1"), 1): dt.date(2023, 1, 1)})
    # Past held nobody on any day from `start`: it reveals no one and stays. The block Grew + Shrank
    # is at least 5 on every day.
    assert privacy.withheld_cells(staff, start, 5) == {("Grew", "x", "1"), ("Shrank", "x", "1")}


def test_a_missing_attribute_is_a_cell_of_its_own():
    staff = _staff({("A", "x", "1"): 8, ("A", "y", "1"): 9})
    staff.loc[0, "region"] = None
    # (A, "", 1) holds one person; the block of 1 takes the smallest safe cell, (A, x, 1) with 7.
    assert privacy.withheld_cells(staff, dt.date(2024, 1, 1), 5) == {("A", "", "1"), ("A", "x", "1")}


def test_rounded_counts_are_what_closes_a_measures_own_population(protected):
    # Cells alone protect people in scope, not a measure's own population: with exact n, two views that
    # differ by one whole cell can differ by one survey respondent. Shown rounded, they cannot be told apart.
    exact = _shown_unprotected(protected, SATISFACTION)
    assert _recovered(exact, SATISFACTION, SMALL_BY_HAND)


def test_a_new_minimum_rebuilds_the_cells(tmp_path, monkeypatch):
    # The cells depend on the minimum group size (a setting): a version built under another minimum is
    # stale, and its refresh withholds the cells the new minimum asks for.
    from ld_dash import store

    _publish(tmp_path, withhold=True).close()
    monkeypatch.setenv("LD_DASH_MIN_GROUP_SIZE", "7")
    con = store.connect(store.require_version(tmp_path))
    assert store.needs_refresh(con)
    con.close()
    con = store.connect(store.refresh_derived(tmp_path))
    cells, minimum = con.cursor().execute("SELECT cells, minimum FROM scope_withheld").fetchone()
    # Sales/South/Manager (5) and Sales/North/Manager (6) are now small too; 21 people are left out,
    # so no complement is needed.
    now_small = {*SMALL_BY_HAND, ("Sales", "South", "Manager"), ("Sales", "North", "Manager")}
    assert (minimum, set(cells)) == (7, {privacy.cell_key(c) for c in now_small})
