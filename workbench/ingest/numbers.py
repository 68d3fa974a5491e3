"""One strict number parser for every delivered cell (observations, registers, progress sheets).

A cell is either an Excel number (already typed; a percent-formatted cell arrives as
:class:`PercentCell`, its value ×100), a formula without a saved value
(:class:`FormulaCell`), or text. Text is accepted only in these shapes::

    1234   -1234.5   +12   1.5e3   .5   1,234,567.8   45.6%        (decimal point ".")
    1234,5   1.234.567,8                                          (decimal comma, declared)

A comma is a thousands separator only in a file that does not use ``;`` as its delimiter
and only in groups of three (``1,234``); ``80,5`` or ``8,05`` is refused as ambiguous
unless the file declares a decimal comma. ``_``, spaces, letters or any other character
inside a number are refused: ``float("8_0")`` would read 80.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from workbench.ingest.messages import Msg

MISSING_MARKERS = {"", "-", "—", "--", "——", "…", "...", "na", "n/a", "nan", "none", "null", "/"}
"""Cell texts meaning "no figure"."""


class PercentCell(float):
    """An Excel number shown with a percent format: the value as displayed (0.92 → 92.0)."""


class FormulaCell(str):
    """An Excel formula whose result was never saved (the text is the formula, ``=SUM(…)``)."""


@dataclass(frozen=True)
class NumberStyle:
    """How a file writes numbers: ``decimal`` is ``"."`` (default) or ``","`` (declared);
    ``delimiter`` is the CSV delimiter (``None`` for Excel), used to spot ambiguity."""

    decimal: str = "."
    delimiter: str | None = None

    def __post_init__(self) -> None:
        if self.decimal not in (".", ","):
            raise ValueError(Msg("num_decimal_option", shown=repr(self.decimal)))


_POINT = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_POINT_NO_GROUP = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_COMMA = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_BAD_CHAR = re.compile(r"[^0-9+\-.,eE%]")


def _text_number(t: str, style: NumberStyle) -> float:
    shown = repr(t)
    if m := _BAD_CHAR.search(t):
        raise ValueError(Msg("num_bad_char", shown=shown, char=repr(m.group(0))))
    if style.decimal == ",":
        if not _COMMA.match(t):
            raise ValueError(Msg("num_decimal_comma", shown=shown))
        return float(t.replace(".", "").replace(",", "."))
    if "," in t:
        if style.delimiter == ";" or not _GROUPED.match(t):
            raise ValueError(Msg("num_ambiguous", shown=shown))
        return float(t.replace(",", ""))
    if not _POINT_NO_GROUP.match(t) or not _POINT.match(t):
        raise ValueError(Msg("num_not_number", shown=shown))
    return float(t)


def parse_number(raw: object, style: NumberStyle | None = None) -> tuple[float | None, bool]:
    """A cell as ``(value, is_percent)``; ``(None, False)`` for an empty or missing marker.

    ``is_percent`` is True for a ``%`` sign or a percent-formatted Excel cell (whose value
    is then already ×100). Raises ``ValueError`` with the reason (ambiguous separator,
    stray character, formula without a saved value, not finite).
    """
    style = style or NumberStyle()
    if isinstance(raw, FormulaCell):
        raise ValueError(Msg("num_formula", formula=str(raw)[:40]))
    if isinstance(raw, bool):
        raise ValueError(Msg("num_not_number", shown=repr(raw)))
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            raise ValueError(Msg("num_not_finite", shown=repr(raw)))
        return value, isinstance(raw, PercentCell)
    t = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
    if t.casefold() in MISSING_MARKERS:
        return None, False
    pct = t.endswith("%")
    if pct:
        t = t[:-1].rstrip()
    value = _text_number(t, style)
    if not math.isfinite(value):
        raise ValueError(Msg("num_not_finite", shown=repr(str(raw))))
    return value, pct


def parse_finite(raw: object, what: str, style: NumberStyle | None = None) -> float | None:
    """:func:`parse_number` for fields that must not carry a ``%`` (registers: 万元, counts)."""
    value, pct = parse_number(raw, style)
    if pct:
        raise ValueError(Msg("num_percent_field", what=what, shown=repr(str(raw))))
    return value
