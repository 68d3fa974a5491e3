"""Find the header row, map Chinese/English headers to fields and turn long or wide
layouts into raw records (one per value cell) that still know their row and column.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from workbench.catalog import norm_key
from workbench.ingest.errors import Issue
from workbench.ingest.messages import FIELD_ZH, Msg
from workbench.ingest.numbers import MISSING_MARKERS as NUMBER_MISSING
from workbench.ingest.readers import RawTable

FIELDS: dict[str, tuple[str, ...]] = {
    "region": (
        "region",
        "region_id",
        "地区",
        "地区名称",
        "区域",
        "地域",
        "行政区划",
        "行政区",
        "城市",
        "area",
    ),
    "indicator": (
        "indicator",
        "indicator_id",
        "指标",
        "指标名称",
        "指标名",
        "指标代码",
        "series",
        "项目",
    ),
    "year": ("year", "年份", "年度", "年", "时间", "period"),
    "value": ("value", "数值", "值", "数据", "指标值", "数量", "金额"),
    "unit": ("unit", "单位", "计量单位", "unit_of_measure"),
    "source": ("source", "来源", "数据来源", "资料来源", "published"),
    "source_url": ("source_url", "url", "链接", "来源链接", "网址"),
    "quote": ("quote", "source_quote", "原文", "引文", "原文摘录"),
    "note": ("note", "notes", "备注", "说明", "注"),
    "published_on": ("published_on", "发布日期", "发布时间", "公布日期", "publication_date"),
    "publisher": ("publisher", "发布机构", "发布单位", "发布者"),
    "grade": ("grade", "来源等级", "来源级别"),
    "priority": ("priority", "优先级", "优先顺序"),
}
"""Accepted header spellings per field (matched after NFKC, case folding, no spaces)."""

_HEADER_INDEX = {norm_key(alias): f for f, aliases in FIELDS.items() for alias in aliases}
REQUIRED_LONG = ("region", "indicator", "year", "value")
REQUIRED_WIDE = ("region", "indicator")
MISSING_MARKERS = NUMBER_MISSING
_YEAR_HEADER = re.compile(r"^(\d{4})(?:\.0+)?(?:年|年度)?$")
_PAREN = re.compile(r"^(.*?)[(\[]([^()\[\]]+)[)\]]$")
_UNIT_LINE = re.compile(r"^(?:单位|計量單位|计量单位|unit)[:：]\s*(.+)$", re.IGNORECASE)
_FOOTNOTE = re.compile(
    r"^(注|备注|说明|资料来源|数据来源|来源|note|notes|source)\s*[:：0-9]", re.IGNORECASE
)
MAX_HEADER_SCAN = 30


def cell_text(value: object) -> str:
    """A cell as stripped NFKC text (``None`` → ``""``; integral floats without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def split_paren(text: object) -> tuple[str, str | None]:
    """``"数值(亿元)"`` → ``("数值", "亿元")``; text without a trailing bracket → ``(text, None)``."""
    t = cell_text(text)
    m = _PAREN.match(t)
    if not m:
        return t, None
    return m.group(1).strip(), m.group(2).strip()


def header_field(text: object) -> tuple[str | None, str | None]:
    """Field named by a header cell and a unit embedded in it: ``"数值(万元)"`` → ``("value", "万元")``."""
    t = cell_text(text)
    if not t:
        return None, None
    f = _HEADER_INDEX.get(norm_key(t))
    if f:
        return f, None
    base, unit = split_paren(t)
    f = _HEADER_INDEX.get(norm_key(base))
    return (f, unit) if f else (None, None)


def year_header(text: object) -> int | None:
    """Year of a wide-layout column header (``2016``, ``2016.0``, ``2016年``, ``2016年度``)."""
    m = _YEAR_HEADER.match(cell_text(text))
    return int(m.group(1)) if m else None


@dataclass
class Layout:
    """Where the data is in a table: header row, field → column index, year columns."""

    table: RawTable
    header_row: int  # 1-based row number of the header
    header_pos: int  # index into table.rows
    fields: dict[str, int] = field(default_factory=dict)
    header_units: dict[str, str] = field(default_factory=dict)  # field -> unit in header
    year_cols: dict[int, int] = field(default_factory=dict)  # column index -> year
    headers: list[str] = field(default_factory=list)
    title_unit: str | None = None  # from a "单位：万元" line above the header
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "long" if "value" in self.fields or not self.year_cols else "wide"

    def missing(self) -> list[str]:
        need = REQUIRED_LONG if self.kind == "long" else REQUIRED_WIDE
        return [f for f in need if f not in self.fields]

    def score(self) -> int:
        return len(self.fields) + min(len(self.year_cols), 3)

    def column_label(self, col: int) -> str:
        name = self.headers[col] if col < len(self.headers) else ""
        if self.table.excel:
            return (
                f"{get_column_letter(col + 1)} ({name!r})" if name else get_column_letter(col + 1)
            )
        return repr(name) if name else f"#{col + 1}"


def find_layout(table: RawTable) -> Layout | None:
    """The most header-like row among the first rows of ``table`` (``None`` if none)."""
    best: Layout | None = None
    title_unit = None
    for pos, (rownum, cells) in enumerate(table.rows[:MAX_HEADER_SCAN]):
        texts = [cell_text(c) for c in cells]
        lay = Layout(
            table=table, header_row=rownum, header_pos=pos, headers=texts, title_unit=title_unit
        )
        for col, t in enumerate(texts):
            f, unit = header_field(t)
            if f:
                if f in lay.fields:
                    lay.duplicates.append((f, col))
                    continue
                lay.fields[f] = col
                if unit:
                    lay.header_units[f] = unit
            elif (y := year_header(t)) is not None:
                lay.year_cols[col] = y
            elif t:
                lay.ignored.append(col)
        # a header row names at least two fields, or one field and some year columns
        if (len(lay.fields) >= 2 or (lay.fields and lay.year_cols)) and (
            best is None or lay.score() > best.score()
        ):
            best = lay
            if not lay.missing():
                return best
        for t in texts:
            if m := _UNIT_LINE.match(t):
                title_unit = m.group(1).strip()
    return best


@dataclass
class RawRecord:
    """One value cell with its row's other fields as raw cells and where it came from."""

    row: int
    cells: dict[str, object]  # field -> raw cell value
    columns: dict[str, str]  # field -> column label for messages
    year_from_header: int | None = None


def is_footnote(texts: list[str]) -> bool:
    """A trailing remark row such as ``注：…`` or ``资料来源：某市统计局``."""
    nonempty = [t for t in texts if t]
    return len(nonempty) == 1 and bool(_FOOTNOTE.match(nonempty[0]))


def header_issues(lay: Layout, file: str) -> list[Issue]:
    """Problems of a table's header row: duplicate columns, mixed layouts, unknown columns."""
    issues: list[Issue] = []
    sheet = lay.table.sheet
    for f, col in lay.duplicates:
        issues.append(
            Issue(
                file,
                Msg("duplicate_column", field=f, field_zh=FIELD_ZH.get(f, f)),
                lay.header_row,
                lay.column_label(col),
                sheet=sheet,
            )
        )
    if lay.kind == "long" and lay.year_cols:
        issues.append(
            Issue(
                file,
                Msg("mixed_layout"),
                lay.header_row,
                sheet=sheet,
            )
        )
    for col in lay.ignored:
        issues.append(
            Issue(
                file,
                Msg("column_ignored"),
                lay.header_row,
                lay.column_label(col),
                "warning",
                sheet,
            )
        )
    return issues


def iter_records(lay: Layout, file: str, emit: Callable[[Issue], None]) -> Iterator[RawRecord]:
    """Raw records of a table in row order (long: one per row; wide: one per non-empty year
    cell), reading its rows lazily; remark rows are reported through ``emit``."""
    sheet = lay.table.sheet
    id_fields = {f: c for f, c in lay.fields.items() if f != "value"}
    cols = {f: lay.column_label(c) for f, c in lay.fields.items()}
    year_cols = {
        col: (year, dict(cols, value=lay.column_label(col), year=lay.column_label(col)))
        for col, year in lay.year_cols.items()
    }
    for rownum, cells in itertools.islice(lay.table.iter_rows(), lay.header_pos + 1, None):
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue
        if is_footnote(texts):
            emit(
                Issue(
                    file,
                    Msg("remark_row", text=texts[0][:60]),
                    rownum,
                    severity="warning",
                    sheet=sheet,
                )
            )
            continue
        base = {f: (cells[c] if c < len(cells) else None) for f, c in id_fields.items()}
        if lay.kind == "long":
            vcol = lay.fields["value"]
            base["value"] = cells[vcol] if vcol < len(cells) else None
            yield RawRecord(rownum, base, cols)
            continue
        for col, (year, rec_cols) in year_cols.items():
            v = cells[col] if col < len(cells) else None
            if cell_text(v).casefold() in MISSING_MARKERS:
                continue
            yield RawRecord(rownum, dict(base, value=v), rec_cols, year_from_header=year)


def records(lay: Layout, file: str) -> tuple[list[RawRecord], list[Issue]]:
    """All raw records of a table and its issues (see :func:`iter_records`)."""
    issues = header_issues(lay, file)
    out = list(iter_records(lay, file, issues.append))
    return out, issues
