"""Read a delivered CSV or Excel file into raw cell grids, keeping row numbers.

No type inference happens here: cells stay as text (CSV) or as the Excel cell values,
so later stages can say exactly which row and column a problem is in. Two Excel facts are
kept as types: a percent-formatted number becomes :class:`~workbench.ingest.numbers.PercentCell`
(0.92 shown as 92 % → 92.0) and a formula without a saved value becomes
:class:`~workbench.ingest.numbers.FormulaCell`. Every limit of :class:`Limits` is checked
before the grid is built (regular files only; size; .xlsx dimensions and shared strings).
"""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from workbench.ingest.errors import Issue
from workbench.ingest.limits import Limits
from workbench.ingest.numbers import FormulaCell, PercentCell
from workbench.ingest.xlsx_scan import XlsxLimitError, scan_xlsx

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


@dataclass
class RawTable:
    """One grid of cells: ``rows`` is a list of ``(row_number, cells)``, row numbers 1-based."""

    rows: list[tuple[int, list[object]]]
    sheet: str | None = None  # Excel sheet name, None for CSV
    encoding: str | None = None  # detected text encoding, None for Excel
    excel: bool = False
    delimiter: str | None = None  # CSV delimiter, None for Excel


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


def _csv_rows(name: str, text: str, delimiter: str, limits: Limits):
    """Rows of a CSV text with strict quoting: an unterminated quote is refused, and so is
    a quoted cell that swallowed whole lines (a line break followed by delimiters)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            if reader.line_num > limits.max_rows:
                raise ReadError(Issue(name, f"more than {limits.max_rows:,} rows (limit)"))
            if len(cells) > limits.max_columns:
                raise ReadError(
                    Issue(name, f"{len(cells)} columns (limit {limits.max_columns})", row=start)
                )
            for i, c in enumerate(cells):
                if len(c) > limits.max_cell_chars:
                    raise ReadError(
                        Issue(name, f"a cell of {len(c):,} characters (limit "
                              f"{limits.max_cell_chars:,})", row=start, column=f"#{i + 1}")
                    )  # fmt: skip
                if "\n" in c and delimiter in c.split("\n", 1)[1]:
                    raise ReadError(
                        Issue(name, "a quoted cell runs over several lines that look like rows: "
                              "an opening quote \" is not closed", row=start, column=f"#{i + 1}")
                    )  # fmt: skip
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(
            Issue(name, f"malformed CSV (broken quoting: {exc}); the quote opened in or after "
                  "this row is never closed properly", row=start)
        ) from exc  # fmt: skip


def _read_csv(path: Path, data: bytes, limits: Limits) -> list[RawTable]:
    name = path.name
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        raise ReadError(
            Issue(
                name,
                f"cannot decode the file as UTF-8, GBK or GB18030 (byte {exc.start}); "
                "save it as CSV UTF-8 or as .xlsx",
            )
        ) from exc
    if "\x00" in text:
        raise ReadError(
            Issue(
                name, "the file contains NUL bytes: it is not a text CSV file (binary or corrupt?)"
            )
        )
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(_csv_rows(name, text, delimiter, limits))
    return [RawTable(rows=rows, encoding=encoding, delimiter=delimiter)]


def _cell_value(cell, formula: str | None) -> object:
    value = cell.value
    if value is None:
        return FormulaCell(formula) if formula else None
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        return PercentCell(float(f"{value * 100:.12g}"))
    return value


def _grid(ws, formulas: dict[tuple[int, int], str]) -> list[list[object]]:
    return [
        [_cell_value(c, formulas.get((c.row, c.column)) if formulas else None) for c in row]
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
        raise ReadError(Issue(name, str(exc))) from exc
    except (zipfile.BadZipFile, KeyError, ParseError, ValueError, OSError, EOFError) as exc:
        raise ReadError(
            Issue(name, f"corrupt or truncated Excel file ({type(exc).__name__}: {exc}); "
                  "open and re-save it in Excel")
        ) from exc  # fmt: skip
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure here means an unreadable workbook
        raise ReadError(
            Issue(
                name,
                f"corrupt or truncated Excel file ({type(exc).__name__}: {exc}); open and re-save it in Excel",
            )
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
        raise ReadError(
            Issue(name, f"corrupt or truncated Excel file while reading cells ({exc})")
        ) from exc
    finally:
        wb.close()
    return tables


def check_file(path: Path, limits: Limits) -> int:
    """Refuse anything but an existing regular file within the size limit; returns its size."""
    name = path.name
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ReadError(Issue(name, f"file not found: {path}")) from None
    except OSError as exc:
        raise ReadError(Issue(name, f"cannot open the file: {exc.strerror or exc}")) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(Issue(name, "is a directory, not a file"))
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(Issue(name, "is not a regular file (a device, pipe or socket); refused"))
    if st.st_size > limits.max_file_bytes:
        raise ReadError(
            Issue(name, f"the file has {st.st_size / 1024 / 1024:.1f} MB; the limit is "
                  f"{limits.max_file_mb:g} MB (WORKBENCH_MAX_FILE_MB)")
        )  # fmt: skip
    return st.st_size


def read_tables(path: Path, limits: Limits | None = None) -> list[RawTable]:
    """All cell grids of a file: one for CSV, one per sheet for .xlsx (detected by content)."""
    limits = limits or Limits.from_env()
    name = path.name
    check_file(path, limits)
    with open(path, "rb") as fh:
        data = fh.read(limits.max_file_bytes + 1)  # the file may have grown since stat
    if len(data) > limits.max_file_bytes:
        raise ReadError(Issue(name, f"the file is larger than {limits.max_file_mb:g} MB"))
    if not data.strip():
        raise ReadError(Issue(name, "the file is empty"))
    if data.startswith(OLE_MAGIC):
        raise ReadError(
            Issue(name, "legacy .xls (Excel 97-2003) is not supported: save it as .xlsx or CSV")
        )
    if data.startswith(XLSX_MAGIC) or path.suffix.lower() in (".xlsx", ".xlsm"):
        if not data.startswith(XLSX_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
            raise ReadError(
                Issue(name, "corrupt or truncated Excel file: not a valid .xlsx (zip) container")
            )
        return _read_xlsx(path, limits)
    return _read_csv(path, data, limits)
