"""Vectorised draws the simulation and the tables share."""
from __future__ import annotations

import numpy as np


def row_choice(cum: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A column per row index drawn from that row's normalised cumulative weights (rows × columns)."""
    if len(rows) == 0:
        return np.empty(0, dtype=np.int64)
    n_rows, n_cols = cum.shape
    flat = (cum + np.arange(n_rows)[:, None]).ravel()
    u = rng.random(len(rows))
    pos = np.searchsorted(flat, rows + np.minimum(u, 1 - 1e-12), side="right")
    return np.clip(pos - rows * n_cols, 0, n_cols - 1)


def normalised_cumsum(weights: np.ndarray) -> np.ndarray:
    cum = np.cumsum(weights, axis=-1)
    total = cum[..., -1:]
    return np.divide(cum, total, out=np.zeros_like(cum), where=total > 0)


def pick_matching(rng: np.random.Generator, cand: np.ndarray, cand_key: np.ndarray, cand_w: np.ndarray,
          query_key: np.ndarray) -> np.ndarray:
    """For each query a candidate with the same key, drawn by weight; −1 when the key has none."""
    out = np.full(len(query_key), -1, dtype=np.int64)
    if len(query_key) == 0 or len(cand) == 0:
        return out
    order = np.lexsort((cand, cand_key))
    keys, ids, cw = cand_key[order], cand[order], np.cumsum(cand_w[order])
    lo = np.searchsorted(keys, query_key, side="left")
    hi = np.searchsorted(keys, query_key, side="right")
    found = hi > lo
    start = np.where(lo > 0, cw[np.maximum(lo - 1, 0)], 0.0)
    end = cw[np.maximum(hi - 1, 0)]
    pos = np.searchsorted(cw, start + rng.random(len(query_key)) * (end - start), side="right")
    pos = np.clip(pos, lo, np.maximum(hi - 1, lo))
    out[found] = ids[np.minimum(pos, len(ids) - 1)][found]
    return out


def sorted_unique(keys: np.ndarray) -> np.ndarray:
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


