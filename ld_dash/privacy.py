"""Small-group suppression for every grouped result that leaves the library.

Primary: a row whose count of people is below the minimum (but above zero) loses its values and count.
Complementary: when exactly one row of a set of siblings is hidden, the next smallest is hidden too,
so that the hidden row cannot be recovered by subtracting the visible ones from a total.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

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
