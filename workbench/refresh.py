"""The yearly pipeline of one plan: store → series → forecasts → target assessment → run.

``refresh(plan_id)`` is what ``workbench refresh [--plan ID]`` and ``make app`` call. Steps:

1. **store**: (re)build the DuckDB store from ``data/sources``, the plan packs'
   observations and the archive (:func:`workbench.store.build_store`, itself atomic).
2. **series**: take the latest values of the series to forecast (rules below), add the
   derived observations declared in the pack's ``recipes.toml``.
3. **forecast**: :func:`workbench.forecast.forecast` up to ``to_year`` (default: the plan's
   horizon); short series borrow growth from the donors named in the pack's ``series.csv``.
4. **targets**: every target of the plan judged by :func:`workbench.targets.assess_plan`
   (met/missed on actuals, not entered for years that are over, else a probability).
5. **run**: everything (including the observations used) is written to
   ``runs/<plan_id>/.partial-<id>/`` and renamed to ``runs/<plan_id>/<id>/``; only then does
   ``runs/<plan_id>/LATEST`` (replaced atomically) point at it. A run that fails at any step
   leaves the previous good run as the one the app reads.

Which series are forecast: every plan indicator of the plan's region with at least
``MIN_PLAN_OBS`` observations, every series listed in the pack's ``series.csv`` (plan series
that borrow from a donor, context series such as GDP, and the donors), and every level,
share or ratio series of the plan's region and its sub-regions with at least ``MIN_OWN_OBS``.
A plan indicator with fewer observations and no donor is not forecast; its open targets are
reported as ``insufficient_data``.
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
from workbench import catalog, paths, plans
from workbench.plans.recipes import apply_recipes

MIN_OWN_OBS = 3
"""A series without a donor needs this many observations to be forecast on its own."""
MIN_PLAN_OBS = 2
"""A plan indicator of the city needs this many (its targets make a forecast worth having)."""

RUN_FILES = ("history", "forecasts", "paths", "info", "targets", "observations")
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

    @property
    def plan_id(self) -> str:
        return self.manifest["plan_id"]

    @property
    def as_of_year(self) -> int:
        """The first year that was not over when the run was made."""
        return int(self.manifest["as_of_year"])

    @cached_property
    def observations(self) -> pd.DataFrame:
        """Every value shown by the store when the run was made (after precedence), so pages
        show the run exactly as it was: region, indicator, year, value, unit, source, …"""
        return self._read("observations")

    def failed(self) -> pd.DataFrame:
        """Series that could not be forecast: series_id, reason (empty when none)."""
        f = self.path / "failed.parquet"
        return pd.read_parquet(f) if f.exists() else pd.DataFrame(columns=["series_id", "reason"])

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


def runs_root(home: Path | None = None) -> Path:
    """Folder holding one sub-folder of runs per plan."""
    return Path(home) / "runs" if home else paths.runs_dir()


def plan_runs_dir(plan_id: str | None = None, home: Path | None = None) -> Path:
    """``runs/<plan_id>/`` (default plan when ``None``)."""
    return runs_root(home) / (plan_id or plans.default_plan_id())


def open_run(run_id: str, plan_id: str | None = None, home: Path | None = None) -> Run:
    """A finished run by id (``KeyError`` when there is none), to reopen it as it was."""
    run_dir = plan_runs_dir(plan_id, home) / run_id
    manifest = run_dir / "manifest.json"
    if run_id.startswith(".") or not manifest.is_file():
        raise KeyError(f"no finished run {run_id!r} of plan {plan_id or plans.default_plan_id()!r}")
    return Run(run_dir, json.loads(manifest.read_text(encoding="utf-8")))


def latest_run(plan_id: str | None = None, home: Path | None = None) -> Run | None:
    """The last good run of a plan (default plan when ``None``), or ``None`` before any."""
    pointer = plan_runs_dir(plan_id, home) / LATEST
    if not pointer.exists():
        return None
    try:
        return open_run(pointer.read_text(encoding="utf-8").strip(), plan_id, home)
    except KeyError:
        return None


def list_runs(plan_id: str | None = None, home: Path | None = None) -> pd.DataFrame:
    """Every finished run of a plan: run_id, plan_id, finished_at, n_series, to_year,
    data_to_year, code_version, latest."""
    d = plan_runs_dir(plan_id, home)
    latest = latest_run(plan_id, home)
    cols = [
        "run_id",
        "plan_id",
        "finished_at",
        "n_series",
        "to_year",
        "data_to_year",
        "code_version",
        "latest",
    ]
    rows = []
    for m in sorted(d.glob("*/manifest.json")):
        if m.parent.name.startswith("."):
            continue
        x = json.loads(m.read_text(encoding="utf-8"))
        rows.append(
            {c: x.get(c) for c in cols}
            | {"latest": latest is not None and x["run_id"] == latest.run_id}
        )
    return pd.DataFrame(rows, columns=cols).sort_values("finished_at", ignore_index=True)


# ---------------------------------------------------------------- steps
def series_id(region: str, indicator: str) -> str:
    """``"<region>/<indicator>"``, the id of a series in forecasts and runs."""
    return f"{region}/{indicator}"


def _keep_series(obs: pd.DataFrame, plan: plans.Plan) -> list[tuple[str, str]]:
    """(region, indicator) pairs to forecast, by the rules of the module docstring."""
    listed = {(r.region, r.indicator) for r in plan.series.itertuples()}
    listed |= {
        (r.donor_region, r.donor_indicator) for r in plan.series.itertuples() if r.donor_region
    }
    plan_ids = {x.id for x in plan.indicators}
    local = {plan.region, *plan.subregions}
    keep = []
    for (region, ind), n in obs.groupby(["region", "indicator"]).size().items():
        if (region, ind) in listed:
            keep.append((region, ind))
        elif region == plan.region and ind in plan_ids and n >= MIN_PLAN_OBS:
            keep.append((region, ind))
        elif region in local and n >= MIN_OWN_OBS and _forecastable_kind(ind):
            keep.append((region, ind))
    return keep


def select_series(obs: pd.DataFrame, plan: plans.Plan) -> tuple[pd.DataFrame, dict, dict]:
    """History to forecast (long, with series_id), bounds per series (from the catalogue's
    kind), donor map. ``obs``: latest observations (region, indicator, year, value, unit, …)."""
    keep = _keep_series(obs, plan)
    key = pd.MultiIndex.from_frame(obs[["region", "indicator"]])
    hist = obs[key.isin(keep)].copy()
    hist["series_id"] = [
        series_id(r, i) for r, i in zip(hist["region"], hist["indicator"], strict=True)
    ]
    bounds = {
        sid: plans.bounds_for_kind(_kind(ind))
        for sid, ind in hist.groupby("series_id")["indicator"].first().items()
    }
    have = set(hist["series_id"])
    donor_map = {
        series_id(r.region, r.indicator): series_id(r.donor_region, r.donor_indicator)
        for r in plan.series.itertuples()
        if r.donor_region
        and series_id(r.region, r.indicator) in have
        and series_id(r.donor_region, r.donor_indicator) in have
    }
    return hist.sort_values(["series_id", "year"], ignore_index=True), bounds, donor_map


def _kind(indicator: str) -> str:
    try:
        return catalog.series(indicator)["kind"]
    except KeyError:
        return "level"


def _forecastable_kind(indicator: str) -> bool:
    """Levels, shares and ratios are forecast; growth rates and targets are not."""
    try:
        row = catalog.series(indicator)
    except KeyError:
        return False
    return row["kind"] in ("level", "share", "ratio") and not indicator.endswith("_target")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _inputs(plan: plans.Plan) -> dict[str, str]:
    """The reference tables, the plan's pack files and exactly the files the store was built
    from (by original name)."""
    from workbench.store import Store

    files = sorted(paths.REFERENCE_DIR.glob("*.csv"))
    files += sorted(p for p in plan.pack_dir.rglob("*") if p.is_file())
    out = {str(p.relative_to(paths.PROJECT_ROOT)): _sha256(p) for p in files}
    out.update(Store().inputs_used())
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
def _observations(plan: plans.Plan, rebuild_store: bool, say) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Store step: shown values plus the pack's derived ones; and all candidates."""
    from workbench.store import Store, build_store

    say("1/5 store: building from data/sources, the plan packs and the archive")
    build_store(rebuild=rebuild_store)
    store = Store()
    obs = store.observations()
    say(f"    {len(obs)} observations in {obs.groupby(['region', 'indicator']).ngroups} series")
    derived = apply_recipes(plan, obs, store.candidates())
    if len(derived):
        obs = pd.concat([obs, derived], ignore_index=True)
    return obs, derived


