"""``workbench refresh`` and ``workbench runs``: the yearly pipeline and its runs."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("refresh")
    def refresh_cmd(
        to_year: int = typer.Option(
            2030, "--to-year", help="Forecast every series up to this year."
        ),
        n_paths: int = typer.Option(1000, "--paths", min=100, help="Sample paths per series."),
        seed: int = typer.Option(0, help="Random seed (runs are reproducible for a seed)."),
        rebuild: bool = typer.Option(
            False, "--rebuild", help="Rebuild the store even if up to date."
        ),
    ) -> None:
        """Rebuild the store, forecast every indicator series and assess the plan targets.

        Atomic: a failed run leaves the last good run as the one the app shows.
        """
        from workbench.refresh import RefreshError, refresh

        try:
            run = refresh(
                to_year=to_year,
                n_paths=n_paths,
                seed=seed,
                rebuild_store=rebuild,
                progress=lambda m: typer.echo(m, err=True),
            )
        except RefreshError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        t = run.targets
        counts = t["status"].value_counts().to_dict()
        typer.echo(f"run {run.run_id}: {run.manifest['n_series']} series forecast to {to_year}")
        typer.echo("targets: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    @app.command("runs")
    def runs_cmd() -> None:
        """List finished refresh runs (the latest is the one the app shows)."""
        from workbench.refresh import list_runs

        df = list_runs()
        if df.empty:
            typer.echo("no runs yet: run `workbench refresh`")
            return
        typer.echo(df.to_string(index=False))
