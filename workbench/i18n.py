"""Interface labels in Chinese (default) and English.

Indicator names, units and formulas come from the reference tables; this module only
holds the words of the interface. ``t(key, lang)`` falls back to the key itself, so a
missing label is visible rather than fatal.
"""

from __future__ import annotations

import datetime as dt
import re

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
        "zh": "“{short}”主要指标总览",
        "en": "{short}: plan indicators at a glance",
    },
    "overview_caption": {
        "zh": "来源：{reference}主要指标表及指标说明。",
        "en": "Source: {reference}, table of main indicators and their definitions.",
    },
    "col_indicator": {"zh": "指标", "en": "Indicator"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_nature": {"zh": "属性", "en": "Nature"},
    "col_base_2020": {"zh": "2020年基数", "en": "2020 base"},
    "col_data_year": {"zh": "数据截至", "en": "Data up to"},
    "data_year_cell": {"zh": "{year} 年", "en": "{year}"},
    "col_actual_plain": {"zh": "实际值", "en": "Actual"},
    "col_target_2022": {"zh": "2022年目标", "en": "2022 target"},
    "col_target_2025": {"zh": "2025年目标", "en": "2025 target"},
    "col_formula": {"zh": "计算方法", "en": "Formula"},
    "nature_expected": {"zh": "预期性", "en": "Expected"},
    "nature_binding": {"zh": "约束性", "en": "Binding"},
    "n_indicators": {"zh": "共 {n} 项指标，分 {g} 类", "en": "{n} indicators · groups: {g}"},
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
    "updated_caption": {
        "zh": "更新于 {date} · 数据截至 {year} 年",
        "en": "Updated {date} · data up to {year}",
    },
    "status_on_track": {"zh": "有望达标", "en": "On track"},
    "status_at_risk": {"zh": "存在风险", "en": "At risk"},
    "status_off_track": {"zh": "难以达标", "en": "Off track"},
    "status_met": {"zh": "已达标", "en": "Met"},
    "status_missed": {"zh": "未达标", "en": "Missed"},
    "status_insufficient_data": {"zh": "数据不足", "en": "Insufficient data"},
    "status_qualitative": {"zh": "定性目标", "en": "Qualitative target"},
    "status_no_run": {"zh": "未评估", "en": "Not assessed"},
    "status_no_target": {"zh": "该年无目标", "en": "No target that year"},
    "col_latest": {"zh": "最新实际值", "en": "Latest actual"},
    "col_latest_year": {"zh": "年份", "en": "Year"},
    "col_target": {"zh": "{year}年目标", "en": "{year} target"},
    "src_bureau delivery": {"zh": "统计局报送", "en": "Bureau delivery"},
    "src_plan table": {"zh": "规划指标表", "en": "Plan table"},
    "src_plan text": {"zh": "规划正文", "en": "Plan text"},
    "src_official release": {"zh": "官方发布", "en": "Official release"},
    "src_published source": {"zh": "公开来源", "en": "Published source"},
    "src_estimate or bound": {"zh": "估计值/下限", "en": "Estimate or bound"},
    "src_weak source": {"zh": "弱来源", "en": "Weak source"},
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
        "zh": "未配置上传口令，本页只读（请系统管理员按“数据”页说明配置）。",
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
        "zh": "已过的目标年份只看实际值：已达标、未达标或实际值未录入。尚未到期的目标给出达标概率："
        "有望达标（概率≥{on}%）、存在风险、难以达标（<{off}%）。",
        "en": "A target year that is over is judged on its actual only: met, missed or actual not "
        "entered. An open target year gets a probability: on track (≥ {on}%), at risk, off track "
        "(< {off}%).",
    },
    "no_probability": {
        "zh": "所选年份已过或无预测，没有达标概率；请看实际值。",
        "en": "The chosen year is over or has no forecast: no probabilities, see the actuals.",
    },
    # composition
    "code_gbt2011_only": {
        "zh": "2011版代码，2017版已拆分或改号",
        "en": "GB/T 4754-2011 code, changed in 2017",
    },
    "code_not_gbt2017": {"zh": "不是2017版国民经济行业代码", "en": "Not a GB/T 4754-2017 code"},
    "code_bad_format": {"zh": "格式错误", "en": "Malformed code"},
    "code_missing": {"zh": "缺少行业代码", "en": "No industry code"},
    "note_placeholder": {
        "zh": "部分对应（*）和第05类数字化系数含占位值，请统计人员替换为核定系数。",
        "en": "The partial (*) and category 05 digitalisation coefficients include placeholder "
        "values; statisticians should replace them.",
    },
    "note_unmatched": {
        "zh": "{n} 条记录（共 {total} 条）的行业代码不是2017版国民经济行业代码（{k} 种），其增加值单列为“未匹配”。",
        "en": "{n} of {total} records have codes that are not GB/T 4754-2017 codes ({k} "
        "distinct); their value is shown as unmatched.",
    },
    "note_coarse": {
        "zh": "{n} 条记录只填到大类或中类，其增加值平均分到该类下的各小类。",
        "en": "{n} records are coded at division or group level; their value is spread evenly "
        "over the classes below.",
    },
    "note_three_digit": {
        "zh": "{n} 条记录为3位代码，按中类处理；若是丢了首位0的小类代码，请以文本格式保存。",
        "en": "{n} records have 3-digit codes, read as groups; if they are classes that lost a "
        "leading zero, store codes as text.",
    },
    "note_missing_value": {
        "zh": "{n} 条记录缺少增加值（按0计）。",
        "en": "{n} records have no value added (counted as 0).",
    },
    "note_other": {
        "zh": "分类器另有 {n} 条技术说明，见英文界面。",
        "en": "{n} further notes from the classifier.",
    },
    "composition_title": {"zh": "数字经济构成", "en": "Composition of the digital economy"},
    "synthetic_tag": {"zh": "合成数据", "en": "SYNTHETIC"},
    "uploaded_banner": {
        "zh": "以下为上传的企业名录 {name} 的分类结果。",
        "en": "Results for the uploaded register {name}.",
    },
    "unverified_banner": {
        "zh": "分类依据为未经核实的默认对照表（重建版），结果仅供参考；请统计人员载入官方对照表。",
        "en": "These results rest on the UNVERIFIED default classification table (a "
        "reconstruction); load the official table to replace it.",
    },
    "level_label": {"zh": "分类层级", "en": "Level"},
    "level_major": {"zh": "5 个大类", "en": "5 major categories"},
    "level_mid": {"zh": "32 个中类", "en": "32 mid categories"},
    "year_label": {"zh": "年份", "en": "Year"},
    "by_year": {
        "zh": "历年数字经济增加值（亿元）",
        "en": "Digital-economy value added by year (100 million yuan)",
    },
    "by_region": {
        "zh": "{year}年分县区（亿元）",
        "en": "By county / zone, {year} (100 million yuan)",
    },
    "unmatched_title": {
        "zh": "未能匹配的行业代码",
        "en": "Industry codes that could not be matched",
    },
    "upload_register": {
        "zh": "上传企业名录（CSV/Excel，列：行业代码、增加值（万元）、年份、地区）",
        "en": "Upload a register (CSV/Excel; columns: industry code, value added (10k yuan), "
        "year, region)",
    },
    "col_category": {"zh": "类别", "en": "Category"},
    "col_value_yi": {"zh": "增加值（亿元）", "en": "Value added (100 million yuan)"},
    "col_share": {"zh": "占比（%）", "en": "Share (%)"},
    # forecasts
    "forecasts_title": {"zh": "指标预测", "en": "Forecasts"},
    "series_label": {"zh": "选择序列", "en": "Series"},
    "model_label": {"zh": "模型", "en": "Model"},
    "smape_label": {"zh": "回测误差（%）", "en": "Backtest error (%)"},
    "mase_label": {"zh": "相对朴素法误差", "en": "Error relative to naive"},
    "accuracy_help": {
        "zh": "回测误差：按历史滚动重做预测的平均百分比误差（对称）；相对朴素法误差小于1表示优于“沿用上年值”。",
        "en": "Backtest error: mean symmetric percentage error of forecasts re-made on past data; "
        "an error relative to naive below 1 beats 'same as last year'.",
    },
    "nobs_label": {"zh": "观测数", "en": "Observations"},
    "borrowed_note": {
        "zh": "本序列观测太少，增长借自 {donor}（仅借用增长，不拼接数据）。",
        "en": "This series has too few observations: its growth is borrowed from {donor} "
        "(growth only, never spliced).",
    },
    "no_backtest": {"zh": "无法回测（观测太少）", "en": "no backtest (too few observations)"},
    "fan_caption": {
        "zh": "横轴为真实年份（缺年留空）；黑点：实际值；虚线：预测中位数；深浅阴影：80%/95% 区间；红色菱形：规划目标。",
        "en": "The x axis is calendar years (missing years left blank). Black: actual; dashed: "
        "forecast median; shaded: 80% / 95% intervals; red diamonds: plan targets.",
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
    "results_title": {"zh": "情景结果", "en": "Results"},
    "files_expander": {"zh": "保存或载入情景文件", "en": "Save or load a scenario file"},
    "results_caption": {
        "zh": "{year}年中位数（可在上方改年份）；“较情景A”为情景B减情景A。",
        "en": "Medians in {year} (change the year above); 'vs A' is scenario B minus scenario A.",
    },
    "delta_col": {"zh": "较情景A", "en": "B vs A"},
    "delta_pts": {"zh": "{d} 个百分点", "en": "{d} pts"},
    "result_year": {"zh": "结果年份", "en": "Year of the results"},
    "result_metric": {"zh": "{name} {year}年（中位数）", "en": "{name}, {year} (median)"},
    "col_result_plain": {"zh": "结果", "en": "Result"},
    "save_scenario": {"zh": "保存{name}为文件", "en": "Save {name} to a file"},
    "load_scenario": {"zh": "从文件载入{name}", "en": "Load {name} from a file"},
    "delta_vs_a": {"zh": "较情景A {d}", "en": "{d} vs scenario A"},
    "col_code": {"zh": "代码", "en": "Code"},
    "col_name": {"zh": "名称", "en": "Name"},
    "col_share_of_scale": {"zh": "占规模比重（%）", "en": "Share of scale (%)"},
    "col_scale_yi": {"zh": "规模（亿元）", "en": "Scale (100 million yuan)"},
    "col_basis": {"zh": "依据", "en": "Basis"},
    "basis_core": {
        "zh": "信通院2021年数字产业化 {di} 万亿元占数字经济（另含产业数字化 {id} 万亿元）× 国家统计局2023年核心产业该类增加值占比",
        "en": "CAICT 2021: digital industrialisation {di} trillion yuan of the digital economy (with "
        "industrial digitalisation {id} trillion yuan) × NBS 2023 share of this category in core value added",
    },
    "basis_05": {
        "zh": "信通院2021年产业数字化 {id} 万亿元占数字经济 {total} 万亿元",
        "en": "CAICT 2021: industrial digitalisation {id} trillion yuan of a {total} trillion yuan digital economy",
    },
    "scenario_error": {"zh": "情景无效：{msg}", "en": "Invalid scenario: {msg}"},
    "share_method": {
        "zh": "数字经济占GDP比重 = 规模 / GDP × 100，规模 = 五大类之和。基年规模 = {year}年比重 {share}% × {region}{year}年GDP {gdp} 亿元 = {scale} 亿元；其在五大类间的拆分借用全国公开结构（信通院2021年数字产业化/产业数字化；国家统计局2023年核心产业四大类增加值），见下表。",
        "en": "Digital-economy share = scale / GDP × 100, scale = sum of the five categories. "
        "Base scale = the {year} share {share}% × {region} {year} GDP {gdp} = {scale} (100 million yuan); "
        "its split across categories is borrowed from published national structures (CAICT "
        "2021 digital industrialisation vs industrial digitalisation; NBS 2023 core value "
        "added by category), see the table.",
    },
    "scenario_uncertainty": {
        "zh": "情景以预测运行的样本路径为起点：基准增长率下与“预测”页完全一致；改变增长率，每条路径按同一比例上移或下移。情景保存在网址中，复制链接即可复现。",
        "en": "A scenario starts from the run's sample paths: at the baseline growth it equals the "
        "Forecasts page exactly; another growth rate moves every path up or down by the same factor. "
        "The scenario lives in the URL: copying the link reproduces it.",
    },
    "scale_label": {"zh": "数字经济规模", "en": "Digital-economy scale"},
    "no_drivers": {
        "zh": "本规划没有可用于情景分析的驱动指标（需要本地区的预测序列）。",
        "en": "This plan has no scenario drivers (they need forecast series of the plan's region).",
    },
    "no_share": {
        "zh": "本次运行缺少GDP或数字经济比重序列，无法计算比重情景。",
        "en": "The run lacks GDP or the digital-economy share: no share scenario.",
    },
    # plan review
    "review_title": {"zh": "规划评估", "en": "Plan review"},
    "review_caption": {
        "zh": "{base}年基数 → 各目标年份；有实际值的年份直接比对，已过而无实际值的年份显示“实际值未录入”，尚未到期的年份给出达标概率。",
        "en": "{base} base → each target year: an actual is compared with its target; a year "
        "that is over without an actual reads 'actual not entered'; an open year gets the "
        "probability of meeting the target.",
    },
    "col_actual": {"zh": "{year}年实际", "en": "{year} actual"},
    "col_result": {"zh": "{year}年结果", "en": "{year} result"},
    "aid_title": {"zh": "{year}年目标设定参考", "en": "Target-setting aid for {year}"},
    "aid_caption": {
        "zh": "建议目标 = 在所选概率下能够达到的值：预测运行的样本路径中，有该比例的路径在目标年份达到或超过它（路径的分位数）。旁列所需年均增长、历史年均增长和预测年均增长（至预测中位数）。",
        "en": "Suggested target = the value reached with the chosen probability: that share of "
        "the run's sample paths reach or exceed it in the target year (a quantile of the paths). "
        "Beside it: the annual growth it needs, the historical growth and the forecast growth "
        "(to the forecast median).",
    },
    "col_hist_growth": {"zh": "历史年均增长（%）", "en": "Historical growth (% a year)"},
    "col_fc_growth": {"zh": "预测年均增长（%）", "en": "Forecast growth (% a year)"},
    "col_aid_flag": {"zh": "提示", "en": "Check"},
    "aid_below_base": {"zh": "低于{year}年基数", "en": "below the {year} base"},
    "aid_below_latest": {"zh": "低于最新实际值", "en": "below the latest actual"},
    "aid_warning": {
        "zh": "有 {n} 项建议目标低于规划基数或最新实际值（见“提示”列）：在所选概率下，预测不支持高于现状的目标，请结合实际情况另定。",
        "en": "{n} suggested targets are below the plan's base or the latest actual (see "
        "'Check'): at the chosen probability the forecast does not support a target above "
        "today's level; set these with other evidence.",
    },
    "aid_probability": {"zh": "达标概率（%）", "en": "Probability of meeting (%)"},
    "aid_year": {"zh": "目标年份", "en": "Target year"},
    "col_aid_target": {"zh": "建议目标", "en": "Suggested target"},
    "col_growth": {"zh": "所需年均增长（%）", "en": "Required growth (% a year)"},
    # data
    "data_title": {"zh": "数据与来源", "en": "Data and sources"},
    "run_title": {"zh": "最近一次刷新运行", "en": "Last refresh run"},
    "provenance_title": {"zh": "每个数字的来源", "en": "Where every number comes from"},
    "region_filter": {"zh": "地区", "en": "Region"},
    "vintages_title": {"zh": "数据版本", "en": "Vintages"},
    "origin_sources": {"zh": "项目资料", "en": "Project sources"},
    "origin_archive": {"zh": "上传存档", "en": "Upload archive"},
    "origin_upload": {"zh": "上传", "en": "Upload"},
    "origin_plan": {"zh": "规划资料包", "en": "Plan pack"},
    "conflicts_title": {
        "zh": "相互矛盾的数值（保留全部，按优先级显示一项）",
        "en": "Conflicting values (all kept; one shown by precedence)",
    },
    "inputs_title": {"zh": "输入文件及其校验值", "en": "Input files and their checksums"},
    "conflicts_count": {
        "zh": "共 {n} 组数值相互矛盾；每组显示优先级最高的 {k} 个候选值（共有多少个见“候选数”）",
        "en": "{n} keys have conflicting values; each shows its best {k} candidates (the count "
        "of all is under “Candidates”)",
    },
    "conflicts_page": {
        "zh": "页码（每页 {k} 组，共 {pages} 页）",
        "en": "Page ({k} per page, {pages} pages)",
    },
    "run_details": {
        "zh": "代码版本 {code_version} · 预测至 {to_year} 年 · 每个序列 {n_paths} 条样本路径 · 随机种子 {seed}",
        "en": "Code version {code_version} · forecast to {to_year} · {n_paths} sample paths per "
        "series · random seed {seed}",
    },
    "download_forecasts_csv": {"zh": "下载预测表（CSV）", "en": "Download forecasts (CSV)"},
    "run_id_label": {"zh": "运行编号", "en": "Run id"},
    "finished_label": {"zh": "完成时间", "en": "Finished"},
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
    "chart_target": {"zh": "规划目标", "en": "Plan target"},
    "chart_band": {"zh": "{level}% 区间", "en": "{level}% interval"},
    "chart_legend": {"zh": "图例", "en": "Legend"},
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
    "n_candidates": {"zh": "候选数", "en": "Candidates"},
    "note": {"zh": "备注", "en": "Note"},
    "file": {"zh": "文件", "en": "File"},
    "sha256": {"zh": "校验值", "en": "Checksum"},
    "original_filename": {"zh": "原文件名", "en": "Original file"},
    "origin": {"zh": "来源方式", "en": "Origin"},
    "ingested_at": {"zh": "导入时间", "en": "Ingested at"},
    "n_observations": {"zh": "观测数", "en": "Observations"},
    "raw_code": {"zh": "原始代码", "en": "Code as given"},
    "status": {"zh": "状态", "en": "Status"},
    "reason": {"zh": "原因", "en": "Reason"},
    "count": {"zh": "记录数", "en": "Records"},
    "value_added_wan": {"zh": "增加值（万元）", "en": "Value added (10k yuan)"},
    "value_added_wan_share_pct": {"zh": "占总值（%）", "en": "Share of total (%)"},
    "kind": {"zh": "类型", "en": "Kind"},
}
"""Display headers for the store's columns (the data keep their English names)."""

