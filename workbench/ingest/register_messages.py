"""Every message of the enterprise-register path (``workbench.registers`` and
``workbench register``/``workbench measure``), by code, in English and Chinese.

A sibling of :data:`workbench.ingest.messages.MESSAGES`, loaded by that module: messages
are built the same way, ``Msg("reg_…", **params)``, and shown with
:func:`~workbench.ingest.messages.render`. Codes start with ``reg_``; messages a register
shares with the observation path (an empty file, an undecodable CSV, a bad number, …) use
the observation path's codes. Chinese templates may use ``*_zh`` parameters (a field's
Chinese header name) where the English one shows an id.
"""

from __future__ import annotations

REGISTER_MESSAGES: dict[str, dict[str, str]] = {
    # -------------------------------------------------------------- header (read.py)
    "reg_no_header": {
        "en": "no header row found: the register needs columns such as 行业代码, 县区, 增加值 "
        "or 营业收入",
        "zh": "找不到表头：企业名录需要 行业代码、县区、增加值 或 营业收入 这样的列",
    },
    "reg_missing_column": {
        "en": "missing column for {field} (e.g. {example})",
        "zh": "缺少{field_zh}列（如 {example}）",
    },
    "reg_no_value_column": {
        "en": "no value column: the register needs 增加值 or 营业收入",
        "zh": "没有数值列：企业名录需要 增加值 或 营业收入 列",
    },
    "reg_duplicate_column": {
        "en": "duplicate column for {field!r}",
        "zh": "“{field_zh}”列重复：只能有一列",
    },
    "reg_no_year_column": {
        "en": "no year column: give --year or add a 年份 column",
        "zh": "没有年份列：请用 --year 指定年份，或加一列“年份”",
    },
    "reg_no_id_name": {
        "en": "no enterprise id column: the name is used as id",
        "zh": "没有企业代码列：以企业名称作为代码",
    },
    "reg_no_id": {
        "en": "no enterprise id or name column: entries and exits cannot be followed",
        "zh": "既没有企业代码列也没有企业名称列：无法跟踪企业的进入和退出",
    },
    # -------------------------------------------------------------- cells (read.py)
    "reg_id_empty": {"en": "enterprise id is empty", "zh": "企业代码为空"},
    "reg_region_empty": {
        "en": "region is empty ({n} rows; known: data/reference/regions.csv and the plan "
        "packs' regions.csv)",
        "zh": "地区为空（共 {n} 行；已知地区见 data/reference/regions.csv 及各规划包的 regions.csv）",
    },
    "reg_region_unknown": {
        "en": "unknown region {shown} ({n} rows; known: data/reference/regions.csv and the "
        "plan packs' regions.csv)",
        "zh": "未知地区 {shown}（共 {n} 行；已知地区见 data/reference/regions.csv 及各规划包的 "
        "regions.csv）",
    },
    "reg_code_empty": {
        "en": "industry code is empty ({n} rows): counted as UNMATCHED",
        "zh": "行业代码为空（共 {n} 行）：计入“未匹配”",
    },
    "reg_code_unknown": {
        "en": "unknown industry code {shown} ({n} rows): not a GB/T 4754-2017 code, counted "
        "as UNMATCHED",
        "zh": "未知行业代码 {shown}（共 {n} 行）：不是国民经济行业分类（2017）代码，计入“未匹配”",
    },
    "reg_code_2011": {
        "en": "GB/T 4754-2011 code {shown} ({n} rows) has no single 2017 code: counted as "
        "UNMATCHED; recode the records by hand",
        "zh": "行业代码 {shown}（共 {n} 行）是2011年版代码，在2017年版中没有唯一对应代码："
        "计入“未匹配”；请手工改为2017年版代码",
    },
    "reg_year_impossible": {
        "en": "impossible year {year} (registers must lie in {first}–{last})",
        "zh": "不可能的年份 {year}（企业名录须在 {first}–{last} 年之间）",
    },
    "reg_year_differs": {
        "en": "year {year} differs from --year {given}",
        "zh": "年份 {year} 与命令中指定的年份 {given} 不一致",
    },
    "reg_flag_bad": {"en": "{shown} is not 是/否", "zh": "{shown} 不是“是”或“否”"},
    "reg_negative": {
        "en": "negative {field}: {value:g}",
        "zh": "{field_zh}不能为负：{value:g}",
    },
    "reg_no_value": {
        "en": "neither value added nor revenue given: counted as 0",
        "zh": "既没有增加值也没有营业收入：按 0 计",
    },
    "reg_unit_bad": {"en": "unit {shown}: {reason}", "zh": "单位 {shown}：{reason}"},
    "reg_money_no_unit": {
        "en": "no unit for this money column: write it in the header, e.g. 营业收入(万元)",
        "zh": "该金额列没有单位：请写在表头中，如 营业收入(万元)",
    },
    "reg_more": {"en": "… and {n} more like these", "zh": "……另有 {n} 处同类问题"},
    # -------------------------------------------------------------- file (read.py, db.py)
    "reg_duplicate_enterprise": {
        "en": "enterprise {shown} appears twice for {year}",
        "zh": "企业 {shown} 在 {year} 年出现两次",
    },
    "reg_no_data_rows": {"en": "the register has no data rows", "zh": "企业名录没有数据行"},
    "reg_source_required": {
        "en": "a source text is required (who delivered the register)",
        "zh": "必须填写来源（名录由谁报送）",
    },
    "reg_no_vintage": {
        "en": "no register vintage {vintage} (known: {known})",
        "zh": "没有名录版本 {vintage}（已有：{known_zh}）",
    },
    # -------------------------------------------------------------- reference files (measure.py, regions.py)
    "reg_rate_not_number": {
        "en": "{file}: row {row}, column rate: {shown} is not a number",
        "zh": "{file}：第 {row} 行，rate 列：{shown} 不是数字",
    },
    "reg_rate_range": {
        "en": "{file}: row {row}, column rate: {value} is not in (0, 1]",
        "zh": "{file}：第 {row} 行，rate 列：{value} 不在 (0, 1] 之内",
    },
    "reg_rate_no_fallback": {
        "en": "{file}: a fallback row with gbt4754_code '*' is required",
        "zh": "{file}：必须有一行 gbt4754_code 为 '*' 的兜底增加值率",
    },
    "reg_within_unknown": {
        "en": "{file}: 'within' names unknown regions {regions}",
        "zh": "{file}：within 列中有未知地区 {regions}",
    },
    # -------------------------------------------------------------- notes (measure.py)
    "reg_note_recoded": {
        "en": "{n} records recoded from GB/T 4754-2011 (one-to-one)",
        "zh": "{n} 条记录的行业代码已由2011年版一对一改为2017年版",
    },
    "reg_note_recoded_codes": {
        "en": "{n} records recoded from GB/T 4754-2011 (one-to-one): {codes}",
        "zh": "{n} 条记录的行业代码已由2011年版一对一改为2017年版：{codes}",
    },
    "reg_note_ambiguous": {
        "en": "{n} records carry ambiguous GB/T 4754-2011 codes (not recoded)",
        "zh": "{n} 条记录使用2011年版代码且没有唯一对应的2017年版代码（未改码）",
    },
    "reg_note_ambiguous_codes": {
        "en": "{n} records carry ambiguous GB/T 4754-2011 codes, not recoded: {codes}",
        "zh": "{n} 条记录使用2011年版代码且没有唯一对应的2017年版代码，未改码：{codes}",
    },
    "reg_note_imputed": {
        "en": "{n} records have no value added: revenue × value-added rate ({file})",
        "zh": "{n} 条记录没有增加值：按营业收入 × 增加值率推算（{file}）",
    },
    "reg_note_imputed_placeholder": {
        "en": "{n} records have no value added: revenue × value-added rate ({file}, includes "
        "PLACEHOLDER rates)",
        "zh": "{n} 条记录没有增加值：按营业收入 × 增加值率推算（{file}，其中含占位增加值率）",
    },
    # -------------------------------------------------------------- GDP file (cli/registers.py)
    "reg_gdp_missing_columns": {
        "en": "{file}: missing column(s) {missing}; it has {have}",
        "zh": "{file}：缺少列 {missing}；文件中的列为 {have}",
    },
    "reg_gdp_cell": {
        "en": "{file}: row {row}, column {column!r}: {reason}",
        "zh": "{file}：第 {row} 行，{column!r} 列：{reason}",
    },
    "reg_gdp_not_positive": {
        "en": "GDP must be a positive number",
        "zh": "GDP 必须是正数",
    },
    "reg_gdp_duplicate": {
        "en": "{file}: row {row}: a second GDP for the same {keys}",
        "zh": "{file}：第 {row} 行：同一{keys_zh}的 GDP 出现第二次",
    },
    # -------------------------------------------------------------- classify's record reader
    "reg_cls_not_text": {
        "en": "{file}: neither UTF-8 nor GBK/GB18030 text",
        "zh": "{file}：既不是 UTF-8 也不是 GBK/GB18030 编码的文本；请另存为 CSV（UTF-8）",
    },
    "reg_cls_column_missing": {
        "en": "column {column!r} ({role}) not found; columns are: {columns}",
        "zh": "找不到“{column}”列（{role_zh}）；文件中的列为：{columns}",
    },
    "reg_cls_not_number": {
        "en": "row {row}, column {column!r}: {value!r} is not a number",
        "zh": "第 {row} 行，“{column}”列：{value!r} 不是数字",
    },
    "reg_cls_values_not_numbers": {
        "en": "column {column!r}: {n} values are not numbers",
        "zh": "“{column}”列：有 {n} 个值不是数字",
    },
    "reg_cls_in_file": {"en": "{file}: {message}", "zh": "文件 {file}：{message}"},
    "reg_cls_duckdb_csv": {
        "en": "{file}: DuckDB could not read the CSV file: {detail}",
        "zh": "{file}：DuckDB 无法读取该 CSV 文件：{detail}",
    },
}
"""``code -> {"en": template, "zh": template}`` for every register-path message."""
