"""Read and validate an enterprise register file (CSV in UTF-8/GBK, Excel) into a tidy
enterprise-level frame, with errors that name the file, row and column.

Output columns (:data:`RECORD_COLUMNS`): ``row`` (the file's row number), ``enterprise_id``,
``name``, ``industry_code`` (as written), ``code_2017`` (after the 2011→2017 one-to-one
recoding), ``code_note``, ``region`` (a region id of the catalogue), ``year``,
``revenue_wan`` and ``value_added_wan`` (万元), ``employees`` (persons) and ``above_scale``
(boolean, missing when the file does not say).

Large files: :class:`RegisterReader` streams a CSV or an .xlsx in chunks of
:data:`CHUNK_ROWS` rows (:mod:`workbench.registers.stream`), validates each chunk
column-wise and yields its records, so memory is bounded by the chunk, not the file (an
.xlsx's shared strings excepted); a problem that repeats across
chunks is reported once, at its first row, with the count over the whole file. The one
check that spans chunks (an enterprise twice in a year) is made by the caller over all
records (:func:`duplicate_rows`, or SQL over the staged records in
:meth:`workbench.registers.db.RegisterDB.ingest`) and handed to
:meth:`RegisterReader.add_duplicates`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from workbench import catalog
from workbench.classify.codes import GBT2011_ONLY, MISSING, OK, integer_code_to_text, normalise_code
from workbench.classify.concordance import recode_series
from workbench.ingest import Issue, ValidationReport
from workbench.ingest.columns import MAX_HEADER_SCAN, MISSING_MARKERS, cell_text, is_footnote
from workbench.ingest.messages import Msg, of_exception
from workbench.ingest.readers import RawTable, ReadError
from workbench.ingest.units import UnitError, canonical_unit, factor
from workbench.ingest.validate import parse_number, parse_year
from workbench.registers.columns import MONEY, RegisterLayout, field_zh, find_layout
from workbench.registers.stream import (
    csv_frames,
    csv_rows,
    is_excel,
    register_limits,
    simple_width,
    xlsx_tables,
)

RECORD_COLUMNS = [
    "row",
    "enterprise_id",
    "name",
    "industry_code",
    "code_2017",
    "code_note",
    "region",
    "year",
    "revenue_wan",
    "value_added_wan",
    "employees",
    "above_scale",
]
MAX_ISSUES_PER_COLUMN = 20
CHUNK_ROWS = 200_000
"""Rows validated at a time when streaming a register read column-wise (a CSV without quotes)."""
ROW_CHUNK_ROWS = 50_000
"""Rows validated at a time when they are read one by one as Python cells (an .xlsx, a CSV
with quotes): such a row takes several times the memory of a column-wise one."""
MIN_YEAR = 1990
_TRUE = {"是", "1", "true", "y", "yes", "规上", "规模以上", "√", "✓"}
_FALSE = {"否", "0", "false", "n", "no", "规下", "规模以下", "×"}


class _Checker:
    """Collects located issues for one table, at most a few per column."""

    def __init__(self, file: str, lay: RegisterLayout):
        self.file, self.lay, self.issues = file, lay, []
        self._count: dict[str, int] = {}
        self._once: dict[object, tuple[int | None, int]] = {}

    def add(self, message: str, row: int | None, f: str | None, severity: str = "error") -> None:
        key = f"{f}:{severity}"
        self._count[key] = self._count.get(key, 0) + 1
        if self._count[key] > MAX_ISSUES_PER_COLUMN:
            return
        col = self.lay.label(f) if f in self.lay.fields else None
        self.issues.append(Issue(self.file, message, row, col, severity, self.lay.table.sheet))

    def add_once(
        self,
        key: object,
        message: Callable[[int], str],
        row: int | None,
        f: str | None,
        n: int = 1,
        severity: str = "error",
    ) -> None:
        """One issue per ``key`` over all chunks: at its first row, ``message(count)``."""
        if key in self._once:
            i, total = self._once[key]
            self._once[key] = (i, total + n)
            if i is not None:
                self.issues[i] = replace(self.issues[i], message=message(total + n))
            return
        before = len(self.issues)
        self.add(message(n), row, f, severity)
        self._once[key] = (before if len(self.issues) > before else None, n)

    def summary(self) -> None:
        for key, n in self._count.items():
            if n > MAX_ISSUES_PER_COLUMN:
                f, severity = key.split(":")
                self.add_raw(Msg("reg_more", n=n - MAX_ISSUES_PER_COLUMN), f, severity)

    def add_raw(self, message: str, f: str, severity: str) -> None:
        col = self.lay.label(f)
        self.issues.append(Issue(self.file, message, None, col, severity, self.lay.table.sheet))


def _per_value(s: pd.Series, fn: Callable[[object], object]) -> pd.Series:
    """``fn`` applied once per distinct value of ``s`` (a missing cell: ``fn(None)``), as an
    object series aligned with ``s``."""
    codes, uniq = pd.factorize(s)
    vals = np.empty(len(uniq) + 1, dtype=object)
    for i, v in enumerate(uniq):
        vals[i] = fn(v)
    vals[-1] = fn(None)
    return pd.Series(vals[codes], index=s.index)


def _texts(s: pd.Series) -> pd.Series:
    """:func:`cell_text` of a column, vectorised: each distinct value is converted once; a
    column of many distinct strings is stripped column-wise (NFKC only where non-ASCII)."""
    text_dtype = isinstance(s.dtype, pd.StringDtype)
    if not text_dtype and pd.api.types.infer_dtype(s, skipna=False) != "string":
        return _per_value(s, cell_text)
    if s.nunique() <= max(1000, len(s) // 4):
        return _per_value(s, cell_text)
    out = s.str.strip()
    wide = ~s.str.isascii().astype(bool)
    if wide.any():
        out[wide] = s[wide].map(lambda v: unicodedata.normalize("NFKC", v).strip())
    return out


def _blank(c: object) -> bool:
    return c is None or (isinstance(c, str) and not c.strip())


def _frame(lay: RegisterLayout, part: Iterable[tuple[int, list]], chk: _Checker) -> pd.DataFrame:
    """Data rows (``part``) as a frame of raw cells, one column per field, plus ``row``."""
    rows, nums = [], []
    width = max(lay.fields.values()) + 1
    cols = list(lay.fields.values())
    pick = operator.itemgetter(*cols) if len(cols) > 1 else (lambda c: (c[cols[0]],))
    for rownum, cells in part:
        if lay.table.excel:
            n_filled = sum(not _blank(c) for c in cells)
        else:  # CSV cells are all text: count non-blank cells with C-level map
            n_filled = sum(map(bool, map(str.strip, cells)))
        if not n_filled:
            continue
        if n_filled == 1:
            text = next(cell_text(c) for c in cells if not _blank(c))
            if is_footnote([text]):
                chk.add(Msg("remark_row", text=text[:60]), rownum, None, "warning")
                continue
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        rows.append(pick(cells))
        nums.append(rownum)
    df = pd.DataFrame(rows, columns=list(lay.fields), dtype=object)
    df.insert(0, "row", np.asarray(nums, dtype="int64"))
    return df


def _frame_columns(lay: RegisterLayout, cells: pd.DataFrame, chk: _Checker) -> pd.DataFrame:
    """:func:`_frame` for a frame of text cells (columns 0…n-1, index = file line):
    blank lines dropped, a lone remark (注：…) skipped with a warning."""
    stripped = {c: cells[c].str.strip() for c in cells.columns}
    filled = sum((s != "").to_numpy(dtype=np.int8) for s in stripped.values())
    keep = filled > 0
    for i in np.flatnonzero(filled == 1):
        text = next(cell_text(cells[c].iat[i]) for c in cells.columns if stripped[c].iat[i])
        if is_footnote([text]):
            chk.add(Msg("remark_row", text=text[:60]), int(cells.index[i]), None, "warning")
            keep[i] = False
    kept = cells[keep]
    df = pd.DataFrame({f: kept[col].reset_index(drop=True) for f, col in lay.fields.items()})
    df.insert(0, "row", kept.index.to_numpy(dtype="int64"))
    return df


_PLAIN_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def _plain_floats(s: pd.Series) -> pd.Series:
    """Plain decimal numbers of a text column as floats, NaN elsewhere (column-wise, Arrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s.to_numpy(dtype=object) if s.dtype == object else s, type=pa.string())
    ok = pc.fill_null(pc.match_substring_regex(arr, _PLAIN_NUMBER), False)
    vals = pc.cast(pc.if_else(ok, arr, pa.scalar(None, pa.string())), pa.float64())
    return pd.Series(vals.to_numpy(zero_copy_only=False), index=s.index, dtype="float64")