# ---------------------------------------------------------------- monitoring (issue 12)
# Plan implementation monitoring: progress sheet, monitoring page, evaluation report.
MONITORING_LABELS: dict[str, dict[str, str]] = {
    "page_monitoring": {"zh": "规划实施监测", "en": "Plan implementation"},
    "mon_title": {"zh": "规划实施监测", "en": "Monitoring the plan's implementation"},
    "mon_caption": {
        "zh": "重点任务来自规划附件1“重点任务分工”，重点项目来自规划各专栏；进展由统计人员按报告期填报，每次填报均保留。",
        "en": "Key tasks from the plan's Annex 1 (division of key tasks), key projects from its boxes; "
        "progress is reported per period by statisticians and every report is kept.",
    },
    "progress_not_started": {"zh": "未启动", "en": "Not started"},
    "progress_in_progress": {"zh": "推进中", "en": "In progress"},
    "progress_completed": {"zh": "已完成", "en": "Completed"},
    "progress_delayed": {"zh": "滞后", "en": "Delayed"},
    "progress_not_reported": {"zh": "未填报", "en": "Not reported"},
    "kind_task": {"zh": "重点任务", "en": "Key task"},
    "kind_project": {"zh": "重点项目", "en": "Key project"},
    "mon_tab_tasks": {"zh": "重点任务", "en": "Key tasks"},
    "mon_tab_units": {"zh": "责任单位", "en": "Responsible units"},
    "mon_tab_projects": {"zh": "重点项目", "en": "Key projects"},
    "mon_tab_history": {"zh": "进展记录", "en": "Progress history"},
    "mon_tab_update": {"zh": "填报进展", "en": "Report progress"},
    "mon_tab_report": {"zh": "评估报告", "en": "Evaluation report"},
    "mon_n_tasks": {
        "zh": "共 {n} 项重点任务、{p} 个重点项目，涉及 {u} 个责任单位",
        "en": "{n} key tasks, {p} key projects, {u} responsible units",
    },
    "mon_by_area": {"zh": "按领域", "en": "By area"},
    "mon_filter_area": {"zh": "领域", "en": "Area"},
    "mon_filter_unit": {"zh": "责任单位", "en": "Responsible unit"},
    "mon_filter_status": {"zh": "进展状态", "en": "Status"},
    "mon_filter_box": {"zh": "专栏", "en": "Box"},
    "mon_all": {"zh": "全部", "en": "All"},
    "mon_pick_task": {"zh": "查看任务的进展记录", "en": "Progress history of a task"},
    "mon_pick_project": {"zh": "查看项目的进展记录", "en": "Progress history of a project"},
    "mon_no_history": {"zh": "尚无进展记录。", "en": "No progress reported yet."},
    "mon_no_progress": {
        "zh": "尚未填报任何进展：下载填报模板，填写后在“填报进展”上传。",
        "en": "No progress reported yet: download the template, fill it in and upload it under "
        "“Report progress”.",
    },
    "mon_region_city": {"zh": "全市", "en": "City-wide"},
    "mon_no_tasks": {
        "zh": "“{plan}”规划包中没有重点任务和重点项目清单。",
        "en": "The plan pack “{plan}” lists no key tasks or projects.",
    },
    "mon_projects_note": {
        "zh": "规划未列出各项目的投资额和所在县区，项目均按全市统计。",
        "en": "The plan gives no investment and no county for its projects; all are city-wide.",
    },
    "col_task_no": {"zh": "序号", "en": "No."},
    "col_area": {"zh": "领域", "en": "Area"},
    "col_task": {"zh": "重点工作", "en": "Task"},
    "col_lead_unit": {"zh": "牵头单位", "en": "Lead unit"},
    "col_other_units": {"zh": "配合单位", "en": "Other units"},
    "col_units": {"zh": "责任单位", "en": "Responsible units"},
    "col_progress": {"zh": "进展状态", "en": "Status"},
    "col_percent": {"zh": "完成百分比", "en": "Percent complete"},
    "col_period": {"zh": "报告期", "en": "Period"},
    "col_reported_on": {"zh": "填报日期", "en": "Reported on"},
    "col_reported_by": {"zh": "填报人", "en": "Reported by"},
    "col_note": {"zh": "进展说明", "en": "Note"},
    "col_evidence": {"zh": "佐证链接", "en": "Evidence"},
    "col_ingested_at": {"zh": "录入时间", "en": "Recorded at"},
    "col_file": {"zh": "来源文件", "en": "File"},
    "col_n_lead": {"zh": "牵头任务数", "en": "Tasks led"},
    "col_n_partner": {"zh": "配合任务数", "en": "Tasks shared"},
    "col_lead_completed": {"zh": "牵头任务已完成", "en": "Led: completed"},
    "col_lead_delayed": {"zh": "牵头任务滞后", "en": "Led: delayed"},
    "col_lead_not_reported": {"zh": "牵头任务未填报", "en": "Led: not reported"},
    "col_task_list": {"zh": "涉及任务序号", "en": "Tasks"},
    "col_total": {"zh": "合计", "en": "Total"},
    "col_project_no": {"zh": "编号", "en": "No."},
    "col_box": {"zh": "专栏", "en": "Box"},
    "col_project": {"zh": "项目", "en": "Project"},
    "col_description": {"zh": "主要内容", "en": "Description"},
    "col_investment": {"zh": "投资（亿元）", "en": "Investment (亿元)"},
    "col_region": {"zh": "县区", "en": "County"},
    "col_kind": {"zh": "类别", "en": "Kind"},
    "mon_template_xlsx": {"zh": "下载填报模板（Excel）", "en": "Download the template (Excel)"},
    "mon_upload": {
        "zh": "上传填好的进展表（Excel 或 CSV）",
        "en": "Upload a filled-in progress sheet (Excel or CSV)",
    },
    "mon_ingest_button": {"zh": "校验并录入", "en": "Check and record"},
    "mon_ingested": {"zh": "已录入 {n} 条进展记录。", "en": "{n} progress record(s) recorded."},
    "mon_already": {
        "zh": "该文件此前已录入，未重复记录。",
        "en": "This file was recorded before; nothing added.",
    },
    "mon_refused": {
        "zh": "进展表未录入（共 {n} 处错误），数据未作任何改动：",
        "en": "The sheet was refused ({n} error(s)); nothing was changed:",
    },
    "mon_issue": {"zh": "{where}：{message}", "en": "{where}: {message}"},
    "mon_where_row": {"zh": "第 {row} 行", "en": "row {row}"},
    "mon_where_sheet": {"zh": "工作表“{sheet}”", "en": "sheet “{sheet}”"},
    "mon_where_column": {"zh": "“{column}”列", "en": "column “{column}”"},
    "mon_editor_title": {"zh": "在线填报", "en": "Enter progress here"},
    "mon_editor_item": {"zh": "任务或项目", "en": "Task or project"},
    "mon_editor_save": {"zh": "保存这条进展", "en": "Save this update"},
    "mon_download_csv": {"zh": "下载本表（CSV）", "en": "Download this table (CSV)"},
    "mon_download_history": {
        "zh": "下载全部进展记录（Excel）",
        "en": "Download all progress records (Excel)",
    },
    "mon_report_year": {"zh": "评估年份", "en": "Evaluation year"},
    "mon_report_docx": {
        "zh": "下载评估报告（Word）",
        "en": "Download the evaluation report (Word)",
    },
    "mon_report_xlsx": {
        "zh": "下载评估报告（Excel）",
        "en": "Download the evaluation report (Excel)",
    },
    "mon_report_make": {"zh": "生成评估报告", "en": "Make the report"},
    "mon_report_note": {
        "zh": "报告含全部指标、重点任务与责任单位、重点项目及方法与来源说明；2022、2023 年为中期评估，2025 年为期末评估。",
        "en": "The report holds every indicator, the key tasks and their units, the key projects, and "
        "methods and sources; 2022 and 2023 give a mid-term, 2025 a final evaluation.",
    },
    # sheet errors
    "perr_kind": {
        "zh": "类别“{v}”不是“重点任务”或“重点项目”",
        "en": "kind “{v}” is not Task or Project",
    },
    "perr_task_no": {
        "zh": "“{v}”不是本规划的重点任务序号（1–{n}）",
        "en": "“{v}” is not a task number of this plan (1–{n})",
    },
    "perr_project_no": {
        "zh": "“{v}”不是本规划的重点项目编号（如 3-2）",
        "en": "“{v}” is not a project number of this plan (such as 3-2)",
    },
    "perr_period": {
        "zh": "报告期“{v}”格式不对：应为 2023、2023-H1、2023-Q3 或 2023-06",
        "en": "period “{v}”: use 2023, 2023-H1, 2023-Q3 or 2023-06",
    },
    "perr_status": {
        "zh": "进展状态“{v}”应为 未启动 / 推进中 / 已完成 / 滞后",
        "en": "status “{v}” must be Not started / In progress / Completed / Delayed",
    },
    "perr_percent": {"zh": "完成百分比“{v}”不是数字", "en": "percent “{v}” is not a number"},
    "perr_percent_range": {"zh": "完成百分比 {v} 超出 0–100", "en": "percent {v} is outside 0–100"},
    "perr_completed": {
        "zh": "状态为已完成，完成百分比却为 {v}（应为 100）",
        "en": "status Completed with percent {v} (must be 100)",
    },
    "perr_not_started": {
        "zh": "状态为未启动，完成百分比却为 {v}（应为 0）",
        "en": "status Not started with percent {v} (must be 0)",
    },
    "perr_url": {
        "zh": "佐证链接“{v}”不是 http(s) 网址",
        "en": "evidence link “{v}” is not an http(s) address",
    },
    "perr_reporter": {"zh": "缺少填报人", "en": "who reported is missing"},
    "perr_date": {
        "zh": "填报日期“{v}”不是日期（应为 YYYY-MM-DD）",
        "en": "reporting date “{v}” is not a date (YYYY-MM-DD)",
    },
    "perr_date_missing": {
        "zh": "缺少填报日期（YYYY-MM-DD）",
        "en": "the reporting date is missing (YYYY-MM-DD)",
    },
    "perr_date_future": {
        "zh": "填报日期 {v} 晚于今天",
        "en": "the reporting date {v} is in the future",
    },
    "perr_duplicate": {
        "zh": "同一任务或项目、同一报告期已在第 {v} 行填报",
        "en": "the same item and period is already on row {v}",
    },
    "perr_no_header": {
        "zh": "找不到进展表的表头（类别、编号、进展状态……）：请使用填报模板",
        "en": "no header row of a progress sheet (Kind, Number, Status …): use the template",
    },
    "perr_missing_columns": {"zh": "缺少列：{v}", "en": "missing column(s): {v}"},
    "perr_empty": {
        "zh": "没有填写任何进展（进展状态均为空）",
        "en": "no progress filled in (no status entered)",
    },
    # CLI
    "cli_template_written": {
        "zh": "已写出填报模板：{path}（{n} 行）",
        "en": "template written: {path} ({n} rows)",
    },
    "cli_ingested": {
        "zh": "已录入 {n} 条进展记录（文件 SHA-256 {sha}）",
        "en": "{n} progress record(s) recorded (file SHA-256 {sha})",
    },
    "cli_already": {
        "zh": "该文件此前已录入（SHA-256 {sha}），未重复记录",
        "en": "already recorded (SHA-256 {sha}); nothing added",
    },
    "cli_refused": {
        "zh": "进展表未录入，共 {n} 处错误，数据未改动：",
        "en": "sheet refused, {n} error(s), nothing changed:",
    },
    "cli_report_written": {"zh": "已写出评估报告：{path}", "en": "report written: {path}"},
    "cli_report_format": {
        "zh": "输出文件须为 .docx 或 .xlsx：{path}",
        "en": "the output must be .docx or .xlsx: {path}",
    },
    "cli_unknown_plan": {"zh": "未知规划：{plan}", "en": "unknown plan: {plan}"},
    # report
    "rep_title_mid": {"zh": "{title}中期评估报告", "en": "{title}: mid-term evaluation report"},
    "rep_title_final": {"zh": "{title}期末评估报告", "en": "{title}: final evaluation report"},
    "rep_reference": {
        "zh": "依据：《{title}》（{number}，{issued}印发）",
        "en": "Plan: {title} ({number}, issued {issued})",
    },
    "rep_dates": {
        "zh": "报告日期：{today}；数据截至：{cutoff}；评估年份：{year}",
        "en": "Report date: {today}; data cut-off: {cutoff}; evaluation year: {year}",
    },
    "rep_run": {
        "zh": "预测运行：{run_id}（{finished_at}）",
        "en": "Forecast run: {run_id} ({finished_at})",
    },
    "rep_no_run": {
        "zh": "尚无预测运行：指标仅列出规划目标，未作评估。",
        "en": "No forecast run: indicators list the plan's targets only, not assessed.",
    },
    "rep_summary": {"zh": "一、总体情况", "en": "1. Summary"},
    "rep_summary_indicators": {
        "zh": "规划 {n} 项主要指标中：{parts}。",
        "en": "Of the plan's {n} main indicators: {parts}.",
    },
    "rep_summary_tasks": {
        "zh": "{n} 项重点任务中：{parts}。{p} 个重点项目中：{pparts}。",
        "en": "Of {n} key tasks: {parts}. Of {p} key projects: {pparts}.",
    },
    "rep_count": {"zh": "{label} {n} 项", "en": "{label} {n}"},
    "rep_indicators": {"zh": "二、主要指标", "en": "2. Main indicators"},
    "rep_group_heading": {"zh": "（{k}）{name}", "en": "2.{k} {name}"},
    "rep_chart_caption": {
        "zh": "图：{name}（{unit}）实际值、预测均值及 80%/95% 区间，菱形为规划目标",
        "en": "Figure: {name} ({unit}) actuals, forecast mean and 80%/95% bands; diamonds are the plan's targets",
    },
    "rep_tasks": {"zh": "三、重点任务推进情况（按牵头单位）", "en": "3. Key tasks by lead unit"},
    "rep_units": {"zh": "责任单位任务统计", "en": "Responsible units"},
    "rep_projects": {"zh": "四、重点项目", "en": "4. Key projects"},
    "rep_methods": {"zh": "附录  方法与来源", "en": "Appendix: methods and sources"},
    "rep_methods_text": {
        "zh": "指标目标取自规划主要预期指标表及附件2；实际值取自数据仓库中优先级最高的来源（一手发布优先于转载与二手来源），每个数值保留来源与原文摘录。"
        "尚未到期的目标按预测样本路径中达到目标的比例计算达标概率：不低于 {on}% 为有望达标，{off}%–{on}% 为存在风险，低于 {off}% 为难以达标；"
        "目标年份已有实际值的，直接判定已达标或未达标。重点任务与责任单位取自规划附件1，重点项目取自规划各专栏；进展为统计人员填报的最新记录。",
        "en": "Targets are from the plan's table of main indicators and Annex 2; actuals are the store's highest-precedence source "
        "(primary releases before reposts and secondary pages), each with its source and quote. For targets whose year is still open, "
        "the probability of meeting is the share of forecast sample paths that meet the target: {on}% or more is on track, "
        "{off}–{on}% at risk, below {off}% off track; a target year with an actual is met or missed. Key tasks and their units are from "
        "the plan's Annex 1, key projects from its boxes; progress is the latest record reported by statisticians.",
    },
    "rep_sources": {"zh": "实际值来源", "en": "Sources of the actuals"},
    "rep_col_latest": {"zh": "最新实际值（年份）", "en": "Latest actual (year)"},
    "rep_col_probability": {"zh": "达标概率", "en": "Probability of meeting"},
    "rep_col_base": {"zh": "基期值", "en": "Base"},
    "rep_col_target": {"zh": "{year}年目标", "en": "{year} target"},
    "rep_sheet_summary": {"zh": "总体情况", "en": "Summary"},
    "rep_sheet_indicators": {"zh": "主要指标", "en": "Indicators"},
    "rep_sheet_tasks": {"zh": "重点任务", "en": "Key tasks"},
    "rep_sheet_units": {"zh": "责任单位", "en": "Units"},
    "rep_sheet_projects": {"zh": "重点项目", "en": "Key projects"},
    "rep_sheet_sources": {"zh": "来源", "en": "Sources"},
    "rep_item": {"zh": "项目", "en": "Item"},
    "rep_count_col": {"zh": "数量", "en": "Count"},
    "rep_group": {"zh": "指标类别", "en": "Group"},
    "rep_quote": {"zh": "原文摘录", "en": "Quote"},
    "rep_url": {"zh": "网址", "en": "URL"},
    "rep_unit_count": {"zh": "个", "en": "count"},
    "rep_published": {"zh": "发布日期", "en": "Published"},
    "rep_focus_mid": {
        "zh": "本报告为中期评估：指标状态按 {focus} 年目标判定，达标概率指 {final} 年目标（该年尚未结束时）。",
        "en": "Mid-term evaluation: statuses judge the {focus} targets; probabilities are of meeting the "
        "{final} targets (while that year is open).",
    },
    "rep_focus_final": {
        "zh": "本报告为期末评估：指标状态按 {focus} 年目标判定。",
        "en": "Final evaluation: statuses judge the {focus} targets.",
    },
}
LABELS.update(MONITORING_LABELS)


