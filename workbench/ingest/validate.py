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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from workbench import catalog
from workbench.ingest import columns as C
from workbench.ingest.errors import IngestError, Issue, ValidationReport
from workbench.ingest.grades import DEFAULT_PRIORITY, Grade, parse_grade
from workbench.ingest.limits import Limits
from workbench.ingest.messages import FIELD_ZH, KIND_ZH, Msg, of_exception
from workbench.ingest.numbers import NumberStyle, parse_number
from workbench.ingest.readers import ReadError, read_tables
from workbench.ingest.spill import Spilled, SpillWriter
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
    "publisher",
    "grade",
    "priority",
)
MIN_YEAR = 1949
DEFAULT_MAX_JUMP = 0.6
"""Year-on-year relative change beyond which a value is flagged (warning, not error)."""
MAGNITUDE_FACTOR = 100.0
"""A value more than this many times above (or below) its series' stored history is flagged."""
CEILING = 1e12
"""Without history, a value beyond this in its canonical unit is flagged as implausible."""

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
            "publisher": text,
            "grade": pa.Column(str, pa.Check.isin([g.value for g in Grade])),
            "priority": pa.Column(int),
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


def parse_year(raw: object) -> int:
    """A year cell (``2016``, ``2016.0``, ``"2016年"``) as int; ``ValueError`` otherwise."""
    if isinstance(raw, bool) or isinstance(raw, dt.date | dt.datetime):
        raise ValueError(Msg("year_not_year", shown=repr(raw)))
    if isinstance(raw, float) and not raw.is_integer():
        raise ValueError(Msg("year_not_year", shown=repr(raw)))
    y = C.year_header(raw)
    if y is None:
        raise ValueError(Msg("year_not_year", shown=repr(C.cell_text(raw))))
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
        raise ValueError(Msg("date_format", shown=repr(t)))
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    month = int(mo) if mo else 12
    if not 1 <= month <= 12:
        raise ValueError(Msg("date_bad", shown=repr(t)))
    day = int(d) if d else calendar.monthrange(y, month)[1]
    try:
        return dt.date(y, month, day)
    except ValueError:
        raise ValueError(Msg("date_bad", shown=repr(t))) from None


def _bounds_issue(value: float, indicator: str) -> str | None:
    s = catalog.series(indicator)
    kind, name, unit = s["kind"], s["name_zh"], s["unit"]
    if kind in ("level", "ratio") and value < 0:
        return Msg("value_negative", value=value, indicator=indicator, name=name, kind=kind,
                   kind_zh=KIND_ZH.get(kind, kind), unit=unit)  # fmt: skip
    if kind == "share" and not 0 <= value <= 100:
        return Msg("value_share_range", value=value, unit=unit, indicator=indicator, name=name)
    return None


def _names_zh(region: str, indicator: str) -> dict[str, str]:
    """Chinese names of a region and an indicator for a message's Chinese text."""
    return {"region_zh": catalog.region_name(region, "zh"),
            "name": catalog.series(indicator)["name_zh"]}  # fmt: skip


def is_plan_figure(indicator: str) -> bool:
    """A target or planned quantity (ids ``*_target``, ``planned_*``): published before its year."""
    return indicator.endswith("_target") or indicator.startswith("planned_")


def _date_issue(published: dt.date, year: int, indicator: str) -> str | None:
    today = dt.date.today()
    if published > today:
        return Msg("date_future", date=published.isoformat(), today=today.isoformat())
    if published.year < year and not is_plan_figure(indicator):
        return Msg("date_before_year", date=published.isoformat(), year=year)
    return None


def _priority(rec: C.RawRecord, err, default: int) -> int | None:
    text = C.cell_text(rec.cells.get("priority"))
    if not text:
        return default
    if not re.fullmatch(r"\d{1,4}", text):
        err(Msg("priority_bad", shown=repr(text)), "priority")
        return None
    return int(text)


