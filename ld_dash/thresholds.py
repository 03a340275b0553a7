"""Fixed thresholds of the metric definitions, each defined once.

Python reads them from here; SQL reads them through macros that every data version gets at publish
(`store.build_derived`), so a file never repeats the number. Changing one changes the versions'
fingerprint, so served versions are rebuilt with it.
"""
from __future__ import annotations

# Feedback is "weak" when a programme's mean satisfaction (1-5) is below this, on at least this many
# responses (Review cadence: acting on low feedback).
WEAK_FEEDBACK_BELOW = 3.8
WEAK_FEEDBACK_MIN_RESPONSES = 10

# name -> value, as SQL macros: `weak_feedback_below()`, `weak_feedback_min_responses()`.
SQL_MACROS: dict[str, float | int] = {
    "weak_feedback_below": WEAK_FEEDBACK_BELOW,
    "weak_feedback_min_responses": WEAK_FEEDBACK_MIN_RESPONSES,
}
