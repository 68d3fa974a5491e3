"""The yearly pipeline end to end: store → series → forecasts → target assessment → run.

``refresh()`` is what ``workbench refresh`` and ``make app`` call. Steps:

1. **store**: (re)build the DuckDB store from ``data/sources`` and the archive
   (:func:`workbench.store.build_store`, itself atomic).
2. **series**: take the latest values of the series to forecast (rules below), add the
   implied observations documented in :func:`implied_observations`.
3. **forecast**: :func:`workbench.forecast.forecast` up to ``to_year`` (default 2030);
   short city series borrow growth from the donors named in
   ``data/reference/forecast_series.csv``.
4. **targets**: probability of meeting each numeric plan target, required growth and
   status (:func:`workbench.targets.assess_targets`).
5. **run**: everything is written to ``runs/.partial-<id>/`` and renamed to
   ``runs/<id>/``; only then does ``runs/LATEST`` (replaced atomically) point at it.
   A run that fails at any step leaves the previous good run as the one the app reads.

Which series are forecast: every series in the store that is a level, share or ratio
(not a growth rate, not a target) with at least ``MIN_OWN_OBS`` observations, every plan
indicator of Chizhou with at least ``MIN_PLAN_OBS``, and every series listed in
``forecast_series.csv`` (plan series that borrow from a donor, context series such as
GDP, and the donors). A plan indicator with fewer observations and no donor is not
forecast; its targets are reported with status ``insufficient_data``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

import workbench
from workbench import catalog, paths, reference
from workbench.forecast.bounds import bounds_for_kind

CITY = "Chizhou"
DEFAULT_TO_YEAR = 2030
MIN_OWN_OBS = 3
"""A series without a donor needs this many observations to be forecast on its own."""
MIN_PLAN_OBS = 2
"""A plan indicator of the city needs this many (its targets make a forecast worth having)."""

RUN_FILES = ("history", "forecasts", "paths", "info", "targets")
LATEST = "LATEST"


class RefreshError(RuntimeError):
    """The refresh could not complete; the last good run is left in place."""


# ---------------------------------------------------------------- the run on disk
@dataclass
class Run:
    """A finished refresh run, read lazily from ``runs/<run_id>/``."""

    path: Path
    manifest: dict = field(repr=False)

    @property
    def run_id(self) -> str:
        return self.manifest["run_id"]

    def _read(self, name: str) -> pd.DataFrame:
        return pd.read_parquet(self.path / f"{name}.parquet")

    @cached_property
    def history(self) -> pd.DataFrame:
        """Observations used: region, indicator, series_id, year, value, unit, source, …"""
        return self._read("history")

    @cached_property
    def forecasts(self) -> pd.DataFrame:
        """series_id, region, indicator, year, mean, lo_80, hi_80, lo_95, hi_95, model."""
        return self._read("forecasts")

    @cached_property
    def paths(self) -> pd.DataFrame:
        """Sample paths: series_id, path, year, value."""
        return self._read("paths")

    @cached_property
    def info(self) -> pd.DataFrame:
        """One row per forecast series: model, backtest accuracy, borrowing, note."""
        return self._read("info")

    @cached_property
    def targets(self) -> pd.DataFrame:
        """One row per plan indicator × numeric target year: probability, growth, status."""
        return self._read("targets")


def latest_run(home: Path | None = None) -> Run | None:
    """The last good run, or ``None`` when no refresh has completed yet."""
    runs = Path(home) / "runs" if home else paths.runs_dir()
    pointer = runs / LATEST
    if not pointer.exists():
        return None
    run_dir = runs / pointer.read_text(encoding="utf-8").strip()
    manifest = run_dir / "manifest.json"
    if not manifest.exists():
        return None
    return Run(run_dir, json.loads(manifest.read_text(encoding="utf-8")))


def list_runs(home: Path | None = None) -> pd.DataFrame:
    """Every finished run: run_id, finished_at, n_series, to_year, code_version, latest."""
    runs = Path(home) / "runs" if home else paths.runs_dir()
    latest = latest_run(home)
    rows = []
    for m in sorted(runs.glob("*/manifest.json")):
        if m.parent.name.startswith("."):
            continue
        d = json.loads(m.read_text(encoding="utf-8"))
        rows.append(
            {
                "run_id": d["run_id"],
                "finished_at": d["finished_at"],
                "n_series": d["n_series"],
                "to_year": d["to_year"],
                "code_version": d["code_version"],
                "latest": latest is not None and d["run_id"] == latest.run_id,
            }
        )
    cols = ["run_id", "finished_at", "n_series", "to_year", "code_version", "latest"]
    return pd.DataFrame(rows, columns=cols).sort_values("finished_at", ignore_index=True)


# ---------------------------------------------------------------- steps
def forecast_plan() -> pd.DataFrame:
    """``data/reference/forecast_series.csv``: region, indicator, role, donor_region, donor_indicator, why."""
    return pd.read_csv(
        paths.REFERENCE_DIR / "forecast_series.csv", dtype=str, keep_default_na=False
    )


def series_id(region: str, indicator: str) -> str:
    """``"<region>/<indicator>"``, the id of a series in forecasts and runs."""
    return f"{region}/{indicator}"


def implied_observations(obs: pd.DataFrame, candidates: pd.DataFrame) -> pd.DataFrame:
    """Observations the sources imply but do not print, each with its derivation.

    Chizhou's 2016 online sales: the plan's text gives 2020 sales (70.2亿元) and says
    they are 3.42 times 2016's, so 2016 ≈ 70.2 / 3.42 ≈ 20.5亿元. The 2020 figure is taken
    from the same source as the multiple (the text's 70.2, not the table's rounded 70).
    ``obs``: shown values; ``candidates``: all values (store columns incl. vintage_sha256).
    Returned rows have the columns of ``obs``, ``source`` naming both facts and ``note``
    the arithmetic.
    """
    city = candidates[(candidates["region"] == CITY) & (candidates["year"] == 2020)]
    mult = city[city["indicator"] == "online_retail_sales_multiple_of_2016"]
    have_2016 = (
        (obs["region"] == CITY)
        & (obs["indicator"] == "online_retail_sales")
        & (obs["year"] == 2016)
    ).any()
    if mult.empty or have_2016:
        return obs.iloc[0:0]
    m = mult.iloc[0]
    sales = city[city["indicator"] == "online_retail_sales"]
    same = sales[sales["vintage_sha256"] == m["vintage_sha256"]]
    if same.empty:
        return obs.iloc[0:0]
    base = same.iloc[0]
    factor = float(m["value"])
    row = {c: base[c] if c in base.index else None for c in obs.columns}
    row.update(
        year=2016,
        value=float(base["value"]) / factor,
        source=f"implied by the plan's text: {float(base['value']):g}亿元 (2020) / {factor:g} (是2016年的{factor:g}倍)",
        quote=f"{base['quote']}; {m['quote']}",
        note=f"derived: {float(base['value']):g} / {factor:g}; not a published figure",
        conflict=False,
        n_candidates=1,
    )
    return pd.DataFrame([row], columns=obs.columns)


def select_series(obs: pd.DataFrame, plan: pd.DataFrame) -> tuple[pd.DataFrame, dict, dict]:
    """History to forecast (long, with series_id), bounds per series, donor map.

    ``obs``: latest observations from the store (region, indicator, year, value, unit, …).
    """
    plan_ids = {x.id for x in reference.indicators()}
    listed = {(r.region, r.indicator) for r in plan.itertuples()}
    donors = {
        (r.region, r.indicator): (r.donor_region, r.donor_indicator)
        for r in plan.itertuples()
        if r.donor_region
    }
    counts = obs.groupby(["region", "indicator"]).size()
    keep = []
    for (region, ind), n in counts.items():
        if (region, ind) in listed:
            keep.append((region, ind))
        elif region == CITY and ind in plan_ids and n >= MIN_PLAN_OBS:
            keep.append((region, ind))
        elif n >= MIN_OWN_OBS and _forecastable_kind(ind):
            keep.append((region, ind))
    key = pd.MultiIndex.from_frame(obs[["region", "indicator"]])
    hist = obs[key.isin(keep)].copy()
    hist["series_id"] = [
        series_id(r, i) for r, i in zip(hist["region"], hist["indicator"], strict=True)
    ]
    bounds = {
        sid: bounds_for_kind(catalog.series(ind)["kind"])
        for sid, ind in hist.groupby("series_id")["indicator"].first().items()
    }
    have = set(hist["series_id"])
    donor_map = {
        series_id(*b): series_id(*d)
        for b, d in donors.items()
        if series_id(*b) in have and series_id(*d) in have
    }
    return hist.sort_values(["series_id", "year"], ignore_index=True), bounds, donor_map


def _forecastable_kind(indicator: str) -> bool:
    """Levels, shares and ratios are forecast; growth rates and targets are not."""
    try:
        row = catalog.series(indicator)
    except KeyError:
        return False
    return row["kind"] in ("level", "share", "ratio") and not indicator.endswith("_target")


def plan_targets() -> pd.DataFrame:
    """Numeric plan targets of the city: series_id, indicator, target_year, op, target_value."""
    rows = [
        {
            "series_id": series_id(CITY, x.id),
            "indicator": x.id,
            "target_year": t.year,
            "op": t.op,
            "target_value": t.value,
        }
        for x in reference.indicators()
        for t in x.targets
        if t.is_numeric
    ]
    return pd.DataFrame(rows)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _inputs() -> dict[str, str]:
    files = sorted(paths.REFERENCE_DIR.glob("*.csv")) + sorted(paths.SOURCES_DIR.glob("*.csv"))
    out = {str(p.relative_to(paths.PROJECT_ROOT)): _sha256(p) for p in files}
    arch = paths.archive_dir()
    if arch.exists():
        for p in sorted(arch.rglob("*")):
            if p.is_file() and not p.name.endswith(".json"):
                out[f"archive/{p.relative_to(arch)}"] = _sha256(p)
    return out


def _code_version() -> str:
    try:
        rev = subprocess.run(
            ["git", "-C", str(paths.PROJECT_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(paths.PROJECT_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()  # fmt: skip
        return f"{workbench.__version__}+g{rev}{'.dirty' if dirty else ''}"
    except (OSError, subprocess.SubprocessError):
        return workbench.__version__


def _write_atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------- the pipeline
def refresh(
    *,
    to_year: int = DEFAULT_TO_YEAR,
    n_paths: int = 1000,
    seed: int = 0,
    rebuild_store: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Run:
    """Run the pipeline and make its result the latest run; returns it.

    ``to_year``: last forecast year (calendar). ``n_paths``: sample paths per series.
    Raises :class:`RefreshError` (the previous run stays the latest) on failure.
    """
    from workbench.forecast import forecast
    from workbench.store import Store, build_store
    from workbench.targets import assess_targets

    say = progress or (lambda _msg: None)
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    runs = paths.runs_dir()
    runs.mkdir(parents=True, exist_ok=True)
    partial = runs / f".partial-{run_id}"
    try:
        say("1/5 store: building from data/sources and the archive")
        build_store(rebuild=rebuild_store)
        store = Store()
        obs = store.observations()
        say(f"    {len(obs)} observations in {obs.groupby(['region', 'indicator']).ngroups} series")

        say("2/5 series: choosing what to forecast")
        implied = implied_observations(obs, store.candidates(region=CITY))
        obs = pd.concat([obs, implied], ignore_index=True) if len(implied) else obs
        plan = forecast_plan()
        hist, bounds, donor_map = select_series(obs, plan)
        if hist.empty:
            raise RefreshError("no series to forecast: the store holds no usable observations")
        say(f"    {hist['series_id'].nunique()} series, {len(donor_map)} borrowing from a donor")

        say(f"3/5 forecast: every series to {to_year} ({n_paths} sample paths each)")
        result = forecast(
            hist[["series_id", "year", "value"]],
            to_year=to_year,
            bounds=bounds,
            donors=hist[hist["series_id"].isin(set(donor_map.values()))][
                ["series_id", "year", "value"]
            ],
            donor_map=donor_map,
            n_paths=n_paths,
            seed=seed,
        )
        for r in result.failed.itertuples():
            say(f"    not forecast, reported in failed.parquet: {r.series_id}: {r.reason}")

        say("4/5 targets: probability of meeting each plan target")
        targets = plan_targets()
        forecastable = targets[targets["series_id"].isin(set(result.info["series_id"]))]
        assessed = assess_targets(hist[["series_id", "year", "value"]], result, forecastable)
        targets = _complete_targets(targets, assessed, obs)

        say("5/5 run: writing")
        partial.mkdir()
        frames = {
            "history": hist,
            "forecasts": _with_region(result.table),
            "paths": result.paths,
            "info": _with_region(result.info),
            "targets": targets,
        }
        for name in RUN_FILES:
            frames[name].to_parquet(partial / f"{name}.parquet", index=False)
        result.failed.to_parquet(partial / "failed.parquet", index=False)
        finished = dt.datetime.now(dt.UTC)
        manifest = {
            "run_id": run_id,
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": finished.isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - t0, 2),
            "code_version": _code_version(),
            "to_year": to_year,
            "n_paths": n_paths,
            "seed": seed,
            "n_series": int(result.info["series_id"].nunique()),
            "models": dict(zip(result.info["series_id"], result.info["model"], strict=True)),
            "donors": donor_map,
            "failed": dict(zip(result.failed["series_id"], result.failed["reason"], strict=True)),
            "inputs": _inputs(),
        }
        (partial / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        final = runs / run_id
        os.replace(partial, final)
        _write_atomic_text(runs / LATEST, run_id)
        say(f"done: run {run_id} in {manifest['seconds']} s")
        return Run(final, manifest)
    except RefreshError:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise RefreshError(f"refresh failed, the last good run is unchanged: {exc}") from exc


def _with_region(df: pd.DataFrame) -> pd.DataFrame:
    parts = df["series_id"].str.split("/", n=1, expand=True)
    out = df.copy()
    out.insert(1, "region", parts[0])
    out.insert(2, "indicator", parts[1])
    return out


def _complete_targets(
    targets: pd.DataFrame, assessed: pd.DataFrame, obs: pd.DataFrame
) -> pd.DataFrame:
    """Every numeric target, assessed where a forecast exists, else ``insufficient_data``."""
    key = ["series_id", "target_year"]
    out = targets.merge(
        assessed.drop(columns=["op", "target_value"], errors="ignore"), on=key, how="left"
    )
    city = obs[obs["region"] == CITY]
    latest = city.sort_values("year").groupby("indicator").tail(1).set_index("indicator")
    missing = out["status"].isna() if "status" in out else pd.Series(True, index=out.index)
    for i in out.index[missing]:
        ind = out.at[i, "indicator"]
        if ind in latest.index:
            out.at[i, "latest_year"] = int(latest.at[ind, "year"])
            out.at[i, "latest_value"] = float(latest.at[ind, "value"])
        actual = city[(city["indicator"] == ind) & (city["year"] == out.at[i, "target_year"])]
        if len(actual):
            t = reference.indicator(ind).target(int(out.at[i, "target_year"]))
            met = bool(t.is_met(float(actual["value"].iloc[-1])))
            out.at[i, "met_actual"] = met
            out.at[i, "probability"] = 1.0 if met else 0.0
            out.at[i, "status"] = "met" if met else "missed"
        else:
            out.at[i, "status"] = "insufficient_data"
    out.insert(1, "region", CITY)
    return out
