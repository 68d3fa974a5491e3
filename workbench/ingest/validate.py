"""Turn a delivered file into validated tidy observations, or say exactly what is wrong.

Tidy observation schema (one row per number; see :data:`OBSERVATION_COLUMNS`):
``region`` (id from regions.csv), ``indicator`` (id from series_catalog.csv), ``year`` (int),
``value`` (float, in ``unit``, the indicator's canonical unit), ``unit``, ``source`` (who
published it, row-level or the file's), ``source_url``, ``quote``, ``note``,
``published_on`` (date the value became public, or None), ``orig_value``/``orig_unit``
(as delivered), ``file``, ``sheet``, ``row`` (where it came from) and ``vintage``
(``sha256:<first 16 hex>`` of the file; the store adds the ingest time).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import math
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from workbench import catalog
from workbench.ingest import columns as C
from workbench.ingest.errors import IngestError, Issue, ValidationReport
from workbench.ingest.readers import ReadError, read_tables
from workbench.ingest.units import UnitError, canonical_unit, convert

OBSERVATION_COLUMNS: tuple[str, ...] = (
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "source",
    "source_url",
    "quote",
    "note",
    "published_on",
    "orig_value",
    "orig_unit",
    "file",
    "sheet",
    "row",
    "vintage",
)
MIN_YEAR = 1949
DEFAULT_MAX_JUMP = 0.6
"""Year-on-year relative change beyond which a value is flagged (warning, not error)."""

_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$")


def observation_schema() -> pa.DataFrameSchema:
    """The pandera schema every tidy observation frame satisfies."""
    regions = catalog.regions()["region_id"].tolist()
    indicators = catalog.series_catalog()["indicator_id"].tolist()
    text = pa.Column(str, nullable=False)
    return pa.DataFrameSchema(
        {
            "region": pa.Column(str, pa.Check.isin(regions)),
            "indicator": pa.Column(str, pa.Check.isin(indicators)),
            "year": pa.Column(int, pa.Check.in_range(MIN_YEAR, dt.date.today().year)),
            "value": pa.Column(float, pa.Check(lambda s: s.map(math.isfinite))),
            "unit": pa.Column(str, pa.Check.isin(catalog.units()["unit"].tolist())),
            "source": text,
            "source_url": text,
            "quote": text,
            "note": text,
            "published_on": pa.Column(object, nullable=True),
            "orig_value": pa.Column(float),
            "orig_unit": text,
            "file": text,
            "sheet": text,
            "row": pa.Column(int, pa.Check.ge(1)),
            "vintage": pa.Column(str, pa.Check.str_startswith("sha256:")),
        },
        strict=True,
        ordered=True,
    )


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def parse_number(raw: object) -> tuple[float | None, bool]:
    """A cell as a number: ``(value, had_percent_sign)``; ``(None, False)`` for a missing marker.

    Accepts ``1,234.5``, full-width digits, ``45.6%``; raises ``ValueError`` otherwise.
    """
    if isinstance(raw, bool):
        raise ValueError(f"not a number: {raw!r}")
    if isinstance(raw, int | float):
        if not math.isfinite(float(raw)):
            raise ValueError(f"not a finite number: {raw!r}")
        return float(raw), False
    t = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
    if t.casefold() in C.MISSING_MARKERS:
        return None, False
    pct = t.endswith("%")
    t = t.rstrip("%").replace(",", "").replace(" ", "")
    try:
        v = float(t)
    except ValueError:
        raise ValueError(f"not a number: {str(raw)!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"not a finite number: {str(raw)!r}")
    return v, pct


def parse_year(raw: object) -> int:
    """A year cell (``2016``, ``2016.0``, ``"2016年"``) as int; ``ValueError`` otherwise."""
    if isinstance(raw, bool) or isinstance(raw, dt.date | dt.datetime):
        raise ValueError(f"not a year: {raw!r}")
    if isinstance(raw, float) and not raw.is_integer():
        raise ValueError(f"not a year: {raw!r}")
    y = C.year_header(raw)
    if y is None:
        raise ValueError(f"not a year: {C.cell_text(raw)!r}")
    return y


def parse_date(raw: object) -> dt.date | None:
    """A publication date; ``2017-05`` means the end of May 2017, ``2017`` the end of 2017
    (the latest day it may have become known, so vintage queries never claim knowledge early)."""
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    t = C.cell_text(raw)
    if not t:
        return None
    m = _DATE.match(t)
    if not m:
        raise ValueError(f"not a date (use YYYY-MM-DD): {t!r}")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    month = int(mo) if mo else 12
    if not 1 <= month <= 12:
        raise ValueError(f"not a date: {t!r}")
    day = int(d) if d else calendar.monthrange(y, month)[1]
    try:
        return dt.date(y, month, day)
    except ValueError:
        raise ValueError(f"not a date: {t!r}") from None


def _bounds_issue(value: float, indicator: str) -> str | None:
    s = catalog.series(indicator)
    kind, name, unit = s["kind"], s["name_zh"], s["unit"]
    if kind in ("level", "ratio") and value < 0:
        return (
            f"negative value {value:g} is impossible for {indicator} ({name}, a {kind} in {unit})"
        )
    if kind == "share" and not 0 <= value <= 100:
        return f"share {value:g} {unit} is outside 0–100 for {indicator} ({name})"
    return None


class _Parser:
    def __init__(self, path: Path, source: str | None):
        self.path = path
        self.name = path.name
        self.source = source
        self.issues: list[Issue] = []
        self._seen: set[Issue] = set()

    def issue(
        self,
        message: str,
        row: int | None = None,
        column: str | None = None,
        sheet=None,
        severity="error",
    ):
        item = Issue(self.name, message, row, column, severity, sheet)
        if item not in self._seen:  # wide rows repeat region/indicator problems per year cell
            self._seen.add(item)
            self.issues.append(item)

    def record(self, rec: C.RawRecord, lay: C.Layout) -> dict | None:
        sheet = lay.table.sheet
        failed = False

        def err(msg: str, f: str | None) -> None:
            nonlocal failed
            failed = True
            self.issue(msg, rec.row, rec.columns.get(f) if f else None, sheet)

        # region
        region_text = C.cell_text(rec.cells.get("region"))
        region = catalog.resolve_region(region_text) if region_text else None
        if not region_text:
            err("region is empty", "region")
        elif region is None:
            err(
                f"unknown region {region_text!r} (known: the regions of data/reference/regions.csv and of the plan packs' regions.csv)",
                "region",
            )
        # indicator (a trailing "(亿元)" in the name gives the unit)
        ind_text = C.cell_text(rec.cells.get("indicator"))
        indicator = catalog.resolve_indicator(ind_text) if ind_text else None
        name_unit = None
        if ind_text and indicator is None:
            base, name_unit = C.split_paren(ind_text)
            indicator = catalog.resolve_indicator(base)
        if not ind_text:
            err("indicator is empty", "indicator")
        elif indicator is None:
            err(
                f"unknown indicator {ind_text!r} (use an id or name from data/reference/series_catalog.csv, "
                "e.g. online_retail_sales or 网络零售额)",
                "indicator",
            )
        # year
        year = rec.year_from_header
        if year is None:
            try:
                year = parse_year(rec.cells.get("year"))
            except ValueError as exc:
                err(str(exc) if C.cell_text(rec.cells.get("year")) else "year is empty", "year")
        if year is not None and not MIN_YEAR <= year <= dt.date.today().year:
            err(
                f"impossible year {year} (observations must lie in {MIN_YEAR}–{dt.date.today().year})",
                "year",
            )
            year = None
        # value
        try:
            value, pct = parse_number(rec.cells.get("value"))
        except ValueError as exc:
            err(str(exc), "value")
            value, pct = None, False
        else:
            if value is None and not failed:
                self.issue(
                    "no value; row skipped", rec.row, rec.columns.get("value"), sheet, "warning"
                )
                return None
        # unit: unit cell > header "数值(亿元)" > indicator "网络零售额(亿元)" > "单位：" line > "%" sign
        unit_text, unit_field = C.cell_text(rec.cells.get("unit")), "unit"
        if not unit_text:
            unit_field = "value"
            unit_text = (
                lay.header_units.get("value") or name_unit or lay.title_unit or ("%" if pct else "")
            )
        unit = None
        if not unit_text:
            err(
                "no unit given: add a 单位/unit column or write it in the header, e.g. 数值(亿元)",
                "unit" if "unit" in rec.columns else "value",
            )
        else:
            try:
                unit = canonical_unit(unit_text)
            except UnitError as exc:
                err(str(exc), unit_field)
            if unit and pct and catalog.unit_row(unit)["family"] != "percent":
                err(f"value has a % sign but the unit is {unit!r}", "value")
                unit = None
        if failed or None in (region, indicator, year, unit, value):
            return None
        s = catalog.series(indicator)
        try:
            canon = convert(value, unit, s["unit"])
        except UnitError:
            err(
                f"unit {unit!r} cannot apply to {indicator} ({s['name_zh']}), which is measured in {s['unit']!r}",
                unit_field,
            )
            return None
        if msg := _bounds_issue(canon, indicator):
            err(msg, "value")
            return None
        try:
            published_on = parse_date(rec.cells.get("published_on"))
        except ValueError as exc:
            err(str(exc), "published_on")
            return None
        row_source = C.cell_text(rec.cells.get("source"))
        return {
            "region": region,
            "indicator": indicator,
            "year": int(year),
            "value": canon,
            "unit": s["unit"],
            "source": row_source or self.source or f"file {self.name}",
            "source_url": C.cell_text(rec.cells.get("source_url")),
            "quote": C.cell_text(rec.cells.get("quote")),
            "note": C.cell_text(rec.cells.get("note")),
            "published_on": published_on,
            "orig_value": value,
            "orig_unit": unit,
            "file": self.name,
            "sheet": sheet or "",
            "row": rec.row,
            "_value_col": rec.columns.get("value"),
        }

    def layouts(self) -> tuple[list[C.Layout], dict]:
        tables = read_tables(self.path)
        found = [(t, C.find_layout(t)) for t in tables]
        complete = [lay for _, lay in found if lay is not None and not lay.missing()]
        meta = {"encoding": tables[0].encoding if tables else None}
        if complete:
            for t, lay in found:
                if lay is not None and lay.missing():  # a table with a partial header
                    self.issue(
                        "table header lacks " + ", ".join(lay.missing()) + "; sheet skipped",
                        lay.header_row,
                        sheet=t.sheet,
                        severity="warning",
                    )
            return complete, meta
        partial = [lay for _, lay in found if lay is not None]
        if not partial:
            if not any(C.cell_text(c) for t in tables for _, cells in t.rows for c in cells):
                self.issue("the file is empty")
            else:
                self.issue(
                    "no header row found in the first 30 rows: expected columns 地区/region, 指标/indicator, "
                    "年份/year, 数值/value (long layout) or 地区, 指标 and year columns such as 2016 or 2016年 (wide)",
                    sheet=tables[0].sheet if len(tables) == 1 else None,
                )
            return [], meta
        best = max(partial, key=lambda lay: lay.score())
        names = {
            "region": "地区/region",
            "indicator": "指标/indicator",
            "year": "年份/year",
            "value": "数值/value",
        }
        missing = ", ".join(names[f] for f in best.missing())
        self.issue(
            f"missing required column(s): {missing}", best.header_row, None, best.table.sheet
        )
        return [], meta

    def run(self, max_jump: float) -> tuple[pd.DataFrame, ValidationReport]:
        report = ValidationReport(path=self.path, issues=self.issues)
        try:
            lays, meta = self.layouts()
        except ReadError as exc:
            self.issues.append(exc.issue)
            return _empty(), report
        report.encoding = meta["encoding"]
        report.layout = ", ".join(sorted({lay.kind for lay in lays})) or None
        report.sheet = ", ".join(lay.table.sheet for lay in lays if lay.table.sheet) or None
        rows: list[dict] = []
        for lay in lays:
            recs, issues = C.records(lay, self.name)
            self.issues.extend(issues)
            for rec in recs:
                r = self.record(rec, lay)
                if r is not None:
                    rows.append(r)
            if not recs and not any(i.severity == "error" for i in issues):
                self.issue(
                    f"no data rows below the header (row {lay.header_row})", sheet=lay.table.sheet
                )
        rows = self._duplicates(rows)
        self._jumps(rows, max_jump)
        if report.errors:
            return _empty(), report
        df = pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows])
        if df.empty:
            return _empty(), report
        df["vintage"] = "sha256:" + file_sha256(self.path)[:16]
        df = df.astype({"year": int, "row": int, "value": float, "orig_value": float})
        df = observation_schema().validate(df[list(OBSERVATION_COLUMNS)])
        report.n_observations = len(df)
        return df.reset_index(drop=True), report

    def _duplicates(self, rows: list[dict]) -> list[dict]:
        seen: dict[tuple, dict] = {}
        out = []
        for r in rows:
            key = (r["region"], r["indicator"], r["year"], r["source"], r["source_url"])
            first = seen.get(key)
            if first is None:
                seen[key] = r
                out.append(r)
                continue
            where = f"row {first['row']}" + (
                f" (sheet {first['sheet']!r})" if first["sheet"] else ""
            )
            if math.isclose(first["value"], r["value"], rel_tol=1e-9, abs_tol=1e-12):
                self.issue(
                    f"duplicate of {where}: same value, kept once",
                    r["row"],
                    r["_value_col"],
                    r["sheet"] or None,
                    "warning",
                )
            else:
                self.issue(
                    f"conflicting duplicate: {r['region']} {r['indicator']} {r['year']} is {r['value']:g} here but "
                    f"{first['value']:g} in {where} (same source); keep one, or give each its own 来源/source",
                    r["row"],
                    r["_value_col"],
                    r["sheet"] or None,
                )
        return out

    def _jumps(self, rows: list[dict], max_jump: float) -> None:
        series: dict[tuple, dict[int, dict]] = {}
        for r in rows:
            if catalog.series(r["indicator"])["kind"] == "rate":
                continue
            series.setdefault((r["region"], r["indicator"]), {}).setdefault(r["year"], r)
        for (_region, _ind), by_year in series.items():
            for y in sorted(by_year):
                prev = by_year.get(y - 1)
                cur = by_year[y]
                if prev is None or prev["value"] == 0:
                    continue
                change = cur["value"] / prev["value"] - 1
                if abs(change) > max_jump:
                    self.issue(
                        f"implausible jump for {cur['region']} {cur['indicator']}: {y - 1} → {y} changes by "
                        f"{change:+.0%} ({prev['value']:g} → {cur['value']:g} {cur['unit']}); check value and unit",
                        cur["row"],
                        cur["_value_col"],
                        cur["sheet"] or None,
                        "warning",
                    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in OBSERVATION_COLUMNS})


def read_with_report(
    path: str | Path, source: str | None = None, max_jump: float = DEFAULT_MAX_JUMP
) -> tuple[pd.DataFrame, ValidationReport]:
    """Tidy observations and the full report (an empty frame when the report has errors)."""
    return _Parser(Path(path), source).run(max_jump)


def validate_file(
    path: str | Path, source: str | None = None, max_jump: float = DEFAULT_MAX_JUMP
) -> ValidationReport:
    """Validate a delivered file without storing it; ``report.ok`` is False on any error."""
    _, report = _Parser(Path(path), source).run(max_jump)
    return report


def read_observations(
    path: str | Path, source: str | None = None, max_jump: float = DEFAULT_MAX_JUMP
) -> pd.DataFrame:
    """Tidy observations of a delivered CSV/xlsx file in canonical units (see module doc).

    ``source`` is the file-level source text, used where a row has no 来源/source cell.
    Raises :class:`IngestError` listing every issue (file, row, column, message) when the
    file has any error; warnings alone do not raise (see :func:`validate_file`).
    """
    df, report = _Parser(Path(path), source).run(max_jump)
    if not report.ok:
        raise IngestError(report.issues)
    return df
