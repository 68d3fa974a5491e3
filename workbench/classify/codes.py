"""Normalising GB/T 4754 industry codes as they appear in registers.

Accepted spellings of one code: ``3973``, ``C3973``, ``c 3973``, ``Ｃ３９７３`` (full width),
``39`` / ``C39`` (大类), ``397`` (中类), ``3973.0`` (a number read by a spreadsheet). The
result is the bare code (no section letter) checked against GB/T 4754-2017.

Codes that are not GB/T 4754-2017 codes are never dropped: they get a status and a
human-readable reason, and the classification reports them as ``UNMATCHED``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from workbench.reference import gbt4754

OK = "ok"
GBT2011_ONLY = "gbt2011_only"
NOT_GBT2017 = "not_gbt2017"
BAD_FORMAT = "bad_format"
MISSING = "missing"
STATUSES = (OK, GBT2011_ONLY, NOT_GBT2017, BAD_FORMAT, MISSING)

GBT2011_ONLY_CODES: dict[str, tuple[str, str]] = {
    "6420": (
        "互联网信息服务",
        "2017: split into 6421 互联网搜索服务, 6422 互联网游戏服务, 6429 互联网其他信息服务",
    ),
    "6510": (
        "软件开发",
        "2017: split into 6511 基础软件开发, 6512 支撑软件开发, 6513 应用软件开发, 6519 其他软件开发",
    ),
    "6530": ("信息技术咨询服务", "2017: 6560 信息技术咨询服务"),
    "6592": ("呼叫中心", "2017: 6591 呼叫中心"),
    "8510": ("新闻业", "2017: 8610 新闻业 (大类 85 became 社会工作)"),
}
"""GB/T 4754-2011 小类 codes that no longer exist in GB/T 4754-2017, with their 2011 name
and where the activity went. Deliberately short: only codes whose 2011 meaning we are sure
of are listed. Other codes absent from 2017 are reported as "not a GB/T 4754-2017 code
(possibly 2011)". Codes that exist in both editions with different meanings (e.g. 6520,
6540, 6550, 6591, 3961–3963) cannot be detected from the code alone."""

_SECTION_RE = re.compile(r"^([A-T])?(\d+)$")


@dataclass(frozen=True)
class NormalisedCode:
    """One raw code after normalisation: ``code`` is the bare GB/T 4754-2017 code
    (2, 3 or 4 digits) when ``status == "ok"``, else ``None``; ``reason`` explains a
    non-ok status in words."""

    raw: str
    code: str | None
    status: str
    reason: str


@lru_cache(maxsize=1)
def _gbt_index() -> tuple[dict[str, str], dict[str, str]]:
    """(code → level, code → section letter) for all GB/T 4754-2017 大类/中类/小类."""
    df = gbt4754()
    df = df[df["level"] != "门类"]
    level = dict(zip(df["code"], df["level"], strict=True))
    parent = dict(zip(df["code"], df["parent"], strict=True))
    section: dict[str, str] = {}
    for code in level:
        p = code[:2]
        section[code] = parent[p]
    return level, section


def gbt2017_levels() -> dict[str, str]:
    """GB/T 4754-2017 code → level (大类/中类/小类), section letters excluded."""
    return dict(_gbt_index()[0])


def _clean(raw: object) -> str:
    if raw is None or (isinstance(raw, float) and pd.isna(raw)) or raw is pd.NA:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFKC", str(raw))
    text = re.sub(r"\s+", "", text).upper()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text


def normalise_code(raw: object) -> NormalisedCode:
    """Normalise one raw industry code (see module docstring for accepted spellings)."""
    text = _clean(raw)
    shown = "" if raw is None else str(raw)
    if text == "":
        return NormalisedCode(shown, None, MISSING, "no industry code")
    m = _SECTION_RE.match(text)
    if not m:
        return NormalisedCode(shown, None, BAD_FORMAT, f"{shown!r} is not an industry code")
    letter, digits = m.group(1), m.group(2)
    levels, sections = _gbt_index()
    if len(digits) not in (2, 3, 4):
        return NormalisedCode(
            shown, None, BAD_FORMAT, f"{shown!r} has {len(digits)} digits (expected 2, 3 or 4)"
        )
    if digits in levels:
        if letter is not None and sections[digits] != letter:
            return NormalisedCode(
                shown,
                None,
                BAD_FORMAT,
                f"{shown!r}: section letter {letter} does not match code {digits} "
                f"(section {sections[digits]})",
            )
        return NormalisedCode(shown, digits, OK, "")
    if digits in GBT2011_ONLY_CODES:
        name, where = GBT2011_ONLY_CODES[digits]
        return NormalisedCode(
            shown, None, GBT2011_ONLY, f"GB/T 4754-2011 code {digits} {name}, not in 2017 ({where})"
        )
    return NormalisedCode(
        shown, None, NOT_GBT2017, f"{shown!r} is not a GB/T 4754-2017 code (possibly 2011)"
    )


def normalise_codes(values: pd.Series | list) -> pd.DataFrame:
    """Normalise many codes at once (each distinct value is looked at once).

    Returns a DataFrame aligned with ``values`` with columns ``raw`` (str), ``code``
    (str or NA), ``status`` (one of ``STATUSES``) and ``reason``.
    """
    s = pd.Series(values)
    uniques = pd.unique(s)
    table = {u: normalise_code(u) for u in uniques}
    out = pd.DataFrame(
        {
            "raw": [table[v].raw for v in s],
            "code": [table[v].code for v in s],
            "status": [table[v].status for v in s],
            "reason": [table[v].reason for v in s],
        },
        index=s.index,
    )
    out["code"] = out["code"].astype("string")
    return out


def integer_code_to_text(value: int) -> str:
    """A code that was stored as a number lost its leading zero: 111 → ``0111``, 1 → ``01``.

    Only odd lengths are padded (GB/T codes have 2 or 4 digits at 大类/小类 level); a
    3-digit number is read as a 4-digit 小类 that lost its zero, not as a 中类.
    """
    text = str(int(value))
    return "0" + text if len(text) in (1, 3) else text