def _region(rec: C.RawRecord, err) -> str | None:
    text = C.cell_text(rec.cells.get("region"))
    region = catalog.resolve_region(text) if text else None
    if not text:
        err(Msg("region_empty"), "region")
    elif region is None:
        err(Msg("region_unknown", shown=repr(text)), "region")
    return region


def _indicator(rec: C.RawRecord, err) -> tuple[str | None, str | None]:
    """The indicator id and a unit written in its name (``网络零售额(亿元)``)."""
    text = C.cell_text(rec.cells.get("indicator"))
    indicator = catalog.resolve_indicator(text) if text else None
    name_unit = None
    if text and indicator is None:
        base, name_unit = C.split_paren(text)
        indicator = catalog.resolve_indicator(base)
    if not text:
        err(Msg("indicator_empty"), "indicator")
    elif indicator is None:
        err(Msg("indicator_unknown", shown=repr(text)), "indicator")
    return indicator, name_unit


def _year(rec: C.RawRecord, err) -> int | None:
    year = rec.year_from_header
    if year is None:
        try:
            year = parse_year(rec.cells.get("year"))
        except ValueError as exc:
            empty = not C.cell_text(rec.cells.get("year"))
            err(Msg("year_empty") if empty else of_exception(exc), "year")
            return None
    if not MIN_YEAR <= year <= dt.date.today().year:
        err(Msg("year_impossible", year=year, first=MIN_YEAR, last=dt.date.today().year), "year")
        return None
    return year


def _unit(rec: C.RawRecord, lay: C.Layout, name_unit: str | None, pct: bool, err):
    """``(unit, field it came from)``; every declared unit must agree (column, header,
    indicator name, 单位 line, % sign)."""
    declared = [
        (where, text)
        for where, text in (
            ("where_unit_column", C.cell_text(rec.cells.get("unit"))),
            ("where_value_header", lay.header_units.get("value")),
            ("where_indicator_name", name_unit),
            ("where_title_line", lay.title_unit),
        )
        if text
    ]
    field_of = {"where_unit_column": "unit"}
    units = []
    for where, text in declared:
        try:
            units.append((where, text, canonical_unit(text)))
        except UnitError as exc:
            err(of_exception(exc), field_of.get(where, "value"))
            return None, None
    if len({u for _, _, u in units}) > 1:
        said = [Msg("unit_says", where=Msg(where), shown=repr(text)) for where, text, _ in units]
        err(
            Msg("unit_conflict", said=said),
            "unit" if "unit" in rec.columns else "value",
        )
        return None, None
    if not units:
        if pct:
            return "%", "value"
        err(
            Msg("unit_missing"),
            "unit" if "unit" in rec.columns else "value",
        )
        return None, None
    where, _, unit = units[0]
    ufield = field_of.get(where, "value")
    if pct and catalog.unit_row(unit)["family"] != "percent":
        err(Msg("unit_percent_mismatch", unit=unit), "value")
        return None, None
    return unit, ufield


@dataclass(frozen=True)
class ReadOptions:
    """How to read one file.

    ``source``: file-level source text (rows without a 来源 cell); ``grade``: the
    uploader's declared grade for rows without a grade cell (default ``primary``, a
    bureau's own delivery; ``None``: such rows become ``secondary`` with a warning, as
    for curated files); ``priority``: the same for rows without a priority cell; ``decimal``: ``"."`` or a declared
    ``","``; ``history``: ``(region, indicator) -> largest |value|`` already stored, for the
    magnitude check; ``limits``: size limits (default :meth:`Limits.from_env`).
    """

    source: str | None = None
    grade: Grade | str | None = Grade.PRIMARY
    priority: int = DEFAULT_PRIORITY
    max_jump: float = DEFAULT_MAX_JUMP
    decimal: str = "."
    history: Mapping[tuple[str, str], float] | None = None
    limits: Limits | None = None


CHUNK_ROWS = 20_000
"""Accepted rows gathered as dicts before they are written to disk (bounds that memory)."""
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*)\s*:", re.IGNORECASE)