def _numbers(df: pd.DataFrame, f: str, chk: _Checker) -> pd.Series:
    """A numeric column: fast vectorised parse, per-cell parse (with messages) where it fails."""
    raw = df[f]
    if pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):
        text = _texts(raw)  # CSV: every cell is text
    else:
        numeric = raw.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
        text = raw.where(numeric, _texts(raw.where(~numeric, "")))
    as_text = text.astype("string").str.replace(",", "", regex=False).str.strip()
    out = _plain_floats(as_text)
    missing = as_text.str.casefold().isin(MISSING_MARKERS) | as_text.isna()
    for i in np.flatnonzero((out.isna() & ~missing).to_numpy()):
        try:
            v, _ = parse_number(raw.iat[i])
        except ValueError as exc:
            chk.add(of_exception(exc), int(df["row"].iat[i]), f)
            continue
        out.iat[i] = np.nan if v is None else v
    bad = ~np.isfinite(out.fillna(0.0))
    for i in np.flatnonzero(bad.to_numpy()):
        chk.add(Msg("num_not_finite", shown=repr(raw.iat[i])), int(df["row"].iat[i]), f)
    return out


def _money_unit(lay: RegisterLayout, df: pd.DataFrame, f: str, chk: _Checker) -> pd.Series | float:
    """Factor to 万元 for a money column: header unit > 单位 column > ``单位：`` line > error."""
    text = lay.header_units.get(f)
    if text is None and "unit" in df:
        units = _texts(df["unit"])
        out = pd.Series(np.nan, index=df.index)
        for u in units.unique():
            try:
                fac = factor(canonical_unit(u), "万元")
            except UnitError as exc:
                first = int(df.loc[units == u, "row"].iat[0])
                msg = Msg("reg_unit_bad", shown=repr(u), reason=of_exception(exc))
                chk.add_once(("unit", u), lambda _n, msg=msg: msg, first, "unit")
                continue
            out[units == u] = fac
        return out
    text = text or lay.title_unit
    if not text:
        msg = Msg("reg_money_no_unit")
        chk.add_once(("no unit", f), lambda _n: msg, lay.header_row, f)
        return np.nan
    try:
        return factor(canonical_unit(text), "万元")
    except UnitError as exc:
        msg = of_exception(exc)
        chk.add_once(("header unit", f), lambda _n: msg, lay.header_row, f)
        return np.nan


