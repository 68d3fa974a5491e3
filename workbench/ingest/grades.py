"""Source grades: how directly a number comes from its publisher (see ``docs/plans.md``).

Precedence in the store is best grade first (``primary`` < ``official-repost`` <
``secondary`` < ``derived`` < ``synthetic``), then the lowest declared ``priority``, then
the value known latest. It never reads the words of a source or note.
"""

from __future__ import annotations

from enum import StrEnum

from workbench.ingest.messages import Msg


class Grade(StrEnum):
    """A source grade, in order of precedence (best first)."""

    PRIMARY = "primary"
    OFFICIAL_REPOST = "official-repost"
    SECONDARY = "secondary"
    DERIVED = "derived"
    SYNTHETIC = "synthetic"

    @property
    def rank(self) -> int:
        """0 for ``primary`` … 4 for ``synthetic``; lower is shown first."""
        return list(Grade).index(self)


DECLARABLE = (Grade.PRIMARY, Grade.OFFICIAL_REPOST, Grade.SECONDARY)
"""Grades an uploader may declare for a whole file (``workbench ingest --grade``)."""

DEFAULT_PRIORITY = 50
"""Priority of a row that declares none; lower is shown first within a grade."""
BUREAU_PRIORITY = 10
"""Default priority of a statistician's own delivery (source type ``bureau``): before the
plan's own figures (a pack's plan table 20, its running text 25) and any other primary source."""


def default_priority(source_type: str | None) -> int:
    """Priority of a delivery that declares none: :data:`BUREAU_PRIORITY` for the bureau's
    own files, :data:`DEFAULT_PRIORITY` otherwise."""
    return BUREAU_PRIORITY if source_type == "bureau" else DEFAULT_PRIORITY


SOURCE_TYPES = ("bureau", "government", "media", "other", "curated", "derived")
"""Who delivered a vintage: ``bureau`` (the statistician's own delivery, the default),
``government`` / ``media`` / ``other`` (a file of figures gathered from such pages),
``curated`` (a committed file under data/), ``derived`` (computed by the workbench)."""

DEFAULT_SOURCE_TYPE = {
    Grade.PRIMARY: "bureau",
    Grade.OFFICIAL_REPOST: "government",
    Grade.SECONDARY: "other",
}


def parse_grade(text: object) -> Grade:
    """A grade from its key (``primary``, ``official-repost`` …, case and ``_`` tolerant);
    ``ValueError`` naming the accepted keys otherwise."""
    key = str(text or "").strip().casefold().replace("_", "-").replace(" ", "-")
    try:
        return Grade(key)
    except ValueError:
        keys = ", ".join(g.value for g in Grade)
        raise ValueError(Msg("grade_unknown", shown=repr(str(text)), keys=keys)) from None


def grade_label(grade: object, lang: str = "zh") -> str:
    """The grade's label in ``lang`` from :mod:`workbench.i18n` (``src_<grade>``); ``""``
    for an empty or unknown grade."""
    from workbench.i18n import t

    key = str(grade or "")
    return t(f"src_{key}", lang) if key in {g.value for g in Grade} else ""
