"""The ``workbench`` command.

Each area registers its sub-commands from its own module (``workbench.cli.<area>``),
so the command line is assembled here and nowhere else.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="workbench",
    help="Digital-economy workbench: ingest, classify, forecast and refresh.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Sub-command modules, each with ``register(app)``. Missing ones are skipped so an
# area can be developed without breaking the others.
_AREAS = ("plan", "reference", "data", "classify", "forecast", "refresh", "monitoring", "registers")

for _name in _AREAS:
    try:
        _mod = importlib.import_module(f"workbench.cli.{_name}")
    except ModuleNotFoundError as exc:  # pragma: no cover - area not present yet
        if exc.name != f"workbench.cli.{_name}":
            raise
        continue
    _mod.register(app)


def main() -> None:
    """Console entry point; help in the user's language (:mod:`workbench.cli.lang`)."""
    from workbench.cli.lang import localised

    localised(typer.main.get_command(app))(prog_name="workbench")
