"""GB/T 4754-2011 → 2017 recoding of old industry codes, one-to-one cases only.

The table is ``data/reference/gbt4754_2011_2017_concordance.csv``: one row per 2011 小类
that does not exist in GB/T 4754-2017, with ``relation`` ``one_to_one`` (recoded) or
``ambiguous`` (the 2011 activity is split over several 2017 小类: never recoded, reported).
No published concordance table was reachable; every row is justified from the two code
tables (same name, code absent from 2017) in its ``basis`` column. Codes that exist in both
editions with different meanings cannot be detected and are not listed (docs/registers.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from workbench.classify.codes import normalise_code
from workbench.paths import REFERENCE_DIR

CONCORDANCE_FILE = REFERENCE_DIR / "gbt4754_2011_2017_concordance.csv"
ONE_TO_ONE = "one_to_one"
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Recode:
    """How one written code was treated: ``code`` is what classification receives."""

    raw: str
    code: str
    status: str  # "", "one_to_one" (recoded) or "ambiguous" (kept, reported)
    note: str


@lru_cache(maxsize=1)
def concordance() -> pd.DataFrame:
    """The concordance rows (``code_2011, name_2011, relation, code_2017, name_2017, basis``)."""
    df = pd.read_csv(CONCORDANCE_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    bad = set(df["relation"]) - {ONE_TO_ONE, AMBIGUOUS}
    if bad:
        raise ValueError(f"{CONCORDANCE_FILE.name}: unknown relation {sorted(bad)}")
    return df


@lru_cache(maxsize=1)
def _indexed() -> pd.DataFrame:
    return concordance().set_index("code_2011")


def _digits(raw: str) -> str | None:
    n = normalise_code(raw)
    if n.status == "ok":
        return None  # a valid 2017 code is never recoded
    digits = "".join(ch for ch in n.raw if ch.isdigit())
    return digits or None


def recode(raw: object) -> Recode:
    """Recode a written code when it is a 2011-only code with a one-to-one 2017 successor."""
    text = "" if raw is None or (isinstance(raw, float) and pd.isna(raw)) else str(raw)
    digits = _digits(text)
    rows = _indexed()
    if digits is None or digits not in rows.index:
        return Recode(text, text, "", "")
    r = rows.loc[digits]
    if r["relation"] == ONE_TO_ONE:
        note = f"GB/T 4754-2011 {digits} {r['name_2011']} recoded to 2017 {r['code_2017']}"
        return Recode(text, r["code_2017"], ONE_TO_ONE, note)
    note = (
        f"GB/T 4754-2011 {digits} {r['name_2011']} is ambiguous in 2017 "
        f"({r['code_2017'].replace('|', ', ')}): not recoded, recode the records by hand"
    )
    return Recode(text, text, AMBIGUOUS, note)


def recode_series(codes: pd.Series) -> pd.DataFrame:
    """:func:`recode` for a column (computed once per distinct code): ``code``, ``status``, ``note``."""
    uniq = pd.Series(codes.astype("string").fillna("").unique())
    table = pd.DataFrame([recode(c).__dict__ for c in uniq]).set_index("raw")
    keyed = codes.astype("string").fillna("")
    out = table.reindex(keyed.to_numpy())[["code", "status", "note"]].reset_index(drop=True)
    out.index = codes.index
    return out