def _first_rows(df: pd.DataFrame, text: pd.Series, value: object) -> tuple[int, int]:
    """``(first row, count)`` of the rows whose ``text`` is ``value``."""
    hit = (text == value).to_numpy()
    return int(df["row"].iat[int(np.argmax(hit))]), int(hit.sum())


def _regions(df: pd.DataFrame, chk: _Checker) -> pd.Series:
    text = _texts(df["region"])
    ids = {t: catalog.resolve_region(t) for t in text.unique()}
    for t, rid in ids.items():
        if rid is None:
            first, n = _first_rows(df, text, t)
            chk.add_once(
                ("region", t),
                lambda n, t=t: (
                    Msg("reg_region_unknown", shown=repr(t), n=n)
                    if t
                    else Msg("reg_region_empty", n=n)
                ),
                first,
                "region",
                n,
            )
    return _per_value(text, ids.get)


def _years(df: pd.DataFrame, year: int | None, chk: _Checker) -> pd.Series:
    if "year" not in df:
        if year is None:
            msg = Msg("reg_no_year_column")
            chk.add_once("no year", lambda _n: msg, chk.lay.header_row, None)
        return pd.Series(year, index=df.index, dtype="Int64")
    text = _per_value(df["year"], lambda v: v if isinstance(v, int | float) else cell_text(v))
    out = pd.Series(pd.NA, index=df.index, dtype="Int64")
    this_year = dt.date.today().year
    for v in pd.unique(text):
        mask = text == v
        first = int(df.loc[mask, "row"].iat[0])
        try:
            y = parse_year(v)
        except ValueError as exc:
            msg = of_exception(exc) if cell_text(v) else Msg("year_empty")
            chk.add_once(("year", v), lambda _n, msg=msg: msg, first, "year")
            continue
        if not MIN_YEAR <= y <= this_year:
            msg = Msg("reg_year_impossible", year=y, first=MIN_YEAR, last=this_year)
            chk.add_once(("year", v), lambda _n, msg=msg: msg, first, "year")
        elif year is not None and y != year:
            msg = Msg("reg_year_differs", year=y, given=year)
            chk.add_once(("year", v), lambda _n, msg=msg: msg, first, "year")
        out[mask] = y
    return out


