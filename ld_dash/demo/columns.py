"""Columns of the published tables, built cheaply from integer codes and day numbers."""
from __future__ import annotations

import numpy as np
import pandas as pd


def date_column(days: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    out = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")
    if valid is not None:
        out[~valid] = np.datetime64("NaT")
    return out


def code_column(codes: np.ndarray, names: np.ndarray) -> pd.Categorical:
    """A string column stored as codes into `names` (−1 = NULL): cheap for tens of millions of rows."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=pd.Index(names, dtype=object))


def label_column(codes: np.ndarray, names: tuple[str, ...] | np.ndarray) -> pd.Categorical:
    return code_column(codes, np.asarray(names, dtype=object))


def nullable_int_column(values: np.ndarray, valid: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.where(valid, values, 0).astype(np.int64), ~valid)


def serial_ids(prefix: str, n: int, width: int | None = None) -> np.ndarray:
    width = width or max(6, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


