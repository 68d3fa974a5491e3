"""Stream the rows of a register file without holding the whole file in memory.

CSV: the encoding is detected by an incremental decoding pass (UTF-8 with or without BOM,
UTF-16 with BOM, GBK, GB18030, as :func:`workbench.ingest.readers.decode_text`), then rows
come from :mod:`csv` with strict quoting, one at a time, each with the file line it starts
on (the same numbers and the same refusals as :func:`workbench.ingest.readers.read_tables`).
A file without any quote character (every line is one row) is read column-wise instead, by
pandas' C parser in chunks (:func:`csv_frames`), with the same row numbers and cells.
Memory does not grow with the file. Excel: :func:`xlsx_tables` checks the container as
the observation path does (:func:`~workbench.ingest.xlsx_scan.scan_xlsx`), then streams the
rows with openpyxl's read-only mode (:func:`xlsx_rows`), with the cell values and row
numbers of :func:`~workbench.ingest.readers.read_tables` (percent cells, formulas without
a saved value, vertical merges filled down).

Limits (:func:`register_limits`): a register may be far larger than an observation file;
its size limit is ``WORKBENCH_MAX_REGISTER_MB`` (default 4096 MB); a CSV has no row limit,
an .xlsx Excel's 1,048,576 rows; the column and cell-length limits of
:class:`~workbench.ingest.limits.Limits` apply.
"""

from __future__ import annotations

import csv
import itertools
import os
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd

from workbench.ingest.errors import Issue
from workbench.ingest.limits import Limits
from workbench.ingest.messages import Msg, of_exception
from workbench.ingest.readers import (
    HEAD_ROWS,
    OLE_MAGIC,
    XLSX_MAGIC,
    NulBytesError,
    RawTable,
    ReadError,
    check_file,
    excel_cell_value,
    sniff_delimiter,
    stream_encoding,
)
from workbench.ingest.xlsx_scan import SheetScan, XlsxLimitError, scan_xlsx

REGISTER_MB_ENV = "WORKBENCH_MAX_REGISTER_MB"
DEFAULT_REGISTER_MB = 4096.0
EXCEL_MAX_ROWS = 1_048_576
REGISTER_LIMITS = Limits(
    max_rows=EXCEL_MAX_ROWS,
    max_cells=EXCEL_MAX_ROWS * Limits.max_columns,
    max_shared_strings=4_000_000,
    max_unzipped_mb=4096.0,
)
"""Defaults for a register (each ``WORKBENCH_MAX_*`` variable still overrides its own): an
.xlsx is streamed, so its rows are bounded by Excel's own 1,048,576 and its unpacked size
by 4 GB (a full sheet of a register's dozen columns unpacks to well under that); the
shared-string table is the one part openpyxl holds in memory (4 million entries, a few
hundred MB at most)."""
Row = tuple[int, list[str]]


def register_limits() -> Limits:
    """:data:`REGISTER_LIMITS` overridden by the environment, with the register size limit
    (``WORKBENCH_MAX_REGISTER_MB``)."""
    try:
        mb = float(os.environ.get(REGISTER_MB_ENV, "") or DEFAULT_REGISTER_MB)
    except ValueError:
        mb = DEFAULT_REGISTER_MB
    return replace(Limits.from_env(REGISTER_LIMITS), max_file_mb=mb)


def is_excel(path: Path) -> bool:
    """Whether ``path`` is an .xlsx (by content or suffix); legacy .xls and empty files raise."""
    limits = register_limits()
    size = check_file(path, limits)
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip() and size <= len(head):
        raise ReadError(Issue(path.name, Msg("file_empty")))
    if head.startswith(OLE_MAGIC):
        raise ReadError(Issue(path.name, Msg("xls_legacy")))
    return head.startswith(XLSX_MAGIC) or path.suffix.lower() in (".xlsx", ".xlsm")


def detect_encoding(path: Path) -> str:
    """The file's text encoding, checked over every byte (the observation path's
    :func:`~workbench.ingest.readers.stream_encoding`); :class:`ReadError` if none fits or
    the file holds NUL bytes."""
    try:
        return stream_encoding(path)
    except UnicodeDecodeError as exc:
        raise ReadError(Issue(path.name, Msg("undecodable", pos=exc.start))) from None
    except NulBytesError:
        raise ReadError(Issue(path.name, Msg("nul_bytes"))) from None


