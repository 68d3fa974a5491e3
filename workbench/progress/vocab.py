"""The progress vocabulary: the four states a task or project can be reported in.

Words are the plan office's (未启动 / 推进中 / 已完成 / 滞后); labels for display come from
:mod:`workbench.i18n` (``progress_<state>``), icons and colours from
:class:`workbench.targets.Status` through :data:`LOOKS_LIKE`, so no colour is defined here.
"""

from __future__ import annotations

import unicodedata

from workbench.targets import Status

STATES: tuple[str, ...] = ("not_started", "in_progress", "completed", "delayed")
NOT_REPORTED = "not_reported"

ALIASES: dict[str, str] = {
    "未启动": "not_started",
    "未开始": "not_started",
    "not started": "not_started",
    "not_started": "not_started",
    "推进中": "in_progress",
    "进行中": "in_progress",
    "in progress": "in_progress",
    "in_progress": "in_progress",
    "ongoing": "in_progress",
    "已完成": "completed",
    "完成": "completed",
    "completed": "completed",
    "done": "completed",
    "滞后": "delayed",
    "delayed": "delayed",
    "late": "delayed",
}
"""Accepted spellings in a progress sheet (case-insensitive) → state key."""

LOOKS_LIKE: dict[str, Status] = {
    "completed": Status.MET,
    "in_progress": Status.ON_TRACK,
    "delayed": Status.OFF_TRACK,
    "not_started": Status.NOT_ENTERED,
    NOT_REPORTED: Status.INSUFFICIENT_DATA,
}
"""Which target status lends each progress state its icon and colour."""


def parse_state(text: object) -> str | None:
    """A cell as a state key, ``None`` when the word is not one of :data:`ALIASES`."""
    t = unicodedata.normalize("NFKC", str(text or "")).strip().casefold()
    return ALIASES.get(t)


def state_label(state: str, lang: str = "zh") -> str:
    """The state's word in ``lang`` (from the translation table)."""
    from workbench.i18n import t

    return t(f"progress_{state}", lang)