def _codes(df: pd.DataFrame) -> pd.Series:
    def one(v: object) -> str:
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, int) or (isinstance(v, float) and float(v).is_integer()):
            return integer_code_to_text(int(v))
        return cell_text(v)

    return _per_value(df["industry_code"], one)


_CODE_MESSAGE = {MISSING: "reg_code_empty", GBT2011_ONLY: "reg_code_2011"}


def _code_warnings(out: pd.DataFrame, chk: _Checker) -> None:
    """A warning at the first row of each code that is not a GB/T 4754-2017 code after the
    2011 recoding (empty, unknown, or an ambiguous 2011 code), with its count over the file:
    the records are kept and measured as UNMATCHED."""
    codes = out["code_2017"].astype("string").fillna("")
    status = _per_value(codes, lambda c: normalise_code(c or "").status)
    bad = (status != OK).to_numpy()
    if not bad.any():
        return
    first = out.loc[bad, "row"].groupby(codes[bad].to_numpy(), sort=False).agg(["first", "size"])
    for code, (row, n) in zip(first.index, first.itertuples(index=False), strict=True):
        what = _CODE_MESSAGE.get(normalise_code(code).status, "reg_code_unknown")
        chk.add_once(
            ("code", code),
            lambda n, what=what, code=code: Msg(what, shown=repr(code), n=n),
            int(row),
            "industry_code",
            int(n),
            severity="warning",
        )


def _flags(df: pd.DataFrame, f: str, chk: _Checker) -> pd.Series:
    """A 是/否 column (``f``) as booleans; anything else is a located error."""
    text = _per_value(df[f], lambda v: cell_text(v).casefold())
    out = pd.Series(pd.NA, index=df.index, dtype="boolean")
    for t in text.unique():
        mask = text == t
        if t in _TRUE:
            out[mask] = True
        elif t in _FALSE:
            out[mask] = False
        elif t and t not in MISSING_MARKERS:
            first = int(df.loc[mask, "row"].iat[0])
            msg = Msg("reg_flag_bad", shown=repr(t))
            chk.add_once((f, t), lambda _n, msg=msg: msg, first, f)
    return out


def _ids(df: pd.DataFrame, chk: _Checker, file: str) -> pd.Series:
    if "enterprise_id" in df:
        ids = _texts(df["enterprise_id"])
        for i in np.flatnonzero((ids == "").to_numpy()):
            chk.add(Msg("reg_id_empty"), int(df["row"].iat[i]), "enterprise_id")
        return ids
    if "name" in df:
        msg = Msg("reg_no_id_name")
        chk.add_once("no id", lambda _n: msg, chk.lay.header_row, None, severity="warning")
        return _texts(df["name"])
    msg = Msg("reg_no_id")
    chk.add_once("no id", lambda _n: msg, chk.lay.header_row, None, severity="warning")
    return pd.Series([f"{file}#row{r}" for r in df["row"]], index=df.index)


def _required(lay: RegisterLayout, chk: _Checker) -> bool:
    ok = True
    for f in ("industry_code", "region"):
        if f not in lay.fields:
            example = "行业代码" if f == "industry_code" else "县区"
            msg = Msg("reg_missing_column", field=f, example=example, field_zh=field_zh(f))
            chk.add(msg, lay.header_row, None)
            ok = False
    if not any(f in lay.fields for f in MONEY):
        chk.add(Msg("reg_no_value_column"), lay.header_row, None)
        ok = False
    for f, col in lay.duplicates:
        chk.issues.append(
            Issue(
                chk.file,
                Msg("reg_duplicate_column", field=f, field_zh=field_zh(f)),
                lay.header_row,
                repr(lay.headers[col]),
                "error",
                lay.table.sheet,
            )
        )
        ok = False
    return ok


