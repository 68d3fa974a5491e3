"""An Excel template for the bureau's yearly delivery: fill the cells, then ``workbench ingest``.

Sheet ``数据`` is a wide table (地区, 指标, 单位, one column per year) listing the plan's
indicators for one region with their canonical units; empty cells mean "no figure".
Sheet ``说明`` explains the rules in Chinese and English. The template holds no numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from workbench import catalog, plans

INSTRUCTIONS = [
    "填写说明 / How to fill in",
    "1. 在“数据”表中按年份填写数值，单位以“单位”列为准（可改为万元、亿元等，系统自动换算）。",
    "   Fill values per year in sheet 数据; the unit column may be changed (e.g. 万元), values are converted.",
    "2. 没有数据的单元格留空或填“-”。 Leave a cell empty or write - when there is no figure.",
    "3. 可增加行：地区可填规划所列的县区和园区，指标可填指标名称或编号。",
    "   Rows may be added: counties/districts as regions, indicator names or ids from series_catalog.csv.",
    "4. 百分比指标填0–100之间的数值；增速类指标请使用对应的“增速”指标，不要与总量混填。",
    "   Shares are 0–100; growth rates go in their own *_growth indicators, never mixed with levels.",
    '5. 提交前可运行 workbench validate 文件名.xlsx 检查；入库: workbench ingest 文件名.xlsx --source "（本局名称）…"',
    '   Check with `workbench validate FILE`, then `workbench ingest FILE --source "<your bureau> …"`.',
]


def write_template(
    path: str | Path,
    region: str | None = None,
    first_year: int = 2016,
    last_year: int | None = None,
    indicators: list[str] | None = None,
    plan: str | None = None,
) -> Path:
    """Write the template to ``path`` (.xlsx): one row per indicator (default: the plan's
    indicators in plan order), one empty column per year ``first_year``…``last_year``
    (default: last calendar year). ``plan``: the plan (default plan); ``region``: default the
    plan's region."""

    p = plans.load_plan(plan)
    region = region or p.region
    region_id = catalog.resolve_region(region)
    if region_id is None:
        raise ValueError(f"unknown region {region!r}")
    last_year = last_year or dt.date.today().year - 1
    if not 1949 <= first_year <= last_year:
        raise ValueError(f"bad year range {first_year}–{last_year}")
    ids = indicators or [x.id for x in p.indicators]
    region_name = catalog.regions().set_index("region_id").loc[region_id, "name_zh"]

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    header = ["地区", "指标", "单位"] + [f"{y}年" for y in range(first_year, last_year + 1)]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for ind in ids:
        s = catalog.series(ind)
        ws.append([region_name, s["name_zh"], s["unit"]])
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = "D2"
    units = catalog.units()["unit"].tolist()
    dv = DataValidation(type="list", formula1='"' + ",".join(units) + '"', allow_blank=False)
    ws.add_data_validation(dv)
    dv.add(f"C2:C{len(ids) + 200}")

    notes = wb.create_sheet("说明")
    for line in INSTRUCTIONS:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    path = Path(path)
    wb.save(path)
    return path
