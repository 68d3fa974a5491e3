"""Read a delivered CSV or Excel file into raw cell grids, keeping row numbers.

No type inference happens here: cells stay as text (CSV) or as the Excel cell values,
so later stages can say exactly which row and column a problem is in.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from workbench.ingest.errors import Issue

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


@dataclass
class RawTable:
    """One grid of cells: ``rows`` is a list of ``(row_number, cells)``, row numbers 1-based."""

    rows: list[tuple[int, list[object]]]
    sheet: str | None = None  # Excel sheet name, None for CSV
    encoding: str | None = None  # detected text encoding, None for Excel
    excel: bool = False


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


def _read_csv(path: Path, data: bytes) -> list[RawTable]:
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
    rows: list[tuple[int, list[object]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            rows.append((reader.line_num, list(cells)))
    except csv.Error as exc:
        raise ReadError(Issue(name, f"malformed CSV: {exc}", row=reader.line_num + 1)) from exc
    return [RawTable(rows=rows, encoding=encoding)]


def _read_xlsx(path: Path) -> list[RawTable]:
    """Every sheet's cell values; a value merged down a column (e.g. 地区 spanning several
    indicator rows) is repeated in each row it covers."""
    import openpyxl

    name = path.name
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
            grid = [list(values) for values in ws.iter_rows(values_only=True)]
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


def read_tables(path: Path) -> list[RawTable]:
    """All cell grids of a file: one for CSV, one per sheet for .xlsx (detected by content)."""
    name = path.name
    if not path.exists():
        raise ReadError(Issue(name, f"file not found: {path}"))
    if path.is_dir():
        raise ReadError(Issue(name, "is a directory, not a file"))
    data = path.read_bytes()
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
        return _read_xlsx(path)
    return _read_csv(path, data)
