"""``workbench classify``, ``workbench classify-diff`` and ``workbench synth ...``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from workbench.classify import (
    UNMATCHED,
    ClassificationResult,
    ClassificationTableError,
    ClassifyInputError,
    CoefficientError,
    aggregate,
    aggregate_file,
    default_table,
    diff_tables,
    load_coefficients,
    load_table,
)
from workbench.cli.lang import cli_lang, tr
from workbench.ingest.messages import Msg, of_exception, render


class Level(StrEnum):
    major = "major"
    mid = "mid"
    sub = "sub"


class Engine(StrEnum):
    pandas = "pandas"
    duckdb = "duckdb"


def _fail(message: str) -> None:
    """Print ``message`` (a :class:`Msg` shows in the user's language) as an error; exit 1."""
    text = render(message, cli_lang())
    typer.echo(tr(f"error: {text}", f"错误：{text}"), err=True)
    raise typer.Exit(1)


def input_error(path: Path | str, exc: BaseException) -> str:
    """A record-file error, prefixed with the file unless the message names it already."""
    msg = of_exception(exc)
    named = isinstance(msg, Msg) and ("file" in msg.params or "path" in msg.params)
    return (
        msg
        if named or str(msg).startswith(str(path))
        else Msg("reg_cls_in_file", file=str(path), message=msg)
    )


def result_frame(res: ClassificationResult, placeholder: bool) -> pd.DataFrame:
    """The CLI's output table: ``major_code`` "NA" outside the digital economy, a note column."""
    out = res.table.copy()
    notes = []
    for code in out["major_code"].astype(object):
        code = None if pd.isna(code) else code
        n = []
        if not res.table_verified:
            n.append("UNVERIFIED default classification table")
        if code == "05" and placeholder:
            n.append("05 uses PLACEHOLDER digitalisation coefficients")
        if code == UNMATCHED:
            n.append("codes not in GB/T 4754-2017: see the unmatched report")
        notes.append("; ".join(n))
    out["major_code"] = out["major_code"].astype(object).where(out["major_code"].notna(), "NA")
    out["table_verified"] = res.table_verified
    out["note"] = notes
    return out


def _write(df: pd.DataFrame, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".parquet":
        df.to_parquet(out, index=False)
    else:
        from workbench.export import write_csv  # formula-safe cells (OWASP)

        write_csv(df, out)


def _summary(res: ClassificationResult) -> None:
    for c, total in res.totals.items():
        sub = res.table[res.table["value_column"] == c]
        is_un = sub["major_code"].eq(UNMATCHED).fillna(False).astype(bool)
        digital = sub[sub["major_code"].notna().to_numpy() & ~is_un.to_numpy()]["value"].sum()
        un = sub[is_un.to_numpy()]["value"].sum()
        typer.echo(f"{c}: total {total:,.2f}; digital economy {digital:,.2f}; unmatched {un:,.2f}")
    if len(res.unmatched):
        typer.echo("unmatched codes (code, records, reason):")
        for r in res.unmatched.head(10).itertuples(index=False):
            typer.echo(f"  {r.raw_code!r:>10} {r.count:>8}  {r.reason}")
    for n in res.notes:
        typer.echo(f"note: {n}")


def register(app: typer.Typer) -> None:
    """Add the classification and synthetic-data commands to ``app``."""

    @app.command("classify")
    def classify_cmd(
        input: Annotated[Path, typer.Argument(help="records: CSV (UTF-8 or GBK), xlsx or Parquet")],
        code_column: Annotated[
            str, typer.Option("--code-column", help="GB/T 4754 industry code column")
        ],
        value_column: Annotated[
            list[str], typer.Option("--value-column", help="value column (repeatable)")
        ],
        out: Annotated[Path, typer.Option("--out", help="output CSV (or .parquet)")],
        year_column: Annotated[str | None, typer.Option("--year-column")] = None,
        region_column: Annotated[str | None, typer.Option("--region-column")] = None,
        level: Annotated[Level, typer.Option("--level")] = Level.major,
        table: Annotated[
            Path | None, typer.Option("--table", help="official classification table")
        ] = None,
        engine: Annotated[Engine, typer.Option("--engine")] = Engine.pandas,
        partial_coefficients: Annotated[Path | None, typer.Option("--partial-coefficients")] = None,
        digitalisation_coefficients: Annotated[
            Path | None, typer.Option("--digitalisation-coefficients")
        ] = None,
        unmatched_out: Annotated[
            Path | None, typer.Option("--unmatched-out", help="unmatched-code report CSV")
        ] = None,
    ) -> None:
        """Classify records into the NBS 2021 digital-economy categories; all rows of OUT sum
        to the input total (non-digital rows have major_code NA, bad codes UNMATCHED)."""
        try:
            t = load_table(table) if table else default_table()
        except ClassificationTableError as exc:
            _fail(str(exc))
        try:
            coef = load_coefficients(partial_coefficients, digitalisation_coefficients)
        except CoefficientError as exc:
            _fail(str(exc))
        try:
            res = aggregate_file(
                input,
                code_column,
                value_column,
                level=level.value,
                year_column=year_column,
                region_column=region_column,
                table=t,
                engine=engine.value,
                coefficients=coef,
            )
        except (ClassifyInputError, CoefficientError) as exc:
            _fail(input_error(input, exc))
        except (OSError, ValueError) as exc:
            _fail(f"{input}: {exc}")
        except Exception as exc:  # unreadable file etc.: a message, never a traceback
            _fail(f"{input}: could not be classified ({type(exc).__name__}: {exc})")
        _write(result_frame(res, coef.placeholder), out)
        if unmatched_out:
            _write(res.unmatched, unmatched_out)
        typer.echo(f"wrote {out} ({len(res.table)} rows, level {level.value})")
        _summary(res)

    @app.command("classify-diff")
    def classify_diff_cmd(
        official: Annotated[Path, typer.Argument(help="official table (shipped or NBS layout)")],
        out: Annotated[
            Path | None, typer.Option("--out", help="write the differences as CSV")
        ] = None,
    ) -> None:
        """Report how an official classification table differs from the shipped default."""
        try:
            t = load_table(official)
        except ClassificationTableError as exc:
            _fail(str(exc))
        d = diff_tables(t, default_table())
        if out:
            _write(d, out)
        if d.empty:
            typer.echo(f"{official}: identical to the default (unverified) table")
            return
        counts = d["kind"].value_counts()
        typer.echo(f"{official}: {len(d)} differences from the default table")
        for k, n in counts.items():
            typer.echo(f"  {k}: {n}")
        with pd.option_context("display.width", 200, "display.max_rows", 50):
            typer.echo(d.head(50).to_string(index=False))

    synth = typer.Typer(
        help="SYNTHETIC data (seeded, labelled): never real figures.", no_args_is_help=True
    )

    @synth.command("register")
    def synth_register(
        out: Annotated[Path, typer.Option("--out", help="CSV or .parquet")],
        seed: Annotated[int, typer.Option("--seed")] = 2021,
        enterprises: Annotated[int, typer.Option("--enterprises")] = 3000,
    ) -> None:
        """Write the SYNTHETIC enterprise register of the default plan's region (calibrated; see docs)."""
        from workbench.synthetic import generate_register

        df = generate_register(seed=seed, n_enterprises=enterprises)
        _write(df, out)
        typer.echo(f"wrote {out}: {len(df)} SYNTHETIC rows, seed {seed}")

    @synth.command("classified")
    def synth_classified(
        out: Annotated[
            Path, typer.Option("--out", help="classification by county, year, category")
        ],
        seed: Annotated[int, typer.Option("--seed")] = 2021,
        level: Annotated[Level, typer.Option("--level")] = Level.major,
        scale_out: Annotated[
            Path | None, typer.Option("--scale-out", help="scale and share of GDP by year")
        ] = None,
    ) -> None:
        """Generate the SYNTHETIC register and classify it by county, year and category (one
        command, reproducible for a seed)."""
        from workbench.measure import digital_economy_scale
        from workbench.synthetic import gdp_targets, generate_register

        df = generate_register(seed=seed)
        res = aggregate(
            df,
            "industry_code",
            ["revenue_wan", "value_added_wan", "employment"],
            level=level.value,
            year_column="year",
            region_column="region",
        )
        frame = result_frame(res, load_coefficients().placeholder)
        frame["synthetic"] = True
        _write(frame, out)
        typer.echo(f"wrote {out}: SYNTHETIC register (seed {seed}) by county, year, category")
        if scale_out:
            by_year = aggregate(df, "industry_code", ["value_added_wan"], year_column="year")
            g = gdp_targets(sorted(df["year"].unique()))
            gdp = pd.DataFrame({"year": g["year"], "gdp": g["gdp_yi"] * 10_000})
            s = digital_economy_scale(by_year, gdp)
            s["synthetic"] = True
            _write(s, scale_out)
            typer.echo(
                f"wrote {scale_out}: digital-economy scale (万元) and share of GDP, SYNTHETIC"
            )
        _summary(res)

    app.add_typer(synth, name="synth")
