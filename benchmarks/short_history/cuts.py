"""M3 yearly series cut to their last 6, 8 or 10 training observations (horizon 6).

Two splits, both long frames ``series_id, year, value``:

* ``test``: the training part cut to its last ``c`` points; scored on the 6 M3 test years.
* ``validation``: the training part without its last 6 years, cut to its last ``c``
  points; scored on those 6 held-out *training* years (design is done here; the M3 test
  years are not read).

``scale``: each series' mean absolute yearly change over its whole training part (the
MASE/MSIS denominator, the same for every cut and method; for ``validation`` over the
training part without the held-out years).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "m3_yearly"))
from data import H, load  # noqa: E402  (benchmarks/m3_yearly/data.py)

CUTS = (6, 8, 10)


def _last(df: pd.DataFrame, c: int) -> pd.DataFrame:
    return df.groupby("series_id", group_keys=False).tail(c).reset_index(drop=True)


def splits() -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """``{"test": (train, test), "validation": (train_v, holdout)}``, uncut."""
    train, test = load()
    last = train.groupby("series_id")["year"].transform("max")
    vtrain, vtest = train[train["year"] <= last - H], train[train["year"] > last - H]
    return {"test": (train, test), "validation": (vtrain.reset_index(drop=True), vtest)}


def use_split(split: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(train, test)`` of ``split``; for ``validation`` the engine is pointed at the prior
    and pooled model learned without the held-out years (``make_prior_short.py --split
    validation``)."""
    if split == "validation":
        from workbench.forecast import pooled_short, prior_short

        prior_short.PRIOR_SHORT_PATH = HERE / "work" / "prior_short_validation.csv"
        pooled_short.POOLED_SHORT_PATH = HERE / "work" / "pooled_short_validation.csv"
    return splits()[split]


def cut(train: pd.DataFrame, c: int) -> pd.DataFrame:
    """Each series' last ``c`` observations (all of them when it has fewer)."""
    return _last(train.sort_values(["series_id", "year"]), c)


def scales(train: pd.DataFrame) -> pd.Series:
    """Mean absolute yearly change of each series' full (uncut) training part."""
    return (
        train.sort_values(["series_id", "year"])
        .groupby("series_id")["value"]
        .apply(lambda v: float(v.diff().abs().mean()))
    )


__all__ = ["CUTS", "H", "cut", "scales", "splits", "use_split"]
