"""Everything an upload box of the app needs, without Streamlit: safe file names, the upload
token, user text shown as plain text, http(s)-only links, scenario and register files read
with located errors, and upload-then-refresh with separate outcomes.

No function here lets an exception through for bad input: each raises :class:`UploadError`
(a message naming the file, and the row and column where there is one) or returns a result.
"""

from __future__ import annotations

import hmac
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench.i18n import t
from workbench.ingest.limits import Limits
from workbench.ingest.messages import of_exception, render
from workbench.ingest.numbers import parse_number

MAX_NAME_BYTES = 120
"""A stored temporary name stays well under the 255-byte limit of most file systems."""
MAX_SCENARIO_BYTES = 64 * 1024
MAX_JSON_DEPTH = 20


class UploadError(ValueError):
    """An uploaded file or value cannot be used; the message says where and why."""


# ---------------------------------------------------------------- names, text, links
def safe_filename(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """A file name safe to create anywhere: no directories, control characters or NUL,
    cut to ``max_bytes`` of UTF-8 while keeping the suffix (``.xlsx``)."""
    base = Path(str(name).replace("\\", "/")).name
    base = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable())
    base = base.strip(" .") or "upload"
    stem, suffix = Path(base).stem, Path(base).suffix
    if len(suffix.encode()) > 16:
        stem, suffix = base, ""
    budget = max_bytes - len(suffix.encode())
    while len(stem.encode()) > budget:
        stem = stem[:-1]
    return (stem or "upload") + suffix


_MD_SPECIAL = re.compile(r"([\\`*\[\]()<>!|~$])")


def plain_text(text: object) -> str:
    """``text`` escaped so that Streamlit's markdown shows it literally: no links, images,
    autolinks, HTML, code, emphasis with ``*`` or formulas (``[点此](https://x)`` and a bare
    ``https://x`` stay plain characters). Underscores inside names (``a_ors``) are left."""
    out = _MD_SPECIAL.sub(r"\\\1", str(text))
    return out.replace("://", ":\\/\\/").replace("www.", "www\\.")


def safe_url(url: object) -> str | None:
    """``url`` if it is an http(s) address, else ``None`` (``javascript:``, ``data:`` …)."""
    text = str(url or "").strip()
    return text if re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE) else None


def safe_links(df: pd.DataFrame, column: str = "source_url") -> pd.DataFrame:
    """A copy of ``df`` whose ``column`` keeps only http(s) links (others become empty)."""
    if column not in df.columns:
        return df
    out = df.copy()
    out[column] = [safe_url(u) for u in out[column]]
    return out


