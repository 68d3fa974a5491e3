"""``workbench indicators``: the plan's indicators with their base and targets."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("indicators")
    def indicators_cmd(
        lang: str = typer.Option("zh", "--lang", help="zh or en"),
    ) -> None:
        """List the plan's 18 indicators: group, unit, 2020 base, 2022 and 2025 targets."""
        from workbench.reference import indicators_frame

        if lang not in ("zh", "en"):
            typer.echo(f"error: --lang must be zh or en, not {lang!r}", err=True)
            raise typer.Exit(1)
        df = indicators_frame(lang)
        cols = [
            "indicator_id",
            "group_name",
            "name",
            "unit",
            "base_2020",
            "target_2022",
            "target_2025",
        ]
        typer.echo(df[cols].to_string(index=False))