class _Parser:
    def __init__(self, path: Path, opts: ReadOptions):
        self.path = path
        self.name = path.name
        self.opts = opts
        self.source = opts.source
        self.grade = parse_grade(opts.grade) if opts.grade else None
        self.issues: list[Issue] = []
        self._seen: set[Issue] = set()
        self._grade_defaulted = False

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

        def err(msg: str, f: str | None, severity: str = "error") -> None:
            nonlocal failed
            failed = failed or severity == "error"
            self.issue(msg, rec.row, rec.columns.get(f) if f else None, sheet, severity)

        region = _region(rec, err)
        indicator, name_unit = _indicator(rec, err)
        year = _year(rec, err)
        style = NumberStyle(self.opts.decimal, lay.table.delimiter)
        try:
            value, pct = parse_number(rec.cells.get("value"), style)
        except ValueError as exc:
            err(of_exception(exc), "value")
            value, pct = None, False
        else:
            if value is None and not failed:
                err(Msg("value_missing"), "value", "warning")
                return None
        unit, unit_field = _unit(rec, lay, name_unit, pct, err)
        if failed or None in (region, indicator, year, unit, value):
            return None
        s = catalog.series(indicator)
        try:
            canon = convert(value, unit, s["unit"])
        except UnitError:
            err(
                Msg(
                    "unit_incompatible",
                    unit=unit,
                    indicator=indicator,
                    name=s["name_zh"],
                    to=s["unit"],
                ),
                unit_field,
            )
            return None
        if msg := _bounds_issue(canon, indicator):
            err(msg, "value")
            return None
        if msg := self._magnitude(region, indicator, canon, s["unit"]):
            err(msg, "value", "warning")
        prov = self._provenance(rec, int(year), indicator, err)
        if prov is None:
            return None
        return {
            "region": region,
            "indicator": indicator,
            "year": int(year),
            "value": canon,
            "unit": s["unit"],
            **prov,
            "orig_value": value,
            "orig_unit": unit,
            "file": self.name,
            "sheet": sheet or "",
            "row": rec.row,
            "_value_col": rec.columns.get("value"),
        }

    def _magnitude(self, region: str, indicator: str, value: float, unit: str) -> str | None:
        past = (self.opts.history or {}).get((region, indicator))
        if past:
            ratio = abs(value) / past if past else math.inf
            if ratio > MAGNITUDE_FACTOR or (value != 0 and ratio < 1 / MAGNITUDE_FACTOR):
                return Msg("magnitude_history", value=value, unit=unit, ratio=ratio, past=past,
                           region=region, indicator=indicator, **_names_zh(region, indicator))  # fmt: skip
        elif abs(value) > CEILING:
            return Msg("magnitude_ceiling", value=value, unit=unit)
        return None

    def _provenance(self, rec: C.RawRecord, year: int, indicator: str, err) -> dict | None:
        """Source, URL, quote, note, publication date, publisher, grade and priority of a row."""
        try:
            published_on = parse_date(rec.cells.get("published_on"))
        except ValueError as exc:
            err(of_exception(exc), "published_on")
            return None
        if published_on is not None and (msg := _date_issue(published_on, year, indicator)):
            err(msg, "published_on")
            return None
        url = C.cell_text(rec.cells.get("source_url"))
        if (m := _SCHEME.match(url)) and m.group(1).casefold() not in ("http", "https"):
            err(Msg("url_scheme", shown=repr(url[:60])), "source_url")
            return None
        grade = self._grade(rec, err)
        priority = _priority(rec, err, self.opts.priority)
        if grade is None or priority is None:
            return None
        row_source = C.cell_text(rec.cells.get("source"))
        return {
            "source": row_source or self.source or f"file {self.name}",
            "source_url": url,
            "quote": C.cell_text(rec.cells.get("quote")),
            "note": C.cell_text(rec.cells.get("note")),
            "published_on": published_on,
            "publisher": C.cell_text(rec.cells.get("publisher")),
            "grade": grade.value,
            "priority": priority,
        }

    def _grade(self, rec: C.RawRecord, err) -> Grade | None:
        text = C.cell_text(rec.cells.get("grade"))
        if text:
            try:
                return parse_grade(text)
            except ValueError as exc:
                err(of_exception(exc), "grade")
                return None
        if self.grade is not None:
            return self.grade
        if not self._grade_defaulted:
            self._grade_defaulted = True
            self.issue(Msg("grade_default"), severity="warning")
        return Grade.SECONDARY

    def layouts(self) -> tuple[list[C.Layout], dict]:
        tables = read_tables(self.path, self.opts.limits, stream=True)
        found = [(t, C.find_layout(t)) for t in tables]
        complete = [lay for _, lay in found if lay is not None and not lay.missing()]
        meta = {"encoding": tables[0].encoding if tables else None}
        if complete:
            for t, lay in found:
                if lay is not None and lay.missing():  # a table with a partial header
                    self.issue(
                        Msg(
                            "header_partial",
                            fields=", ".join(lay.missing()),
                            fields_zh="、".join(FIELD_ZH[f] for f in lay.missing()),
                        ),  # fmt: skip
                        lay.header_row,
                        sheet=t.sheet,
                        severity="warning",
                    )
            return complete, meta
        partial = [lay for _, lay in found if lay is not None]
        if not partial:
            if not any(C.cell_text(c) for t in tables for _, cells in t.iter_rows() for c in cells):
                self.issue(Msg("file_empty"))
            else:
                self.issue(
                    Msg("no_header"),
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
        missing_zh = "、".join(FIELD_ZH[f] for f in best.missing())
        self.issue(
            Msg("missing_columns", missing=missing, missing_zh=missing_zh),
            best.header_row, None, best.table.sheet,
        )  # fmt: skip
        return [], meta

    def _emit(self, item: Issue) -> None:
        self.issues.append(item)
        self._table_errors = self._table_errors or item.severity == "error"

    def _rows(self, lays: list[C.Layout], out: SpillWriter) -> None:
        """Accepted rows of every table, :data:`CHUNK_ROWS` at a time, checked against the
        observation schema and appended to ``out`` on disk (memory: one chunk)."""
        buf: list[dict] = []
        for lay in lays:
            self._table_errors = False
            for item in C.header_issues(lay, self.name):
                self._emit(item)
            n = 0
            for rec in C.iter_records(lay, self.name, self._emit):
                n += 1
                r = self.record(rec, lay)
                if r is None:
                    continue
                buf.append(r)
                if len(buf) >= CHUNK_ROWS:
                    out.append(self._chunk(buf))
                    buf = []
            if not n and not self._table_errors:
                self.issue(Msg("no_data_rows", row=lay.header_row), sheet=lay.table.sheet)
        if buf:
            out.append(self._chunk(buf))

    def _chunk(self, buf: list[dict]) -> pd.DataFrame:
        df = pd.DataFrame(buf).rename(columns={"_value_col": "vcol"})
        df["vintage"] = self.vintage
        df = df.astype(
            {"year": int, "row": int, "value": float, "orig_value": float, "priority": int}
        )
        observation_schema().validate(df[list(OBSERVATION_COLUMNS)])
        return df

    def run(self) -> tuple[Spilled | None, ValidationReport]:
        """Validate the file; the accepted rows on disk (None when the report has errors)
        and the report."""
        report = ValidationReport(path=self.path, issues=self.issues)
        self.vintage = "sha256:" + file_sha256(self.path)[:16] if self.path.is_file() else ""
        out = SpillWriter()
        try:
            try:
                lays, meta = self.layouts()
                report.encoding = meta["encoding"]
                report.layout = ", ".join(sorted({lay.kind for lay in lays})) or None
                report.sheet = ", ".join(lay.table.sheet for lay in lays if lay.table.sheet) or None
                self._rows(lays, out)
            except ReadError as exc:  # unreadable, or broken quoting further down a CSV
                self.issues[:] = [exc.issue]
                out.discard()
                return None, report
            self._duplicates(out)
            self._jumps(out, self.opts.max_jump)
        except BaseException:
            out.discard()
            raise
        if report.errors:
            out.discard()
            return None, report
        report.n_observations = out.n
        return out.finish(), report

    def _duplicates(self, out: SpillWriter) -> None:
        """Drop repeats of (region, indicator, year, source, URL): a repeat with the same
        value is a warning, with another value an error."""
        for r in out.duplicates().itertuples(index=False):
            where = (
                Msg("where_row_sheet", row=r.row_first, sheet=r.sheet_first)
                if r.sheet_first
                else Msg("where_row", row=r.row_first)
            )
            if math.isclose(r.value_first, r.value, rel_tol=1e-9, abs_tol=1e-12):
                self.issue(Msg("duplicate_same", where=where), r.row, r.vcol,
                           r.sheet or None, "warning")  # fmt: skip
            else:
                self.issue(
                    Msg("duplicate_conflict", region=r.region, indicator=r.indicator, year=r.year,
                        value=r.value, first=r.value_first, where=where,
                        **_names_zh(r.region, r.indicator)),
                    r.row, r.vcol, r.sheet or None,
                )  # fmt: skip

    def _jumps(self, out: SpillWriter, max_jump: float) -> None:
        """Warn where a series (not a rate) changes by more than ``max_jump`` from one year to
        the next (the first row of each year counts), series by series in file order."""
        rates = [i for i in out.indicators() if catalog.series(i)["kind"] == "rate"]
        for r in out.jumps(rates, max_jump).itertuples(index=False):
            self.issue(
                Msg("jump", region=r.region, indicator=r.indicator, before=r.year - 1, year=r.year,
                    change=r.change, prev=r.value_prev, value=r.value, unit=r.unit,
                    **_names_zh(r.region, r.indicator)),
                r.row, r.vcol, r.sheet or None, "warning",
            )  # fmt: skip


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in OBSERVATION_COLUMNS})


