"""Score engine variants on the in-sample hold-out of M3 yearly (no test data touched).

    .venv/bin/python benchmarks/m3_yearly/holdout.py            # every variant below
    .venv/bin/python benchmarks/m3_yearly/holdout.py current    # one variant

The hold-out is the benchmark's validation split: the last 6 *training* years of each
of the 645 series are held out and forecast from the years before them. Each variant
is a small change of the engine's settings (stack inputs, combination rule); design
choices in ``docs/forecasting.md`` were made on the numbers this prints. The M3 test
years are never loaded here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from run import evaluate  # noqa: E402

from data import H, load  # noqa: E402
from workbench.forecast import api  # noqa: E402
from workbench.forecast.backtest import BASE_MODELS  # noqa: E402


@contextmanager
def _features(features: tuple[str, ...]) -> Iterator[None]:
    old = api.STACK_FEATURES
    api.STACK_FEATURES = features
    try:
        yield
    finally:
        api.STACK_FEATURES = old


def _both(models: tuple[str, ...]) -> tuple[str, ...]:
    return models + tuple(m + "_raw" for m in models)


OLD_BASE = ("naive", "drift", "ses", "damped", "theta", "arima", "loglinear")
VARIANTS: dict[str, Callable[[], object]] = {
    # the stack before this round: 7 base models on both scales + the median combo
    "previous stack (7 models x 2 scales + combo)": lambda: _features(_both(OLD_BASE) + ("combo",)),
    # the shipped stack: every base model in models.MODELS on both scales + combo
    "current": lambda: _features(_both(BASE_MODELS) + ("combo",)),
}


def holdout_split():
    """``(vtrain, vtest)``: training parts minus / only their last ``H`` years."""
    train, _ = load()
    last = train.groupby("series_id")["year"].transform("max")
    return train[train["year"] <= last - H], train[train["year"] > last - H]


def score(vtrain, vtest) -> dict:
    t0 = time.perf_counter()
    res = api.forecast(vtrain, horizon=H, levels=(80, 95), n_paths=200, seed=0)
    s, _ = evaluate(res.table, vtrain, vtest)
    s["wall_seconds"] = time.perf_counter() - t0
    return s


def main(names: list[str]) -> None:
    vtrain, vtest = holdout_split()
    print("| variant | sMAPE | MASE | cover 80 | cover 95 | MSIS 95 | wall s |")
    print("|---|---|---|---|---|---|---|")
    for name in names or list(VARIANTS):
        with VARIANTS[name]():
            s = score(vtrain, vtest)
        print(
            f"| {name} | {s['smape']:.2f} | {s['mase']:.3f} | {s['coverage_80']:.1f} | "
            f"{s['coverage_95']:.1f} | {s['msis_95']:.2f} | {s['wall_seconds']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main(sys.argv[1:])
