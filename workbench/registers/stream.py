"""Stream the rows of a register file without holding the whole file in memory.

CSV: the encoding is detected by an incremental decoding pass (UTF-8 with or without BOM,
UTF-16 with BOM, GBK, GB18030, as :func:`workbench.ingest.readers.decode_text`), then rows
come from :mod:`csv` with strict quoting, one at a time, each with the file line it starts
on (the same numbers and the same refusals as :func:`workbench.ingest.readers.read_tables`).
A file without any quote character (every line is one row) is read column-wise instead, by
pandas' C parser in chunks (:func:`csv_frames`), with the same row numbers and cells.
Memory does not grow with the file. Excel: :func:`~workbench.ingest.readers.read_tables`
(a sheet is bounded by Excel's own size and the ingest limits).

Limits: a register CSV may be far larger than an observation file; its size limit is
``WORKBENCH_MAX_REGISTER_MB`` (default 4096 MB) and it has no row limit; the column and
cell-length limits of :class:`~workbench.ingest.limits.Limits` apply.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.ingest.errors import Issue
from workbench.ingest.limits import Limits
from workbench.ingest.messages import Msg
from workbench.ingest.readers import (
    OLE_MAGIC,
    XLSX_MAGIC,
    NulBytesError,
    ReadError,
    check_file,
    sniff_delimiter,
    stream_encoding,
)

REGISTER_MB_ENV = "WORKBENCH_MAX_REGISTER_MB"
DEFAULT_REGISTER_MB = 4096.0
Row = tuple[int, list[str]]


def register_limits() -> Limits:
    """:meth:`Limits.from_env` with the register size limit (``WORKBENCH_MAX_REGISTER_MB``)."""
    try:
        mb = float(os.environ.get(REGISTER_MB_ENV, "") or DEFAULT_REGISTER_MB)
    except ValueError:
        mb = DEFAULT_REGISTER_MB
    return replace(Limits.from_env(), max_file_mb=mb)


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
