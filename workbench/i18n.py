"""Interface labels in Chinese (default) and English.

Indicator names, units and formulas come from the reference tables; this module only
holds the words of the interface. ``t(key, lang)`` falls back to the key itself, so a
missing label is visible rather than fatal.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

LABELS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "数字经济工作台 · 池州", "en": "Digital-economy workbench · Chizhou"},
    "language": {"zh": "语言 / Language", "en": "Language / 语言"},
    "page_overview": {"zh": "总览", "en": "Overview"},
    "overview_title": {
        "zh": "“数字池州”主要指标总览",
        "en": "Digital Chizhou: plan indicators at a glance",
    },
    "overview_caption": {
        "zh": "来源：《“数字池州”建设规划》（池数组〔2021〕1号）主要预期指标表及附件2指标说明。",
        "en": "Source: Digital Chizhou plan (池数组〔2021〕1号), table of main indicators and Annex 2.",
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


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    """The label ``key`` in ``lang`` (``zh`` or ``en``), formatted with ``fmt``."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get(DEFAULT_LANG) or key
    return text.format(**fmt) if fmt else text
