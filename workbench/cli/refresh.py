"""``workbench refresh`` and ``workbench runs``: the yearly pipeline and its runs."""

from __future__ import annotations

import typer

from workbench.cli.plan import PlanOpt, resolve_plan


def register(app: typer.Typer) -> None:
    @app.command("refresh")
    def refresh_cmd(
        plan: PlanOpt = None,
        all_plans: bool = typer.Option(False, "--all", help="Refresh every plan pack."),
        to_year: int | None = typer.Option(
            None,
            "--to-year",
            help="Forecast every series up to this year (default: the plan's horizon).",
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
        from workbench import plans
        from workbench.refresh import RefreshError, refresh

        ids = plans.plan_ids() if all_plans else [resolve_plan(plan).id]
        failed = 0
        for pid in ids:
            try:
                run = refresh(
                    pid,
                    to_year=to_year,
                    n_paths=n_paths,
                    seed=seed,
                    rebuild_store=rebuild,
                    progress=lambda m: typer.echo(m, err=True),
                )
            except RefreshError as exc:
                typer.echo(f"error: plan {pid}: {exc}", err=True)
                failed += 1
                continue
            counts = run.targets["status"].value_counts().to_dict()
            typer.echo(
                f"run {run.run_id} of plan {pid}: {run.manifest['n_series']} series forecast "
                f"to {run.manifest['to_year']}"
            )
            typer.echo("targets: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if failed:
            raise typer.Exit(1)

    @app.command("runs")
    def runs_cmd(plan: PlanOpt = None) -> None:
        """List a plan's finished refresh runs (the latest is the one the app shows)."""
        from workbench.refresh import list_runs

        df = list_runs(resolve_plan(plan).id)
        if df.empty:
            typer.echo("no runs yet: run `workbench refresh`")
            return
        typer.echo(df.to_string(index=False))
