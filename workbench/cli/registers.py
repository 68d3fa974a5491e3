"""``workbench register ingest|list|remove`` (the enterprise database) and
``workbench measure`` (one-shot measurement of a register file, nothing stored)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

register_app = typer.Typer(
    help="The enterprise database: ingest, list and remove registers.", no_args_is_help=True
)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def read_gdp(path: Path, region: bool, year: bool) -> pd.DataFrame:
    """GDP.csv: ``region, year, gdp`` (only the columns the measurement groups by are
    required); ``ValueError`` naming the file, row and column of a bad cell."""
    from workbench.classify import read_records
    from workbench.ingest.validate import parse_number, parse_year

    df = read_records(path)
    need = ["gdp", *(["region"] if region else []), *(["year"] if year else [])]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {missing}; it has {list(df.columns)}")
    out = pd.DataFrame(index=df.index)
    for i, r in df.iterrows():
        row = int(i) + 2
        try:
            v, _ = parse_number(r["gdp"])
        except ValueError as exc:
            raise ValueError(f"{path.name}: row {row}, column 'gdp': {exc}") from None
        if v is None or v <= 0:
            raise ValueError(f"{path.name}: row {row}, column 'gdp': GDP must be a positive number")
        out.loc[i, "gdp"] = v
        if year:
            try:
                out.loc[i, "year"] = parse_year(r["year"])
            except ValueError as exc:
                raise ValueError(f"{path.name}: row {row}, column 'year': {exc}") from None
    if region:
        out["region"] = df["region"].astype("string").str.strip()
    keys = [c for c in ("region", "year") if c in out]
    if keys and out.duplicated(keys).any():
        first = int(out.index[out.duplicated(keys)][0]) + 2
        raise ValueError(
            f"{path.name}: row {first}: a second GDP for the same {' and '.join(keys)}"
        )
    return out


def _echo_ingest(res, pub) -> None:
    tag = " SYNTHETIC" if res.synthetic else ""
    typer.echo(
        f"register vintage r{res.vintage_id}{tag}: {res.status}, {res.n_records} records, "
        f"years {', '.join(map(str, res.years))}"
    )
    for w in res.warnings[:20]:
        typer.echo(str(w))
    if pub is not None:
        r = pub.result
        typer.echo(
            f"measured series: observation vintage {r.vintage_id} ({r.status}, {r.n_observations} values)"
        )
        fr = pub.frame[pub.frame["indicator"].str.startswith("digital_economy_share_gdp")]
        from workbench import plans

        home = plans.load_plan().region
        shares = fr.sort_values(
            ["region", "year"], key=lambda c: c.ne(home) if c.name == "region" else c
        )
        top = shares[shares["region"] == shares["region"].iloc[0]] if len(shares) else shares
        for s in top.itertuples(index=False):
            typer.echo(
                f"  {s.region} {s.year}: {tag.strip() or 'measured'} digital-economy share {s.value:.2f}%"
            )
        if len(shares) > len(top):
            typer.echo(f"  … and {len(shares) - len(top)} more region-years (workbench data show)")
        for n in pub.measurement.notes:
            typer.echo(f"note: {n}")


@register_app.command("ingest")
def ingest_cmd(
    file: Annotated[Path, typer.Argument(help="register: CSV (UTF-8/GBK) or xlsx")],
    source: Annotated[str, typer.Option("--source", help="who delivered it")] = "",
    year: Annotated[
        int | None, typer.Option("--year", help="year when the file has no year column")
    ] = None,
    synthetic: Annotated[
        bool, typer.Option("--synthetic", help="the register is SYNTHETIC")
    ] = False,
) -> None:
    """Validate and archive a register, keep it at enterprise level and write its measured
    series to the observation store (derived). The same file again changes nothing."""
    from workbench.ingest import IngestError
    from workbench.registers.derived import ingest_register

    try:
        res, pub = ingest_register(
            file, year=year, source=source or f"file {file.name}", synthetic=synthetic
        )
    except IngestError as exc:
        for i in exc.issues:
            typer.echo(str(i), err=True)
        _fail(f"{file.name}: refused ({len(exc.errors)} error(s)); nothing was changed")
    _echo_ingest(res, pub)


@register_app.command("list")
def list_cmd() -> None:
    """List the register vintages in the enterprise database."""
    from workbench.registers.db import RegisterDB

    v = RegisterDB().vintages()
    if v.empty:
        typer.echo("no registers yet: run `workbench register ingest FILE`")
        return
    v = v.assign(vintage=["r" + str(i) for i in v["vintage_id"]], sha256=v["sha256"].str[:12])
    cols = [
        "vintage",
        "original_filename",
        "years",
        "n_records",
        "synthetic",
        "source",
        "ingested_at",
        "sha256",
    ]
    typer.echo(v[cols].to_string(index=False))


@register_app.command("remove")
def remove_cmd(
    vintage: Annotated[str, typer.Argument(help="register vintage, e.g. r3 or 3")],
) -> None:
    """Remove a register vintage, its archived file and its measured (derived) series."""
    from workbench.registers.derived import remove_register

    try:
        v = remove_register(int(vintage.lstrip("rR")))
    except (KeyError, ValueError) as exc:
        _fail(str(exc).strip("'\""))
    typer.echo(
        f"removed register vintage r{v['vintage_id']} ({v['original_filename']}) and its measured series"
    )


def measure_cmd(
    register: Annotated[
        Path, typer.Argument(help="register file: CSV (UTF-8/GBK), xlsx or Parquet")
    ],
    code_column: Annotated[
        str, typer.Option("--code-column", help="GB/T 4754 industry code column")
    ],
    value_column: Annotated[str, typer.Option("--value-column", help="value-added column")],
    gdp: Annotated[
        Path, typer.Option("--gdp", help="CSV with region, year, gdp in the value column's unit")
    ],
    out: Annotated[Path, typer.Option("--out", help="output CSV")],
    region_column: Annotated[str | None, typer.Option("--region-column")] = None,
    year_column: Annotated[str | None, typer.Option("--year-column")] = None,
) -> None:
    """Measure a register without ingesting it: one row per region × year × category
    (01…05, core, total, NA, UNMATCHED) with value and share_of_gdp (%)."""
    from workbench.classify import ClassifyInputError, read_records
    from workbench.registers.measure import measure_frame

    try:
        g = read_gdp(gdp, region_column is not None, year_column is not None)
        df = read_records(register, code_column)
        m = measure_frame(
            df,
            code_column,
            value_column,
            region_column=region_column,
            year_column=year_column,
            gdp=g,
        )
    except ClassifyInputError as exc:
        msg = str(exc)
        _fail(msg if msg.startswith(str(register)) else f"{register.name}: {msg}")
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    t = m.table[["region", "year", "category", "value", "share_of_gdp"]]
    missing = t[t["share_of_gdp"].isna() & (t["category"] == "total")]
    for r in missing.itertuples(index=False):
        typer.echo(
            f"warning: no GDP for region {r.region!r} year {r.year}: share left empty", err=True
        )
    from workbench import export

    out.parent.mkdir(parents=True, exist_ok=True)
    export.write_csv(t, out)
    for n in m.notes:
        typer.echo(f"note: {n}")
    typer.echo(f"wrote {len(t)} rows to {out}")


def register(app: typer.Typer) -> None:
    """Add ``register …`` and ``measure`` to ``app``."""
    app.add_typer(register_app, name="register")
    app.command("measure")(measure_cmd)


@register_app.command("synth")
def synth_cmd(
    out: Annotated[Path, typer.Option("--out", help="register CSV to write (Chinese headers)")],
    seed: Annotated[int, typer.Option("--seed")] = 2021,
    enterprises: Annotated[int, typer.Option("--enterprises", min=200)] = 3000,
    ingest: Annotated[bool, typer.Option("--ingest", help="also ingest it (as SYNTHETIC)")] = False,
) -> None:
    """Write the SYNTHETIC multi-year register 2019–2025 (workbench.synthetic), optionally ingest it."""
    from workbench.registers.derived import ingest_register
    from workbench.synthetic import write_enterprise_register

    path = write_enterprise_register(out, seed=seed, n_enterprises=enterprises)
    typer.echo(f"wrote SYNTHETIC register {path}")
    if ingest:
        res, pub = ingest_register(
            path, source=f"SYNTHETIC register (workbench.synthetic, seed {seed})", synthetic=True
        )
        _echo_ingest(res, pub)
