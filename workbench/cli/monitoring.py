"""``workbench progress template|ingest|show`` and ``workbench report``: plan monitoring."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workbench.i18n import t

Lang = Annotated[str, typer.Option("--lang", help="zh (default) or en")]
Plan = Annotated[str | None, typer.Option("--plan", help="Plan id (default: the default plan)")]


def _check_plan(plan: str | None, lang: str) -> str:
    """The plan id to use (the default plan when ``None``); exit 1 for an unknown plan."""
    from workbench.plans import default_plan_id
    from workbench.progress.planpack import plan_info

    plan = plan or default_plan_id()
    try:
        plan_info(plan)
    except KeyError:
        typer.echo(t("cli_unknown_plan", lang, plan=plan), err=True)
        raise typer.Exit(1) from None
    return plan


def template_cmd(
    out: Annotated[Path, typer.Argument(help="File to write: .xlsx or .csv")],
    plan: Plan = None,
    lang: Lang = "zh",
) -> None:
    """Write the progress sheet: one row per key task and project, to fill in."""
    from workbench.progress import template_frame, write_template

    plan = _check_plan(plan, lang)
    write_template(out, plan, lang)
    typer.echo(t("cli_template_written", lang, path=out, n=len(template_frame(plan, lang))))


def ingest_cmd(
    file: Annotated[Path, typer.Argument(help="Filled-in progress sheet (.xlsx or .csv)")],
    plan: Plan = None,
    lang: Lang = "zh",
) -> None:
    """Check a progress sheet and record it (append-only); exit 1 with every error."""
    from workbench.ingest import IngestError
    from workbench.progress import ingest_sheet
    from workbench.progress.sheet import format_issue

    plan = _check_plan(plan, lang)
    try:
        res = ingest_sheet(file, plan, lang=lang)
    except IngestError as exc:
        typer.echo(t("cli_refused", lang, n=len(exc.errors)), err=True)
        for issue in exc.errors:
            typer.echo(format_issue(issue, lang), err=True)
        raise typer.Exit(1) from None
    key = "cli_ingested" if res.created else "cli_already"
    typer.echo(t(key, lang, n=res.n_records, sha=res.sha256[:12]))


def show_cmd(
    plan: Plan = None,
    lang: Lang = "zh",
    history: Annotated[
        bool, typer.Option("--history", help="Every record, not the latest")
    ] = False,
) -> None:
    """Print each task's latest progress (or the whole history)."""
    import pandas as pd

    from workbench.progress import history as hist
    from workbench.progress import planpack, summary
    from workbench.progress.vocab import state_label

    plan = _check_plan(plan, lang)
    if history:
        df = hist(plan)
        kind = {"task": t("kind_task", lang), "project": t("kind_project", lang)}
        df = df.assign(
            kind=df["kind"].map(kind),
            item_id=df["item_id"].map(
                lambda i: planpack.project_code(i) if i.startswith("p") else i
            ),
            status=df["status"].map(lambda s: state_label(s, lang)),
        )
        cols = {"kind": "col_kind", "item_id": "col_project_no", "period": "col_period",
                "status": "col_progress", "percent": "col_percent",
                "reported_by": "col_reported_by", "reported_on": "col_reported_on"}  # fmt: skip
    else:
        df = summary.task_status(plan, lang)
        df = df.assign(status=df["status"].map(lambda s: state_label(s, lang)))
        cols = {"task_no": "col_task_no", "lead_unit": "col_lead_unit", "status": "col_progress",
                "percent": "col_percent", "period": "col_period",
                "reported_on": "col_reported_on"}  # fmt: skip
    if df.empty:
        typer.echo(t("mon_no_history", lang))
        return
    shown = df[list(cols)].rename(columns={c: t(k, lang) for c, k in cols.items()})
    with pd.option_context("display.max_rows", None, "display.width", 200):
        typer.echo(shown.astype(object).fillna("—").to_string(index=False))


def report_cmd(
    year: Annotated[
        int, typer.Option("--year", help="Evaluation year: 2022/2023 mid-term, 2025 final")
    ],
    out: Annotated[Path, typer.Option("--out", help="FILE.docx or FILE.xlsx")],
    plan: Plan = None,
    lang: Lang = "zh",
) -> None:
    """Write the plan's evaluation report (Word or Excel) from the latest run and progress."""
    from workbench.report import write_report

    plan = _check_plan(plan, lang)
    if out.suffix.lower() not in (".docx", ".xlsx"):
        typer.echo(t("cli_report_format", lang, path=out), err=True)
        raise typer.Exit(1)
    write_report(out, plan_id=plan, year=year, lang=lang)
    typer.echo(t("cli_report_written", lang, path=out))


def register(app: typer.Typer) -> None:
    progress_app = typer.Typer(
        help="Progress of the plan's key tasks and projects: template, ingest, show.",
        no_args_is_help=True,
    )
    progress_app.command("template")(template_cmd)
    progress_app.command("ingest")(ingest_cmd)
    progress_app.command("show")(show_cmd)
    app.add_typer(progress_app, name="progress")
    app.command("report")(report_cmd)
