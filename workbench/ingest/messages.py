"""Every message the data path can emit, by code, in English and Chinese (the enterprise
register path's are in the sibling table :mod:`workbench.ingest.register_messages`).

A message is built as ``Msg(code, **params)``: a ``str`` holding the English text (so every
caller that prints, compares or searches messages sees them as before) that also keeps its
code and parameters, so :func:`render` can show it in Chinese on a Chinese page or in the
Chinese command line. Parameters are numbers, texts shown as delivered (a cell's text, a
file name), or other ``Msg`` (a reason inside a message); a list of ``Msg`` is joined.
Templates use :meth:`str.format` fields; a template may use only some parameters (the
Chinese ones use ``*_zh`` names where an id would otherwise show).
"""

from __future__ import annotations

from collections.abc import Mapping

from workbench.ingest.register_messages import REGISTER_MESSAGES

MESSAGES: dict[str, dict[str, str]] = {
    # -------------------------------------------------------------- numbers (numbers.py)
    "num_bad_char": {
        "en": "not a number: {shown} contains {char}; write digits only, e.g. 1234.5",
        "zh": "不是数字：{shown} 含有 {char}；只写数字，如 1234.5",
    },
    "num_decimal_comma": {
        "en": "not a number: {shown} (the file declares a decimal comma: write 1234,5)",
        "zh": "不是数字：{shown}（文件声明以逗号为小数点：应写作 1234,5）",
    },
    "num_ambiguous": {
        "en": "ambiguous number {shown}: the comma may be a decimal or a thousands separator; "
        "write it without grouping (e.g. 805 or 80.5), or declare a decimal comma",
        "zh": "数字 {shown} 有歧义：其中的逗号可能是小数点，也可能是千位分隔符；请不加分隔地"
        "写（如 805 或 80.5），或声明以逗号为小数点",
    },
    "num_not_number": {"en": "not a number: {shown}", "zh": "不是数字：{shown}"},
    "num_not_finite": {"en": "not a finite number: {shown}", "zh": "不是有限的数字：{shown}"},
    "num_formula": {
        "en": "formula without a saved value ({formula}): open the file in Excel, let it "
        "calculate and save it, or type the number",
        "zh": "公式没有保存的计算结果（{formula}）：请用 Excel 打开文件、计算后保存，或直接填写数字",
    },
    "num_percent_field": {
        "en": "{what}: {shown} is a percentage, expected a plain number",
        "zh": "{what}：{shown} 是百分数，这里应填普通数字",
    },
    "num_decimal_option": {
        "en": "decimal separator must be '.' or ',', not {shown}",
        "zh": "小数点只能是 '.' 或 ','，不能是 {shown}",
    },
    # -------------------------------------------------------------- cells (validate.py)
    "year_not_year": {"en": "not a year: {shown}", "zh": "不是年份：{shown}"},
    "year_empty": {"en": "year is empty", "zh": "年份为空"},
    "year_impossible": {
        "en": "impossible year {year} (observations must lie in {first}–{last})",
        "zh": "不可能的年份 {year}（观测值须在 {first}–{last} 年之间）",
    },
    "date_format": {
        "en": "not a date (use YYYY-MM-DD): {shown}",
        "zh": "不是日期（请写作 2024-05-31 这样的年-月-日）：{shown}",
    },
    "date_bad": {"en": "not a date: {shown}", "zh": "不是日期：{shown}"},
    "date_future": {
        "en": "publication date {date} is in the future (today is {today})",
        "zh": "发布日期 {date} 在未来（今天是 {today}）",
    },
    "date_before_year": {
        "en": "publication date {date} is before the data year {year}",
        "zh": "发布日期 {date} 早于数据年份 {year}",
    },
    "value_negative": {
        "en": "negative value {value:g} is impossible for {indicator} ({name}, a {kind} in {unit})",
        "zh": "{name}不可能为负值 {value:g}（{kind_zh}，单位 {unit}）",
    },
    "value_share_range": {
        "en": "share {value:g} {unit} is outside 0–100 for {indicator} ({name})",
        "zh": "{name}的比重 {value:g}{unit} 不在 0–100 之间",
    },
    "value_missing": {"en": "no value; row skipped", "zh": "没有数值；已跳过该行"},
    "priority_bad": {
        "en": "priority {shown} is not a whole number 0–9999 (lower is shown first)",
        "zh": "优先级 {shown} 不是 0–9999 的整数（数值小者优先显示）",
    },
    "region_empty": {"en": "region is empty", "zh": "地区为空"},
    "region_unknown": {
        "en": "unknown region {shown} (known: the regions of data/reference/regions.csv and "
        "of the plan packs' regions.csv)",
        "zh": "未知地区 {shown}（已知地区见 data/reference/regions.csv 及各规划包的 regions.csv）",
    },
    "indicator_empty": {"en": "indicator is empty", "zh": "指标为空"},
    "indicator_unknown": {
        "en": "unknown indicator {shown} (use an id or name from "
        "data/reference/series_catalog.csv, e.g. online_retail_sales or 网络零售额)",
        "zh": "未知指标 {shown}（请使用 data/reference/series_catalog.csv 中的指标名称，如 网络零售额）",
    },
    "unit_says": {"en": "{where} says {shown}", "zh": "{where}为 {shown}"},
    "unit_conflict": {
        "en": "conflicting units: {said}; give the unit once",
        "zh": "单位互相矛盾：{said}；单位只写一处",
    },
    "where_unit_column": {"en": "the 单位/unit column", "zh": "单位列"},
    "where_value_header": {"en": "the value header", "zh": "数值列的表头"},
    "where_indicator_name": {"en": "the indicator name", "zh": "指标名称"},
    "where_title_line": {"en": "the 单位 line above the table", "zh": "表格上方的单位行"},
    "unit_missing": {
        "en": "no unit given: add a 单位/unit column or write it in the header, e.g. 数值(亿元)",
        "zh": "没有单位：请加一列“单位”，或写在表头中，如 数值(亿元)",
    },
    "unit_percent_mismatch": {
        "en": "value has a % sign (or a percent format) but the unit is {unit!r}",
        "zh": "数值带有 % 号（或百分比格式），但单位是 {unit}",
    },
    "unit_incompatible": {
        "en": "unit {unit!r} cannot apply to {indicator} ({name}), which is measured in {to!r}",
        "zh": "单位 {unit} 不适用于{name}（其单位为 {to}）",
    },
    "unit_unknown": {
        "en": "unknown unit {shown}; known units: {known}",
        "zh": "未知单位 {shown}；已知单位：{known}",
    },
    "unit_family": {
        "en": "unit {unit!r} ({family}) cannot apply to a series measured in {to!r} ({to_family})",
        "zh": "单位 {unit} 不适用于以 {to} 计量的序列",
    },
    "magnitude_history": {
        "en": "implausible magnitude: {value:g} {unit} is {ratio:.3g}× the largest stored value "
        "of {region} {indicator} ({past:g} {unit}); check value and unit",
        "zh": "数量级不合理：{value:g} {unit} 是{region_zh}{name}已存最大值（{past:g} {unit}）的 "
        "{ratio:.3g} 倍；请核对数值和单位",
    },
    "magnitude_ceiling": {
        "en": "implausible magnitude: {value:g} {unit}; check value and unit",
        "zh": "数量级不合理：{value:g} {unit}；请核对数值和单位",
    },
    "url_scheme": {
        "en": "source URL {shown}: only http(s) addresses are accepted",
        "zh": "来源链接 {shown} 不是网页地址：只接受网页链接",
    },
    "grade_unknown": {
        "en": "unknown grade {shown}; use one of {keys}",
        "zh": "未知来源等级 {shown}；可填：{keys}",
    },
    "grade_default": {
        "en": "no grade given (no grade column and no declared grade): rows without a grade "
        "are treated as secondary",
        "zh": "没有来源等级（既无等级列也未声明）：这些行按“其他来源”处理",
    },
    "grade_not_declarable": {
        "en": "an upload may declare grade {allowed}, not {grade!r}; derived and synthetic rows "
        "must say so in their own grade column",
        "zh": "上传文件只能声明以下来源等级：{allowed}，不能声明 {grade!r}；推算值和合成数据须在各行"
        "的等级列中注明",
    },
    "source_type_unknown": {
        "en": "unknown source type {shown}; use one of {known}",
        "zh": "未知来源类型 {shown}；可填：{known}",
    },
    "source_required": {
        "en": "a source text is required (who published these figures)",
        "zh": "必须填写来源（这些数字由谁发布）",
    },
    # -------------------------------------------------------------- tables (validate.py, columns.py)
    "header_partial": {
        "en": "table header lacks {fields}; sheet skipped",
        "zh": "表头缺少{fields_zh}；已跳过该工作表",
    },
    "file_empty": {"en": "the file is empty", "zh": "文件是空的"},
    "no_header": {
        "en": "no header row found in the first 30 rows: expected columns 地区/region, "
        "指标/indicator, 年份/year, 数值/value (long layout) or 地区, 指标 and year columns such "
        "as 2016 or 2016年 (wide)",
        "zh": "前 30 行中找不到表头：长表需要 地区、指标、年份、数值 列；宽表需要 地区、指标 列"
        "及 2016 或 2016年 这样的年份列",
    },
    "missing_columns": {
        "en": "missing required column(s): {missing}",
        "zh": "缺少必需的列：{missing_zh}",
    },
    "no_data_rows": {
        "en": "no data rows below the header (row {row})",
        "zh": "表头（第 {row} 行）下面没有数据行",
    },
    "where_row": {"en": "row {row}", "zh": "第 {row} 行"},
    "where_row_sheet": {"en": "row {row} (sheet {sheet!r})", "zh": "工作表 {sheet!r} 第 {row} 行"},
    "duplicate_same": {
        "en": "duplicate of {where}: same value, kept once",
        "zh": "与{where}重复且数值相同：只保留一次",
    },
    "duplicate_conflict": {
        "en": "conflicting duplicate: {region} {indicator} {year} is {value:g} here but "
        "{first:g} in {where} (same source); keep one, or give each its own 来源/source",
        "zh": "重复且数值不同：{region_zh}{name} {year}年 此处为 {value:g}，{where}为 {first:g}"
        "（来源相同）；请只保留一个，或为各自填写来源",
    },
    "jump": {
        "en": "implausible jump for {region} {indicator}: {before} → {year} changes by "
        "{change:+.0%} ({prev:g} → {value:g} {unit}); check value and unit",
        "zh": "{region_zh}{name}的变化不合理：{before}→{year}年 变化 {change:+.0%}"
        "（{prev:g} → {value:g} {unit}）；请核对数值和单位",
    },
    "duplicate_column": {
        "en": "duplicate column for {field!r}: only one is allowed",
        "zh": "“{field_zh}”列重复：只能有一列",
    },
    "mixed_layout": {
        "en": "the header has both a value column and year columns: use one layout",
        "zh": "表头既有数值列又有年份列：请只用一种布局",
    },
    "column_ignored": {"en": "column not recognised; ignored", "zh": "无法识别该列；已忽略"},
    "remark_row": {"en": "remark row skipped: {text!r}", "zh": "已跳过备注行：{text}"},
    # -------------------------------------------------------------- files (readers.py, xlsx_scan.py)
    "csv_too_many_rows": {
        "en": "more than {limit:,} rows (limit)",
        "zh": "超过 {limit:,} 行（上限）",
    },
    "csv_too_many_columns": {
        "en": "{n} columns (limit {limit})",
        "zh": "{n} 列（上限 {limit} 列）",
    },
    "cell_too_long": {
        "en": "a cell of {n:,} characters (limit {limit:,})",
        "zh": "单元格有 {n:,} 个字符（上限 {limit:,}）",
    },
    "quote_swallows_rows": {
        "en": 'a quoted cell runs over several lines that look like rows: an opening quote " '
        "is not closed",
        "zh": '一个带引号的单元格跨越了看似数据行的多行：开头的引号 " 没有闭合',
    },
    "quote_broken": {
        "en": "malformed CSV (broken quoting: {detail}); the quote opened in or after this row "
        "is never closed properly",
        "zh": "CSV 格式错误（引号不配对）：本行或其后打开的引号没有正确闭合",
    },
    "undecodable": {
        "en": "cannot decode the file as UTF-8, GBK or GB18030 (byte {pos}); save it as CSV "
        "UTF-8 or as .xlsx",
        "zh": "无法识别文件的文字编码（第 {pos} 字节）；请另存为 CSV 或 .xlsx 文件",
    },
    "nul_bytes": {
        "en": "the file contains NUL bytes: it is not a text CSV file (binary or corrupt?)",
        "zh": "文件含有空字符：不是文本 CSV 文件（可能是二进制文件或已损坏）",
    },
    "xlsx_corrupt": {
        "en": "corrupt or truncated Excel file ({detail}); open and re-save it in Excel",
        "zh": "Excel 文件损坏或不完整；请在 Excel 中打开并重新保存",
    },
    "xlsx_corrupt_cells": {
        "en": "corrupt or truncated Excel file while reading cells ({detail})",
        "zh": "读取单元格时发现 Excel 文件损坏或不完整；请在 Excel 中打开并重新保存",
    },
    "xlsx_not_zip": {
        "en": "corrupt or truncated Excel file: not a valid .xlsx (zip) container",
        "zh": "Excel 文件损坏或不完整：不是有效的 .xlsx 文件",
    },
    "xls_legacy": {
        "en": "legacy .xls (Excel 97-2003) is not supported: save it as .xlsx or CSV",
        "zh": "不支持旧版 .xls 文件（Excel 97-2003）：请另存为 .xlsx 或 CSV",
    },
    "file_not_found": {"en": "file not found: {path}", "zh": "找不到文件：{path}"},
    "file_cannot_open": {"en": "cannot open the file: {detail}", "zh": "无法打开文件"},
    "file_is_directory": {"en": "is a directory, not a file", "zh": "是文件夹，不是文件"},
    "file_not_regular": {
        "en": "is not a regular file (a device, pipe or socket); refused",
        "zh": "不是普通文件（设备、管道或套接字）；拒绝读取",
    },
    "file_too_large": {
        "en": "the file has {mb:.1f} MB; the limit is {limit:g} MB ({var})",
        "zh": "文件有 {mb:.1f} MB；上限为 {limit:g} MB",
    },
    "file_grew": {
        "en": "the file is larger than {limit:g} MB",
        "zh": "文件大于 {limit:g} MB",
    },
    "xlsx_zip_bomb": {
        "en": "the workbook unpacks to more than {size} (a compressed 'zip bomb' or a far too "
        "large file); refused before reading",
        "zh": "工作簿解压后超过 {size}（压缩炸弹或文件过大）；未读取即拒绝",
    },
    "xlsx_entities": {
        "en": "part {part} declares XML entities; refused",
        "zh": "文件内部声明了实体定义（可能是攻击）；拒绝读取",
    },
    "xlsx_shared_strings": {
        "en": "the shared-string table has more than {limit:,} entries; refused before "
        "reading (limit WORKBENCH_MAX_SHARED_STRINGS)",
        "zh": "共享字符串表超过 {limit:,} 项；未读取即拒绝",
    },
    "xlsx_dimensions": {
        "en": "sheet {sheet!r} uses cells up to row {row}, column {col} (limits: {rows:,} rows, "
        "{cols} columns); delete the empty far-away cells or split the file",
        "zh": "工作表 {sheet!r} 用到第 {row} 行、第 {col} 列（上限：{rows:,} 行，{cols} 列）；"
        "请删除远处的空单元格或拆分文件",
    },
    "xlsx_cells": {
        "en": "sheet {sheet!r} has more than {limit:,} cells",
        "zh": "工作表 {sheet!r} 超过 {limit:,} 个单元格",
    },
}
"""``code -> {"en": template, "zh": template}`` for every data-path message."""
ALL_MESSAGES: dict[str, dict[str, str]] = {**MESSAGES, **REGISTER_MESSAGES}
"""The data path's and the register path's messages (:mod:`.register_messages`), one table
for :class:`Msg` and :func:`render`; a code belongs to one of the two."""
if MESSAGES.keys() & REGISTER_MESSAGES.keys():
    raise ValueError(f"message codes in both tables: {MESSAGES.keys() & REGISTER_MESSAGES.keys()}")