def _delimiter(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding, newline="") as fh:
        return sniff_delimiter(fh.read(4096))


def _check_cells(name: str, start: int, cells: list[str], delimiter: str, limits: Limits) -> None:
    """The per-row refusals of the observation reader, paid only when a row could fail."""
    if len(cells) > limits.max_columns:
        msg = Msg("csv_too_many_columns", n=len(cells), limit=limits.max_columns)
        raise ReadError(Issue(name, msg, row=start))
    for i, c in enumerate(cells):
        if len(c) > limits.max_cell_chars:
            msg = Msg("cell_too_long", n=len(c), limit=limits.max_cell_chars)
            raise ReadError(Issue(name, msg, row=start, column=f"#{i + 1}"))
        if "\n" in c and delimiter in c.split("\n", 1)[1]:
            raise ReadError(Issue(name, Msg("quote_swallows_rows"), row=start, column=f"#{i + 1}"))


def csv_rows(path: Path) -> tuple[Iterator[Row], str, str]:
    """``(rows, encoding, delimiter)``: rows as ``(line the row starts on, cells)``, streamed."""
    encoding = detect_encoding(path)
    delimiter = _delimiter(path, encoding)
    return _rows(path, encoding, delimiter, register_limits()), encoding, delimiter


def _rows(path: Path, encoding: str, delimiter: str, limits: Limits) -> Iterator[Row]:
    name, start = path.name, 1
    width, chars = limits.max_columns, limits.max_cell_chars
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        try:
            for cells in reader:
                joined = "".join(cells)
                if len(cells) > width or len(joined) > chars or "\n" in joined:
                    _check_cells(name, start, cells, delimiter, limits)
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            msg = Msg("quote_broken", detail=str(exc))
            raise ReadError(Issue(name, msg, row=start)) from exc


def simple_width(path: Path, encoding: str, delimiter: str) -> int | None:
    """For a CSV without any quote character in an ASCII-compatible encoding: the largest
    number of cells on a line (every line is then one row, and a column-wise parser reads
    it exactly as :mod:`csv` does). None when the file needs the row-by-row reader."""
    if encoding not in ("utf-8", "utf-8-sig", "gbk", "gb18030") or len(delimiter) != 1:
        return None
    d, carry, best = ord(delimiter), 0, 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            if b'"' in block:
                return None
            a = np.frombuffer(block, np.uint8)
            delims, newlines = np.flatnonzero(a == d), np.flatnonzero(a == 10)
            ends = np.searchsorted(delims, newlines)  # delimiters before each line end
            if len(ends):
                per_line = np.diff(ends, prepend=0)
                per_line[0] += carry
                best = max(best, int(per_line.max()))
                carry = len(delims) - int(ends[-1])
            else:
                carry += len(delims)
    return max(best, carry) + 1


def csv_frames(
    path: Path, encoding: str, delimiter: str, skip_lines: int, width: int, chunk_rows: int
) -> Iterator[pd.DataFrame]:
    """The lines after the first ``skip_lines`` of a :func:`simple_width` file as frames of
    text cells (``width`` columns, ``""`` where a line is short) with ``row`` (file line)."""
    limits = register_limits()
    line = skip_lines + 1
    reader = pd.read_csv(
        path, encoding=encoding, sep=delimiter, header=None, names=list(range(width)),
        dtype=str, na_filter=False, skip_blank_lines=False, skiprows=skip_lines,
        quoting=csv.QUOTE_NONE, engine="c", chunksize=chunk_rows,
    )  # fmt: skip
    with reader:
        for df in reader:
            df = df.fillna("")
            df.index = np.arange(line, line + len(df), dtype=np.int64)
            _check_lengths(path.name, df, limits)
            line += len(df)
            yield df


def _check_lengths(name: str, df: pd.DataFrame, limits: Limits) -> None:
    """The cell-length limit, column-wise: the first offending line is reported."""
    worst: tuple[int, int, int] | None = None
    for i, col in enumerate(df.columns):
        lens = df[col].str.len()
        if lens.max() > limits.max_cell_chars:
            row = int(lens.index[np.argmax(lens.to_numpy() > limits.max_cell_chars)])
            if worst is None or row < worst[0]:
                worst = (row, i, int(lens.loc[row]))
    if worst is not None:
        row, i, n = worst
        msg = Msg("cell_too_long", n=n, limit=limits.max_cell_chars)
        raise ReadError(Issue(name, msg, row=row, column=f"#{i + 1}"))


