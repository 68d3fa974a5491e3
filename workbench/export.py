"""Safe CSV and Excel writers for every table the workbench hands out.

OWASP's CSV-injection rule: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is prefixed with a single quote ``'`` so that a spreadsheet shows it
as text instead of running it as a formula (``=HYPERLINK(…)``, ``@SUM(…)``, ``+cmd|…``).
Numbers stay numbers (a negative value is a number, not text). Excel cells are always
written as values with an explicit type, never as formulas.

Use :func:`csv_bytes` / :func:`write_csv` and :func:`xlsx_bytes` / :func:`write_xlsx`
instead of ``DataFrame.to_csv`` / ``to_excel`` for anything a user downloads or opens.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from pathlib import Path

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP)."""

SYNTHETIC_NOTE = "SYNTHETIC: generated data for demonstration, not real figures"


def neutralise(value: object) -> object:
    """``value`` made inert: text starting with a dangerous character gets a leading ``'``;
    anything that is not text is returned unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and column names) are neutralised."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame, encoding: str = "utf-8-sig", **kw) -> bytes:
    """``df`` as CSV bytes (UTF-8 with BOM, so Excel reads Chinese correctly), neutralised."""
    kw.setdefault("lineterminator", "\r\n")  # RFC 4180; also makes a bare CR get quoted
    return safe_frame(df).to_csv(index=False, **kw).encode(encoding)


def _atomic_bytes(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_csv(df: pd.DataFrame, path: str | Path, **kw) -> Path:
    """Write :func:`csv_bytes` to ``path`` (atomically); returns the path."""
    return _atomic_bytes(path, csv_bytes(df, **kw))


def _cell(value: object) -> tuple[object, str]:
    """An openpyxl value and its data type (``n``umber, ``s``tring, ``b``ool, ``d``ate)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None, "n"
    if isinstance(value, bool):
        return value, "b"
    if isinstance(value, int | float):
        v = float(value)
        return (value if math.isfinite(v) else str(value)), ("n" if math.isfinite(v) else "s")
    if isinstance(value, pd.Timestamp):
        return (None, "n") if pd.isna(value) else (value.to_pydatetime(), "d")
    if isinstance(value, dt.date | dt.datetime):
        return value, "d"
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return neutralise(str(value)), "s"


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per frame (names cut to Excel's 31 characters);
    every cell is a typed value, text is neutralised, nothing is a formula."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        ws = wb.create_sheet(str(name)[:31])
        ws.append([])  # row 1, filled below with string-typed headers
        for j, col in enumerate(df.columns, start=1):
            c = ws.cell(row=1, column=j)
            c.value, c.data_type = neutralise(str(col)), "s"
        for i, row in enumerate(df.itertuples(index=False), start=2):
            for j, value in enumerate(row, start=1):
                v, kind = _cell(value)
                if v is None:
                    continue
                c = ws.cell(row=i, column=j)
                c.value = v
                c.data_type = kind  # set after the value: never 'f' (formula)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(sheets: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write :func:`xlsx_bytes` to ``path`` (atomically); returns the path."""
    return _atomic_bytes(path, xlsx_bytes(sheets))


EXPORT_COLUMNS = [
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "source",
    "publisher",
    "source_url",
    "quote",
    "published_on",
    "grade",
    "priority",
    "vintage_id",
    "conflict",
    "note",
]
"""Columns of :func:`store_export`: each current value with its source and grade."""


def store_export(
    indicators: list[str] | None = None, regions: list[str] | None = None
) -> pd.DataFrame:
    """The store's current (shown) values with their sources and grades, long format,
    sorted by region, indicator, year; restricted to ``indicators``/``regions`` if given.
    Rows of grade ``synthetic`` keep that grade and get the SYNTHETIC note."""
    from workbench.store import Store

    obs = Store().observations()
    if indicators is not None:
        obs = obs[obs["indicator"].isin(indicators)]
    if regions is not None:
        obs = obs[obs["region"].isin(regions)]
    out = obs[[c for c in EXPORT_COLUMNS if c in obs.columns]].copy()
    if "grade" in out:
        syn = out["grade"] == "synthetic"
        out.loc[syn, "note"] = [f"{SYNTHETIC_NOTE}; {n}".rstrip("; ") for n in out.loc[syn, "note"]]
    return out.sort_values(["region", "indicator", "year"], ignore_index=True)


def plan_export(plan_id: str | None = None) -> pd.DataFrame:
    """:func:`store_export` for one plan: its region and sub-regions, its indicators and
    the series it forecasts or borrows from (``series.csv``)."""
    from workbench import plans

    plan = plans.load_plan(plan_id)
    regions = [plan.region, *plan.subregions]
    indicators = [x.id for x in plan.indicators]
    s = plan.series
    if len(s):
        indicators += list(s.get("indicator", [])) + list(s.get("donor_indicator", []))
        regions += list(s.get("region", [])) + list(s.get("donor_region", []))
    keep = sorted({i for i in indicators if i})
    return store_export(indicators=keep, regions=sorted({r for r in regions if r}))
