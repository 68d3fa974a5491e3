"""The short-series prior: stack weights and interval tables learned on many series.

A series of ``SHORT_MIN``..``SHORT_MAX`` years says little about which model suits it
or how wide its intervals should be. ``prior_short.csv`` holds, per series length
``L``, what was learned on thousands of windows of that length cut from the M3 yearly
training data (``benchmarks/short_history/make_prior_short.py``): per-step stack
weights over ``engine.STACK_FEATURES`` (summing to at most 1 since round 3) and per-step
quantiles of the absolute scaled errors of the final forecast (the stack with the median
of its inputs and the pooled model of :mod:`workbench.forecast.pooled_short`). Without
the file no prior is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.forecast.intervals import PROBS, extend_steps

SHORT_MIN = 4
SHORT_MAX = 13
"""Series lengths (years, gaps included) that use the prior; M3 yearly training parts
are all longer, so the long-series engine is unchanged."""

SCALE_POWER = 0.5
"""Half-widths are ``s ** SCALE_POWER * Q_h``, ``s`` the series' mean absolute yearly
change (transformed space): with six to ten points ``s`` is noisy, and dividing errors by
it in full (power 1) gave heavy-tailed tables and wide intervals on the hold-out."""

PRIOR_SHORT_PATH = Path(__file__).with_name("prior_short.csv")


@dataclass(frozen=True)
class ShortPrior:
    """Weights ``{trend group: (H_prior, F)}`` (-1: pooled) and an error quantile table
    ``(H_prior, len(PROBS))``."""

    weights: dict
    table: np.ndarray

    def weights_for(self, H: int, group: int = -1) -> np.ndarray:
        """Weights of a trend group for ``H`` steps (steps past the prior reuse its last)."""
        w = self.weights.get(group, self.weights[-1])
        k = w.shape[0]
        return w[np.minimum(np.arange(H), k - 1)]

    def table_for(self, H: int) -> np.ndarray:
        """Quantile table for ``H`` steps (a power law in h beyond the prior's steps)."""
        return extend_steps(self.table, H)


@lru_cache(maxsize=8)
def load_priors(path: Path = PRIOR_SHORT_PATH, power: float = 0.5) -> dict[int, ShortPrior]:
    """``{length: ShortPrior}`` from the CSV; empty when the file is absent."""
    if not path.exists():
        return {}
    df = pd.read_csv(path, dtype={"key": str})
    out = {}
    for L, g in df.groupby("length"):
        w = {}
        for name, gw in g[g["table"].str.startswith("weight")].groupby("table"):
            grp = -1 if name == "weight" else int(str(name).removeprefix("weight_g"))
            w[grp] = gw.pivot(index="h", columns="key", values="value")
        q = g[g["table"] == f"quantile_s{power:g}"].copy()
        q["p"] = q["key"].astype(float)
        qt = q.pivot(index="h", columns="p", values="value")
        table = np.array([np.interp(PROBS, qt.columns.to_numpy(), row) for row in qt.to_numpy()])
        out[int(L)] = ShortPrior(w, table)  # type: ignore[arg-type]
    return out


def prior_for(n: int, features: tuple[str, ...], path: Path | None = None) -> ShortPrior | None:
    """The prior of a series of ``n`` years, its weights ordered as ``features``
    (``path``: default ``PRIOR_SHORT_PATH``)."""
    if not SHORT_MIN <= n <= SHORT_MAX:
        return None
    p = load_priors(path or PRIOR_SHORT_PATH, SCALE_POWER).get(n)
    if p is None:
        return None
    w = {g: np.asarray(x[list(features)].to_numpy(), float) for g, x in p.weights.items()}
    return ShortPrior(w, p.table)