def _actuals(obs: pd.DataFrame) -> pd.DataFrame:
    """Observations that count as actuals: everything but synthetic values."""
    if "grade" in obs.columns:
        return obs[obs["grade"] != "synthetic"]
    return obs


def _forecast_step(hist, bounds, donor_map, to_year, n_paths, seed, say):
    from workbench.forecast import forecast

    say(f"3/5 forecast: every series to {to_year} ({n_paths} sample paths each)")
    donors = hist[hist["series_id"].isin(set(donor_map.values()))][["series_id", "year", "value"]]
    result = forecast(
        hist[["series_id", "year", "value"]], to_year=to_year, bounds=bounds,
        donors=donors, donor_map=donor_map, n_paths=n_paths, seed=seed,
    )  # fmt: skip
    failed = getattr(result, "failed", None)
    if failed is not None and len(failed):
        for r in failed.itertuples():
            say(f"    not forecast: {r.series_id}: {r.reason}")
    return result


def _write_run(partial: Path, frames: dict[str, pd.DataFrame], manifest: dict) -> None:
    partial.mkdir(parents=True)
    for name, frame in frames.items():
        frame.to_parquet(partial / f"{name}.parquet", index=False)
    (partial / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def _data_to_year(plan: plans.Plan, obs: pd.DataFrame) -> int | None:
    """Latest year with an actual of any plan indicator in the plan's region."""
    ids = {x.id for x in plan.indicators}
    mine = obs[(obs["region"] == plan.region) & obs["indicator"].isin(ids)]
    return int(mine["year"].max()) if len(mine) else None


def refresh(
    plan_id: str | None = None,
    *,
    to_year: int | None = None,
    n_paths: int = 1000,
    seed: int = 0,
    rebuild_store: bool = False,
    as_of: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Run:
    """Run the pipeline for plan ``plan_id`` (default plan when ``None``) and make its result
    the plan's latest run; returns it.

    ``to_year``: last forecast year (default: the plan's horizon). ``n_paths``: sample paths
    per series. ``as_of``: the date the run judges targets on (default today): a target year
    before ``as_of.year`` is over. Raises :class:`RefreshError` (the previous run stays the
    latest) on failure.
    """
    from workbench.targets import assess_plan

    plan = plans.load_plan(plan_id)
    to_year = to_year or plan.horizon
    as_of = as_of or dt.date.today()
    say = progress or (lambda _msg: None)
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    runs = plan_runs_dir(plan.id)
    runs.mkdir(parents=True, exist_ok=True)
    partial = runs / f".partial-{run_id}"
    from workbench.store.recovery import recover

    recover()  # leftovers of interrupted commands (temporary files, partial runs)
    try:
        obs, derived = _observations(plan, rebuild_store, say)
        actual = _actuals(obs)
        say("2/5 series: choosing what to forecast")
        hist, bounds, donor_map = select_series(actual, plan)
        if hist.empty:
            raise RefreshError("no series to forecast: the store holds no usable observations")
        say(f"    {hist['series_id'].nunique()} series, {len(donor_map)} borrowing from a donor")
        result = _forecast_step(hist, bounds, donor_map, to_year, n_paths, seed, say)

        say("4/5 targets: every plan target, on actuals where they exist")
        mine = actual[actual["region"] == plan.region].assign(
            series_id=lambda d: d["region"] + "/" + d["indicator"]
        )
        targets = assess_plan(
            plan, mine[["series_id", "year", "value"]], result, as_of_year=as_of.year
        )

        say("5/5 run: writing")
        frames = {
            "history": hist,
            "forecasts": _with_region(result.table),
            "paths": result.paths,
            "info": _with_region(result.info),
            "targets": targets,
            "observations": obs.drop(columns=[c for c in ("vintage_sha256",) if c in obs.columns]),
        }
        failed = getattr(result, "failed", None)
        if failed is not None:
            frames["failed"] = failed
        manifest = {
            "run_id": run_id,
            "plan_id": plan.id,
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - t0, 2),
            "code_version": _code_version(),
            "as_of": as_of.isoformat(),
            "as_of_year": as_of.year,
            "data_to_year": _data_to_year(plan, actual),
            "to_year": to_year,
            "n_paths": n_paths,
            "seed": seed,
            "n_series": int(result.info["series_id"].nunique()),
            "n_derived": len(derived),
            "models": dict(zip(result.info["series_id"], result.info["model"], strict=True)),
            "donors": donor_map,
            "inputs": _inputs(plan),
        }
        _write_run(partial, frames, manifest)
        final = runs / run_id
        os.replace(partial, final)
        _write_atomic_text(runs / LATEST, run_id)
        say(f"done: run {run_id} of plan {plan.id} in {manifest['seconds']} s")
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


from workbench._callable import make_callable  # noqa: E402

make_callable(__name__, refresh)  # ``wb.refresh(plan_id)`` is :func:`refresh`
