"""Read a delivered CSV or Excel file into raw cell grids, keeping row numbers.

No type inference happens here: cells stay as text (CSV) or as the Excel cell values,
so later stages can say exactly which row and column a problem is in. Two Excel facts are
kept as types: a percent-formatted number becomes :class:`~workbench.ingest.numbers.PercentCell`
(0.92 shown as 92 % → 92.0) and a formula without a saved value becomes
:class:`~workbench.ingest.numbers.FormulaCell`. Every limit of :class:`Limits` is checked
before the grid is built (regular files only; size; .xlsx dimensions and shared strings).

With ``stream=True`` (the observation path) a CSV is not held in memory: its encoding is
detected in one pass over the bytes (block by block), the table keeps only its first
:data:`HEAD_ROWS` rows (for the header search) and :meth:`RawTable.iter_rows` reads the
rows again from disk one at a time, with the same strict quoting and row numbers.
"""

from __future__ import annotations

import codecs
import csv
import io
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from workbench.ingest.errors import Issue
from workbench.ingest.limits import Limits
from workbench.ingest.messages import Msg, of_exception
from workbench.ingest.numbers import FormulaCell, PercentCell
from workbench.ingest.xlsx_scan import XlsxLimitError, scan_xlsx

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
HEAD_ROWS = 40
"""Rows a streamed CSV table keeps in memory (the header is searched in the first 30)."""
BLOCK_BYTES = 1 << 20
"""Bytes decoded at a time when a streamed CSV's encoding is checked."""

Row = tuple[int, list[object]]


@dataclass
class RawTable:
    """One grid of cells: ``rows`` is a list of ``(row_number, cells)``, row numbers 1-based.

    For a streamed CSV ``rows`` holds only the first :data:`HEAD_ROWS` rows and ``stream``
    re-reads every row from disk; :meth:`iter_rows` gives all rows either way."""

    rows: list[Row]
    sheet: str | None = None  # Excel sheet name, None for CSV
    encoding: str | None = None  # detected text encoding, None for Excel
    excel: bool = False
    delimiter: str | None = None  # CSV delimiter, None for Excel
    stream: Callable[[], Iterator[Row]] | None = None

    def iter_rows(self) -> Iterator[Row]:
        """Every row in order (read lazily from disk for a streamed CSV)."""
        return self.stream() if self.stream is not None else iter(self.rows)


class ReadError(Exception):
    """The file cannot be read at all; carries one issue."""

    def __init__(self, issue: Issue):
        self.issue = issue
        super().__init__(str(issue))


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes, detecting the encoding: UTF-8 (with or without BOM), UTF-16 with BOM,
    GBK or GB18030. Returns ``(text, encoding)``; ``UnicodeDecodeError`` if none fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gbk"), "gbk"
    except UnicodeDecodeError:
        pass
    return data.decode("gb18030"), "gb18030"


def _csv_rows(name: str, source, delimiter: str, limits: Limits, max_rows: int) -> Iterator[Row]:
    """Rows of a CSV text stream with strict quoting: an unterminated quote is refused, and so
    is a quoted cell that swallowed whole lines (a line break followed by delimiters)."""
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            if reader.line_num > max_rows:
                raise ReadError(Issue(name, Msg("csv_too_many_rows", limit=max_rows)))
            if len(cells) > limits.max_columns:
                raise ReadError(
                    Issue(
                        name,
                        Msg("csv_too_many_columns", n=len(cells), limit=limits.max_columns),
                        row=start,
                    )  # fmt: skip
                )
            for i, c in enumerate(cells):
                if len(c) > limits.max_cell_chars:
                    raise ReadError(
                        Issue(name, Msg("cell_too_long", n=len(c), limit=limits.max_cell_chars),
                              row=start, column=f"#{i + 1}")
                    )  # fmt: skip
                if "\n" in c and delimiter in c.split("\n", 1)[1]:
                    raise ReadError(
                        Issue(name, Msg("quote_swallows_rows"), row=start, column=f"#{i + 1}")
                    )  # fmt: skip
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(
            Issue(name, Msg("quote_broken", detail=str(exc)), row=start)
        ) from exc  # fmt: skip


