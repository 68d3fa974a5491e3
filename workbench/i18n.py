"""Interface labels in Chinese (default) and English.

Indicator names, units and formulas come from the reference tables; this module only
holds the words of the interface. ``t(key, lang)`` falls back to the key itself, so a
missing label is visible rather than fatal.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

LABELS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "数字经济工作台 · {plan}", "en": "Digital-economy workbench · {plan}"},
    "plan_label": {"zh": "规划", "en": "Plan"},
    "col_base": {"zh": "{year}年基数", "en": "{year} base"},
    "col_probability_year": {"zh": "{year}年达标概率", "en": "P(meet {year})"},
    "status_not_entered": {"zh": "实际值未录入", "en": "Actual not entered"},
    "language": {"zh": "语言 / Language", "en": "Language / 语言"},
    "page_overview": {"zh": "总览", "en": "Overview"},
    "overview_title": {
        "zh": "“{plan}”主要指标总览",
        "en": "{plan}: plan indicators at a glance",
    },
    "overview_caption": {
        "zh": "来源：{plan}主要指标表。",
        "en": "Source: {plan}, table of main indicators.",
    },
    "col_indicator": {"zh": "指标", "en": "Indicator"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_nature": {"zh": "属性", "en": "Nature"},
    "col_base_2020": {"zh": "2020年基数", "en": "2020 base"},
    "col_target_2022": {"zh": "2022年目标", "en": "2022 target"},
    "col_target_2025": {"zh": "2025年目标", "en": "2025 target"},
    "col_formula": {"zh": "计算方法", "en": "Formula"},
    "nature_expected": {"zh": "预期性", "en": "Expected"},
    "nature_binding": {"zh": "约束性", "en": "Binding"},
    "n_indicators": {"zh": "共 {n} 项指标，分 {g} 类", "en": "{n} indicators in {g} groups"},
    # navigation
    "page_composition": {"zh": "数字经济构成", "en": "Composition"},
    "page_forecasts": {"zh": "预测", "en": "Forecasts"},
    "page_scenarios": {"zh": "情景", "en": "Scenarios"},
    "page_review": {"zh": "规划评估", "en": "Plan review"},
    "page_data": {"zh": "数据", "en": "Data"},
    # common
    "no_run": {
        "zh": "尚无预测运行结果。请在项目目录运行 `workbench refresh`（或 `make app`）生成后刷新本页。",
        "en": "No forecast run yet. Run `workbench refresh` (or `make app`) in the project "
        "directory, then reload this page.",
    },
    "run_caption": {
        "zh": "预测运行 {run_id}（{finished_at}，代码版本 {code_version}）",
        "en": "Forecast run {run_id} ({finished_at}, code version {code_version})",
    },
    "status_on_track": {"zh": "有望达标", "en": "On track"},
    "status_at_risk": {"zh": "存在风险", "en": "At risk"},
    "status_off_track": {"zh": "难以达标", "en": "Off track"},
    "status_met": {"zh": "已达标", "en": "Met"},
    "status_missed": {"zh": "未达标", "en": "Missed"},
    "status_insufficient_data": {"zh": "数据不足", "en": "Insufficient data"},
    "status_qualitative": {"zh": "定性目标", "en": "Qualitative target"},
    "status_no_run": {"zh": "未评估", "en": "Not assessed"},
    "col_latest": {"zh": "最新实际值", "en": "Latest actual"},
    "col_latest_year": {"zh": "年份", "en": "Year"},
    "col_target": {"zh": "{year}年目标", "en": "{year} target"},
    "src_bureau delivery": {"zh": "统计局报送", "en": "bureau delivery"},
    "src_plan table": {"zh": "规划指标表", "en": "plan table"},
    "src_plan text": {"zh": "规划正文", "en": "plan text"},
    "src_official release": {"zh": "官方发布", "en": "official release"},
    "src_published source": {"zh": "公开来源", "en": "published source"},
    "src_estimate or bound": {"zh": "估计值/下限", "en": "estimate or bound"},
    "src_weak source": {"zh": "弱来源", "en": "weak source"},
    "sources_note": {
        "zh": "“来源”为取值依据的类别；每个数字的出处、网址和原文摘录见“数据”页。",
        "en": "“Source” is the kind of source used; the Data page gives every number's "
        "publisher, URL and quote.",
    },
    "col_lo": {"zh": "{level}% 区间下限", "en": "{level}% lower"},
    "col_hi": {"zh": "{level}% 区间上限", "en": "{level}% upper"},
    "col_target_plain": {"zh": "目标", "en": "Target"},
    "col_gap": {"zh": "差距", "en": "Gap"},
    "col_probability": {"zh": "达标概率", "en": "Probability"},
    "col_status": {"zh": "状态", "en": "Status"},
    "col_source": {"zh": "来源", "en": "Source"},
    "col_median": {"zh": "中位数", "en": "Median"},
    "col_target_year": {"zh": "目标年份", "en": "Target year"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "download_xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "token_label": {"zh": "上传口令（统计人员）", "en": "Upload token (statisticians)"},
    "token_missing": {
        "zh": "未配置上传口令（Streamlit secrets 的 upload_token 或环境变量 WORKBENCH_UPLOAD_TOKEN），本页只读。",
        "en": "No upload token is configured (Streamlit secret upload_token or environment "
        "variable WORKBENCH_UPLOAD_TOKEN): this page is read-only.",
    },
    "token_wrong": {
        "zh": "口令不正确，本页只读。",
        "en": "Wrong token: this page stays read-only.",
    },
    # overview
    "overview_probability_note": {
        "zh": "达标概率来自最新预测运行的样本路径，仅用于尚未结束的年份；已结束的年份只看实际值。只有基数的指标借用全国序列的增长（见“预测”页）。",
        "en": "Probabilities come from the latest run's sample paths and are given only for years "
        "that are not over; a year that is over is judged on its actual. Indicators with only "
        "a base value borrow growth from national series (see Forecasts).",
    },
    "overview_legend": {
        "zh": "状态：:green[●] 有望达标（概率≥{on}%）· :orange[▲] 存在风险 · :red[■] 难以达标（<{off}%）· "
        ":gray[○] 数据不足 · :green[✔] 已达标 · :red[✘] 未达标 · :blue[◇] 定性目标",
        "en": "Status: :green[●] on track (probability ≥ {on}%) · :orange[▲] at risk · "
        ":red[■] off track (< {off}%) · :gray[○] insufficient data · :green[✔] met · :red[✘] missed · :blue[◇] qualitative target",
    },
    # composition
    "composition_title": {"zh": "数字经济构成", "en": "Composition of the digital economy"},
    "synthetic_banner": {
        "zh": "⚠️ 合成数据：以下企业名录为按公开总量校准的**合成数据**（workbench.synthetic，种子 2021），不是真实企业数据，仅用于演示方法。",
        "en": "⚠️ SYNTHETIC DATA: the enterprise register below is **synthetic** "
        "(workbench.synthetic, seed 2021), calibrated to published totals. It is not "
        "a real register and only demonstrates the method.",
    },
    "synthetic_tag": {"zh": "合成数据", "en": "SYNTHETIC"},
    "uploaded_banner": {
        "zh": "以下为上传的企业名录 {name} 的分类结果。",
        "en": "Results for the uploaded register {name}.",
    },
    "unverified_banner": {
        "zh": "⚠️ 分类依据为未经核实的默认对照表（重建版），结果仅供参考；请统计人员载入官方对照表。",
        "en": "⚠️ These results rest on the UNVERIFIED default classification table (a "
        "reconstruction); load the official table to replace it.",
    },
    "level_label": {"zh": "分类层级", "en": "Level"},
    "level_major": {"zh": "5 个大类", "en": "5 major categories"},
    "level_mid": {"zh": "32 个中类", "en": "32 mid categories"},
    "year_label": {"zh": "年份", "en": "Year"},
    "by_year": {
        "zh": "历年数字经济增加值（亿元）",
        "en": "Digital-economy value added by year (亿元)",
    },
    "by_region": {"zh": "{year}年分县区（亿元）", "en": "By county / zone, {year} (亿元)"},
    "unmatched_title": {
        "zh": "未能匹配的行业代码",
        "en": "Industry codes that could not be matched",
    },
    "upload_register": {
        "zh": "上传企业名录（CSV/Excel：industry_code, value_added_wan, year, region）",
        "en": "Upload a register (CSV/Excel: industry_code, value_added_wan, year, region)",
    },
    "col_category": {"zh": "类别", "en": "Category"},
    "col_value_yi": {"zh": "增加值（亿元）", "en": "Value added (亿元)"},
    "col_share": {"zh": "占比（%）", "en": "Share (%)"},
    # forecasts
    "forecasts_title": {"zh": "指标预测", "en": "Forecasts"},
    "series_label": {"zh": "选择序列", "en": "Series"},
    "model_label": {"zh": "模型", "en": "Model"},
    "smape_label": {"zh": "回测 sMAPE", "en": "Backtest sMAPE"},
    "mase_label": {"zh": "回测 MASE", "en": "Backtest MASE"},
    "nobs_label": {"zh": "观测数", "en": "Observations"},
    "borrowed_note": {
        "zh": "本序列观测太少，增长借自 {donor}（仅借用增长，不拼接数据）。",
        "en": "This series has too few observations: its growth is borrowed from {donor} "
        "(growth only, never spliced).",
    },
    "no_backtest": {"zh": "无法回测（观测太少）", "en": "no backtest (too few observations)"},
    "fan_caption": {
        "zh": "黑线：实际值；虚线：预测中位数；深浅阴影：80%/95% 区间；红色菱形：规划目标。",
        "en": "Black: actual; dashed: forecast median; shaded: 80% / 95% intervals; red "
        "diamonds: plan targets.",
    },
    "model_note": {"zh": "模型说明", "en": "Model notes"},
    # scenarios
    "scenarios_title": {"zh": "情景分析", "en": "Scenarios"},
    "scenario_a": {"zh": "情景 A", "en": "Scenario A"},
    "scenario_b": {"zh": "情景 B", "en": "Scenario B"},
    "preset_label": {"zh": "预设", "en": "Preset"},
    "preset_baseline": {"zh": "基准", "en": "Baseline"},
    "preset_optimistic": {"zh": "乐观", "en": "Optimistic"},
    "preset_pessimistic": {"zh": "悲观", "en": "Pessimistic"},
    "drv_gdp": {"zh": "GDP 年增长（%）", "en": "GDP growth (% a year)"},
    "drv_online_retail_sales": {
        "zh": "网络零售额 年增长（%）",
        "en": "Online retail sales growth (%)",
    },
    "drv_electronic_info_mfg_revenue": {
        "zh": "电子信息制造业营收 年增长（%）",
        "en": "Electronic-information mfg revenue growth (%)",
    },
    "drv_software_it_services_revenue": {
        "zh": "软件和信息服务业营收 年增长（%）",
        "en": "Software & IT services revenue growth (%)",
    },
    "drv_cat": {"zh": "{code} {name} 年增长（%）", "en": "{code} {name} growth (%)"},
    "categories_expander": {"zh": "数字经济五大类增长", "en": "Growth of the five categories"},
    "shock_expander": {"zh": "一次性冲击", "en": "One-year shock"},
    "shock_year": {"zh": "冲击年份", "en": "Shock year"},
    "shock_pct": {"zh": "冲击幅度（%）", "en": "Shock size (%)"},
    "prob_metric": {
        "zh": "{name} {year}年达标概率",
        "en": "P({name} meets its {year} target)",
    },
    "show_indicator": {"zh": "图示指标", "en": "Indicator to chart"},
    "save_scenario": {"zh": "保存情景 {name}（JSON）", "en": "Save scenario {name} (JSON)"},
    "load_scenario": {"zh": "载入情景文件到 {name}", "en": "Load a scenario file into {name}"},
    "scenario_error": {"zh": "情景无效：{msg}", "en": "Invalid scenario: {msg}"},
    "share_method": {
        "zh": "数字经济占GDP比重 = 规模 / GDP × 100，规模 = 五大类之和。基年规模 = {year}年比重 {share}% × {region}{year}年GDP {gdp} 亿元 = {scale} 亿元；其在五大类间的拆分借用全国公开结构（信通院2021年数字产业化/产业数字化；国家统计局2023年核心产业四大类增加值），见下表。",
        "en": "Digital-economy share = scale / GDP × 100, scale = sum of the five categories. "
        "Base scale = the {year} share {share}% × {region} {year} GDP {gdp} 亿元 = {scale} 亿元; "
        "its split across categories is borrowed from published national structures (CAICT "
        "2021 digital industrialisation vs industrial digitalisation; NBS 2023 core value "
        "added by category), see the table.",
    },
    "scenario_uncertainty": {
        "zh": "不确定性来自预测运行的样本路径：保留每条路径相对当年均值的波动，再以情景增长率为中心。情景保存在网址中，复制链接即可复现。",
        "en": "Uncertainty comes from the run's sample paths: each path keeps its deviations "
        "from the yearly mean and is re-centred on the scenario's growth. The scenario "
        "lives in the URL: copying the link reproduces it.",
    },
    "scale_label": {"zh": "数字经济规模（亿元）", "en": "Digital-economy scale (亿元)"},
    "no_share": {
        "zh": "本次运行缺少GDP或数字经济比重序列，无法计算比重情景。",
        "en": "The run lacks GDP or the digital-economy share: no share scenario.",
    },
    # plan review
    "review_title": {"zh": "规划评估", "en": "Plan review"},
    "review_caption": {
        "zh": "2020年基数 → 2022年中期目标 → 2025年终期目标；已有实际值的年份直接比对，否则给出达标概率。",
        "en": "2020 base → 2022 mid-term → 2025 final target; actuals are compared where "
        "observed, otherwise the probability of meeting the target is given.",
    },
    "col_actual": {"zh": "{year}年实际", "en": "{year} actual"},
    "col_result": {"zh": "{year}年结果", "en": "{year} result"},
    "aid_title": {"zh": "{year}年目标设定参考", "en": "Target-setting aid for {year}"},
    "aid_caption": {
        "zh": "在所选概率下可以实现的目标值（样本路径的分位数），及其隐含的年均增长率。",
        "en": "The target that is met with the chosen probability (a quantile of the sample "
        "paths) and the annual growth it implies.",
    },
    "aid_probability": {"zh": "达标概率（%）", "en": "Probability of meeting (%)"},
    "aid_year": {"zh": "目标年份", "en": "Target year"},
    "col_aid_target": {"zh": "建议目标", "en": "Suggested target"},
    "col_growth": {"zh": "隐含年均增长（%）", "en": "Implied growth (% a year)"},
    # data
    "data_title": {"zh": "数据与来源", "en": "Data and sources"},
    "run_title": {"zh": "最近一次刷新运行", "en": "Last refresh run"},
    "provenance_title": {"zh": "每个数字的来源", "en": "Where every number comes from"},
    "region_filter": {"zh": "地区", "en": "Region"},
    "vintages_title": {"zh": "数据版本（vintages）", "en": "Vintages"},
    "conflicts_title": {
        "zh": "相互矛盾的数值（保留全部，按优先级显示一项）",
        "en": "Conflicting values (all kept; one shown by precedence)",
    },
    "inputs_title": {"zh": "输入文件及其 SHA-256", "en": "Input files and their SHA-256"},
    "run_id_label": {"zh": "运行编号", "en": "Run id"},
    "finished_label": {"zh": "完成时间（UTC）", "en": "Finished (UTC)"},
    "n_series_label": {"zh": "预测序列数", "en": "Series forecast"},
    "downloads_title": {"zh": "下载本次运行结果", "en": "Download this run"},
    "upload_title": {
        "zh": "上传数据并刷新（统计人员）",
        "en": "Upload data and refresh (statisticians)",
    },
    "upload_file": {"zh": "数据文件（CSV/Excel）", "en": "Data file (CSV/Excel)"},
    "upload_source": {"zh": "来源（发布单位、文件名）", "en": "Source (publisher, document)"},
    "upload_button": {"zh": "导入并刷新", "en": "Ingest and refresh"},
    "upload_done": {
        "zh": "已导入 {n} 条观测，刷新运行 {run_id} 完成。",
        "en": "Ingested {n} observations; refresh run {run_id} done.",
    },
    "upload_failed": {"zh": "导入失败：{msg}", "en": "Ingest failed: {msg}"},
    # ---- reliability: uploads, tokens, grades (workbench.uploads) ----
    "upload_stored": {
        "zh": "文件 {name} 已入库：{n} 条观测，版本号 {vintage}。",
        "en": "File {name} stored: {n} observations as vintage {vintage}.",
    },
    "upload_refreshed": {
        "zh": "刷新完成，预测运行 {run_id}。",
        "en": "Refresh done: forecast run {run_id}.",
    },
    "upload_refresh_failed": {
        "zh": "文件已入库，但刷新失败（页面仍显示上一次运行的结果）：{msg}",
        "en": "The file was stored, but the refresh failed (pages still show the previous "
        "run): {msg}",
    },
    "upload_grade": {"zh": "来源等级（您的声明）", "en": "Source grade (your declaration)"},
    "token_blank": {
        "zh": "配置的上传口令为空白，不能作为口令使用，本页只读。",
        "en": "The configured upload token is blank and cannot be used: this page is read-only.",
    },
    "up_too_large": {
        "zh": "{name}：文件超过 {limit}，未读取。",
        "en": "{name}: the file is larger than {limit}; not read.",
    },
    "up_not_utf8": {
        "zh": "{name}：不是 UTF-8 编码的文本文件。",
        "en": "{name}: not a UTF-8 text file.",
    },
    "up_json_deep": {
        "zh": "{name}：JSON 嵌套超过 {depth} 层，不是情景文件。",
        "en": "{name}: JSON nested deeper than {depth} levels; not a scenario file.",
    },
    "up_empty": {"zh": "{name}：文件没有数据行。", "en": "{name}: the file has no data rows."},
    "up_missing_cols": {
        "zh": "{name}：缺少列 {cols}。",
        "en": "{name}: missing column(s) {cols}.",
    },
    "up_bad_number": {
        "zh": "{name}：第 {row} 行 {col} 列不是有效的非负数值（{msg}）。",
        "en": "{name}, row {row}, column {col}: not a valid non-negative number ({msg}).",
    },
    "src_primary": {"zh": "一手来源", "en": "Primary source"},
    "src_official-repost": {"zh": "官方转载", "en": "Official repost"},
    "src_secondary": {"zh": "二手来源", "en": "Secondary source"},
    "src_derived": {"zh": "推算值", "en": "Derived"},
    "src_synthetic": {"zh": "合成数据", "en": "SYNTHETIC"},
    "no_store": {
        "zh": "尚无数据库，请先运行 `workbench refresh`。",
        "en": "No store yet: run `workbench refresh` first.",
    },
    # charts
    "chart_year": {"zh": "年份", "en": "Year"},
    "chart_value": {"zh": "数值", "en": "Value"},
    "chart_actual": {"zh": "实际值", "en": "Actual"},
    "chart_forecast": {"zh": "预测（中位数）", "en": "Forecast (median)"},
    "chart_region": {"zh": "县区", "en": "County / zone"},
    "chart_category": {"zh": "类别", "en": "Category"},
    "chart_scenario": {"zh": "情景", "en": "Scenario"},
    "chart_probability": {"zh": "达标概率（%）", "en": "Probability of meeting (%)"},
}


COLUMNS: dict[str, dict[str, str]] = {
    "region": {"zh": "地区", "en": "Region"},
    "indicator": {"zh": "指标代码", "en": "Indicator id"},
    "indicator_name": {"zh": "指标", "en": "Indicator"},
    "year": {"zh": "年份", "en": "Year"},
    "value": {"zh": "数值", "en": "Value"},
    "unit": {"zh": "单位", "en": "Unit"},
    "source": {"zh": "来源", "en": "Source"},
    "source_url": {"zh": "网址", "en": "URL"},
    "quote": {"zh": "原文摘录", "en": "Quote"},
    "published_on": {"zh": "发布日期", "en": "Published"},
    "vintage_id": {"zh": "版本号", "en": "Vintage"},
    "precedence_label": {"zh": "来源优先级", "en": "Precedence"},
    "conflict": {"zh": "来源冲突", "en": "Conflict"},
    "shown": {"zh": "采用", "en": "Shown"},
    "note": {"zh": "备注", "en": "Note"},
}
"""Display headers for the store's columns (the data keep their English names)."""


def column_labels(columns: list[str], lang: str = DEFAULT_LANG) -> dict[str, str]:
    """``{column: header}`` for the columns that have a display header in ``lang``."""
    return {c: COLUMNS[c].get(lang, c) for c in columns if c in COLUMNS}


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    """The label ``key`` in ``lang`` (``zh`` or ``en``), formatted with ``fmt``."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get(DEFAULT_LANG) or key
    return text.format(**fmt) if fmt else text