FIELD_ZH = {
    "region": "地区",
    "indicator": "指标",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "source": "来源",
    "source_url": "来源链接",
    "quote": "原文",
    "note": "备注",
    "published_on": "发布日期",
    "publisher": "发布机构",
    "grade": "来源等级",
    "priority": "优先级",
}
"""A field's Chinese header name (the first Chinese spelling of ``columns.FIELDS``)."""
KIND_ZH = {"level": "总量", "ratio": "比率", "share": "比重", "rate": "增速"}
SEVERITY = {"error": {"en": "ERROR", "zh": "错误"}, "warning": {"en": "WARNING", "zh": "警告"}}


class Msg(str):
    """A message in English (the ``str`` value) that keeps ``code`` and ``params``."""

    code: str
    params: Mapping[str, object]

    def __new__(cls, code: str, **params: object) -> Msg:
        obj = super().__new__(cls, _fill(ALL_MESSAGES[code]["en"], params, "en"))
        obj.code = code
        obj.params = params
        return obj

    def __reduce__(self):  # pickles (and copies) keep the code
        return (_rebuild, (self.code, dict(self.params)))


def _rebuild(code: str, params: dict) -> Msg:
    return Msg(code, **params)


def _fill(template: str, params: Mapping[str, object], lang: str) -> str:
    shown = {k: _param(v, lang) for k, v in params.items()}
    return template.format(**shown)


def _param(value: object, lang: str) -> object:
    if isinstance(value, Msg):
        return render(value, lang)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Msg) for v in value):
        return ("；" if lang == "zh" else "; ").join(render(v, lang) for v in value)
    return value


def render(message: object, lang: str = "en") -> str:
    """``message`` in ``lang``: a :class:`Msg` from its template, any other text as it is."""
    if isinstance(message, Msg) and lang == "zh":
        return _fill(ALL_MESSAGES[message.code]["zh"], message.params, "zh")
    return str(message)


def of_exception(exc: BaseException) -> str:
    """The message an exception was raised with, keeping a :class:`Msg` (``str(exc)``
    would drop its code)."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Msg) else str(exc)
