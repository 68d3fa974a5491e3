"""The plan's evaluation report (mid-term or final) as Word and Excel.

``write_report(path, plan_id, year, lang)`` builds :class:`content.Report` once and renders
it by the file's suffix. See ``docs/monitoring.md``.
"""

from __future__ import annotations

from pathlib import Path

from workbench.report.content import Report, build


def write_report(
    path: str | Path,
    plan_id: str = "chizhou-digital",
    year: int = 2025,
    lang: str = "zh",
    run=None,
    obs=None,
) -> Path:
    """Write the report to ``path`` (``.docx`` or ``.xlsx``); ``ValueError`` for another suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise ValueError(f"{path}: the report is written as .docx or .xlsx")
    report = build(plan_id, year, lang, run=run, obs=obs, with_charts=suffix == ".docx")
    if suffix == ".docx":
        from workbench.report.docx import write_docx

        return write_docx(report, path)
    from workbench.report.xlsx import write_xlsx

    return write_xlsx(report, path)


__all__ = ["Report", "build", "write_report"]
