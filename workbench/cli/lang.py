"""The command line in the user's language.

Chinese when ``WORKBENCH_LANG=zh`` or, without it, when the locale says so (``LC_ALL``,
``LC_MESSAGES`` or ``LANG`` starting with ``zh``); English otherwise.

* ``--help``: :func:`localised` puts the Chinese help of :data:`HELP_ZH` (keyed by command
  path, and ``"<path> <option>"`` for options) on the click command tree, with the
  panel titles and click's own words; commands missing from the table keep their English.
* messages: areas write ``typer.echo(tr("error: no such plan", "错误：没有该规划"))``.
"""

from __future__ import annotations

import os

LANG_ENV = "WORKBENCH_LANG"


def cli_lang() -> str:
    """``zh`` or ``en``: ``$WORKBENCH_LANG``, else the locale, else English."""
    explicit = os.environ.get(LANG_ENV, "").strip().lower()
    if explicit in ("zh", "en"):
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def tr(en: str, zh: str) -> str:
    """The message in the user's language (both versions written by the caller)."""
    return zh if cli_lang() == "zh" else en


_PLAN = "规划编号（默认：workbench.toml 中的 default_plan）。"
_REGION = "地区编号或名称（中文或英文）"
_INDICATOR = "指标编号或名称"
_AS_OF = "按该日期已知的数值（YYYY-MM-DD）"
_GRADE = (
    "没有 grade 列时对各行来源等级的声明：primary（默认：本局自己的数字）、"
    "official-repost（政府网站转载发布单位的数字）或 secondary。"
)
_JUMP = "同比变化超过该比例即提示不合理（警告），如 0.6 表示 ±60%。"

