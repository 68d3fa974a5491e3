"""Which value to show when sources disagree: ``data/reference/source_precedence.csv``.

Each rule is ``rank, pattern, label, why``; a candidate's ``source`` text is matched
(case-insensitive regular expression search) against the rules in file order and takes
the first match's rank. Lower rank wins; among equal ranks the value known latest
(``known_from``, then the later vintage) wins, so revisions replace earlier values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.paths import REFERENCE_DIR

DEFAULT_PATH = REFERENCE_DIR / "source_precedence.csv"
FALLBACK_RANK = 50


class PrecedenceError(ValueError):
    """The precedence table is malformed."""


@dataclass(frozen=True)
class Rule:
    rank: int
    pattern: re.Pattern[str]
    label: str


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """The precedence rules in file order (``PrecedenceError`` naming the bad row)."""
    path = Path(path) if path else DEFAULT_PATH
    if not path.exists():
        raise PrecedenceError(f"precedence table missing: {path}")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = {"rank", "pattern", "label"} - set(df.columns)
    if missing:
        raise PrecedenceError(f"{path.name}: missing column(s) {sorted(missing)}")
    rules = []
    for i, r in df.iterrows():
        where = f"{path.name} row {i + 2}"
        try:
            rank = int(r["rank"])
        except ValueError:
            raise PrecedenceError(
                f"{where}, column rank: {r['rank']!r} is not an integer"
            ) from None
        try:
            pattern = re.compile(r["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise PrecedenceError(f"{where}, column pattern: {exc}") from None
        rules.append(Rule(rank, pattern, r["label"]))
    return tuple(rules)


def rank_source(source: str, rules: tuple[Rule, ...]) -> tuple[int, str]:
    """``(rank, label)`` of a source text under ``rules``."""
    for rule in rules:
        if rule.pattern.search(source or ""):
            return rule.rank, rule.label
    return FALLBACK_RANK, "unranked"


def choose(candidates: pd.DataFrame, rules: tuple[Rule, ...]) -> pd.DataFrame:
    """Add ``precedence``, ``precedence_label``, ``n_candidates``, ``conflict`` and ``shown``.

    ``candidates`` has one row per stored value (columns region, indicator, year, value,
    source, known_from, vintage_id, row). Per region/indicator/year exactly one row is
    ``shown``; ``conflict`` is True when the candidates hold more than one distinct value.
    """
    df = candidates.copy()
    ranked = {s: rank_source(s, rules) for s in df["source"].unique()}
    df["precedence"] = [ranked[s][0] for s in df["source"]]
    df["precedence_label"] = [ranked[s][1] for s in df["source"]]
    key = ["region", "indicator", "year"]
    if df.empty:
        for c, dtype in (("n_candidates", int), ("conflict", bool), ("shown", bool)):
            df[c] = pd.Series(dtype=dtype)
        return df
    df = df.sort_values(
        key + ["precedence", "known_from", "vintage_id", "row"],
        ascending=[True, True, True, True, False, False, True],
        kind="mergesort",
    )
    g = df.groupby(key, sort=False)
    df["n_candidates"] = g["value"].transform("size").astype(int)
    df["conflict"] = (
        df["value"].round(9).groupby([df[k] for k in key], sort=False).transform("nunique") > 1
    ).astype(bool)
    df["shown"] = ~df.duplicated(key, keep="first")
    return df.reset_index(drop=True)
