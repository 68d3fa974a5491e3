"""Which value to show when sources disagree: by declared grade, never by source text.

Per region × indicator × year the shown candidate is the one with the best ``grade``
(:class:`workbench.ingest.grades.Grade`), then the lowest ``priority`` (declared by the
file or pack maintainer, default 50), then the value known latest (``known_from``, then
the later vintage), so revisions replace earlier values within one grade.
"""

from __future__ import annotations

import pandas as pd

from workbench.ingest.grades import Grade, grade_label

_RANK = {g.value: g.rank for g in Grade}


def choose(candidates: pd.DataFrame) -> pd.DataFrame:
    """Add ``precedence`` (grade rank, 0 best), ``precedence_label`` (the grade key),
    ``n_candidates``, ``conflict`` and ``shown``.

    ``candidates`` has one row per stored value (columns region, indicator, year, value,
    grade, priority, known_from, vintage_id, row). Per region/indicator/year exactly one row
    is ``shown``; ``conflict`` is True when the candidates hold more than one distinct value.
    """
    df = candidates.copy()
    df["precedence"] = df["grade"].map(_RANK).fillna(len(_RANK)).astype(int)
    df["precedence_label"] = df["grade"].astype(str)
    key = ["region", "indicator", "year"]
    if df.empty:
        for c, dtype in (("n_candidates", int), ("conflict", bool), ("shown", bool)):
            df[c] = pd.Series(dtype=dtype)
        return df
    df = df.sort_values(
        key + ["precedence", "priority", "known_from", "vintage_id", "row"],
        ascending=[True, True, True, True, True, False, False, True],
        kind="mergesort",
    )
    g = df.groupby(key, sort=False)
    df["n_candidates"] = g["value"].transform("size").astype(int)
    df["conflict"] = (
        df["value"].round(9).groupby([df[k] for k in key], sort=False).transform("nunique") > 1
    ).astype(bool)
    df["shown"] = ~df.duplicated(key, keep="first")
    return df.reset_index(drop=True)


def order_sql() -> str:
    """The order of :func:`choose` within one key, as a SQL ``ORDER BY`` list over the
    store's observation columns (best candidate first), for queries that rank in DuckDB."""
    rank = " ".join(f"WHEN '{g}' THEN {r}" for g, r in _RANK.items())
    return (
        f"CASE grade {rank} ELSE {len(_RANK)} END, priority, known_from DESC, vintage_id DESC, row"
    )


__all__ = ["choose", "grade_label", "order_sql"]
