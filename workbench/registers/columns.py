"""Register headers: which Chinese/English column names mean which enterprise field.

A register is one row per enterprise (and year); the header row is found among the first
rows of the file, as for observation files (``workbench.ingest``). Money columns carry
their unit in the header (``营业收入(万元)``), in a ``单位：万元`` line above it or in a
``单位`` column; values are stored in 万元.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.catalog import norm_key
from workbench.ingest.columns import MAX_HEADER_SCAN, cell_text, split_paren
from workbench.ingest.readers import RawTable

FIELDS: dict[str, tuple[str, ...]] = {
    "enterprise_id": (
        "enterprise_id",
        "统一社会信用代码",
        "社会信用代码",
        "信用代码",
        "企业代码",
        "单位代码",
        "法人单位代码",
        "组织机构代码",
        "企业ID",
        "企业编号",
        "id",
    ),
    "name": ("name", "enterprise_name", "企业名称", "单位名称", "单位详细名称", "法人单位名称"),
    "industry_code": (
        "industry_code",
        "行业代码",
        "国民经济行业代码",
        "国民经济行业分类代码",
        "行业小类代码",
        "行业分类代码",
        "code",
    ),
    "region": ("region", "地区", "县区", "区县", "所在地区", "所在县区", "地区名称", "行政区划"),
    "year": ("year", "年份", "年度", "年", "统计年度"),
    "revenue": ("revenue", "营业收入", "主营业务收入", "营业收入合计"),
    "value_added": ("value_added", "增加值", "工业增加值", "行业增加值"),
    "employees": (
        "employees",
        "employment",
        "从业人员",
        "从业人数",
        "从业人员期末人数",
        "从业人员平均人数",
        "期末从业人员",
    ),
    "above_scale": (
        "above_scale",
        "规模以上",
        "规上",
        "是否规上",
        "是否规模以上",
        "规模以上企业",
        "规上企业",
    ),
    "unit": ("unit", "单位", "计量单位", "金额单位"),
    "synthetic": ("synthetic", "合成数据", "合成", "SYNTHETIC"),
}
"""Accepted header spellings per register field (matched after NFKC, case folding, no spaces)."""

MONEY = ("revenue", "value_added")
_INDEX = {norm_key(a): f for f, aliases in FIELDS.items() for a in aliases}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNIT_LINE = re.compile(r"^(?:单位|计量单位|金额单位|unit)\s*[:：]\s*(.+)$", re.IGNORECASE)


@dataclass
class RegisterLayout:
    """Where a register's fields are: header row (1-based), field → column, header units."""

    table: RawTable
    header_row: int
    header_pos: int
    fields: dict[str, int] = field(default_factory=dict)
    header_units: dict[str, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    title_unit: str | None = None
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def label(self, f: str) -> str:
        """The column as the user sees it: its header text (with its letter in Excel)."""
        col = self.fields[f]
        name = self.headers[col]
        if self.table.excel:
            from openpyxl.utils import get_column_letter

            return f"{get_column_letter(col + 1)} ({name!r})"
        return repr(name)


def field_zh(f: str) -> str:
    """A register field's Chinese name for messages: its first Chinese spelling in
    :data:`FIELDS` (``revenue`` → ``营业收入``); ``f`` itself if it has none."""
    return next((a for a in FIELDS.get(f, ()) if _CJK.search(a)), f)


def header_field(text: str) -> tuple[str | None, str | None]:
    """``(field, unit)`` of a header cell: ``营业收入(万元)`` → ``("revenue", "万元")``."""
    if (f := _INDEX.get(norm_key(text))) is not None:
        return f, None
    base, unit = split_paren(text)
    if unit and (f := _INDEX.get(norm_key(base))) is not None:
        return f, unit.strip()
    return None, None


def find_layout(table: RawTable) -> RegisterLayout | None:
    """The header row naming the most register fields (at least two) among the first rows."""
    best: RegisterLayout | None = None
    title_unit = None
    for pos, (rownum, cells) in enumerate(table.rows[:MAX_HEADER_SCAN]):
        texts = [cell_text(c) for c in cells]
        lay = RegisterLayout(table, rownum, pos, headers=texts, title_unit=title_unit)
        for col, t in enumerate(texts):
            f, unit = header_field(t)
            if f is None:
                continue
            if f in lay.fields:
                lay.duplicates.append((f, col))
                continue
            lay.fields[f] = col
            if unit:
                lay.header_units[f] = unit
        if len(lay.fields) >= 2 and (best is None or len(lay.fields) > len(best.fields)):
            best = lay
        for t in texts:
            if m := _UNIT_LINE.match(t):
                title_unit = m.group(1).strip()
    return best