MODEL_NAMES: dict[str, dict[str, str]] = {
    "naive": {"zh": "朴素法（沿用上年）", "en": "Naive (last value)"},
    "drift": {"zh": "漂移法", "en": "Drift"},
    "ses": {"zh": "简单指数平滑", "en": "Exponential smoothing"},
    "damped": {"zh": "阻尼趋势法", "en": "Damped trend"},
    "theta": {"zh": "泰塔法", "en": "Theta method"},
    "dotm": {"zh": "动态优化泰塔法", "en": "Optimised theta"},
    "arima": {"zh": "自回归积分滑动平均", "en": "ARIMA"},
    "loglinear": {"zh": "对数线性趋势", "en": "Log-linear trend"},
    "combo": {"zh": "组合预测", "en": "Combination"},
    "combo_shd": {"zh": "组合预测", "en": "Combination"},
    "stack": {"zh": "堆叠集成", "en": "Stacked ensemble"},
    "borrowed": {"zh": "借用增长", "en": "Borrowed growth"},
}
"""Forecast model codes (``run.info.model``) → names shown on pages."""

UNIT_NAMES_EN: dict[str, str] = {
    "元": "yuan",
    "万元": "10k yuan",
    "亿元": "100 million yuan",
    "万亿元": "trillion yuan",
    "美元": "US dollars",
    "亿美元": "100 million US dollars",
    "个": "units",
    "万个": "10k units",
    "座": "sites",
    "户": "households",
    "万户": "10k households",
    "亿户": "100 million households",
    "人": "persons",
    "万人": "10k persons",
    "家": "enterprises",
    "项": "items",
    "万项": "10k items",
    "件": "cases",
    "万件": "10k cases",
    "次": "visits",
    "万次": "10k visits",
    "张": "cards",
    "万张": "10k cards",
    "类": "data classes",
    "倍": "times",
    "万亿美元": "trillion US dollars",
    "万美元": "10k US dollars",
}
"""Units as written in the data (Chinese) → their English names."""


