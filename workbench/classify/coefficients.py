"""Coefficients for partial correspondences and the weights that turn codes into categories.

Two editable CSV files under ``data/reference/`` (see ``docs/classification.md``):

* ``partial_coefficients.csv`` — for core categories (01–04) whose GB/T correspondence is
  marked ``*`` (only part of the industry is digital): the share of the industry's value
  that belongs to the category. Columns ``sub_code, gbt4754_code, coefficient, basis``; a
  row ``*, *`` is the fallback. The shipped values are PLACEHOLDERS (50% of the industry).
* ``digitalisation_coefficients.csv`` — for 05 数字化效率提升业: the share of an industry's
  value (outside the core categories) attributed to digitalisation. Columns
  ``gbt4754_code, coefficient, basis, source_url, source_quote``; longest code prefix wins,
  ``*`` is the fallback. The shipped value is a PLACEHOLDER national average derived from
  CAICT's 2021 figures, uniform across industries.

Weights (:func:`code_weights`): for every GB/T 4754-2017 code, the share of a record's value
going to each 小类, plus the non-digital remainder, summing to exactly 1:

1. Core rows (01–04) at the most specific GB/T level matching the code: weight 1, or the
   partial coefficient for ``*`` rows.
2. 05 rows at the most specific level matching the code: the digitalisation coefficient
   (split equally among the 05 小类 that share one GB/T code) times the part of the code
   not already counted in the core.
3. Non-digital: 1 minus the above.
4. Codes at 大类/中类 level (``39``, ``397``) are spread uniformly over their 小类 (the
   register does not say which 小类 they are), i.e. their weights are the mean of their
   小类's weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.classify.codes import gbt2017_levels
from workbench.classify.table import ClassificationTable
from workbench.paths import REFERENCE_DIR

PARTIAL_PATH = REFERENCE_DIR / "partial_coefficients.csv"
DIGITALISATION_PATH = REFERENCE_DIR / "digitalisation_coefficients.csv"
TOL = 1e-9


class CoefficientError(ValueError):
    """A coefficient file is malformed (message names file, row and column)."""


@dataclass(frozen=True)
class Coefficients:
    """Partial (core) and digitalisation (05) coefficients, each a share in [0, 1]."""

    partial: dict[tuple[str, str], float]
    digitalisation: dict[str, float]
    partial_source: str
    digitalisation_source: str
    placeholder: bool

    def partial_for(self, sub_code: str, gbt_code: str) -> float | None:
        """Explicit coefficient for a core ``*`` row, or ``None`` (use the fallback)."""
        return self.partial.get((sub_code, gbt_code))

    def digitalisation_for(self, gbt_code: str) -> float:
        """Digitalisation coefficient by longest matching code prefix, else ``*``."""
        for n in (4, 3, 2):
            if len(gbt_code) >= n and gbt_code[:n] in self.digitalisation:
                return self.digitalisation[gbt_code[:n]]
        if "*" not in self.digitalisation:
            raise CoefficientError(
                f"{self.digitalisation_source}: no coefficient for {gbt_code} and no '*' fallback row"
            )
        return self.digitalisation["*"]


def _read(path: Path, need: tuple[str, ...]) -> pd.DataFrame:
    if not path.exists():
        raise CoefficientError(f"{path}: file not found")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise CoefficientError(f"{path}: missing column(s) {', '.join(missing)}")
    return df


def _share(text: str, where: str) -> float:
    try:
        v = float(text)
    except ValueError as exc:
        raise CoefficientError(f"{where}, column coefficient: {text!r} is not a number") from exc
    if not 0.0 <= v <= 1.0:
        raise CoefficientError(f"{where}, column coefficient: {v} is outside 0–1")
    return v


def load_coefficients(
    partial_path: str | Path | None = None, digitalisation_path: str | Path | None = None
) -> Coefficients:
    """Read both coefficient files (defaults: the shipped placeholders)."""
    pp = Path(partial_path) if partial_path else PARTIAL_PATH
    dp = Path(digitalisation_path) if digitalisation_path else DIGITALISATION_PATH
    p = _read(pp, ("sub_code", "gbt4754_code", "coefficient"))
    d = _read(dp, ("gbt4754_code", "coefficient"))
    partial = {
        (r.sub_code.strip(), r.gbt4754_code.strip()): _share(r.coefficient, f"{pp} row {i + 2}")
        for i, r in enumerate(p.itertuples(index=False))
    }
    digit = {
        r.gbt4754_code.strip(): _share(r.coefficient, f"{dp} row {i + 2}")
        for i, r in enumerate(d.itertuples(index=False))
    }
    placeholder = any(
        "PLACEHOLDER" in str(b) for b in list(p.get("basis", [])) + list(d.get("basis", []))
    )
    return Coefficients(partial, digit, str(pp), str(dp), placeholder)


def _row_coefficients(table: ClassificationTable, coef: Coefficients) -> pd.DataFrame:
    """Table rows with a ``c`` column: each correspondence's share of its GB/T code."""
    rows = table.rows.copy()
    core = rows["major_code"] != "05"
    n_share = rows.groupby([core, rows["gbt4754_code"], rows["partial"]])["sub_code"].transform(
        "count"
    )
    c = []
    for r, n in zip(rows.itertuples(index=False), n_share, strict=True):
        if not r.partial:
            c.append(1.0)
        elif r.major_code != "05":
            explicit = coef.partial_for(r.sub_code, r.gbt4754_code)
            if explicit is not None:
                c.append(explicit)
            else:
                fallback = coef.partial.get(("*", "*"))
                if fallback is None:
                    raise CoefficientError(
                        f"{coef.partial_source}: no coefficient for {r.sub_code} ↔ "
                        f"{r.gbt4754_code} and no '*,*' fallback row"
                    )
                c.append(fallback / n)
        else:
            c.append(coef.digitalisation_for(r.gbt4754_code) / n)
    rows["c"] = c
    return rows


