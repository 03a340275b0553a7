"""Small-group suppression for every grouped result that leaves the library.

Primary: a row whose count of people is below the minimum (but above zero) loses its values and count.
Complementary: when exactly one row of a set of siblings is hidden, the next smallest is hidden too,
so that the hidden row cannot be recovered by subtracting the visible ones from a total.
"""
from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd
from pydantic import BaseModel

from ld_dash.settings import get_settings

SUPPRESSED = "suppressed"


def minimum_group_size(minimum: int | None = None) -> int:
    value = minimum if minimum is not None else get_settings().min_group_size
    if value < 3:
        raise ValueError("the minimum group size can never be below 3")
    return value


def too_few(n: float | None, minimum: int) -> bool:
    """The small-group rule, in one place: 1 to minimum-1 people are hidden; nobody (0) reveals nobody."""
    return n is not None and 0 < n < minimum


def suppress(frame: pd.DataFrame, *, count: str = "n", values: Sequence[str] | None = None,
             within: Sequence[str] = (), minimum: int | None = None) -> pd.DataFrame:
    """Hide rows whose `count` is below the minimum, primary and complementary.

    `values` are the columns to blank (default: every numeric column but the grouping ones);
    `within` names columns that form sibling sets (for example the row of a heatmap), each of which
    gets its own complementary suppression. Adds a boolean column `suppressed`.
    """
    limit = minimum_group_size(minimum)
    out = frame.copy()
    if values is None:
        values = [c for c in out.columns if c not in within and c != count
                  and pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c])]
    counts = pd.to_numeric(out[count], errors="coerce").fillna(0)
    hidden = (counts > 0) & (counts < limit)  # too_few(), over a whole column at once
    groups = [out.index] if not within else [
        out.index[positions] for positions in out.groupby(list(within), sort=False).indices.values()]
    for index in groups:
        siblings = hidden.loc[index]
        if int(siblings.sum()) == 1 and len(index) > 1:
            visible_counts = counts.loc[index][~siblings]
            hidden.loc[visible_counts.idxmin()] = True
    cols = [*values, count]
    out[cols] = out[cols].astype("float64").mask(hidden, other=float("nan")) if len(cols) else out[cols]
    out[SUPPRESSED] = hidden.to_numpy()
    return out


# --- Filtered views are built from whole cells ------------------------------------------------------
# Suppressing every small *result* does not stop differencing: two filtered views that are both shown
# ({Finance, Legal} and {Finance}) can differ by one person, whose values their difference reveals. The
# rule that closes the class: a filtered view (any unit, region or level filter) counts people only in
# cells (business unit x region x job level) that never held 1 to minimum-1 people on any day a viewer
# can choose. Every filter is a union of cells, so any two filtered views differ by whole cells of at
# least the minimum, and so does any sum and difference of them. The cells left out form one more block,
# seen only inside the whole-organisation view; when that block is itself small, the next-smallest cells
# join it (complementary suppression), so whole organisation minus "everything filterable" is safe too.
CELL = ("business_unit", "region", "job_level")
# Counts in filtered views are rounded to this: the cell rule makes filtered populations differ by whole
# cells, but a measure's own population (respondents, participants) can still differ by one between two
# views; without its exact n, the difference of two averages gives no one's value.
ROUND_FILTERED_COUNTS_TO = 5