HELP_ZH: dict[str, str] = {
    "": "数字经济工作台：导入、分类、预测和刷新。",
    "indicators": "列出规划的指标：分组、单位、基数和各目标年份的目标。",
    "indicators --plan": _PLAN,
    "indicators --lang": "zh 或 en",
    "validate": "检查文件并输出报告；可接受（允许警告）时退出码为 0，否则为 1。",
    "validate file": "要检查的 CSV 或 .xlsx 文件",
    "validate --max-jump": _JUMP,
    "ingest": "校验文件、按原样存档，并将其观测值作为新版本加入数据库。",
    "ingest file": "要导入的 CSV 或 .xlsx 文件",
    "ingest --source": "发布单位，如“XX市统计局 2024年报”",
    "ingest --max-jump": _JUMP,
    "validate --decimal": "文件使用的小数点：'.'（默认）或 ','（此时 1.234,5 表示 1234.5）。"
    "不指定时，数字中的逗号只接受千位分隔（1,234.5）。",
    "validate --grade": _GRADE,
    "ingest --grade": _GRADE,
    "ingest --priority": "同一等级来源之间的顺序，用于没有 priority 列的行（数值小者优先；默认 50）。",
    "ingest --decimal": "文件使用的小数点：'.'（默认）或 ','（此时 1.234,5 表示 1234.5）。"
    "不指定时，数字中的逗号只接受千位分隔（1,234.5）。",
    "export": "导出规划在数据库中的当前数值及其来源和等级（防公式注入）。",
    "export --out": "输出文件（.csv 或 .xlsx）",
    "export --plan": "规划编号（默认：默认规划）",
    "export --format": "csv 或 xlsx",
    "report": "根据最新运行结果和工作进展生成规划评估报告（Word 或 Excel）。",
    "measure": "不导入而直接测算企业名录：每个地区 × 年份 × 类别一行（01…05、核心、合计、"
    "非数字经济、未匹配），给出数值及占GDP比重（%）。",
    "progress": "规划重点任务和重点项目的进展：模板、导入、查看。",
    "progress template": "生成进展填报表：每项重点任务和项目一行，供填写。",
    "progress ingest": "检查进展填报表并记录（只追加）；有错误时列出全部并以退出码 1 结束。",
    "progress show": "显示每项任务的最新进展（或全部历史）。",
    "register": "企业数据库：导入、列出和删除企业名录。",
    "register ingest": "校验并存档企业名录，按企业保存，并把测算出的序列写入观测数据库（推算值）。"
    "同一文件再次导入不会改变任何内容。",
    "register list": "列出企业数据库中的名录版本。",
    "register remove": "删除一个名录版本及其存档文件和测算（推算）序列。",
    "register synth": "生成2019–2025年多年度合成企业名录（workbench.synthetic），可选择同时导入。",
    "register ingest file": "企业名录：CSV（UTF-8 或 GBK）或 xlsx",
    "register ingest --source": "报送单位",
    "register ingest --year": "文件没有年份列时名录的年份",
    "register ingest --synthetic": "该名录为合成数据",
    "register remove vintage": "名录版本，如 r3 或 3",
    "register synth --out": "要写入的名录 CSV（中文表头）",
    "register synth --seed": "随机种子",
    "register synth --enterprises": "企业数",
    "register synth --ingest": "同时导入（作为合成数据）",
    "measure register": "企业名录：CSV（UTF-8 或 GBK）、xlsx 或 Parquet",
    "measure --code-column": "国民经济行业代码所在列",
    "measure --value-column": "增加值所在列",
    "measure --gdp": "GDP 文件（CSV，列为 region、year、gdp，单位与数值列相同）",
    "measure --out": "输出 CSV",
    "measure --region-column": "地区所在列",
    "measure --year-column": "年份所在列",
    "template": "生成统计局报送用的 Excel 模板（规划指标 × 年份，不含数字）。",
    "template out": ".xlsx 模板的保存位置",
    "template --region": "地区编号或名称（默认：规划所在地区）",
    "template --plan": _PLAN,
    "template --last-year": "默认：上一个日历年",
    "classify": "按国家统计局2021年数字经济分类对企业记录分类；输出各行之和等于输入总额"
    "（非数字经济行的大类为空，无效代码记为未匹配）。",
    "classify input": "企业记录：CSV（UTF-8 或 GBK）、xlsx 或 Parquet",
    "classify --code-column": "国民经济行业代码所在列",
    "classify --value-column": "数值列（可重复）",
    "classify --out": "输出 CSV（或 .parquet）",
    "classify --table": "官方对照表",
    "classify --unmatched-out": "未匹配代码报告（CSV）",
    "classify-diff": "列出官方对照表与内置默认表的差异。",
    "classify-diff official": "官方对照表（内置格式或国家统计局格式）",
    "classify-diff --out": "差异写入 CSV",
    "forecast": "预测 INPUT_CSV 中的每个序列，结果写入 --out。",
    "forecast input_csv": "长表 CSV，列为 series_id、year、value。",
    "forecast --out": "输出 CSV。",
    "forecast --horizon": "每个序列最后一年之后预测的年数。",
    "forecast --to-year": "改为把每个序列预测到该年。",
    "forecast --level": "区间水平（%，可重复；默认 80 和 95）。",
    "forecast --bounds": "所有序列的下限和上限，如比重用 0,100。",
    "forecast --donors": "供短序列借用增长的较长序列（CSV）。",
    "forecast --seed": "样本路径的随机种子。",
    "forecast --engine": "计算引擎：local（本机单进程）或 dask（把序列分给 Dask 工作进程）。",
    "forecast --scheduler": "运行中的 Dask 调度器地址（配合 --engine dask）；默认在本机启动集群。",
    "refresh": "重建数据库，预测每个指标序列并评估规划目标。\n\n"
    "原子操作：运行失败时，应用继续显示上一次成功的运行结果。",
    "refresh --plan": _PLAN,
    "refresh --all": "刷新所有规划资料包。",
    "refresh --to-year": "把每个序列预测到该年（默认：规划的展望年份）。",
    "refresh --paths": "每个序列的样本路径数。",
    "refresh --seed": "随机种子（同一种子的运行结果可复现）。",
    "refresh --rebuild": "即使数据库已是最新也重建。",
    "runs": "列出规划已完成的刷新运行（最新一次即应用所显示的）。",
    "runs --plan": _PLAN,
    "plan": "规划资料包：列出、检查资料包、显示规划的指标。",
    "plan list": "每个规划一行：编号、标题、地区、年份（基年 → 终期）、目标年份。",
    "plan check": "检查规划资料包：列出每个问题及其文件、行和列；有错误时退出码为 1。",
    "plan check pack_dir": "规划资料包目录，如 data/plans/chizhou-digital",
    "plan show": "以表格显示规划的指标和目标。",
    "plan show --plan": _PLAN,
    "plan show --lang": "zh 或 en",
    "store": "观测数据库：构建、查看数值、来源冲突和数据版本。",
    "store build": "由 data/sources 和存档构建数据库（原子操作）。",
    "store build --rebuild": "即使已是最新也重建",
    "store show": "按来源优先级显示各地区/指标/年份采用的数值；指定 --plan 时只显示该规划的地区和指标。",
    "store show --region": _REGION,
    "store show --indicator": _INDICATOR,
    "store show --as-of": _AS_OF,
    "store show --plan": _PLAN,
    "store conflicts": "来源不一致的数值：列出全部候选值，并标出采用的一项。",
    "store conflicts --region": _REGION,
    "store conflicts --indicator": _INDICATOR,
    "store conflicts --as-of": _AS_OF,
    "store vintages": "每个导入的文件：编号、校验值、来源、时间。",
    "synth": "合成数据（有随机种子并标注）：绝非真实数字。",
    "synth register": "生成默认规划所在地区的合成企业名录（已校准，见文档）。",
    "synth register --out": "CSV 或 .parquet",
    "synth classified": "生成合成企业名录并按县区、年份和类别分类（一条命令，同一种子可复现）。",
    "synth classified --out": "按县区、年份、类别的分类结果",
    "synth classified --scale-out": "历年规模及占GDP比重",
}
"""Chinese help by command path (``""`` is the top level; ``"<path> <option>"`` an option)."""

_WORDS_ZH = {
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ARGUMENTS_PANEL_TITLE": "参数",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "DEFAULT_STRING": "[默认：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "ENVVAR_STRING": "[环境变量：{}]",
}
HELP_OPTION_ZH = "显示本帮助并退出。"


def localised(command, lang: str | None = None):
    """``command`` (a click command tree, e.g. ``typer.main.get_command(app)``) with its
    help in ``lang`` (default :func:`cli_lang`); returns it."""
    if (lang or cli_lang()) != "zh":
        return command
    import typer.rich_utils as ru

    for name, text in _WORDS_ZH.items():
        if hasattr(ru, name):
            setattr(ru, name, text)
    _walk(command, "")
    return command


def _walk(cmd, path: str) -> None:
    if path in HELP_ZH:
        cmd.help = HELP_ZH[path]
        cmd.short_help = None
    for p in cmd.params:
        key = f"{path} {p.opts[0] if getattr(p, 'opts', None) else p.name}".strip()
        if key in HELP_ZH and hasattr(p, "help"):
            p.help = HELP_ZH[key]
    _help_option_zh(cmd)
    for name, sub in getattr(cmd, "commands", {}).items():
        _walk(sub, f"{path} {name}".strip())


def _help_option_zh(cmd) -> None:
    """click builds ``--help`` lazily; wrap that so its text is Chinese too."""
    original = cmd.get_help_option

    def get_help_option(ctx):
        opt = original(ctx)
        if opt is not None:
            opt.help = HELP_OPTION_ZH
        return opt

    cmd.get_help_option = get_help_option
