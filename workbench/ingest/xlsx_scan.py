"""Look inside an .xlsx container before openpyxl loads it: sizes, sheet dimensions, the
shared-string table and formulas without saved values, all by streaming the XML parts.

A 5 KB workbook with one cell at XFD1048576 or a 1 MB shared-string bomb is refused here,
in bounded memory, before any grid is built.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import iterparse

from openpyxl.utils import column_index_from_string, range_boundaries

from workbench.ingest.limits import Limits
from workbench.ingest.messages import Msg

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


class XlsxLimitError(ValueError):
    """The container breaks a limit or is malformed; the message says which."""


@dataclass
class SheetScan:
    """What one worksheet part holds: used range, cell count, formulas lacking a value, and
    the cells merged down one column (for a reader that cannot see merges, e.g. openpyxl's
    read-only mode)."""

    part: str
    max_row: int = 0
    max_col: int = 0
    n_cells: int = 0
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "=…"
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # vertical: (col, top, bottom)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _check_container(zf: zipfile.ZipFile, limits: Limits) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if total > limits.max_unzipped_bytes:
            raise XlsxLimitError(Msg("xlsx_zip_bomb", size=_mb(limits.max_unzipped_bytes)))
        if info.filename.endswith((".xml", ".rels")):
            with zf.open(info) as fh:
                head = fh.read(2048)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise XlsxLimitError(Msg("xlsx_entities", part=info.filename))


def _shared_strings(zf: zipfile.ZipFile, part: str | None, limits: Limits) -> None:
    if part is None or part not in zf.namelist():
        return
    n = 0
    with zf.open(part) as fh:
        for _event, el in iterparse(fh, events=("end",)):
            if el.tag == f"{_NS_MAIN}si":
                n += 1
                el.clear()
                if n > limits.max_shared_strings:
                    raise XlsxLimitError(
                        Msg("xlsx_shared_strings", limit=limits.max_shared_strings)
                    )


def _parts(zf: zipfile.ZipFile) -> tuple[dict[str, str], str | None]:
    """Worksheet part path → sheet name, and the shared-string part, from workbook.xml and
    its relationships (the names a reader such as openpyxl follows)."""
    rels: dict[str, tuple[str, str]] = {}
    with zf.open("xl/_rels/workbook.xml.rels") as fh:
        for _, el in iterparse(fh):
            if el.tag == f"{_NS_PKG}Relationship":
                target = el.get("Target", "").lstrip("/")
                target = target if target.startswith("xl/") else f"xl/{target}"
                rels[el.get("Id", "")] = (el.get("Type", ""), target)
    strings = next((t for kind, t in rels.values() if kind.endswith("/sharedStrings")), None)
    sheets: dict[str, str] = {}
    with zf.open("xl/workbook.xml") as fh:
        for _, el in iterparse(fh):
            if el.tag == f"{_NS_MAIN}sheet":
                kind, part = rels.get(el.get(f"{_NS_REL}id", ""), ("", ""))
                if part:
                    sheets[part] = el.get("name", "")
    return sheets, strings


def _scan_sheet(zf: zipfile.ZipFile, part: str, name: str, limits: Limits) -> SheetScan:
    scan = SheetScan(part)
    row, col = 0, 0
    with zf.open(part) as fh:
        for event, el in iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{_NS_MAIN}row":
                    row = int(el.get("r") or row + 1)
                    col = 0
                continue
            if tag != f"{_NS_MAIN}c":
                if tag == f"{_NS_MAIN}row":
                    el.clear()
                elif tag == f"{_NS_MAIN}mergeCell":
                    _merge(scan, el.get("ref") or "")
                continue
            ref = el.get("r")
            m = _REF.match(ref) if ref else None
            if m:
                col, row = column_index_from_string(m.group(1)), int(m.group(2))
            else:
                col += 1
            scan.n_cells += 1
            scan.max_row, scan.max_col = max(scan.max_row, row), max(scan.max_col, col)
            if scan.max_row > limits.max_rows or scan.max_col > limits.max_columns:
                raise XlsxLimitError(
                    Msg("xlsx_dimensions", sheet=name, row=row, col=col, rows=limits.max_rows,
                        cols=limits.max_columns)
                )  # fmt: skip
            if scan.n_cells > limits.max_cells:
                raise XlsxLimitError(Msg("xlsx_cells", sheet=name, limit=limits.max_cells))
            f = el.find(f"{_NS_MAIN}f")
            v = el.find(f"{_NS_MAIN}v")
            if f is not None and (v is None or not (v.text or "").strip()):
                scan.formulas[(row, col)] = "=" + (f.text or "…")
            el.clear()
    return scan


def _merge(scan: SheetScan, ref: str) -> None:
    """Keep a merged range that spans one column and several rows (``C4:C6``)."""
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (TypeError, ValueError):
        return
    if min_col == max_col and min_row is not None and max_row is not None and max_row > min_row:
        scan.merges.append((min_col, min_row, max_row))


def scan_xlsx(path, limits: Limits) -> dict[str, SheetScan]:
    """Check an .xlsx against ``limits``; sheet name → :class:`SheetScan`.

    Raises :class:`XlsxLimitError` (size, dimensions, shared strings, entities) or
    ``zipfile.BadZipFile``/``KeyError``/XML errors for a malformed container.
    """
    with zipfile.ZipFile(path) as zf:
        _check_container(zf, limits)
        sheets, strings = _parts(zf)
        _shared_strings(zf, strings, limits)
        for name in zf.namelist():  # a table a reader might find by its usual name
            if name.lower() == "xl/sharedstrings.xml" and name != strings:
                _shared_strings(zf, name, limits)
        return {name: _scan_sheet(zf, part, name, limits) for part, name in sheets.items()}