# ---------------------------------------------------------------- the upload token
def normalise_token(raw: object) -> str | None:
    """The configured token as text, or ``None`` when it is missing or blank.

    A number in the secrets file (``upload_token = 1234``) is taken as its digits; a token
    of only spaces is not a token."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        raw = str(int(raw)) if float(raw).is_integer() else str(raw)
    if not isinstance(raw, str):
        return None
    tok = raw.strip()
    return tok or None


def token_matches(given: object, expected: str | None) -> bool:
    """Constant-time comparison of a typed token with the configured one (never raises)."""
    if not expected or not isinstance(given, str) or not given.strip():
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))


# ---------------------------------------------------------------- scenario files
def _json_depth(text: str) -> int:
    """Deepest nesting of ``[``/``{`` outside strings (a cheap pre-check before json.loads)."""
    depth = deepest = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def read_scenario(data: bytes, name: str, lang: str = "zh"):
    """A :class:`workbench.scenario.Scenario` from an uploaded JSON file, or UploadError."""
    from workbench.scenario import Scenario, ScenarioError

    shown = safe_filename(name)
    if len(data) > MAX_SCENARIO_BYTES:
        raise UploadError(t("up_too_large", lang, name=shown, limit="64 KB"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(t("up_not_utf8", lang, name=shown)) from None
    if _json_depth(text) > MAX_JSON_DEPTH:
        raise UploadError(t("up_json_deep", lang, name=shown, depth=MAX_JSON_DEPTH))
    try:
        return Scenario.from_json(text)
    except (ScenarioError, RecursionError, TypeError, ValueError) as exc:
        raise UploadError(f"{shown}: {exc}") from None


# ---------------------------------------------------------------- register files
REGISTER_NUMBERS = ("value_added_wan", "year")


def _register_frame(data: bytes, name: str, lang: str) -> pd.DataFrame:
    from workbench.ingest.readers import ReadError, read_tables

    shown = safe_filename(name)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / shown
        path.write_bytes(data)
        try:
            tables = read_tables(path, Limits.from_env())
        except ReadError as exc:
            raise UploadError(exc.issue.format(lang)) from None
    rows = tables[0].rows if tables else []
    if not rows:
        raise UploadError(t("up_empty", lang, name=shown))
    header = [str(c or "").strip() for c in rows[0][1]]
    body = [(n, list(c) + [None] * (len(header) - len(c))) for n, c in rows[1:] if any(c)]
    df = pd.DataFrame([c[: len(header)] for _, c in body], columns=header, dtype=object)
    df.attrs["rows"] = [n for n, _ in body]
    return df


def read_register(data: bytes, name: str, lang: str = "zh") -> pd.DataFrame:
    """An uploaded enterprise register (industry_code, value_added_wan, year, region) with
    strictly parsed numbers: ``value_added_wan`` finite and ≥ 0, ``year`` a whole year;
    UploadError naming the file, row and column of the first bad cell otherwise."""
    shown = safe_filename(name)
    df = _register_frame(data, name, lang)
    missing = [c for c in ("industry_code", "value_added_wan") if c not in df.columns]
    if missing:
        raise UploadError(t("up_missing_cols", lang, name=shown, cols=", ".join(missing)))
    for col in REGISTER_NUMBERS:
        if col not in df.columns:
            continue
        values = []
        for rownum, raw in zip(df.attrs["rows"], df[col], strict=True):
            try:
                v, pct = parse_number(raw)
                if pct or (v is not None and (v < 0 or (col == "year" and not v.is_integer()))):
                    raise ValueError(f"{raw!r}")
            except ValueError as exc:
                raise UploadError(
                    t(
                        "up_bad_number",
                        lang,
                        name=shown,
                        row=rownum,
                        col=col,
                        msg=render(of_exception(exc), lang),
                    )  # fmt: skip
                ) from None
            values.append(v)
        df[col] = pd.to_numeric(pd.Series(values, index=df.index, dtype=object))
    return df


# ---------------------------------------------------------------- upload and refresh
@dataclass
class UploadOutcome:
    """What an upload-and-refresh did: ``stored`` (IngestResult or None), ``run`` (the new
    run or None) and one message per step, already in the page's language."""

    stored: object | None = None
    run: object | None = None
    messages: list[tuple[str, str]] = field(default_factory=list)  # (level, text)


def ingest_and_refresh(
    data: bytes, name: str, source: str, *, plan_id: str | None = None, lang: str = "zh",
    grade: str = "primary",
) -> UploadOutcome:  # fmt: skip
    """Store an uploaded file, then refresh the plan's run; each step reports separately,
    so a file that was stored is never reported as not imported."""
    from workbench.ingest import IngestError
    from workbench.refresh import refresh
    from workbench.store import Store

    out = UploadOutcome()
    shown = safe_filename(name)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / shown
        path.write_bytes(data)
        try:
            out.stored = Store().ingest(path, source.strip(), grade=grade, original_name=shown)
        except IngestError as exc:
            lines = ("；" if lang == "zh" else "; ").join(i.format(lang) for i in exc.errors[:5])
            out.messages.append(("error", t("upload_failed", lang, msg=lines)))
            return out
        except Exception as exc:  # noqa: BLE001 - no traceback reaches a page
            out.messages.append(
                ("error", t("upload_failed", lang, msg=f"{type(exc).__name__}: {exc}"))
            )
            return out
    res = out.stored
    out.messages.append(("success", t("upload_stored", lang, name=shown, n=res.n_observations,
                                      vintage=res.vintage_id)))  # fmt: skip
    try:
        out.run = refresh(plan_id)
    except Exception as exc:  # noqa: BLE001
        out.messages.append(("error", t("upload_refresh_failed", lang, msg=str(exc))))
    else:
        out.messages.append(("success", t("upload_refreshed", lang, run_id=out.run.run_id)))
    return out
