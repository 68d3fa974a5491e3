"""``workbench validate``, ``workbench ingest``, ``workbench template`` and ``workbench store build|show|conflicts|vintages``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from workbench.cli.lang import cli_lang, tr
from workbench.cli.plan import PlanOpt, resolve_plan
from workbench.ingest import DEFAULT_MAX_JUMP, IngestError, validate_file
from workbench.ingest.messages import of_exception, render

store_app = typer.Typer(
    help="The observation store (DuckDB): build, show values, conflicts, vintages.",
    no_args_is_help=True,
)

MaxJump = Annotated[
    float,
    typer.Option(
        "--max-jump",
        help="Year-on-year relative change flagged as implausible (warning), e.g. 0.6 = ±60%.",
    ),
]


def _fail(message: str) -> None:
    typer.echo(tr(f"error: {message}", f"错误：{message}"), err=True)
    raise typer.Exit(1)


def _print(df: pd.DataFrame, columns: list[str]) -> None:
    if df.empty:
        typer.echo("(no rows)")
        return
    with pd.option_context(
        "display.max_rows", None, "display.width", 200, "display.max_colwidth", 60
    ):
        typer.echo(df[columns].to_string(index=False))


Decimal = Annotated[
    str,
    typer.Option(
        "--decimal",
        help="Decimal separator the file uses: '.' (default) or ',' (then 1.234,5 means 1234.5). "
        "Without it, a comma in a number is refused unless it groups thousands (1,234.5).",
    ),
]
Grade = Annotated[
    str,
    typer.Option(
        "--grade",
        help="Your declaration for rows without a grade column: primary (default: the bureau's "
        "own figures), official-repost (a government page quoting the publisher) or secondary.",
    ),
]


def _history() -> dict:
    """Largest stored value per series, for the magnitude check (empty without a store)."""
    from workbench.store import Store

    try:
        return Store().history()
    except Exception:  # noqa: BLE001 - validation works without a store
        return {}


def validate(
    file: Annotated[Path, typer.Argument(help="CSV or .xlsx file to check")],
    max_jump: MaxJump = DEFAULT_MAX_JUMP,
    decimal: Decimal = ".",
    grade: Grade = "primary",
) -> None:
    """Check a file and print a report; exit 0 when acceptable (warnings allowed), 1 when not."""
    try:
        report = validate_file(
            file, max_jump=max_jump, decimal=decimal, grade=grade, history=_history()
        )
    except Exception as exc:  # noqa: BLE001 - never show a traceback for bad input
        _fail(
            tr(
                f"{file}: cannot validate: {type(exc).__name__}: {exc}",
                f"{file}：无法检查：{type(exc).__name__}: {render(of_exception(exc), 'zh')}",
            )
        )
    typer.echo(report.format(cli_lang()))
    if not report.ok:
        raise typer.Exit(1)


def ingest(
    file: Annotated[Path, typer.Argument(help="CSV or .xlsx file to ingest")],
    source: Annotated[
        str,
        typer.Option("--source", help="Who published these figures, e.g. 'XX市统计局 2024年报'"),
    ],
    max_jump: MaxJump = DEFAULT_MAX_JUMP,
    grade: Grade = "primary",
    priority: Annotated[
        int | None,
        typer.Option(
            "--priority",
            min=0,
            max=9999,
            help="Order among sources of the same grade for rows without a priority column "
            "(lower is shown first; default 10 for the bureau's own delivery, before the plan's "
            "own figures, else 50).",
        ),
    ] = None,
    decimal: Decimal = ".",
) -> None:
    """Validate, archive the file as delivered and add its observations as a new vintage.

    The source type recorded with the vintage follows the grade: ``bureau`` for primary
    (a statistician's own delivery), ``government`` for official-repost, ``other`` for
    secondary. Rows that carry their own grade/priority columns keep them.
    """
    from workbench.store import Store, StoreError

    try:
        res = Store().ingest(
            file, source=source, max_jump=max_jump, grade=grade, priority=priority,
            decimal=decimal,
        )  # fmt: skip
    except IngestError as exc:
        typer.echo("\n".join(i.format(cli_lang()) for i in exc.issues), err=True)
        n = len(exc.errors)
        _fail(
            tr(
                f"{file.name} refused: {n} error(s); the store is unchanged",
                f"{file.name} 被拒绝：{n} 个错误；数据库未改变",
            )
        )
    except StoreError as exc:
        _fail(str(exc))
    except Exception as exc:  # noqa: BLE001
        _fail(
            tr(
                f"{file}: ingest failed, the store is unchanged: {type(exc).__name__}: {exc}",
                f"{file}：导入失败，数据库未改变：{type(exc).__name__}: {exc}",
            )
        )
    for w in res.warnings:
        typer.echo(w.format(cli_lang()))
    v, n, sha = res.vintage_id, res.n_observations, res.sha256[:12]
    if res.status == "unchanged":
        typer.echo(tr(
            f"{file.name}: already ingested as vintage {v} (sha256 {sha}); nothing changed",
            f"{file.name}：已作为第 {v} 版导入过（sha256 {sha}）；未作任何改变",
        ))  # fmt: skip
    else:
        typer.echo(tr(
            f"{file.name}: added vintage {v} with {n} observation(s); archived as {res.archived}",
            f"{file.name}：已加入第 {v} 版，{n} 条观测值；原文件存档于 {res.archived}",
        ))  # fmt: skip


def template(
    out: Annotated[Path, typer.Argument(help="Where to write the .xlsx template")],
    region: Annotated[
        str | None, typer.Option("--region", help="Region id or name (default: the plan's region)")
    ] = None,
    plan: PlanOpt = None,
    first_year: Annotated[int, typer.Option("--first-year")] = 2016,
    last_year: Annotated[
        int | None, typer.Option("--last-year", help="Default: last calendar year")
    ] = None,
) -> None:
    """Write an Excel template (plan indicators × years, no numbers) for the bureau's delivery."""
    from workbench.ingest.template import write_template

    if out.suffix.lower() != ".xlsx":
        _fail(f"{out}: the template must be an .xlsx file")
    try:
        path = write_template(
            out, region=region, first_year=first_year, last_year=last_year,
            plan=resolve_plan(plan).id,
        )  # fmt: skip
    except (ValueError, OSError) as exc:
        _fail(str(exc))
    typer.echo(f"template written: {path} (fill sheet 数据, then `workbench validate {path.name}`)")


@store_app.command("build")
def store_build(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild even when up to date")
    ] = False,
) -> None:
    """Build the store from data/sources and the archive (atomic)."""
    from workbench.store import Store, build_store

    try:
        path = build_store(rebuild=rebuild)
        n = len(Store(path).vintages())
    except IngestError as exc:
        typer.echo("\n".join(str(i) for i in exc.errors), err=True)
        _fail("build failed: an input file no longer validates; the old store is unchanged")
    except Exception as exc:  # noqa: BLE001
        _fail(f"build failed, the old store is unchanged: {type(exc).__name__}: {exc}")
    typer.echo(f"store ready: {path} ({n} vintage(s))")


