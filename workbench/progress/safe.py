"""Spreadsheet-safe cells (OWASP CSV injection): text starting with ``= + - @``, tab or
carriage return is prefixed with an apostrophe so Excel shows it as text, never runs it.

Private stand-in until the shared ``workbench.export`` module lands on main.
"""

from __future__ import annotations

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` unchanged unless it is text starting with a formula trigger."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell passed through :func:`safe_cell`."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_object_dtype(out[c]) or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].astype(object).map(safe_cell)
    return out
