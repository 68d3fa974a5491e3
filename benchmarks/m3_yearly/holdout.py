"""Score engine variants on the in-sample hold-out of M3 yearly (no test data touched).

    .venv/bin/python benchmarks/m3_yearly/holdout.py            # every variant below
    .venv/bin/python benchmarks/m3_yearly/holdout.py current    # one variant
    .venv/bin/python benchmarks/m3_yearly/holdout.py --short-prior validation current

With ``--short-prior validation`` the series of 4..13 years (447 of the 645 here: the
training parts minus 6 years) use the short-series prior and pooled model learned on
the validation training parts (``benchmarks/short_history/make_prior_short.py --split
validation``), which never saw the held-out years; by default they use the shipped files,
learned on the full training parts, i.e. with the held-out years among their windows.

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
from workbench.forecast import backtest, forecast, intervals  # noqa: E402
from workbench.forecast import engine as api  # noqa: E402  (the constants live in engine)


@contextmanager
def _settings(**changes: object) -> Iterator[None]:
    """Temporarily set engine constants, e.g. ``backtest__MAX_BT_ORIGINS=10``."""
    mods = {"api": api, "backtest": backtest, "intervals": intervals}
    old = {}
    for key, value in changes.items():
        mod, name = key.split("__")
        old[key] = getattr(mods[mod], name)
        setattr(mods[mod], name, value)
    try:
        yield
    finally:
        for key, value in old.items():
            mod, name = key.split("__")
            setattr(mods[mod], name, value)


def _both(models: tuple[str, ...]) -> tuple[str, ...]:
    return models + tuple(m + "_raw" for m in models)


OLD_FEATURES = _both(("naive", "drift", "ses", "damped", "theta", "arima", "loglinear")) + (
    "combo",
)
# Each step adds one change to the one before; the last is the shipped engine.
_PREV: dict[str, object] = dict(api__MEDIAN_SHARE=0.0)  # before round 3
STEPS: dict[str, dict[str, object]] = {
    "1 previous engine": dict(
        **_PREV,
        api__STACK_FEATURES=OLD_FEATURES,
        backtest__MAX_BT_ORIGINS=10,
        backtest__STACK_SMOOTH=0,
        backtest__TREND_CUTS=(),
        intervals__SHRINK=80.0,
    ),
    "2 + DOTM (both scales) in the stack": dict(
        **_PREV,
        backtest__MAX_BT_ORIGINS=10,
        backtest__STACK_SMOOTH=0,
        backtest__TREND_CUTS=(),
        intervals__SHRINK=80.0,
    ),
    "3 + 20 backtest origins": dict(
        **_PREV, backtest__STACK_SMOOTH=0, backtest__TREND_CUTS=(), intervals__SHRINK=80.0
    ),
    "4 + stack weights smoothed over steps": dict(
        **_PREV, backtest__TREND_CUTS=(), intervals__SHRINK=80.0
    ),
    "5 + weights per trend-strength group": dict(**_PREV, intervals__SHRINK=80.0),
    "6 + interval shrinkage 120 (round 2)": dict(**_PREV),
    "7 + 0.3 x median of all stack inputs (shipped)": {},
}
# Round 3, tried and not adopted (each against step 7 unless its name says otherwise).
TRIED: dict[str, dict[str, object]] = {
    "median share learned per call (cross-fitted backtests)": dict(api__MEDIAN_SHARE=None),
    "median share 0.2": dict(api__MEDIAN_SHARE=0.2),
    "median share 0.4": dict(api__MEDIAN_SHARE=0.4),
}
VARIANTS: dict[str, Callable[[], object]] = {
    name: (lambda kw=kw: _settings(**kw)) for name, kw in {**STEPS, **TRIED}.items()
}


def holdout_split():
    """``(vtrain, vtest)``: training parts minus / only their last ``H`` years."""
    train, _ = load()
    last = train.groupby("series_id")["year"].transform("max")
    return train[train["year"] <= last - H], train[train["year"] > last - H]


def score(vtrain, vtest) -> dict:
    t0 = time.perf_counter()
    res = forecast(vtrain, horizon=H, levels=(80, 95), n_paths=200, seed=0)
    s, _ = evaluate(res.table, vtrain, vtest)
    s["wall_seconds"] = time.perf_counter() - t0
    return s


def use_validation_short_prior() -> None:
    """Point the engine at the short-series files learned without the held-out years."""
    from workbench.forecast import pooled_short, prior_short

    work = ROOT / "benchmarks" / "short_history" / "work"
    prior_short.PRIOR_SHORT_PATH = work / "prior_short_validation.csv"
    pooled_short.POOLED_SHORT_PATH = work / "pooled_short_validation.csv"


def main(names: list[str]) -> None:
    if names[:2] == ["--short-prior", "validation"]:
        use_validation_short_prior()
        names = names[2:]
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