def _undecodable(name: str, exc: UnicodeDecodeError) -> ReadError:
    return ReadError(Issue(name, Msg("undecodable", pos=exc.start)))


def _nul(name: str) -> ReadError:
    return ReadError(Issue(name, Msg("nul_bytes")))


def sniff_delimiter(sample: str) -> str:
    """``,``, tab or ``;`` as the sample's delimiter (``,`` when unsure)."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:
        return ","


def _read_csv(path: Path, data: bytes, limits: Limits) -> list[RawTable]:
    name = path.name
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        raise _undecodable(name, exc) from exc
    if "\x00" in text:
        raise _nul(name)
    delimiter = sniff_delimiter(text[:4096])
    source = io.StringIO(text, newline="")
    rows = list(_csv_rows(name, source, delimiter, limits, limits.max_rows))
    return [RawTable(rows=rows, encoding=encoding, delimiter=delimiter)]


class NulBytesError(Exception):
    """A NUL character in a text file (binary or corrupt)."""


def _decode_pass(path: Path, encoding: str) -> bool:
    """Decode the whole file block by block (memory: one block); True if it is blank.
    Raises ``UnicodeDecodeError`` (``start`` counted from the file's first byte) or
    `NulBytesError` for a NUL character."""
    dec = codecs.getincrementaldecoder(encoding)()
    blank, offset = True, 0
    with open(path, "rb") as fh:
        while block := fh.read(BLOCK_BYTES):
            pending = len(dec.getstate()[0])  # bytes of a character cut by the last block
            try:
                text = dec.decode(block)
            except UnicodeDecodeError as exc:
                start = max(0, offset - pending + exc.start)
                raise UnicodeDecodeError(encoding, block, start, start + 1, exc.reason) from None
            if "\x00" in text:
                raise NulBytesError
            blank = blank and not text.strip()
            offset += len(block)
        dec.decode(b"", final=True)
    return blank


def stream_encoding(path: Path) -> str:
    """The encoding of a CSV on disk (as :func:`decode_text`, without loading it)."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gbk", "gb18030"]
    for i, enc in enumerate(candidates):
        try:
            if _decode_pass(path, enc) and enc == "utf-8":
                raise ReadError(Issue(path.name, Msg("file_empty")))
            return enc
        except UnicodeDecodeError:
            if i == len(candidates) - 1:
                raise
    raise AssertionError("unreachable")


def _stream_csv(path: Path, limits: Limits) -> list[RawTable]:
    """A CSV table that keeps only its head in memory; its rows are re-read on demand."""
    name = path.name
    try:
        encoding = stream_encoding(path)
    except UnicodeDecodeError as exc:
        raise _undecodable(name, exc) from exc
    except NulBytesError:
        raise _nul(name) from None
    with open(path, encoding=encoding, newline="") as fh:
        delimiter = sniff_delimiter(fh.read(4096))

    def rows() -> Iterator[Row]:
        with open(path, encoding=encoding, newline="") as fh:
            yield from _csv_rows(name, fh, delimiter, limits, limits.max_csv_rows)

    head = []
    for row in rows():
        head.append(row)
        if len(head) >= HEAD_ROWS:
            break
    return [RawTable(rows=head, encoding=encoding, delimiter=delimiter, stream=rows)]


def excel_cell_value(cell, formula: str | None) -> object:
    """An openpyxl cell's value as the readers keep it: a percent-formatted number as
    :class:`PercentCell`, an empty cell holding ``formula`` as :class:`FormulaCell`."""
    value = cell.value
    if value is None:
        return FormulaCell(formula) if formula else None
    if not isinstance(value, int | float) or isinstance(value, bool):
        return value  # only a number can be a percent cell (the format lookup is not free)
    if "%" in (getattr(cell, "number_format", "") or ""):
        return PercentCell(float(f"{value * 100:.12g}"))
    return value


def _grid(ws, formulas: dict[tuple[int, int], str]) -> list[list[object]]:
    return [
        [excel_cell_value(c, formulas.get((c.row, c.column)) if formulas else None) for c in row]
        for row in ws.iter_rows()
    ]


