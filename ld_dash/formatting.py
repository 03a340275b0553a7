"""How numbers read on cards, in sentences and in exports."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

import math
import re



def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value: float | None, unit: str, currency: str = "EUR") -> str:
    if is_missing(value):
        return "–"
    assert value is not None
    if unit == "pct":
        return f"{value * 100:.0f}%" if abs(value) >= 0.1 else f"{value * 100:.1f}%"
    if unit == "currency":
        # A minus before the currency, and millions as such: "−EUR 2.7 M", not "EUR -2,701,547".
        sign = "−" if round(value) < 0 else ""
        size = abs(value)
        return f"{sign}{currency} {size / 1e6:,.1f} M" if size >= 1e6 else f"{sign}{currency} {size:,.0f}"
    if unit in ("score", "levels", "ratio"):
        # Two decimals: on a 1-5 scale 4.16 must not read as a plan of 4.2 met.
        return f"{value:.2f}"
    if unit == "nps":
        return f"{value:+.0f}"
    if unit == "days":
        return f"{value:.0f} days"
    if unit == "hours":
        # Hundreds of hours read as whole hours ("7,427 h", not "7,427.0 h"); a few keep their tenth.
        return f"{value:,.0f} h" if abs(value) >= 100 else f"{value:,.1f} h"
    if unit == "points":
        return f"{value:+.1f} pts"
    return f"{value:,.0f}"


def extremes(frame: "pd.DataFrame", column: str, unit: str, currency: str = "EUR") -> tuple | None:
    """The rows with the lowest and the highest `column`, for a "ranges from … to …" finding; None when
    they read the same once formatted (a finding "from 0.0 h in HR to 0.0 h in HR" says nothing)."""
    rows = frame[frame[column].notna()]
    if len(rows) < 2:
        return None
    low, high = rows.loc[rows[column].idxmin()], rows.loc[rows[column].idxmax()]
    if format_value(low[column], unit, currency) == format_value(high[column], unit, currency):
        return None
    return low, high


def count_of(n: int, singular: str, plural: str | None = None) -> str:
    """'1 dimension', '2 dimensions': a count with its noun in the right number."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def format_change(delta: float | None, unit: str, currency: str = "EUR") -> str:
    """A change between two values of the same unit; percentages change in percentage points."""
    if is_missing(delta):
        return "–"
    assert delta is not None
    if unit == "pct":
        return f"{delta * 100:+.1f} pts"
    if unit == "currency":
        # ASCII minus: Streamlit reads the sign of a delta string to choose its arrow and colour.
        return f"{'+' if delta >= 0 else '-'}{currency} {abs(delta):,.0f}"
    if unit in ("score", "levels", "ratio"):
        return f"{delta:+.2f}"
    if unit in ("days",):
        return f"{delta:+.0f} days"
    if unit == "nps":
        return f"{delta:+.0f}"
    if unit == "points":
        return f"{delta:+.1f} pts"
    if unit == "hours":
        return f"{delta:+,.1f} h"
    return f"{delta:+,.1f}"


# Every ASCII punctuation mark CommonMark lets a backslash escape, plus Streamlit's own syntax
# (`:red[...]`, `:material/...:`, `$...$` for LaTeX), so text from data can sit inside markdown.
_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~:$&\"'=^")


def escape_markdown(text: object) -> str:
    """Text from data as literal characters inside st.markdown, st.caption or a help tooltip."""
    escaped = "".join("\\" + c if c in _MARKDOWN_SPECIALS else c for c in str(text))
    # Escapes do not stop GitHub-style autolinks ("http://...", "www..."): an invisible word joiner does,
    # so a URL in data stays text, never a link.
    escaped = re.sub(r"(?i)(\\:)(//)|(www)(\\\.)", lambda m: (m.group(1) or m.group(3)) + "\u2060" + (m.group(2) or m.group(4)), escaped)
    # A line break would let data start a heading or list; data text stays on one line.
    return " ".join(escaped.split())


# C0 control characters (but tab, line feed and carriage return) and DEL: no export holds them on
# purpose, and a NUL breaks Excel files, PowerPoint XML and plotly.js. Imports refuse them; anything
# already in a version is shown as U+FFFD (the replacement character) by every renderer.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTERS_RE2 = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"  # the same class, for DuckDB's regexp


def printable(text: str) -> str:
    """Text with every control character replaced by U+FFFD, so that no renderer can choke on it."""
    return CONTROL_CHARACTERS.sub("\ufffd", text)
