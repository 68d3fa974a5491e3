"""The progress sheet: its template and reading a filled-in one, with located errors.

One row per update: which task or project (类别 + 编号), the reporting period, the state,
percent complete, a note, an evidence link, who reported and when. Rows without a state
are skipped (the template lists every task and project; only changed rows are filled).
Cells are read with :func:`workbench.ingest.readers.read_tables`, so CSV (UTF-8/GBK) and
.xlsx behave as in the observation path.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.export import safe_frame
from workbench.i18n import t
from workbench.ingest.columns import cell_text
from workbench.ingest.errors import Issue
from workbench.ingest.numbers import parse_number
from workbench.ingest.readers import ReadError, read_tables
from workbench.ingest.validate import parse_date
from workbench.progress import planpack
from workbench.progress.vocab import STATES, parse_state, state_label

FIELDS: dict[str, tuple[str, str]] = {
    "kind": ("类别", "Kind"),
    "number": ("编号", "Number"),
    "name": ("名称", "Name"),
    "units": ("责任单位", "Responsible units"),
    "period": ("报告期", "Period"),
    "status": ("进展状态", "Status"),
    "percent": ("完成百分比", "Percent complete"),
    "note": ("进展说明", "Note"),
    "evidence_url": ("佐证链接", "Evidence link"),
    "reported_by": ("填报人", "Reported by"),
    "reported_on": ("填报日期", "Reported on"),
}
"""Sheet field → (Chinese header, English header). ``name`` and ``units`` are for reading only."""

KINDS = {"重点任务": "task", "任务": "task", "task": "task", "重点项目": "project",
         "项目": "project", "project": "project"}  # fmt: skip
KIND_LABEL = {"task": ("重点任务", "Task"), "project": ("重点项目", "Project")}
REQUIRED = ("kind", "number", "period", "status", "reported_by", "reported_on")
PERIOD_RE = re.compile(r"^(20\d\d)(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$")
RECORD_COLUMNS = [
    "kind", "item_id", "period", "status", "percent", "note", "evidence_url",
    "reported_by", "reported_on", "source_row",
]  # fmt: skip


@dataclass
class SheetResult:
    """Records read from a sheet (``records``, tidy) and every issue found."""

    records: pd.DataFrame
    issues: list[Issue]
    sheet: str | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


def _header_map() -> dict[str, str]:
    out = {}
    for f, (zh, en) in FIELDS.items():
        out[zh] = f
        out[en.casefold()] = f
        out[f] = f
    return out


def template_frame(plan_id: str = planpack.DEFAULT_PLAN, lang: str = "zh") -> pd.DataFrame:
    """Every task and project as an empty update row, headers in ``lang``."""
    k = 0 if lang == "zh" else 1
    rows = []
    for r in planpack.tasks(plan_id).itertuples():
        text = r.text_zh if lang == "zh" else r.text_en
        units = r.units_zh if lang == "zh" else r.units_en
        rows.append((KIND_LABEL["task"][k], str(r.task_no), text, "、".join(units)))
    for r in planpack.projects(plan_id).itertuples():
        name = r.name_zh if lang == "zh" else r.name_en
        rows.append((KIND_LABEL["project"][k], planpack.project_code(r.project_id), name, ""))
    df = pd.DataFrame(rows, columns=["kind", "number", "name", "units"])
    for f in FIELDS:
        if f not in df:
            df[f] = ""
    df = df[list(FIELDS)]
    return safe_frame(df.rename(columns={f: FIELDS[f][k] for f in FIELDS}))


def write_template(
    path: str | Path, plan_id: str = planpack.DEFAULT_PLAN, lang: str = "zh"
) -> Path:
    """Write the template as .xlsx (with a drop-down for the state) or .csv (UTF-8 BOM)."""
    path = Path(path)
    df = template_frame(plan_id, lang)
    if path.suffix.lower() == ".csv":
        df.to_csv(path, index=False, encoding="utf-8-sig")
        return path
    from openpyxl.worksheet.datavalidation import DataValidation

    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        df.to_excel(xl, sheet_name="进展填报" if lang == "zh" else "Progress", index=False)
        ws = xl.sheets["进展填报" if lang == "zh" else "Progress"]
        words = ",".join(state_label(s, lang) for s in STATES)
        dv = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
        col = list(FIELDS).index("status") + 1
        letter = ws.cell(row=1, column=col).column_letter
        dv.add(f"{letter}2:{letter}{len(df) + 1}")
        ws.add_data_validation(dv)
        for i, width in enumerate((10, 8, 60, 30, 10, 10, 10, 30, 30, 12, 12), start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    return path


def _item_ids(plan_id: str) -> dict[str, dict[str, str]]:
    tasks = {str(n): str(n) for n in planpack.tasks(plan_id)["task_no"]}
    projects = {planpack.project_code(p): p for p in planpack.projects(plan_id)["project_id"]}
    return {"task": tasks, "project": projects}


def read_sheet(
    path: str | Path,
    plan_id: str = planpack.DEFAULT_PLAN,
    today: dt.date | None = None,
    lang: str = "zh",
) -> SheetResult:
    """Read and validate a filled-in progress sheet (messages in ``lang``); writes nothing."""
    path = Path(path)
    try:
        tables = read_tables(path)
    except ReadError as exc:
        return SheetResult(pd.DataFrame(columns=RECORD_COLUMNS), [exc.issue])
    hmap = _header_map()
    for table in tables:
        for rownum, cells in table.rows[:10]:
            fields = [hmap.get(cell_text(c).casefold(), hmap.get(cell_text(c))) for c in cells]
            if {"kind", "number", "status"} <= set(fields):
                body = [r for r in table.rows if r[0] > rownum]
                today = today or dt.date.today()
                return _parse(path.name, table, fields, body, plan_id, today, lang)
    msg = t("perr_no_header", lang)
    return SheetResult(pd.DataFrame(columns=RECORD_COLUMNS), [Issue(path.name, msg)])


def _col_label(table, fields: list[str | None], field: str, headers: dict[str, str]) -> str:
    idx = fields.index(field)
    if table.excel:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(idx + 1)} ({headers[field]})"
    return headers[field]


def _parse(file, table, fields, body, plan_id, today, lang) -> SheetResult:
    k = 0 if lang == "zh" else 1
    headers = {f: FIELDS[f][k] for f in FIELDS}
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        names = "、".join(FIELDS[f][k] for f in missing)
        return SheetResult(
            pd.DataFrame(columns=RECORD_COLUMNS),
            [Issue(file, t("perr_missing_columns", lang, v=names), sheet=table.sheet)],
        )
    ids = _item_ids(plan_id)
    issues: list[Issue] = []
    out: list[dict] = []
    seen: dict[tuple, int] = {}
    for rownum, cells in body:
        raw = {f: cells[i] if i < len(cells) else None for i, f in enumerate(fields) if f}
        text = {f: cell_text(v) for f, v in raw.items()}
        entered = [
            f for f in ("status", "percent", "note", "evidence_url", "period") if text.get(f)
        ]
        if not entered:
            continue  # an untouched template row

        def bad(field: str, message: str, _row: int = rownum) -> None:
            col = _col_label(table, fields, field, headers) if field in fields else None
            issues.append(Issue(file, message, row=_row, column=col, sheet=table.sheet))

        rec = _parse_row(raw, text, ids, today, bad, lang)
        if rec is None:
            continue
        key = (rec["kind"], rec["item_id"], rec["period"])
        if key in seen:
            bad("number", t("perr_duplicate", lang, v=seen[key]))
            continue
        seen[key] = rownum
        rec["source_row"] = rownum
        out.append(rec)
    return SheetResult(pd.DataFrame(out, columns=RECORD_COLUMNS), issues, table.sheet)


def _parse_row(raw: dict, text: dict, ids: dict, today: dt.date, bad, lang: str) -> dict | None:
    """One row as a record, or ``None`` after reporting its problems through ``bad``."""
    errors: list[str] = []

    def err(field: str, key: str, v: object = "", **fmt: object) -> None:
        errors.append(field)
        bad(field, t(key, lang, v=v, **fmt))

    kind, item = _item(text, ids, err)
    period = text.get("period", "")
    if not PERIOD_RE.match(period):
        err("period", "perr_period", period)
    status = parse_state(text.get("status"))
    if status is None:
        err("status", "perr_status", text.get("status", ""))
    percent = _percent(raw, text, status, err)
    url = text.get("evidence_url", "")
    if url and not re.match(r"^https?://\S+$", url):
        err("evidence_url", "perr_url", url)
    if not text.get("reported_by"):
        err("reported_by", "perr_reporter")
    on = _reported_on(raw, text, today, err)
    if errors:
        return None
    return {
        "kind": kind,
        "item_id": item,
        "period": period,
        "status": status,
        "percent": percent,
        "note": text.get("note", ""),
        "evidence_url": url,
        "reported_by": text.get("reported_by", ""),
        "reported_on": on,
    }


def _item(text: dict, ids: dict, err) -> tuple[str | None, str | None]:
    """(kind, item id) of a row: ``task``/``project`` and the task number or project id."""
    kind = KINDS.get(text.get("kind", "").casefold())
    if kind is None:
        err("kind", "perr_kind", text.get("kind", ""))
        return None, None
    number = text.get("number", "")
    item = ids[kind].get(number)
    if item is None:
        key = "perr_task_no" if kind == "task" else "perr_project_no"
        err("number", key, number, n=len(ids["task"]))
    return kind, item


def _percent(raw: dict, text: dict, status: str | None, err) -> float | None:
    """Percent complete (0–100) or ``None``; consistent with the status."""
    if not text.get("percent"):
        return None
    try:
        percent, _ = parse_number(raw["percent"])
    except ValueError:
        err("percent", "perr_percent", text["percent"])
        return None
    if percent is None:
        return None
    if not 0 <= percent <= 100:
        err("percent", "perr_percent_range", f"{percent:g}")
    elif status == "completed" and percent != 100:
        err("percent", "perr_completed", f"{percent:g}")
    elif status == "not_started" and percent != 0:
        err("percent", "perr_not_started", f"{percent:g}")
    return percent


def _reported_on(raw: dict, text: dict, today: dt.date, err) -> dt.date | None:
    """The reporting date: required, a real date, not in the future."""
    try:
        on = parse_date(raw.get("reported_on"))
    except ValueError:
        err("reported_on", "perr_date", text.get("reported_on", ""))
        return None
    if on is None:
        err("reported_on", "perr_date_missing")
    elif on > today:
        err("reported_on", "perr_date_future", on)
    return on


def format_issue(issue: Issue, lang: str = "zh") -> str:
    """``file, sheet, row, column: message`` in ``lang`` (for the page and the CLI)."""
    parts = [issue.file]
    if issue.sheet is not None:
        parts.append(t("mon_where_sheet", lang, sheet=issue.sheet))
    if issue.row is not None:
        parts.append(t("mon_where_row", lang, row=issue.row))
    if issue.column is not None:
        parts.append(t("mon_where_column", lang, column=issue.column))
    sep = "，" if lang == "zh" else ", "
    return t("mon_issue", lang, where=sep.join(parts), message=issue.message)
