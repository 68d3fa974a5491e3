"""The NBS 2021 digital-economy classification table: loading, validating and diffing.

A *classification table* has one row per (小类, GB/T 4754-2017 code) correspondence with the
columns of ``STANDARD_COLUMNS``. The table shipped with the workbench
(``data/reference/nbs_digital_economy_2021_subclasses.csv``) is a reconstruction that has
NOT been checked against the official text: results computed with it carry
``table_verified = False``. A statistician can load the official table with
:func:`load_table`, either in the shipped layout or in the NBS layout (columns 代码, 名称,
说明, 国民经济行业代码及名称, with ``*`` marking partial correspondences).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench.classify.codes import gbt2017_levels
from workbench.paths import REFERENCE_DIR
from workbench.reference import nbs_subclasses

DEFAULT_TABLE_PATH = REFERENCE_DIR / "nbs_digital_economy_2021_subclasses.csv"
STANDARD_COLUMNS = (
    "major_code",
    "major_name",
    "mid_code",
    "mid_name",
    "sub_code",
    "sub_name",
    "gbt4754_code",
    "gbt4754_level",
    "gbt4754_name",
    "partial",
)
NBS_COLUMNS = ("代码", "名称", "国民经济行业代码及名称")
MAJOR_CODES = ("01", "02", "03", "04", "05")


class ClassificationTableError(ValueError):
    """A classification table file is unreadable or inconsistent (message names file and row)."""


@dataclass(frozen=True)
class ClassificationTable:
    """A validated classification table.

    ``rows``: DataFrame with ``STANDARD_COLUMNS`` (codes as text, ``partial`` bool).
    ``verified``: True only for a table supplied by the user that differs from the shipped
    reconstruction. ``source``: file path or ``"default"``. ``sha256`` of the file's bytes.
    """

    rows: pd.DataFrame = field(repr=False)
    verified: bool
    source: str
    sha256: str

    @property
    def provenance(self) -> str:
        """One line saying which table a result rests on."""
        if self.verified:
            return (
                f"classification table supplied by user: {self.source} (sha256 {self.sha256[:12]})"
            )
        return (
            "classification table: UNVERIFIED reconstruction shipped with the workbench "
            "(nbs_digital_economy_2021_subclasses.csv); load the official table to replace it"
        )

    def names(self, level: str) -> pd.DataFrame:
        """Distinct codes and names at ``level`` (major, mid or sub)."""
        cols = {
            "major": ["major_code", "major_name"],
            "mid": ["major_code", "major_name", "mid_code", "mid_name"],
            "sub": ["major_code", "major_name", "mid_code", "mid_name", "sub_code", "sub_name"],
        }[level]
        return self.rows[cols].drop_duplicates(cols[-2]).reset_index(drop=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_any(path: Path) -> pd.DataFrame:
    """Read CSV (utf-8-sig, then gb18030) or xlsx as text."""
    if not path.exists():
        raise ClassificationTableError(f"{path}: file not found")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        df = pd.read_excel(path, dtype=str).fillna("")
    else:
        for enc in ("utf-8-sig", "gb18030"):
            try:
                df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ClassificationTableError(f"{path}: neither UTF-8 nor GBK/GB18030 text")
    df.columns = [str(c).strip() for c in df.columns]
    return df.map(lambda v: str(v).strip())


def _parse_bool(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in ("true", "1", "yes", "y", "是", "*"):
        return True
    if v in ("false", "0", "no", "n", "否", ""):
        return False
    raise ClassificationTableError(f"{where}, column partial: {value!r} is not true/false")


def _pad(code: str, width: int) -> str:
    return code.zfill(width) if code.isdigit() else code


def _from_standard(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    missing = [c for c in STANDARD_COLUMNS if c not in df.columns and c != "gbt4754_level"]
    if missing:
        raise ClassificationTableError(f"{path}: missing column(s) {', '.join(missing)}")
    out = df.copy()
    out["partial"] = [
        _parse_bool(v, f"{path} row {i + 2}") for i, v in enumerate(out["partial"].tolist())
    ]
    out["major_code"] = out["major_code"].map(lambda c: _pad(c, 2))
    out["mid_code"] = out["mid_code"].map(lambda c: _pad(c, 4))
    out["sub_code"] = out["sub_code"].map(lambda c: _pad(c, 6))
    out["gbt4754_code"] = out["gbt4754_code"].map(lambda c: re.sub(r"^[A-T]", "", c.upper()))
    return out


_GBT_CODE = re.compile(r"(\*?)\s*(?<![\dA-Za-z])[A-T]?(\d{4}|\d{3}|\d{2})(?!\d)\s*(\*?)")


def parse_gbt_entries(text: str) -> list[tuple[str, str, bool]]:
    """GB/T codes in an NBS-layout cell: ``[(code, name, partial)]``.

    ``"2462* 游艺用品及室内游艺器材制造；*3831 电线、电缆制造"`` gives two entries, both
    partial. A name runs to the next code; digits inside names (``三维（3D)``) are kept.
    """
    matches = list(_GBT_CODE.finditer(text))
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        name = text[m.end() : end].strip(" \t\r\n、,，;；")
        out.append((m.group(2), name, bool(m.group(1) or m.group(3))))
    return out


def _from_nbs(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Parse the NBS layout: hierarchical rows 大类 (2 digits), 中类 (4), 小类 (6)."""
    rows: list[dict] = []
    major = mid = sub = None
    names: dict[str, str] = {}
    for i, r in df.iterrows():
        where = f"{path} row {i + 2}"
        code = r["代码"].replace(" ", "")
        name = r["名称"]
        if code:
            if not code.isdigit() or len(code) not in (2, 4, 6):
                raise ClassificationTableError(
                    f"{where}, column 代码: {code!r} is not a 2/4/6-digit category code"
                )
            names[code] = name
            if len(code) == 2:
                major, mid, sub = code, None, None
            elif len(code) == 4:
                mid, sub = code, None
            else:
                sub = code
        text = r["国民经济行业代码及名称"]
        if not text:
            continue
        if sub is None or mid is None or major is None:
            raise ClassificationTableError(
                f"{where}, column 国民经济行业代码及名称: industry codes given outside a 小类"
            )
        entries = parse_gbt_entries(text)
        if not entries:
            raise ClassificationTableError(
                f"{where}, column 国民经济行业代码及名称: no industry code found in {text!r}"
            )
        for gcode, gname, partial in entries:
            rows.append(
                {
                    "major_code": major,
                    "mid_code": mid,
                    "sub_code": sub,
                    "gbt4754_code": gcode,
                    "gbt4754_name": gname,
                    "partial": partial,
                    "_where": where,
                }
            )
    if not rows:
        raise ClassificationTableError(f"{path}: no correspondence rows found (NBS layout)")
    out = pd.DataFrame(rows)
    out["major_name"] = out["major_code"].map(names)
    out["mid_name"] = out["mid_code"].map(names)
    out["sub_name"] = out["sub_code"].map(names)
    return out


def _validate(df: pd.DataFrame, path: Path | str) -> pd.DataFrame:
    levels = gbt2017_levels()
    where = (
        df["_where"]
        if "_where" in df
        else pd.Series([f"{path} row {i + 2}" for i in range(len(df))])
    )
    for i, r in enumerate(df.itertuples(index=False)):
        w = where.iloc[i]
        if r.major_code not in MAJOR_CODES:
            raise ClassificationTableError(f"{w}, column major_code: {r.major_code!r} is not 01–05")
        if not (len(r.mid_code) == 4 and r.mid_code.startswith(r.major_code)):
            raise ClassificationTableError(
                f"{w}, column mid_code: {r.mid_code!r} does not belong to major {r.major_code}"
            )
        if not (len(r.sub_code) == 6 and r.sub_code.startswith(r.mid_code)):
            raise ClassificationTableError(
                f"{w}, column sub_code: {r.sub_code!r} does not belong to mid {r.mid_code}"
            )
        if r.gbt4754_code not in levels:
            raise ClassificationTableError(
                f"{w}, column gbt4754_code: {r.gbt4754_code!r} is not a GB/T 4754-2017 code"
            )
    out = df.drop(columns=["_where"], errors="ignore").copy()
    out["gbt4754_level"] = out["gbt4754_code"].map(levels)
    dup = out.duplicated(["sub_code", "gbt4754_code"])
    if dup.any():
        first = out[dup].iloc[0]
        raise ClassificationTableError(
            f"{path}: correspondence {first['sub_code']} ↔ {first['gbt4754_code']} listed twice"
        )
    return out[list(STANDARD_COLUMNS)].reset_index(drop=True)


_DEFAULT: ClassificationTable | None = None


def default_table() -> ClassificationTable:
    """The shipped, UNVERIFIED reconstruction (``verified = False``)."""
    global _DEFAULT
    if _DEFAULT is None:
        rows = nbs_subclasses()
        rows = rows.assign(partial=rows["partial"].astype(bool))
        _DEFAULT = ClassificationTable(
            rows=_validate(rows[list(STANDARD_COLUMNS)], DEFAULT_TABLE_PATH),
            verified=False,
            source="default",
            sha256=_sha256(DEFAULT_TABLE_PATH),
        )
    return _DEFAULT


def load_table(path: str | Path) -> ClassificationTable:
    """Load a classification table (shipped layout or NBS layout; CSV in UTF-8/GBK, or xlsx).

    The result is ``verified`` unless its correspondences are identical to the shipped
    reconstruction (loading the default file again does not make it official).
    Raises :class:`ClassificationTableError` naming file, row and column on bad input.
    """
    p = Path(path)
    df = _read_any(p)
    if "gbt4754_code" in df.columns:
        rows = _from_standard(df, p)
    elif all(c in df.columns for c in NBS_COLUMNS):
        rows = _from_nbs(df, p)
    else:
        raise ClassificationTableError(
            f"{p}: unknown layout; expected columns {', '.join(STANDARD_COLUMNS)} "
            f"or the NBS layout {', '.join(NBS_COLUMNS)}"
        )
    rows = _validate(rows, p)
    same = diff_tables_rows(rows, default_table().rows).empty
    return ClassificationTable(rows=rows, verified=not same, source=str(p), sha256=_sha256(p))


def _as_rows(t: ClassificationTable | pd.DataFrame) -> pd.DataFrame:
    return t.rows if isinstance(t, ClassificationTable) else t


def diff_tables(
    official: ClassificationTable | pd.DataFrame,
    default: ClassificationTable | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How ``official`` differs from ``default`` (the shipped table when omitted).

    One row per difference with columns ``kind``, ``code`` (sub or GB/T code),
    ``gbt4754_code``, ``default``, ``official``, ``detail``. Kinds:
    ``only_in_official`` / ``only_in_default`` (a 小类 ↔ GB/T correspondence),
    ``partial_differs`` (``*`` mark), ``name_differs`` (major/mid/sub name),
    ``category_differs`` (a GB/T code placed under a different 大类).
    An empty frame means the tables agree.
    """
    return diff_tables_rows(
        _as_rows(official), _as_rows(default if default is not None else default_table())
    )


def diff_tables_rows(official: pd.DataFrame, default: pd.DataFrame) -> pd.DataFrame:
    """:func:`diff_tables` on bare row frames."""
    out: list[dict] = []
    key = ["sub_code", "gbt4754_code"]
    m = default.merge(official, on=key, how="outer", suffixes=("_d", "_o"), indicator="side")
    for r in m.itertuples(index=False):
        if r.side == "left_only":
            out.append(
                dict(
                    kind="only_in_default",
                    code=r.sub_code,
                    gbt4754_code=r.gbt4754_code,
                    default=f"{r.sub_name_d} ↔ {r.gbt4754_code}{'*' if r.partial_d else ''}",
                    official="",
                    detail="correspondence missing from the official table",
                )
            )
        elif r.side == "right_only":
            out.append(
                dict(
                    kind="only_in_official",
                    code=r.sub_code,
                    gbt4754_code=r.gbt4754_code,
                    default="",
                    official=f"{r.sub_name_o} ↔ {r.gbt4754_code}{'*' if r.partial_o else ''}",
                    detail="correspondence not in the default table",
                )
            )
        elif bool(r.partial_d) != bool(r.partial_o):
            out.append(
                dict(
                    kind="partial_differs",
                    code=r.sub_code,
                    gbt4754_code=r.gbt4754_code,
                    default=str(bool(r.partial_d)),
                    official=str(bool(r.partial_o)),
                    detail="partial (*) mark differs",
                )
            )
    for level in ("major", "mid", "sub"):
        c, n = f"{level}_code", f"{level}_name"
        d = default[[c, n]].drop_duplicates(c)
        o = official[[c, n]].drop_duplicates(c)
        both = d.merge(o, on=c, suffixes=("_d", "_o"))
        for r in both[both[f"{n}_d"] != both[f"{n}_o"]].itertuples(index=False):
            out.append(
                dict(
                    kind="name_differs",
                    code=getattr(r, c),
                    gbt4754_code="",
                    default=getattr(r, f"{n}_d"),
                    official=getattr(r, f"{n}_o"),
                    detail=f"{level} name differs",
                )
            )
    dm = default.groupby("gbt4754_code")["major_code"].agg(lambda s: ",".join(sorted(set(s))))
    om = official.groupby("gbt4754_code")["major_code"].agg(lambda s: ",".join(sorted(set(s))))
    both = pd.concat([dm.rename("d"), om.rename("o")], axis=1, join="inner")
    for code, r in both[both["d"] != both["o"]].iterrows():
        out.append(
            dict(
                kind="category_differs",
                code=code,
                gbt4754_code=code,
                default=r["d"],
                official=r["o"],
                detail="GB/T code placed under different 大类",
            )
        )
    cols = ["kind", "code", "gbt4754_code", "default", "official", "detail"]
    return pd.DataFrame(out, columns=cols)