def _parse_chunk(
    lay: RegisterLayout, df: pd.DataFrame, year: int | None, chk: _Checker
) -> pd.DataFrame:
    """Raw cells of one chunk (:func:`_frame`) → records (:data:`RECORD_COLUMNS`), column-wise."""
    out = pd.DataFrame({"row": df["row"]})
    out["enterprise_id"] = _ids(df, chk, chk.file)
    out["name"] = _texts(df["name"]) if "name" in df else ""
    out["industry_code"] = _codes(df)
    rec = recode_series(out["industry_code"])
    out["code_2017"], out["code_note"] = rec["code"], rec["note"]
    _code_warnings(out, chk)
    out["region"] = _regions(df, chk)
    out["year"] = _years(df, year, chk)
    for f in MONEY:
        if f in df:
            out[f"{f}_wan"] = _numbers(df, f, chk) * _money_unit(lay, df, f, chk)
        else:
            out[f"{f}_wan"] = np.nan
    out["employees"] = _numbers(df, "employees", chk) if "employees" in df else np.nan
    out["above_scale"] = (
        _flags(df, "above_scale", chk)
        if "above_scale" in df
        else pd.Series(pd.NA, index=df.index, dtype="boolean")
    )
    _checks(out, chk)
    out = out[RECORD_COLUMNS]
    out.attrs["synthetic"] = "synthetic" in df and bool(_flags(df, "synthetic", chk).any())
    return out


def _checks(out: pd.DataFrame, chk: _Checker) -> None:
    """Row-level invariants: no negative revenue or employees (one row per enterprise and
    year is checked over the whole file: :func:`duplicate_rows`)."""
    for col, f in (("revenue_wan", "revenue"), ("employees", "employees")):
        if f in chk.lay.fields:
            for i in np.flatnonzero((out[col] < 0).to_numpy()):
                msg = Msg("reg_negative", field=f, value=out[col].iat[i], field_zh=field_zh(f))
                chk.add(msg, int(out["row"].iat[i]), f)
    none = out["revenue_wan"].isna() & out["value_added_wan"].isna()
    for i in np.flatnonzero(none.to_numpy()):
        chk.add(Msg("reg_no_value"), int(out["row"].iat[i]), None, "warning")


def duplicate_rows(records: pd.DataFrame) -> pd.DataFrame:
    """Records (``row, enterprise_id, year``) repeating an enterprise-year seen in an earlier
    row; an empty id is not a duplicate. SQL twin: :data:`DUPLICATES_SQL`."""
    dup = records.duplicated(["enterprise_id", "year"], keep="first") & (
        records["enterprise_id"] != ""
    )
    return records.loc[dup, ["row", "enterprise_id", "year"]]


DUPLICATES_SQL = """
WITH d AS (
    SELECT enterprise_id, year, min("row") AS first FROM {table}
    WHERE enterprise_id <> '' GROUP BY enterprise_id, year HAVING count(*) > 1
)
SELECT t."row", t.enterprise_id, t.year FROM {table} t JOIN d USING (enterprise_id, year)
WHERE t."row" > d.first ORDER BY t."row" LIMIT {limit}
"""
"""The rows of :func:`duplicate_rows` over a staged table (at most ``limit``)."""


def _layout(path: Path) -> tuple[RegisterLayout, Iterator[tuple[int, list]] | int]:
    """The register's header layout and an iterator over the rows below the header, or for
    a CSV read column-wise (:func:`_parts`) its width in cells."""
    if is_excel(path):
        tables = xlsx_tables(path)
        layouts = [lay for t in tables if (lay := find_layout(t)) is not None]
        rows = None
    else:
        stream, encoding, delimiter = csv_rows(path)
        head = list(itertools.islice(stream, MAX_HEADER_SCAN))
        table = RawTable(rows=head, encoding=encoding, delimiter=delimiter)
        layouts = [lay] if (lay := find_layout(table)) is not None else []
        rows = stream
    if not layouts:
        raise ReadError(Issue(path.name, Msg("reg_no_header")))
    lay = max(layouts, key=lambda x: len(x.fields))
    if rows is None:  # Excel: every row of the sheet again, from disk
        return lay, itertools.dropwhile(lambda r: r[0] <= lay.header_row, lay.table.iter_rows())
    below = iter(lay.table.rows[lay.header_pos + 1 :])
    width = simple_width(path, table.encoding, table.delimiter)
    if width is not None and width <= register_limits().max_columns:
        stream.close()
        return lay, max(width, max(lay.fields.values()) + 1)
    return lay, itertools.chain(below, rows)


