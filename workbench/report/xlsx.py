"""The evaluation report as an Excel workbook: the same tables, one sheet each."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from workbench.export import safe_frame
from workbench.i18n import t
from workbench.report.content import Report, visible
from workbench.targets import Status


def _sheets(report: Report) -> dict[str, pd.DataFrame]:
    lang = report.lang
    head = pd.DataFrame({report.title: [*report.lines, *report.summary_text]})
    ind = report.indicators.assign(**{t("rep_url", lang): report.indicators["_source_url"]})
    return {
        t("rep_sheet_summary", lang): (head, report.summary),
        t("rep_sheet_indicators", lang): (None, ind),
        t("rep_sheet_tasks", lang): (None, report.tasks),
        t("rep_sheet_units", lang): (None, report.units),
        t("rep_sheet_projects", lang): (None, report.projects),
        t("rep_sheet_sources", lang): (pd.DataFrame({t("rep_methods", lang): [report.methods]}),
                                       report.sources),
    }  # fmt: skip


def _colour_status(ws, df: pd.DataFrame, header: str, start: int) -> None:
    """Draw the status cells in their :class:`Status` colour (bold)."""
    from openpyxl.styles import Font

    k = list(visible(df).columns).index(header) + 1
    for i, key in enumerate(df["_status"], start=start + 2):
        ws.cell(row=i, column=k).font = Font(bold=True, color=Status(key).hex.lstrip("#").upper())


def to_xlsx(report: Report) -> bytes:
    """The report as .xlsx bytes; every text cell is spreadsheet-safe."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for name, (head, df) in _sheets(report).items():
            start = 0
            if head is not None:
                safe_frame(head).to_excel(xl, sheet_name=name[:31], index=False)
                start = len(head) + 2
            safe_frame(visible(df)).to_excel(xl, sheet_name=name[:31], index=False, startrow=start)
            ws = xl.sheets[name[:31]]
            if "_status" in df.columns:
                _colour_status(ws, df, t("col_status", report.lang), start)
            for col in ws.columns:
                width = max(len(str(c.value or "")) for c in col[:50])
                ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width * 1.6))
    return buf.getvalue()


def write_xlsx(report: Report, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(to_xlsx(report))
    return path
