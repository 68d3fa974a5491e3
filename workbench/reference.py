"""Reference tables: the NBS 2021 digital-economy classification and the GB/T 4754-2017
industry list; a plan's indicators and targets are delegated to :mod:`workbench.plans`.

All tables are CSV files under ``data/reference/`` (see ``data/README.md`` for their
provenance). Each loader reads its file once, validates it and returns an immutable
object or a copy of a DataFrame, so callers cannot corrupt the cache.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from workbench import plans
from workbench.paths import REFERENCE_DIR
from workbench.plans import Indicator, Target  # noqa: F401  (re-exported)


class ReferenceDataError(ValueError):
    """A reference table is missing, malformed or inconsistent."""


def _read(name: str, directory: Path | None = None) -> pd.DataFrame:
    path = (directory or REFERENCE_DIR) / name
    if not path.exists():
        raise ReferenceDataError(f"reference table missing: {path}")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


# ---- a plan's indicators: thin delegations to workbench.plans (the packs hold them) ----
def indicators(plan_id: str | None = None) -> tuple[Indicator, ...]:
    """The indicators of plan ``plan_id`` (default plan when ``None``), in the plan's order."""
    return plans.load_plan(plan_id).indicators


def indicator(indicator_id: str, plan_id: str | None = None) -> Indicator:
    """One indicator of a plan by id; ``KeyError`` naming the known ids otherwise."""
    return plans.load_plan(plan_id).indicator(indicator_id)


def indicators_frame(lang: str = "zh", plan_id: str | None = None) -> pd.DataFrame:
    """A plan's indicators as a table for display: one row per indicator, plan order."""
    return plans.load_plan(plan_id).indicators_frame(lang)


@lru_cache(maxsize=1)
def _levels() -> pd.DataFrame:
    df = _read("nbs_digital_economy_2021_levels.csv")
    bad = df[
        ~df["mid_code"].str.fullmatch(r"0[1-5]\d\d") | (df["mid_code"].str[:2] != df["major_code"])
    ]
    if len(bad):
        raise ReferenceDataError(
            f"nbs_digital_economy_2021_levels.csv: bad mid codes {bad['mid_code'].tolist()}"
        )
    return df[["major_code", "major_name", "mid_code", "mid_name", "source", "notes"]]


def nbs_majors() -> pd.DataFrame:
    """The five NBS 2021 大类: ``major_code`` (01–05), ``major_name``, ``is_core`` (01–04)."""
    df = _levels()[["major_code", "major_name"]].drop_duplicates().reset_index(drop=True)
    df["is_core"] = df["major_code"] != "05"
    return df


def nbs_mids() -> pd.DataFrame:
    """The 32 NBS 2021 中类: ``major_code``, ``mid_code``, ``mid_name`` (mid codes inferred, see notes)."""
    return (
        _levels()[["major_code", "major_name", "mid_code", "mid_name"]]
        .reset_index(drop=True)
        .copy()
    )


MAJOR_NAMES_EN: dict[str, str] = {
    "01": "Digital product manufacturing",
    "02": "Digital product services",
    "03": "Digital technology application",
    "04": "Digital factor-driven industries",
    "05": "Digital efficiency improvement",
}


@lru_cache(maxsize=1)
def _subclasses() -> pd.DataFrame:
    df = _read("nbs_digital_economy_2021_subclasses.csv")
    df["partial"] = df["partial"].str.lower().map({"true": True, "false": False})
    if df["partial"].isna().any():
        raise ReferenceDataError(
            "nbs_digital_economy_2021_subclasses.csv: column partial must be true/false"
        )
    return df


def nbs_subclasses() -> pd.DataFrame:
    """The reconstructed (UNVERIFIED) 小类 ↔ GB/T 4754-2017 correspondence, one row per pair.

    Columns: major_code, major_name, mid_code, mid_name, sub_code, sub_name, gbt4754_code,
    gbt4754_level (小类 or 大类), gbt4754_name, partial (bool), confidence, provenance.
    """
    return _subclasses().copy()


@lru_cache(maxsize=1)
def _gbt() -> pd.DataFrame:
    df = _read("gbt4754_2017.csv")
    if df["code"].duplicated().any():
        raise ReferenceDataError("gbt4754_2017.csv: duplicate codes")
    return df


def gbt4754() -> pd.DataFrame:
    """GB/T 4754-2017: ``code`` (no section letter), ``name``, ``level`` (门类/大类/中类/小类), ``parent``."""
    return _gbt().copy()
