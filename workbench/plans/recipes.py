"""Derived observations declared in a pack's ``recipes.toml`` (format: ``docs/plans.md``).

Each recipe makes one observation from others and says how; the result has grade
``derived`` and never replaces a published value for the same year.
"""

from __future__ import annotations

import pandas as pd

from workbench.plans.model import Plan


def _pick(cands: pd.DataFrame, region: str, spec: dict) -> pd.DataFrame:
    return cands[
        (cands["region"] == spec.get("region", region))
        & (cands["indicator"] == spec["indicator"])
        & (cands["year"] == int(spec["year"]))
    ]


def _divide(recipe: dict, cands: pd.DataFrame) -> tuple[float, pd.Series, pd.Series] | None:
    """``numerator / denominator`` (same source document when ``same_source``), or ``None``."""
    num = _pick(cands, recipe["region"], recipe["numerator"])
    den = _pick(cands, recipe["region"], recipe["denominator"])
    if num.empty or den.empty:
        return None
    d = den.iloc[0]
    if recipe.get("same_source"):
        key = "vintage_sha256" if "vintage_sha256" in cands.columns else "source"
        num = num[num[key] == d[key]]
        if num.empty:
            return None
    n = num.iloc[0]
    if float(d["value"]) == 0:
        return None
    return float(n["value"]) / float(d["value"]), n, d


def apply_recipes(plan: Plan, obs: pd.DataFrame, candidates: pd.DataFrame) -> pd.DataFrame:
    """Derived rows (columns of ``obs``) for every recipe of ``plan`` whose inputs exist and
    whose target cell has no observation yet.

    ``obs``: the store's shown values; ``candidates``: all values (store columns).
    """
    rows = []
    for r in plan.recipes:
        have = (
            (obs["region"] == r["region"])
            & (obs["indicator"] == r["indicator"])
            & (obs["year"] == int(r["year"]))
        ).any()
        got = _divide(r, candidates) if r["kind"] == "divide" and not have else None
        if got is None:
            continue
        value, n, d = got
        row = {c: n[c] if c in n.index else None for c in obs.columns}
        row.update(
            year=int(r["year"]),
            value=value,
            source=f"{plan.reference('zh')}：{r.get('why_zh', r['why'])}",
            quote=f"{n['quote']}；{d['quote']}",
            note=f"derived by recipe {r['id']}: {float(n['value']):g} / {float(d['value']):g}; {r['why']}",
            conflict=False,
            n_candidates=1,
        )
        if "grade" in obs.columns:
            row["grade"] = "derived"
        rows.append(row)
    return pd.DataFrame(rows, columns=obs.columns)
