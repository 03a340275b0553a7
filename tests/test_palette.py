"""Colours a colour-blind reader can tell apart (issue 17): status colours and heatmap scales."""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from ld_dash import palette

ROOT = Path(__file__).resolve().parent.parent

# Machado, Oliveira and Fernandes (2009), severity 1.0, applied to linear RGB.
DEFICIENCIES = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}


def _linear(colour: str) -> np.ndarray:
    c = np.array(palette.rgb(colour)) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0, 1)
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055) * 255


def _seen(colour: str, matrix: np.ndarray | None) -> np.ndarray:
    linear = _linear(colour)
    return _srgb(linear if matrix is None else matrix @ linear)


@pytest.mark.parametrize("vision", [None, *DEFICIENCIES])
def test_status_colours_stay_apart_for_colour_blind_readers(vision):
    matrix = DEFICIENCIES.get(vision) if vision else None
    statuses = ("on track", "watch", "off track")
    for a, b in itertools.combinations(statuses, 2):
        distance = float(np.linalg.norm(_seen(palette.STATUS_COLOURS[a], matrix)
                                        - _seen(palette.STATUS_COLOURS[b], matrix)))
        # 60 of 441 (black to white) in sRGB: clearly different swatches side by side.
        assert distance > 60, (vision, a, b, round(distance))


def test_the_old_traffic_lights_would_have_failed_the_same_check():
    # Red #c62828 and green #2e7d32 under deuteranopia: the check above is not one any pair passes.
    distance = float(np.linalg.norm(_seen("#c62828", DEFICIENCIES["deuteranopia"])
                                    - _seen("#2e7d32", DEFICIENCIES["deuteranopia"])))
    assert distance < 60


def test_no_chart_uses_a_red_yellow_green_scale():
    pattern = re.compile(r"RdYlGn|RdGn|RdYlBu_r")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "ld_dash").rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []
