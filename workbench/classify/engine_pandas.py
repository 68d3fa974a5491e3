"""pandas engine: classify in-memory record frames."""

from __future__ import annotations

import pandas as pd

from workbench.classify.codes import integer_code_to_text, normalise_codes
from workbench.classify.coefficients import Coefficients, load_coefficients
from workbench.classify.result import (
    COUNT,
    NON_DIGITAL_NAME,
    RAW,
    UNMATCHED,
    UNMATCHED_NAME,
    ClassifyInputError,
    weights_for,
)
from workbench.classify.table import ClassificationTable, default_table
from workbench.ingest.messages import Msg

ROLE_ZH = {"code column": "行业代码列", "year column": "年份列", "region column": "地区列"}
"""Chinese names of the roles a record file's columns play (messages; value column N is
数值列 N)."""


def _role_zh(role: str) -> str:
    if role.startswith("value column"):
        return "数值列" + role.removeprefix("value column")
    return ROLE_ZH.get(role, role)


def check_columns(columns: list[str], needed: dict[str, str | None]) -> None:
    """Raise :class:`ClassifyInputError` naming any missing column (``needed``: role → name)."""
    for role, col in needed.items():
        if col is not None and col not in columns:
            raise ClassifyInputError(
                Msg("reg_cls_column_missing", column=col, role=role,
                    role_zh=_role_zh(role), columns=", ".join(map(str, columns)))
            )  # fmt: skip


def numeric_values(s: pd.Series, column: str, row_offset: int = 2) -> pd.Series:
    """``s`` as float; empty cells become NaN. Text that is not a number raises
    :class:`ClassifyInputError` naming the row (``row_offset`` + position, i.e. the line in
    a CSV file with a header) and the column."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.astype("float64")
    text = s.astype("string").str.strip()
    text = text.mask(text == "")
    num = pd.to_numeric(text, errors="coerce")
    bad = (num.isna() & text.notna()) | num.isin([float("inf"), float("-inf")])
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise ClassifyInputError(
            Msg("reg_cls_not_number", row=pos + row_offset, column=column, value=text.iloc[pos])
        )
    return num.astype("float64")


def _raw_text(s: pd.Series) -> pd.Series:
    """Codes as text; numeric columns lost leading zeros, which are restored."""
    if pd.api.types.is_numeric_dtype(s):
        return s.map(lambda v: "" if pd.isna(v) else integer_code_to_text(int(v)))
    return s.astype("string").fillna("")


def group_records(
    df: pd.DataFrame,
    code_column: str,
    value_columns: list[str],
    *,
    year_column: str | None = None,
    region_column: str | None = None,
    row_offset: int = 2,
) -> pd.DataFrame:
    """Reduce records to one row per (raw code, region, year): value sums, record and
    missing-value counts (the input of :func:`workbench.classify.result.finish`).
    ``row_offset``: row number of the first record in error messages (2 = CSV/Excel line
    after a header, 1 = record number)."""
    check_columns(
        list(df.columns),
        {
            "code column": code_column,
            "year column": year_column,
            "region column": region_column,
            **{f"value column {i + 1}": c for i, c in enumerate(value_columns)},
        },
    )
    dims = [c for c in (region_column, year_column) if c]
    work = pd.DataFrame({RAW: df[code_column]})
    for d in dims:
        work[d] = df[d]
    for c in value_columns:
        v = numeric_values(df[c], c, row_offset)
        work[c] = v
        work[f"{c}__missing"] = v.isna().astype("int64")
    work[COUNT] = 1
    agg_cols = [*value_columns, *[f"{c}__missing" for c in value_columns], COUNT]
    g = work.groupby([RAW, *dims], dropna=False, sort=False, observed=True)[agg_cols].sum(
        min_count=0
    )
    g = g.reset_index()
    g[RAW] = _raw_text(g[RAW]) if len(g) else g[RAW].astype("string")
    # distinct raw values may collapse after conversion to text (e.g. 3973 and 3973.0)
    return g.groupby([RAW, *dims], dropna=False, sort=False)[agg_cols].sum().reset_index()


def classify_records(
    df: pd.DataFrame,
    code_column: str,
    value_columns: list[str] | str,
    *,
    year_column: str | None = None,
    region_column: str | None = None,
    table: ClassificationTable | None = None,
    coefficients: Coefficients | None = None,
) -> pd.DataFrame:
    """Record-level classification: one row per record × correspondence.

    Returns the input columns plus ``record`` (input index), ``code`` (normalised),
    ``code_status``, ``code_reason``, ``major_code``, ``major_name``, ``mid_code``,
    ``mid_name``, ``sub_code``, ``sub_name``, ``weight`` and ``<col>_weighted`` for each value
    column (value × weight). Non-digital shares have NA category codes; unmatched codes have
    ``major_code == "UNMATCHED"`` and weight 1. Weights of one record sum to 1.
    """
    value_columns = [value_columns] if isinstance(value_columns, str) else list(value_columns)
    check_columns(
        list(df.columns),
        {
            "code column": code_column,
            "year column": year_column,
            "region column": region_column,
            **{f"value column {i + 1}": c for i, c in enumerate(value_columns)},
        },
    )
    table = table or default_table()
    coef = coefficients or load_coefficients()
    values = {c: numeric_values(df[c], c) for c in value_columns}
    norm = normalise_codes(_raw_text(df[code_column]))
    base = df.copy()
    base.insert(0, "record", df.index)
    base["code"] = norm["code"].to_numpy()
    base["code_status"] = norm["status"].to_numpy()
    base["code_reason"] = norm["reason"].to_numpy()
    w = weights_for(table, coef).rename(columns={"code": "code"})
    out = base.merge(w, on="code", how="left")
    bad = out["code_status"] != "ok"
    out.loc[bad, "major_code"] = UNMATCHED
    out.loc[bad, "weight"] = 1.0
    names = table.names("sub")
    out = out.merge(names[["sub_code", "sub_name"]], on="sub_code", how="left")
    out = out.merge(table.names("mid")[["mid_code", "mid_name"]], on="mid_code", how="left")
    out = out.merge(table.names("major")[["major_code", "major_name"]], on="major_code", how="left")
    out.loc[out["major_code"].isna(), "major_name"] = NON_DIGITAL_NAME
    out.loc[out["major_code"] == UNMATCHED, "major_name"] = UNMATCHED_NAME
    for c in value_columns:
        v = pd.Series(values[c].to_numpy(), index=df.index)
        out[f"{c}_weighted"] = out["record"].map(v) * out["weight"]
    out.attrs["table_verified"] = table.verified
    out.attrs["provenance"] = table.provenance
    return out
