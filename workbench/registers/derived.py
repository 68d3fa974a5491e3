"""Measured series into the observation store, as a *derived* vintage per register vintage.

Contract (docs/registers.md): measuring register vintage ``r`` writes one CSV
(``measured_register_r<r>_<sha12>.csv``) through :meth:`workbench.store.Store.ingest`, with
one row per region × year × series, ``grade`` ``derived`` and the provenance in ``source``
(register vintage and hash), ``quote`` (the computation) and ``note`` (file, classification
table, coefficients, value-added rates, GDP used). Series: value added by category
(``digital_core_va_cat01…04``, ``digital_efficiency_va_cat05``), ``digital_core_va``,
``digital_economy_va`` (亿元) and the shares ``digital_economy_share_gdp`` and
``digital_core_va_share_gdp`` (%). A SYNTHETIC register writes the same ids suffixed
``_synthetic`` with grade ``synthetic``, so it never stands for a region's actual.
Removing the register vintage removes its derived vintage (:func:`remove_register`).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.registers.db import RegisterDB
from workbench.registers.measure import Measurement, group_sql, measure_groups
from workbench.store import IngestResult, Store, build_store

LEVEL_SERIES = {
    "01": "digital_core_va_cat01_digital_product_mfg",
    "02": "digital_core_va_cat02_digital_product_services",
    "03": "digital_core_va_cat03_digital_tech_application",
    "04": "digital_core_va_cat04_digital_factor_driven",
    "05": "digital_efficiency_va_cat05",
    "core": "digital_core_va",
    "total": "digital_economy_va",
}
SHARE_SERIES = {"total": "digital_economy_share_gdp", "core": "digital_core_va_share_gdp"}
SYNTHETIC_SUFFIX = "_synthetic"
COLUMNS = [
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "source",
    "source_url",
    "quote",
    "note",
    "grade",
]


@dataclass
class Published:
    """A measured register vintage written to the observation store."""

    measurement: Measurement
    result: IngestResult
    frame: pd.DataFrame


def series_id(base: str, synthetic: bool) -> str:
    """The stored series id: ``base``, or ``base + "_synthetic"`` for a SYNTHETIC register."""
    return base + SYNTHETIC_SUFFIX if synthetic else base


def store_gdp(store: Store) -> pd.DataFrame:
    """GDP shown in the observation store: ``region, year, gdp`` (万元), ``gdp_source``."""
    if not store.path.exists():
        build_store()
    g = store.observations(indicator="gdp")
    return pd.DataFrame(
        {
            "region": g["region"],
            "year": g["year"].astype("int64"),
            "gdp": g["value"] * 10_000,
            "gdp_source": g["source"],
        }
    )


def register_gdp(m: Measurement) -> pd.DataFrame:
    """For a SYNTHETIC register: its own total value added per region and year stands in
    for GDP (the synthetic register is calibrated so that its total equals GDP)."""
    parts = m.table[m.table["category"].isin(["01", "02", "03", "04", "05", "NA", "UNMATCHED"])]
    g = parts.groupby(["region", "year"])["value"].sum().rename("gdp").reset_index()
    return g.assign(gdp_source="SYNTHETIC register total value added")


def _provenance(v: dict, m: Measurement, synthetic: bool) -> str:
    notes = "; ".join(m.notes)
    tag = "SYNTHETIC register, never an actual; " if synthetic else ""
    return (
        f"{tag}register file {v['original_filename']} (vintage r{v['vintage_id']}, delivered by: "
        f"{v['source']}); value-added rates: {m.provenance.get('rates', '')}; {notes}"
    )


def derived_frame(v: dict, m: Measurement, gdp_sources: pd.DataFrame) -> pd.DataFrame:
    """The tidy observation rows (:data:`COLUMNS`) of a measured register vintage."""
    synthetic = bool(v["synthetic"])
    source = (
        f"measured from enterprise register vintage r{v['vintage_id']} (sha256 {v['sha256'][:12]})"
    )
    if synthetic:
        source = "SYNTHETIC " + source
    note = _provenance(v, m, synthetic)
    grade = "synthetic" if synthetic else "derived"
    t = m.table.merge(gdp_sources, on=["region", "year"], how="left")
    rows = []
    for r in t.itertuples(index=False):
        if r.category in LEVEL_SERIES:
            rows.append((r.region, series_id(LEVEL_SERIES[r.category], synthetic), r.year, r.value / 10_000, "亿元",
                         f"sum of register value added classified into {r.category} = {r.value:.10g} 万元"))  # fmt: skip
        if r.category in SHARE_SERIES and pd.notna(r.share_of_gdp):
            rows.append((r.region, series_id(SHARE_SERIES[r.category], synthetic), r.year, r.share_of_gdp, "%",
                         f"{r.category} value added {r.value:.10g} 万元 / GDP {r.gdp:.10g} 万元 ({r.gdp_source}) × 100"))  # fmt: skip
    df = pd.DataFrame(rows, columns=["region", "indicator", "year", "value", "unit", "quote"])
    df["value"] = df["value"].map(lambda x: float(f"{x:.10g}"))
    return df.assign(source=source, source_url="", note=note, grade=grade)[COLUMNS]


def publish(vintage_id: int, db: RegisterDB | None = None, store: Store | None = None) -> Published:
    """Measure register vintage ``vintage_id`` and ingest the result as a derived vintage."""
    db, store = db or RegisterDB(), store or Store()
    v = db.vintage(vintage_id)
    with db.query(vintage_id) as con:
        groups = group_sql(con, "enterprises")
    gdp = register_gdp(measure_groups(groups)) if bool(v["synthetic"]) else store_gdp(store)
    m = measure_groups(groups, gdp[["region", "year", "gdp"]])
    frame = derived_frame(v, m, gdp[["region", "year", "gdp_source"]])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"measured_register_r{v['vintage_id']}_{v['sha256'][:12]}.csv"
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        res = store.ingest(path, source=frame["source"].iat[0])
    db.set_derived(vintage_id, res.sha256)
    return Published(m, res, frame)


def ingest_register(path: str | Path, *, year: int | None = None, source: str, synthetic: bool = False,
                    db: RegisterDB | None = None, store: Store | None = None):  # fmt: skip
    """Ingest a register file and publish its measured series; if publishing fails the
    register vintage is removed again, so a failure changes nothing. Returns
    ``(RegisterIngest, Published | None)`` (None when the file was already ingested)."""
    db, store = db or RegisterDB(), store or Store()
    res = db.ingest(path, year=year, source=source, synthetic=synthetic)
    if res.status == "unchanged" and db.vintage(res.vintage_id)["derived_sha256"]:
        return res, None
    try:
        return res, publish(res.vintage_id, db, store)
    except BaseException:
        if res.status == "added":
            db.remove(res.vintage_id)
        raise


def remove_register(
    vintage_id: int, db: RegisterDB | None = None, store: Store | None = None
) -> dict:
    """Remove a register vintage and the derived vintage measured from it; returns its row."""
    db, store = db or RegisterDB(), store or Store()
    v = db.vintage(vintage_id)
    if v["derived_sha256"] and store.path.exists():
        store.remove_vintage(v["derived_sha256"])
    return db.remove(vintage_id)