def number(x: float | None) -> str:
    """A value as officials read it: 4 significant digits, thousands separated, never in
    scientific notation (``159700`` → ``159,700``, ``21.184`` → ``21.18``); ``—`` when missing."""
    if x is None or x != x:
        return "—"
    if abs(x) >= 1e4:
        return f"{x:,.0f}"
    return f"{x:,.4g}"


def model_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """A forecast model's name (``theta`` → 泰塔法); unknown codes read 其他模型 / Other model."""
    entry = MODEL_NAMES.get(str(code))
    if entry is None:
        return "其他模型" if lang == "zh" else "Other model"
    return entry[lang]


def unit_label(unit: str, lang: str = DEFAULT_LANG) -> str:
    """The unit in ``lang`` (units are stored in Chinese: 亿元 → 100 million yuan)."""
    if lang == "en":
        return UNIT_NAMES_EN.get(str(unit), str(unit))
    return str(unit)


def english_only(name: str) -> str:
    """``Online retail sales (NBS 网上零售额)`` → ``Online retail sales (NBS)``: CJK words
    dropped from an English name (the catalogue keeps them to tell definitions apart)."""
    out = re.sub(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+", " ", name)
    out = re.sub(r"\(\s*\)", "", re.sub(r"\s+", " ", out))
    return re.sub(r"\(\s+|\s+\)", lambda m: m.group(0).strip(), out).strip()


_MONTHS = ("January February March April May June July August September October "
           "November December").split()  # fmt: skip


def date_label(iso: str, lang: str = DEFAULT_LANG) -> str:
    """``2026-11-29T19:05:36+00:00`` → ``2026年11月29日`` / ``29 November 2026``."""
    try:
        d = dt.datetime.fromisoformat(str(iso)).date()
    except ValueError:
        return str(iso)
    if lang == "en":
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------- untranslated text
ALLOWED_LATIN: frozenset[str] = frozenset(
    {"GDP", "IPv6", "5G", "4G", "Mbps", "CSV", "Excel", "JSON", "NBS", "CAICT"}
)
"""Latin-letter words accepted on a Chinese page (units and acronyms officials use)."""
_NOT_WORDS = re.compile(
    r"https?://\S+"  # links
    r"|:material/[a-z_]+:|:(?:green|red|orange|gray|grey|blue|violet|rainbow|primary)\["  # markup
    r"|\b\d{8}T\d{6}-[0-9a-f]{6}\b"  # a run id (kept on the Data page)
    r"|\b\d+\.\d+\.\d+(?:\+g[0-9a-f]+(?:\.dirty)?)?"  # a code version
    r"|\b[0-9a-f]{12,64}\b"  # checksums
    r"|[\w./-]+\.(?:csv|xlsx|xls|json|parquet|md|toml|txt)\b"  # file names
    r"|\d?A级"  # the plan's own name for graded scenic spots (国家A级旅游景区)
)
_LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")
_CJK = re.compile(r"[\u3400-\u9fff]+")


def untranslated(text: str, lang: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Words of ``text`` that do not belong on a ``lang`` page: in Chinese, runs of Latin
    letters outside :data:`ALLOWED_LATIN` (links, run ids, checksums and file names are
    not words); in English, any CJK text not in ``allowed`` (names with no English form)."""
    rest = _NOT_WORDS.sub(" ", str(text))
    if lang == "zh":
        words = [w for w in _LATIN_WORD.findall(rest) if re.search(r"[A-Za-z]", w)]
        return [w for w in words if w not in ALLOWED_LATIN and w not in allowed]
    for name in sorted(allowed, key=len, reverse=True):
        rest = rest.replace(name, " ")
    return _CJK.findall(rest)


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


# ---------------------------------------------------------------- county views (workbench.county)
LABELS.update(
    {
        "county_title": {"zh": "分县区数据", "en": "By county and zone"},
        "county_none": {
            "zh": "该指标暂无县区数据：目前只有全市数据。县区数据导入后（统计人员按县区报送），这里按县区列出最近几年的数值。",
            "en": "No county data for this indicator: only the city's figure exists. Once county "
            "figures are delivered, the latest years are listed here by county and zone.",
        },
        "county_caption": {
            "zh": "合计只加总区县（{admin}）；开发区、风景区等功能区位于区县境内或跨区县，单列而不计入合计，避免重复计算。",
            "en": "The total adds the districts and counties only ({admin}); development zones and "
            "scenic areas lie inside or across them, so they are listed but never added (no double counting).",
        },
        "county_not_additive": {
            "zh": "该指标为比率或人均值，各县区数值不能相加，不计算合计。",
            "en": "This indicator is a share, rate or per-head value: county values do not add up, so no total is formed.",
        },
        "county_synthetic": {
            "zh": "⚠️ 合成数据：以下县区数值由工作台程序生成，不是实际值。",
            "en": "⚠️ SYNTHETIC DATA: the county values below are generated, not actuals.",
        },
        "county_col_region": {"zh": "县区", "en": "County / zone"},
        "county_col_kind": {"zh": "类型", "en": "Type"},
        "county_kind_admin": {"zh": "区县", "en": "District / county"},
        "county_kind_zone": {"zh": "功能区（不计入合计）", "en": "Zone (not added)"},
        "county_kind_zone_in": {
            "zh": "功能区，位于{within}（不计入合计）",
            "en": "Zone in {within} (not added)",
        },
        "county_row_sum": {
            "zh": "区县合计（每年至少 {n}/{n_admin} 个区县有数）",
            "en": "Districts and counties, total (at least {n} of {n_admin} reporting each year)",
        },
        "county_row_city": {"zh": "全市（公布值）", "en": "City (published)"},
    }
)


# ---------------------------------------------------------------- key-enterprise monitoring
# (app_pages/enterprises.py, workbench.registers)
LABELS.update(
    {
        "page_enterprises": {"zh": "重点企业监测", "en": "Key enterprises"},
        "ent_title": {"zh": "重点企业监测", "en": "Key-enterprise monitoring"},
        "ent_caption": {
            "zh": "依据{plan}“构建数字经济运行监测体系”的要求："
            "选取数字经济重点企业定期监测，以点代面分析宏观态势。数据来自企业数据库（企业名录按年入库）。",
            "en": "Following {plan}, 'build a digital-economy monitoring system': key enterprises "
            "are monitored regularly to read the wider trend. "
            "Data come from the enterprise database (registers ingested by year).",
        },
        "ent_synthetic_banner": {
            "zh": "⚠️ 合成数据：以下企业均为工作台程序生成的合成数据（随机种子 2021），"
            "按规划公布的2020年半导体产业链数据和全市地区生产总值校准，不是真实企业，其测算结果不代表实际情况。",
            "en": "⚠️ SYNTHETIC DATA: every enterprise below is generated (workbench.synthetic, seed "
            "2021), calibrated to the plan's published 2020 semiconductor-chain facts and the city's "
            "GDP. They are not real enterprises and nothing measured from them is an actual.",
        },
        "ent_no_register": {
            "zh": "企业数据库中尚无企业名录；下面显示合成示例名录。统计人员可在命令行按年导入企业名录（见使用说明）。",
            "en": "The enterprise database holds no register yet; the SYNTHETIC demo register is shown. "
            "Statisticians load one with `workbench register ingest FILE --year YEAR`.",
        },
        "ent_source": {"zh": "数据来源", "en": "Data"},
        "ent_source_db": {"zh": "企业数据库", "en": "Enterprise database"},
        "ent_source_demo": {"zh": "合成示例名录", "en": "SYNTHETIC demo register"},
        "ent_year": {"zh": "年份", "en": "Year"},
        "ent_region": {"zh": "县区", "en": "County / zone"},
        "ent_category": {"zh": "类别", "en": "Category"},
        "ent_by": {"zh": "排序依据", "en": "Rank by"},
        "ent_by_digital": {"zh": "数字经济增加值", "en": "Digital value added"},
        "ent_by_revenue": {"zh": "营业收入", "en": "Revenue"},
        "ent_all_categories": {"zh": "全部类别", "en": "All categories"},
        "ent_core": {"zh": "核心产业（01–04）", "en": "Core industries (01–04)"},
        "ent_cat_NA": {"zh": "非数字经济", "en": "Outside the digital economy"},
        "ent_cat_UNMATCHED": {"zh": "行业代码无法匹配", "en": "Industry code not matched"},
        "ent_preset_chain": {
            "zh": "首位产业：半导体产业链",
            "en": "Lead industry: the semiconductor chain",
        },
        "ent_m_enterprises": {"zh": "企业数", "en": "Enterprises"},
        "ent_m_above": {"zh": "规上企业数", "en": "Above-scale enterprises"},
        "ent_m_digital": {
            "zh": "数字经济增加值（亿元）",
            "en": "Digital value added (100M yuan)",
        },
        "ent_m_revenue": {"zh": "营业收入（亿元）", "en": "Revenue (100 million yuan)"},
        "ent_m_top10": {"zh": "前十名集中度", "en": "Top-10 share"},
        "ent_m_entrants": {"zh": "新进入企业", "en": "Entrants"},
        "ent_m_exits": {"zh": "退出企业", "en": "Exits"},
        "ent_top_title": {"zh": "重点企业排名（前 {n} 名）", "en": "Top {n} enterprises"},
        "ent_flow_title": {"zh": "企业进入与退出", "en": "Entrants and exits"},
        "ent_cross_title": {
            "zh": "跨越规模以上标准的企业",
            "en": "Enterprises crossing the above-scale line",
        },
        "ent_cross_none": {
            "zh": "本年没有企业跨越规模以上标准。",
            "en": "No enterprise crossed the above-scale line this year.",
        },
        "ent_chain_title": {
            "zh": "半导体产业链（首位产业）",
            "en": "The semiconductor chain (lead industry)",
        },
        "ent_chain_caption": {
            "zh": "规划公布的2020年数据（池数组〔2021〕1号 一（一）5）：在库统计半导体规模以上企业47家，"
            "基地半导体产业链上下游企业85家，2020年实现产值76.51亿元。下表按行业代码 3972、3973、3985、3562 统计，营业收入代替产值。",
            "en": "The plan's 2020 facts (池数组〔2021〕1号 §1(1)5): 47 above-scale semiconductor "
            "enterprises, 85 enterprises in the chain, output 7,651 million yuan in 2020. The table counts "
            "industry codes 3972, 3973, 3985 and 3562, with revenue standing in for output.",
        },
        "ent_up": {"zh": "升入规上", "en": "Crossed up"},
        "ent_down": {"zh": "退出规上", "en": "Fell below"},
        "ent_download_csv": {"zh": "下载排名（CSV）", "en": "Download ranking (CSV)"},
        "ent_download_xlsx": {"zh": "下载全部表格（Excel）", "en": "Download all tables (Excel)"},
        "ent_c_rank": {"zh": "名次", "en": "Rank"},
        "ent_c_name": {"zh": "企业名称", "en": "Enterprise"},
        "ent_c_region": {"zh": "县区", "en": "County / zone"},
        "ent_c_code": {"zh": "行业代码", "en": "Industry code"},
        "ent_c_category": {"zh": "类别", "en": "Category"},
        "ent_c_revenue": {"zh": "营业收入（万元）", "en": "Revenue (10k yuan)"},
        "ent_c_revenue_prev": {"zh": "上年营业收入（万元）", "en": "Revenue last year (10k yuan)"},
        "ent_c_va": {"zh": "增加值（万元）", "en": "Value added (10k yuan)"},
        "ent_c_digital": {"zh": "数字经济增加值（万元）", "en": "Digital value added (10k yuan)"},
        "ent_c_growth": {"zh": "比上年增长（%）", "en": "Growth on last year (%)"},
        "ent_c_above": {"zh": "规上", "en": "Above scale"},
        "ent_c_direction": {"zh": "变化", "en": "Change"},
        "ent_c_year": {"zh": "年份", "en": "Year"},
        "ent_c_enterprises": {"zh": "企业数", "en": "Enterprises"},
        "ent_c_entrants": {"zh": "新进入", "en": "Entrants"},
        "ent_c_exits": {"zh": "退出", "en": "Exits"},
        "ent_c_revenue_yi": {"zh": "营业收入（亿元）", "en": "Revenue (100 million yuan)"},
        "ent_c_synthetic": {"zh": "合成数据", "en": "SYNTHETIC"},
        "ent_yes": {"zh": "是", "en": "yes"},
        "ent_county_title": {
            "zh": "各县区数字经济测算",
            "en": "Measured digital economy by county and zone",
        },
        "ent_county_caption": {
            "zh": "由企业名录按五大类测算（增加值，亿元；占地区生产总值比重，%）。各县区、园区分别统计，"
            "全市合计中每家企业只计一次；缺少地区生产总值的县区不计算比重。",
            "en": "Measured from the register by the five categories (value added, 100 million yuan; share of GDP, %). "
            "Counties and zones are reported side by side; the city total counts each enterprise "
            "once; no share where the region's GDP is missing.",
        },
        "ent_c_core_yi": {
            "zh": "核心产业增加值（亿元）",
            "en": "Core value added (100 million yuan)",
        },
        "ent_c_total_yi": {
            "zh": "数字经济增加值（亿元）",
            "en": "Digital-economy value added (100 million yuan)",
        },
        "ent_c_core_share": {"zh": "核心产业占比（%）", "en": "Core share of GDP (%)"},
        "ent_c_total_share": {"zh": "数字经济占比（%）", "en": "Digital-economy share of GDP (%)"},
        "ent_no": {"zh": "否", "en": "no"},
    }
)