def _read_xlsx(path: Path, limits: Limits) -> list[RawTable]:
    """Every sheet's cell values; a value merged down a column (e.g. 地区 spanning several
    indicator rows) is repeated in each row it covers."""
    import openpyxl

    name = path.name
    try:
        scans = scan_xlsx(path, limits)
    except XlsxLimitError as exc:
        raise ReadError(Issue(name, of_exception(exc))) from exc
    except (zipfile.BadZipFile, KeyError, ParseError, ValueError, OSError, EOFError) as exc:
        raise ReadError(
            Issue(name, Msg("xlsx_corrupt", detail=f"{type(exc).__name__}: {exc}"))
        ) from exc  # fmt: skip
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure here means an unreadable workbook
        raise ReadError(
            Issue(name, Msg("xlsx_corrupt", detail=f"{type(exc).__name__}: {exc}"))
        ) from exc
    tables = []
    try:
        for ws in wb.worksheets:
            scan = scans.get(ws.title)
            grid = _grid(ws, scan.formulas if scan else {})
            for rng in ws.merged_cells.ranges:
                if rng.min_col != rng.max_col:
                    continue  # only vertical merges carry a value down rows
                value = grid[rng.min_row - 1][rng.min_col - 1]
                for r in range(rng.min_row, min(rng.max_row, len(grid)) + 1):
                    grid[r - 1][rng.min_col - 1] = value
            tables.append(RawTable(rows=list(enumerate(grid, start=1)), sheet=ws.title, excel=True))
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, IndexError) as exc:
        raise ReadError(Issue(name, Msg("xlsx_corrupt_cells", detail=str(exc)))) from exc
    finally:
        wb.close()
    return tables


def check_file(path: Path, limits: Limits, csv_stream: bool = False) -> int:
    """Refuse anything but an existing regular file within the size limit (``max_csv_mb`` for
    a CSV that will be streamed, else ``max_file_mb``); returns its size."""
    name = path.name
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ReadError(Issue(name, Msg("file_not_found", path=str(path)))) from None
    except OSError as exc:
        raise ReadError(
            Issue(name, Msg("file_cannot_open", detail=str(exc.strerror or exc)))
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(Issue(name, Msg("file_is_directory")))
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(Issue(name, Msg("file_not_regular")))
    cap, mb, var = (
        (limits.max_csv_bytes, limits.max_csv_mb, "WORKBENCH_MAX_CSV_MB")
        if csv_stream
        else (limits.max_file_bytes, limits.max_file_mb, "WORKBENCH_MAX_FILE_MB")
    )
    if st.st_size > cap:
        raise ReadError(
            Issue(name, Msg("file_too_large", mb=st.st_size / 1024 / 1024, limit=mb, var=var))
        )
    return st.st_size


def _looks_csv(path: Path) -> bool:
    """Not an Excel file by content or name (a CSV, or something to refuse as text)."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    return not (
        head.startswith((XLSX_MAGIC, OLE_MAGIC)) or path.suffix.lower() in (".xlsx", ".xlsm")
    )


def read_tables(path: Path, limits: Limits | None = None, stream: bool = False) -> list[RawTable]:
    """All cell grids of a file: one for CSV, one per sheet for .xlsx (detected by content).

    ``stream=True``: a CSV is streamed (see the module doc) under the ``max_csv_*`` limits."""
    limits = limits or Limits.from_env()
    name = path.name
    if stream:
        check_file(path, limits, csv_stream=True)  # a regular file, within the CSV limit
        if _looks_csv(path):
            return _stream_csv(path, limits)
    check_file(path, limits)
    with open(path, "rb") as fh:
        data = fh.read(limits.max_file_bytes + 1)  # the file may have grown since stat
    if len(data) > limits.max_file_bytes:
        raise ReadError(Issue(name, Msg("file_grew", limit=limits.max_file_mb)))
    if not data.strip():
        raise ReadError(Issue(name, Msg("file_empty")))
    if data.startswith(OLE_MAGIC):
        raise ReadError(Issue(name, Msg("xls_legacy")))
    if data.startswith(XLSX_MAGIC) or path.suffix.lower() in (".xlsx", ".xlsm"):
        if not data.startswith(XLSX_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
            raise ReadError(Issue(name, Msg("xlsx_not_zip")))
        return _read_xlsx(path, limits)
    return _read_csv(path, data, limits)
