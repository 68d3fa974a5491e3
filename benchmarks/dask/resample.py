"""Many series resampled from M3 yearly training parts (for speed and memory only).

``resample(n, seed)`` draws ``n`` of the 645 M3 yearly training series with
replacement and multiplies each copy by a random factor (log-normal, sd 0.5), so the
copies are not identical; ids are ``r000000``... Deterministic for a seed. Accuracy is
not measured on these series: they exist to time the engines.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "m3_yearly"))
from data import load  # noqa: E402


def resample(n: int, seed: int = 0) -> pd.DataFrame:
    """Long frame series_id, year, value of ``n`` resampled series."""
    train, _ = load()
    groups = [g["value"].to_numpy(float) for _, g in train.groupby("series_id", sort=True)]
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(groups), n)
    factor = np.exp(rng.normal(0.0, 0.5, n))
    lens = np.array([len(groups[i]) for i in pick])
    return pd.DataFrame(
        {
            "series_id": np.repeat([f"r{i:06d}" for i in range(n)], lens),
            "year": np.concatenate([np.arange(1, k + 1) for k in lens]),
            "value": np.concatenate([groups[i] * f for i, f in zip(pick, factor, strict=True)]),
        }
    )