def _parts(
    path: Path, lay: RegisterLayout, rows: Iterator | int, chk: _Checker, chunk_rows: int | None
) -> Iterator[pd.DataFrame]:
    """Frames of raw cells (:func:`_frame`), ``chunk_rows`` file rows at a time (default
    :data:`ROW_CHUNK_ROWS` for rows read one by one, :data:`CHUNK_ROWS` column-wise)."""
    if not isinstance(rows, int):
        while part := list(itertools.islice(rows, chunk_rows or ROW_CHUNK_ROWS)):
            yield _frame(lay, part, chk)
        return
    t, width = lay.table, rows
    n = chunk_rows or CHUNK_ROWS
    for cells in csv_frames(path, t.encoding, t.delimiter, lay.header_row, width, n):
        yield _frame_columns(lay, cells, chk)


class RegisterReader:
    """Read and validate a register in chunks of ``chunk_rows`` records (default
    :data:`CHUNK_ROWS`, or :data:`ROW_CHUNK_ROWS` for an .xlsx or a CSV with quotes).

    Iterate :meth:`chunks` (record frames, :data:`RECORD_COLUMNS`), hand the file-wide
    duplicates to :meth:`add_duplicates`, then :meth:`report`. ``synthetic``: the file says
    合成数据 = 是 somewhere; ``n_records`` and ``years`` count what was read.
    """

    def __init__(self, path: str | Path, year: int | None = None, chunk_rows: int | None = None):
        self.path, self.year = Path(path), year
        self.chunk_rows = chunk_rows  # None: the defaults of _parts
        self.issues: list[Issue] = []
        self.synthetic = False
        self.n_records = 0
        self.years: set[int] = set()
        self._chk: _Checker | None = None
        self._report: ValidationReport | None = None

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Validated record frames, in file order; problems go to the report."""
        try:
            lay, rows = _layout(self.path)
            chk = self._chk = _Checker(self.path.name, lay)
            if not _required(lay, chk):
                return
            for raw in _parts(self.path, lay, rows, chk, self.chunk_rows):
                if raw.empty:
                    continue
                out = _parse_chunk(lay, raw, self.year, chk)
                self.synthetic = self.synthetic or bool(out.attrs["synthetic"])
                self.n_records += len(out)
                self.years.update(int(y) for y in out["year"].dropna().unique())
                yield out.reset_index(drop=True)
        except ReadError as exc:
            self.issues.append(exc.issue)

    def add_duplicates(self, dups: pd.DataFrame) -> None:
        """Report each repeated enterprise-year (``row, enterprise_id, year``) at its row."""
        if self._chk is None:
            return
        col = "enterprise_id" if "enterprise_id" in self._chk.lay.fields else None
        for r in dups.itertuples(index=False):
            msg = Msg("reg_duplicate_enterprise", shown=repr(r.enterprise_id), year=r.year)
            self._chk.add(msg, int(r.row), col)

    def report(self) -> ValidationReport:
        """The file's validation report (call once the chunks are consumed)."""
        if self._report is None:
            issues = list(self.issues)
            if self._chk is not None:
                self._chk.summary()
                issues = [*self._chk.issues, *issues]
            rep = ValidationReport(self.path, issues)
            if rep.ok and self.n_records == 0:
                rep = ValidationReport(
                    self.path, [*issues, Issue(self.path.name, Msg("reg_no_data_rows"))]
                )
            self._report = rep
        return self._report


def read_register(
    path: str | Path, year: int | None = None
) -> tuple[pd.DataFrame, ValidationReport]:
    """Read ``path`` as a register; ``(records, report)``. ``report.ok`` is False on any error.

    ``year``: the register's year when the file has no year column (if it has one, every
    row must carry that year). Sheets of an Excel file: the one whose header names the most
    register fields is read. All records in memory: for large files see :class:`RegisterReader`.
    """
    reader = RegisterReader(path, year)
    parts = list(reader.chunks())
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=RECORD_COLUMNS)
    if parts:
        reader.add_duplicates(duplicate_rows(df))
    report = reader.report()
    df.attrs["synthetic"] = reader.synthetic
    return df, report