def _filters(region, indicator, as_of):
    from workbench.store import Store

    return Store(), {"region": region, "indicator": indicator, "as_of": as_of}


Region = Annotated[str | None, typer.Option("--region", help="Region id or name (zh or en)")]
Indicator = Annotated[str | None, typer.Option("--indicator", help="Indicator id or name")]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Values as known on this date (YYYY-MM-DD)")
]


@store_app.command("show")
def store_show(
    region: Region = None, indicator: Indicator = None, as_of: AsOf = None, plan: PlanOpt = None
) -> None:
    """The value shown per region/indicator/year (after source precedence); with ``--plan``,
    only the plan's regions and indicators."""
    store, f = _filters(region, indicator, as_of)
    try:
        df = store.observations(**f)
    except Exception as exc:  # noqa: BLE001
        _fail(f"{type(exc).__name__}: {exc}")
    if plan:
        p = resolve_plan(plan)
        df = df[df["region"].isin([p.region, *p.subregions])]
        df = df[df["indicator"].isin({x.id for x in p.indicators})]
    _print(
        df,
        [
            "region",
            "indicator",
            "year",
            "value",
            "unit",
            "n_candidates",
            "conflict",
            "vintage_id",
            "source",
        ],
    )


@store_app.command("conflicts")
def store_conflicts(region: Region = None, indicator: Indicator = None, as_of: AsOf = None) -> None:
    """Keys whose sources disagree: every candidate, the shown one marked."""
    store, f = _filters(region, indicator, as_of)
    try:
        df = store.conflicts(**f)
    except Exception as exc:  # noqa: BLE001
        _fail(f"{type(exc).__name__}: {exc}")
    _print(
        df,
        [
            "region",
            "indicator",
            "year",
            "value",
            "unit",
            "shown",
            "precedence",
            "precedence_label",
            "source",
        ],
    )


@store_app.command("vintages")
def store_vintages() -> None:
    """Every ingested file: id, hash, source, time."""
    from workbench.store import Store

    try:
        df = Store().vintages()
    except Exception as exc:  # noqa: BLE001
        _fail(f"{type(exc).__name__}: {exc}")
    df["sha256"] = df["sha256"].str[:12]
    _print(
        df,
        [
            "vintage_id",
            "origin",
            "ingested_at",
            "n_observations",
            "sha256",
            "original_filename",
            "source",
        ],
    )


def export(
    out: Annotated[Path, typer.Option("--out", help="File to write (.csv or .xlsx)")],
    plan: Annotated[
        str | None, typer.Option("--plan", help="Plan id (default: the default plan)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or xlsx")] = "csv",
) -> None:
    """Write the store's current values of a plan with their sources and grades (formula-safe)."""
    from workbench import export as ex

    if fmt not in ("csv", "xlsx"):
        _fail(f"--format must be csv or xlsx, not {fmt!r}")
    try:
        df = ex.plan_export(plan)
        if fmt == "csv":
            ex.write_csv(df, out)
        else:
            ex.write_xlsx({"observations": df}, out)
    except Exception as exc:  # noqa: BLE001 - a located message, never a traceback
        _fail(f"export failed: {type(exc).__name__}: {exc}")
    typer.echo(f"{out}: {len(df)} value(s) of plan {plan or 'default'} written ({fmt})")


def register(app: typer.Typer) -> None:
    """Add the data-path commands to the ``workbench`` CLI."""
    app.command("validate")(validate)
    app.command("ingest")(ingest)
    app.command("export")(export)
    app.command("template")(template)
    app.add_typer(store_app, name="store")