def shown_count(n: int, filtered: bool) -> int:
    """A count as a page shows it: exact for the whole organisation, to the nearest 5 in a filtered view."""
    if not filtered or n == 0:
        return n
    step = ROUND_FILTERED_COUNTS_TO
    return max(step, int((n + step // 2) // step * step))


def _headcount_by_day(people: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Head count after every day on which someone joins or leaves, per group of `keys`.

    `people` has hire_date and termination_date (a leaver is not employed on the termination date).
    """
    joins = people[[*keys, "hire_date"]].rename(columns={"hire_date": "day"}).assign(delta=1)
    leaves = people.loc[people["termination_date"].notna(), [*keys, "termination_date"]].rename(
        columns={"termination_date": "day"}).assign(delta=-1)
    events = pd.concat([joins, leaves], ignore_index=True)
    daily = events.groupby([*keys, "day"], dropna=False, sort=True)["delta"].sum().reset_index()
    daily["people"] = daily.groupby(list(keys), dropna=False, sort=False)["delta"].cumsum()
    return daily


def _fewest_people(daily: pd.DataFrame, keys: Sequence[str], first_day: pd.Timestamp) -> pd.Series:
    """Per group: the smallest head count above zero on any day from `first_day` on (0: never anyone)."""
    before = daily[daily["day"] < first_day].groupby(list(keys), dropna=False, sort=False)["people"].last()
    since = daily.loc[daily["day"] >= first_day, [*keys, "people"]]
    counts = pd.concat([since, before.reset_index()], ignore_index=True)
    positive = counts[counts["people"] > 0]
    fewest = positive.groupby(list(keys), dropna=False, sort=False)["people"].min()
    every = daily[list(keys)].drop_duplicates().set_index(list(keys)).index
    return fewest.reindex(every, fill_value=0).astype(int)


def withheld_cells(people: pd.DataFrame, first_day: object, minimum: int) -> set[tuple]:
    """The cells that filtered views leave out, primary and complementary (see above).

    `people`: one row per employee with business_unit, region, job_level, hire_date, termination_date.
    `first_day`: the earliest day a viewer can choose (comparison periods included).
    """
    limit = minimum_group_size(minimum)
    if people.empty:
        return set()
    people = people.assign(hire_date=pd.to_datetime(people["hire_date"]),
                           termination_date=pd.to_datetime(people["termination_date"]),
                           **{c: people[c].fillna("").astype(str) for c in CELL})  # SQL: coalesce(x, '')
    start = pd.Timestamp(first_day)
    daily = _headcount_by_day(people, CELL)
    fewest = _fewest_people(daily, CELL, start)
    withheld = {cell for cell, n in fewest.items() if too_few(n, limit)}
    while withheld:
        block = people[pd.Series(list(zip(*(people[c] for c in CELL))), index=people.index).isin(withheld)]
        block_daily = _headcount_by_day(block.assign(block=1), ("block",))
        if not too_few(int(_fewest_people(block_daily, ("block",), start).iloc[0]), limit):
            break
        candidates = fewest[[cell not in withheld and n > 0 for cell, n in fewest.items()]]
        if candidates.empty:
            break
        withheld.add(candidates.idxmin())
    return withheld


CELL_SEPARATOR = "\x1f"  # the unit separator: imports refuse control characters, so no name contains it


def cell_key(cell: Sequence[str]) -> str:
    """The cell's key as SQL's cell_key() macro writes it."""
    return CELL_SEPARATOR.join(cell)


class LeftOut(BaseModel, frozen=True):
    """What filtered views leave out, as a page may say it: never a small group's own count."""

    people: int  # across the organisation on `day`: 0 or at least the minimum, by construction
    in_view: bool  # whether the chosen filters touch any cell left out
    minimum: int

    def sentence(self) -> str | None:
        if not self.in_view:
            return None
        return (f"For privacy, filtered views leave out people in groups (business unit × region × job level) "
                f"that had fewer than {self.minimum} people: {self.people:,} across the organisation on the "
                f"period's last day, some of them in this selection. The whole organisation counts everyone.")


def left_out(con: duckdb.DuckDBPyConnection, business_units: Sequence[str], regions: Sequence[str],
             job_levels: Sequence[str], day: object) -> LeftOut:
    """The people filtered views leave out on `day`, and whether this filter would have counted some."""
    cur = con.cursor()
    cells, minimum = cur.execute("SELECT cells, minimum FROM scope_withheld").fetchone()
    people, in_view = cur.execute(
        """SELECT count(*) FILTER (WHERE employed_on(hire_date, termination_date, $day)),
                  count(*) FILTER (WHERE in_selection($business_units, $regions, $job_levels,
                                                      business_unit, region, job_level)) > 0
           FROM employees WHERE list_contains($cells, cell_key(business_unit, region, job_level))""",
        {"cells": cells, "day": day, "business_units": list(business_units) or None, "regions": list(regions) or None,
         "job_levels": list(job_levels) or None}).fetchone()
    scoped = bool(business_units or regions or job_levels)
    return LeftOut(people=int(people), in_view=scoped and bool(in_view), minimum=int(minimum))