def code_weights(table: ClassificationTable, coef: Coefficients | None = None) -> pd.DataFrame:
    """Weights for every GB/T 4754-2017 大类/中类/小类 code.

    Returns a long DataFrame ``code, major_code, mid_code, sub_code, weight`` where the
    non-digital remainder has NA category codes; weights of one code sum to 1.
    Raises :class:`CoefficientError` when the weights of a code would exceed 1.
    """
    coef = coef or load_coefficients()
    rows = _row_coefficients(table, coef)
    levels = gbt2017_levels()
    by_code: dict[tuple[bool, str], list[tuple[str, str, str, float]]] = {}
    for r in rows.itertuples(index=False):
        by_code.setdefault((r.major_code != "05", r.gbt4754_code), []).append(
            (r.major_code, r.mid_code, r.sub_code, r.c)
        )

    def match(is_core: bool, code: str) -> list[tuple[str, str, str, float]]:
        for n in (4, 3, 2):
            if len(code) >= n and (is_core, code[:n]) in by_code:
                return by_code[(is_core, code[:n])]
        return []

    out: list[tuple[str, object, object, object, float]] = []
    small: dict[str, list[tuple[object, object, object, float]]] = {}
    for code, level in levels.items():
        if level != "小类":
            continue
        core = match(True, code)
        w_core = sum(x[3] for x in core)
        if w_core > 1 + TOL:
            raise CoefficientError(
                f"GB/T code {code}: core weights sum to {w_core:.4f} > 1 "
                f"({', '.join(x[2] for x in core)}); check the table and {coef.partial_source}"
            )
        digit = [(a, b, s, c * (1 - w_core)) for a, b, s, c in match(False, code)]
        w_digit = sum(x[3] for x in digit)
        if w_core + w_digit > 1 + TOL:
            raise CoefficientError(
                f"GB/T code {code}: weights sum to {w_core + w_digit:.4f} > 1; check "
                f"{coef.digitalisation_source}"
            )
        parts: list[tuple[object, object, object, float]] = [*core, *digit]
        rest = 1.0 - w_core - w_digit
        if rest > TOL:
            parts.append((pd.NA, pd.NA, pd.NA, rest))
        small[code] = [p for p in parts if p[3] > 0]
    for code, parts in small.items():
        out.extend((code, *p) for p in parts)
    # 大类/中类 codes: the mean over their 小类
    for code, level in levels.items():
        if level == "小类":
            continue
        kids = [k for k in small if k.startswith(code)]
        acc: dict[tuple, float] = {}
        for k in kids:
            for a, b, s, w in small[k]:
                key = (a, b, s) if a is not pd.NA else (None, None, None)
                acc[key] = acc.get(key, 0.0) + w / len(kids)
        for (a, b, s), w in acc.items():
            out.append(
                (
                    code,
                    a if a is not None else pd.NA,
                    b if b is not None else pd.NA,
                    s if s is not None else pd.NA,
                    w,
                )
            )
    df = pd.DataFrame(out, columns=["code", "major_code", "mid_code", "sub_code", "weight"])
    for c in ("code", "major_code", "mid_code", "sub_code"):
        df[c] = df[c].astype("string")
    return df