# ---------------------------------------------------------------- Excel
def xlsx_tables(path: Path) -> list[RawTable]:
    """Each sheet of an .xlsx as a table holding its first :data:`HEAD_ROWS` rows (for the
    header search) whose :meth:`~RawTable.iter_rows` streams every row from disk
    (:func:`xlsx_rows`). The container is checked first (:func:`scan_xlsx`, under
    :func:`register_limits`)."""
    limits, name = register_limits(), path.name
    try:
        scans = scan_xlsx(path, limits)
    except XlsxLimitError as exc:
        raise ReadError(Issue(name, of_exception(exc))) from exc
    except (zipfile.BadZipFile, KeyError, ParseError, ValueError, OSError, EOFError) as exc:
        msg = Msg("xlsx_corrupt", detail=f"{type(exc).__name__}: {exc}")
        raise ReadError(Issue(name, msg)) from exc
    wb = _open_xlsx(path)  # once: openpyxl may parse every sheet just to open the workbook
    try:
        heads = {s: list(itertools.islice(xlsx_rows(path, s, sc, wb), HEAD_ROWS))
                 for s, sc in scans.items()}  # fmt: skip
    except BaseException:
        wb.close()
        raise
    shared = [wb]  # the first stream reads (and closes) the open workbook, later ones reopen

    def stream(sheet: str, scan: SheetScan) -> Iterator[Row]:
        return xlsx_rows(path, sheet, scan, shared.pop() if shared else None, close=True)

    return [
        RawTable(rows=heads[s], sheet=s, excel=True, stream=lambda s=s, sc=sc: stream(s, sc))
        for s, sc in scans.items()
    ]


def _open_xlsx(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure here means an unreadable workbook
        msg = Msg("xlsx_corrupt", detail=f"{type(exc).__name__}: {exc}")
        raise ReadError(Issue(path.name, msg)) from exc


def xlsx_rows(
    path: Path, sheet: str, scan: SheetScan, wb=None, close: bool = False
) -> Iterator[Row]:
    """The rows of ``sheet`` as ``(row number, cells)``, one at a time (openpyxl's read-only
    mode), with the cell values of :func:`~workbench.ingest.readers.read_tables`: percent
    cells, formulas without a saved value, a value merged down a column in each row.
    ``wb``: an open read-only workbook (else the file is opened, and closed at the end);
    ``close``: close ``wb`` once the rows are read (a workbook whose rows are never read is
    closed by the garbage collector)."""
    own = wb is None or close
    wb = _open_xlsx(path) if wb is None else wb
    starts: dict[int, list[tuple[int, int]]] = {}
    for col, top, bottom in scan.merges:
        starts.setdefault(top, []).append((col, bottom))
    carry: dict[int, tuple[object, int]] = {}  # column -> (merged value, last row)
    formulas = scan.formulas
    try:
        ws = wb[sheet]
        if scan.max_row == 0 or not hasattr(ws, "iter_rows"):
            return
        grid = ws.iter_rows(min_row=1, max_row=scan.max_row, max_col=scan.max_col)
        for r, row in enumerate(grid, start=1):
            cells = [excel_cell_value(c, formulas.get((r, j)) if formulas else None)
                     for j, c in enumerate(row, start=1)]  # fmt: skip
            if starts or carry:
                _merged(r, cells, starts, carry)
            yield r, cells
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, IndexError) as exc:
        raise ReadError(Issue(path.name, Msg("xlsx_corrupt_cells", detail=str(exc)))) from exc
    finally:
        if own:
            wb.close()


def _merged(r: int, cells: list, starts: dict, carry: dict) -> None:
    """Row ``r``'s cells inside a vertical merge take the merge's (top) value."""
    for col, bottom in starts.get(r, ()):
        if col <= len(cells):
            carry[col] = (cells[col - 1], bottom)
    for col, (value, bottom) in list(carry.items()):
        if r > bottom:
            del carry[col]
        else:
            cells[col - 1] = value
