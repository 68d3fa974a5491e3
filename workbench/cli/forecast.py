"""``workbench forecast``: forecast long CSV series to a horizon, with intervals."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer


class InputError(ValueError):
    """Bad input file: the message names file, row and column."""


def read_series_csv(path: Path, what: str = "input") -> pd.DataFrame:
    """Read a long ``series_id,year,value`` CSV, validating every row.

    Row numbers in messages are file line numbers (the header is line 1).
    """
    if not path.exists():
        raise InputError(f"{path}: {what} file not found")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path}: cannot read as UTF-8 CSV ({exc})") from exc
    raw.columns = [c.strip() for c in raw.columns]
    missing = [c for c in ("series_id", "year", "value") if c not in raw.columns]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)}; expected series_id,year,value "
            f"(found {', '.join(raw.columns) or 'none'})"
        )
    if raw.empty:
        raise InputError(f"{path}: no data rows")
    years, values = [], []
    seen: dict[tuple[str, int], int] = {}
    for i, r in enumerate(raw.itertuples(index=False)):
        line = i + 2
        sid = str(r.series_id).strip()
        if not sid:
            raise InputError(f"{path}: row {line}, column series_id: empty")
        try:
            year_f = float(str(r.year).strip())
            if not year_f.is_integer():
                raise ValueError
            year = int(year_f)
        except ValueError:
            raise InputError(
                f"{path}: row {line}, column year: {r.year!r} is not a whole year"
            ) from None
        try:
            value = float(str(r.value).strip().replace(",", ""))
        except ValueError:
            raise InputError(
                f"{path}: row {line}, column value: {r.value!r} is not a number"
            ) from None
        if not math.isfinite(value):
            raise InputError(
                f"{path}: row {line}, column value: {r.value!r} is not a finite number"
            )
        if (sid, year) in seen:
            raise InputError(
                f"{path}: row {line}, column year: series {sid!r} already has year {year} (row {seen[(sid, year)]})"
            )
        seen[(sid, year)] = line
        years.append(year)
        values.append(value)
    out = pd.DataFrame({"series_id": raw["series_id"].str.strip(), "year": years, "value": values})
    for c in raw.columns:
        if c not in out.columns:
            out[c] = raw[c].to_numpy()
    return out


def _parse_bounds(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        lo, hi = (float(x) for x in text.split(","))
    except ValueError:
        raise InputError(f"--bounds {text!r}: expected LO,HI such as 0,100 or 0,inf") from None
    if not lo < hi:
        raise InputError(f"--bounds {text!r}: LO must be below HI")
    return lo, hi


def run_forecast(
    input_csv: Path,
    out: Path,
    horizon: int | None,
    to_year: int | None,
    levels: list[int],
    bounds: str | None = None,
    donors: Path | None = None,
    seed: int = 0,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
):
    """Forecast the file and write the table; raises ``InputError`` on bad input.

    Returns the :class:`~workbench.forecast.ForecastResult` (its ``failed`` frame lists
    series that could not be forecast; the others are written).
    """
    from workbench.forecast import forecast

    if (horizon is None) == (to_year is None):
        raise InputError("give exactly one of --horizon and --to-year")
    if horizon is not None and horizon < 1:
        raise InputError(f"--horizon must be at least 1, got {horizon}")
    for lv in levels:
        if not 0 < lv < 100:
            raise InputError(f"--level {lv}: must be between 1 and 99 (percent)")
    levels = list(dict.fromkeys(levels))
    hist = read_series_csv(input_csv)
    don = read_series_csv(donors, "donors") if donors is not None else None
    b = _parse_bounds(bounds)
    if b is not None:
        bad = hist[(hist["value"] < b[0]) | (hist["value"] > b[1])]
        if len(bad):
            i = int(bad.index[0])
            raise InputError(
                f"{input_csv}: row {i + 2}, column value: {bad['value'].iloc[0]:g} is outside --bounds {bounds}"
            )
    try:
        res = forecast(
            hist,
            horizon,
            to_year=to_year,
            levels=tuple(levels),
            bounds=b,
            donors=don,
            n_paths=1000,
            seed=seed,
            engine=engine,
            scheduler=scheduler,
            progress=progress,
        )
    except ValueError as exc:
        raise InputError(f"{input_csv}: {exc}") from exc
    if res.table.empty and len(res.failed):
        r = res.failed.iloc[0]
        raise InputError(
            f"{input_csv}: no series could be forecast; {r['series_id']}: {r['reason']}"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    from workbench.export import write_csv  # formula-safe cells (OWASP)

    write_csv(res.table, out, encoding="utf-8", float_format="%.6g", lineterminator="\n")
    return res


def register(app: typer.Typer) -> None:
    """Add the ``forecast`` command to the workbench CLI."""

    @app.command("forecast")
    def forecast_cmd(
        input_csv: Annotated[
            Path, typer.Argument(help="Long CSV with columns series_id,year,value.")
        ],
        out: Annotated[Path, typer.Option("--out", "-o", help="Output CSV.")],
        horizon: Annotated[
            int | None, typer.Option("--horizon", help="Years after each series' last year.")
        ] = None,
        to_year: Annotated[
            int | None,
            typer.Option("--to-year", help="Forecast every series up to this year instead."),
        ] = None,
        level: Annotated[
            list[int] | None,
            typer.Option("--level", help="Interval level in % (repeatable; default 80 and 95)."),
        ] = None,
        bounds: Annotated[
            str | None,
            typer.Option("--bounds", help="LO,HI for all series, e.g. 0,100 for shares."),
        ] = None,
        donors: Annotated[
            Path | None,
            typer.Option(
                "--donors", help="CSV of longer series that short ones borrow growth from."
            ),
        ] = None,
        seed: Annotated[int, typer.Option("--seed", help="Random seed of the sample paths.")] = 0,
        engine: Annotated[
            str,
            typer.Option(
                "--engine", help="local (one process) or dask (series spread over Dask workers)."
            ),
        ] = "local",
        scheduler: Annotated[
            str | None,
            typer.Option(
                "--scheduler",
                help="Address of a running Dask scheduler (with --engine dask); default: a local cluster.",
            ),
        ] = None,
    ) -> None:
        """Forecast every series in INPUT_CSV; write series_id,year,median,mean,lo_L,hi_L…,model
        to --out (``mean`` repeats ``median``, the point forecast, for one release)."""
        levels = list(level) if level else [80, 95]
        if engine not in ("local", "dask"):
            typer.echo(f"error: --engine {engine!r}: use local or dask", err=True)
            raise typer.Exit(1)
        if scheduler and engine != "dask":
            typer.echo("error: --scheduler needs --engine dask", err=True)
            raise typer.Exit(1)
        try:
            res = run_forecast(
                input_csv, out, horizon, to_year, levels, bounds, donors, seed,
                engine, scheduler, progress=engine == "dask" and sys.stderr.isatty(),
            )  # fmt: skip
        except InputError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        table = res.table
        for r in res.failed.itertuples():
            typer.echo(
                f"warning: {input_csv}: series {r.series_id!r} not forecast: {r.reason}", err=True
            )
        n = table["series_id"].nunique()
        typer.echo(
            f"wrote {out}: {len(table)} rows, {n} series, models {', '.join(sorted(table['model'].unique()))}"
        )
        if np.any(table.filter(like="lo_").isna().to_numpy()):
            typer.echo(
                "note: some series have a single observation and no donor: no interval", err=True
            )
