"""The ten dimensions' declarations, imported by name: one dict, looked up by slug.

`dimensions.py` holds each dimension's title, section, question and icon (the catalog and the
navigation need them before any metric module loads); this module holds what each metric module
declares. Both list the same slugs, checked here at import.
"""
from __future__ import annotations

from ld_dash.dimensions import DIMENSIONS
from ld_dash.metrics import (communication, culture, feedback, leadership, objectives, pathways, review_cadence,
                             roi, skills, technology)
from ld_dash.metrics.views import DimensionSpec

SPECS: dict[str, DimensionSpec] = {module.DIMENSION.slug: module.DIMENSION for module in (
    objectives, leadership, skills, pathways, technology, communication, feedback, culture, roi, review_cadence)}

if set(SPECS) != {d.slug for d in DIMENSIONS}:
    raise RuntimeError(f"dimension registry and metric modules disagree: {sorted(SPECS)} vs "
                       f"{sorted(d.slug for d in DIMENSIONS)}")


def spec(slug: str) -> DimensionSpec:
    try:
        return SPECS[slug]
    except KeyError:
        raise KeyError(f"Unknown dimension {slug!r}") from None
