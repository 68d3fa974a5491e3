"""The evaluation report as a Word document (python-docx)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from workbench.i18n import t
from workbench.report.content import Report, visible
from workbench.report.render import chart_png
from workbench.targets import Status

FONT_ZH = "SimSun"  # 宋体; Word substitutes a CJK font where it is missing
FONT_LATIN = "Calibri"


def _fonts(doc: Document) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        style = doc.styles[name]
        style.font.name = FONT_LATIN
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT_ZH)
    doc.styles["Normal"].font.size = Pt(10.5)


def _landscape(doc: Document) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.8))


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _table(
    doc: Document, df: pd.DataFrame, size: float = 8.0, colour_by: str | None = None
) -> None:
    """``df``'s visible columns as a table; with ``colour_by`` (a column name) the cells of that
    column are drawn in their status colour (``df["_status"]``, from :class:`Status`)."""
    colours = [Status(v).hex.lstrip("#").upper() for v in df["_status"]] if colour_by else []
    df = visible(df)
    table = doc.add_table(rows=1, cols=len(df.columns))
    table.style = "Table Grid"
    for cell, col in zip(table.rows[0].cells, df.columns, strict=True):
        cell.text = str(col)
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(size)
    for k, row in enumerate(df.itertuples(index=False)):
        cells = table.add_row().cells
        for col, cell, value in zip(df.columns, cells, row, strict=True):
            cell.text = _text(value)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(size)
                if colours and col == colour_by:
                    run.font.color.rgb = RGBColor.from_string(colours[k])
                    run.bold = True


def to_docx(report: Report) -> bytes:
    """The report as .docx bytes."""
    lang = report.lang
    doc = Document()
    _fonts(doc)
    _landscape(doc)
    doc.add_heading(report.title, level=0)
    for line in report.lines:
        doc.add_paragraph(line)
    doc.add_heading(t("rep_summary", lang), level=1)
    for line in report.summary_text:
        doc.add_paragraph(line)
    _table(doc, report.summary, size=9)
    doc.add_heading(t("rep_indicators", lang), level=1)
    charts = {c.indicator_id: c for c in report.charts}
    for k, (name, table) in enumerate(report.groups, start=1):
        doc.add_heading(t("rep_group_heading", lang, k=k, name=name), level=2)
        _table(doc, table, colour_by=t("col_status", lang))
        for ind in table["_id"]:
            if ind in charts:
                c = charts[ind]
                doc.add_picture(io.BytesIO(chart_png(c.chart)), width=Cm(14))
                doc.add_paragraph(
                    t("rep_chart_caption", lang, name=c.name, unit=c.unit), style="Caption"
                )
    doc.add_heading(t("rep_tasks", lang), level=1)
    _table(doc, report.tasks, size=7.5)
    doc.add_heading(t("rep_units", lang), level=2)
    _table(doc, report.units)
    doc.add_heading(t("rep_projects", lang), level=1)
    _table(doc, report.projects, size=7.5)
    doc.add_heading(t("rep_methods", lang), level=1)
    doc.add_paragraph(report.methods)
    doc.add_heading(t("rep_sources", lang), level=2)
    _table(doc, report.sources)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(report: Report, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(to_docx(report))
    return path