def _options(source: str | None, max_jump: float, kw: dict) -> ReadOptions:
    return ReadOptions(source=source, max_jump=max_jump, **kw)


def read_spilled(
    path: str | Path, source: str | None = None, max_jump: float = DEFAULT_MAX_JUMP, **kw
) -> tuple[Spilled | None, ValidationReport]:
    """Like :func:`read_with_report`, but the observations stay on disk (bounded memory):
    a :class:`~workbench.ingest.spill.Spilled` to insert or read, and to ``discard()``
    afterwards (None when the report has errors)."""
    return _Parser(Path(path), _options(source, max_jump, kw)).run()


def read_with_report(
    path: str | Path, source: str | None = None, max_jump: float = DEFAULT_MAX_JUMP, **kw
) -> tuple[pd.DataFrame, ValidationReport]:
    """Tidy observations and the full report (an empty frame when the report has errors).

    Keyword options (``grade``, ``decimal``, ``history``, ``limits``): see :class:`ReadOptions`.
    """
    rows, report = read_spilled(path, source, max_jump, **kw)
    if rows is None:
        return _empty(), report
    try:
        if not len(rows):
            return _empty(), report
        df = rows.frame(list(OBSERVATION_COLUMNS))
    finally:
        rows.discard()
    return df.astype({"year": int, "row": int, "priority": int}), report


def validate_file(
    path: str | Path, source: str | None = None, max_jump: float = DEFAULT_MAX_JUMP, **kw
) -> ValidationReport:
    """Validate a delivered file without storing it; ``report.ok`` is False on any error."""
    rows, report = _Parser(Path(path), _options(source, max_jump, kw)).run()
    if rows is not None:
        rows.discard()
    return report


def read_observations(
    path: str | Path, source: str | None = None, max_jump: float = DEFAULT_MAX_JUMP, **kw
) -> pd.DataFrame:
    """Tidy observations of a delivered CSV/xlsx file in canonical units (see module doc).

    ``source`` is the file-level source text, used where a row has no 来源/source cell.
    Raises :class:`IngestError` listing every issue (file, row, column, message) when the
    file has any error; warnings alone do not raise (see :func:`validate_file`).
    """
    df, report = read_with_report(path, source, max_jump, **kw)
    if not report.ok:
        raise IngestError(report.issues)
    return df
