"""Write ``workbench/forecast/prior_quantiles.csv`` from M3 yearly *training* data.

The prior is the engine's pooled quantile table of scaled rolling-origin errors
(transformed space, steps 1..6) over the 645 M3 yearly training series. The engine
blends it in when a call has too few backtest errors of its own (short city series).
No test-period value is read.

    .venv/bin/python benchmarks/m3_yearly/make_prior.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from data import H, load  # noqa: E402
from workbench.forecast.api import calibration_table  # noqa: E402
from workbench.forecast.intervals import PRIOR_PATH  # noqa: E402


def main() -> None:
    train, _ = load()
    table = calibration_table(train, H)
    table.to_csv(PRIOR_PATH, index=False, float_format="%.6g")
    print(f"wrote {PRIOR_PATH} ({len(table)} rows)")
    print(
        table[table["p"].round(3).isin([0.5, 0.8, 0.95])].pivot(index="h", columns="p", values="q")
    )


if __name__ == "__main__":
    main()
