"""Unit conversion to an indicator's canonical unit (``万元`` → ``亿元``, ``‰`` → ``%`` …).

Units and their factors live in ``data/reference/units.csv``; two units convert only
within one family (``cny``, ``count``, ``households``, ``persons``, ``percent``, ``speed`` …).
Foreign currencies form their own family, so ``万美元`` is refused for a yuan series.
"""

from __future__ import annotations

from workbench import catalog
from workbench.ingest.messages import Msg


class UnitError(ValueError):
    """A unit is unknown or cannot apply to the indicator."""


def factor(from_unit: str, to_unit: str) -> float:
    """Multiplier taking a value in ``from_unit`` to ``to_unit`` (both canonical spellings).

    >>> factor("万元", "亿元")
    0.0001
    """
    a, b = catalog.unit_row(from_unit), catalog.unit_row(to_unit)
    if a["family"] != b["family"]:
        raise UnitError(
            Msg(
                "unit_family", unit=from_unit, family=a["family"], to=to_unit, to_family=b["family"]
            )
        )
    return float(a["factor"]) / float(b["factor"])


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit``; rounded to 12 significant digits
    so that 1234.5 万元 is exactly 0.12345 亿元, not 0.12345000000000001."""
    if from_unit == to_unit:
        return float(value)
    out = float(value) * factor(from_unit, to_unit)
    return float(f"{out:.12g}")


def canonical_unit(text: object) -> str:
    """Canonical spelling of a unit text; ``UnitError`` naming the known units otherwise."""
    unit = catalog.resolve_unit(text)
    if unit is None:
        known = ", ".join(catalog.units()["unit"])
        raise UnitError(Msg("unit_unknown", shown=repr(str(text)), known=known))
    return unit
