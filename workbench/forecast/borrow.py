"""Borrowing strength: short series take their growth path from longer donor series.

A *borrower* is a series spanning fewer than ``MIN_OWN_YEARS`` years (too short for its
own backtest) that has donors. Donors are given as a long frame ``series_id, year,
value`` (e.g. China's online retail sales) and matched to borrowers by, in order:

1. the ``donor_map`` argument of :func:`workbench.forecast.forecast`
   (``{"borrower_id": "donor_id"}`` or ``{"borrower_id": ["d1", "d2"]}``);
2. a ``for_series`` column in the donors frame naming the borrower (empty or ``*``:
   the donor serves every short series);
3. otherwise every donor serves every short series.

Method (all in the *borrower's* transformed space: log growth for a positive level, a
logit change for a 0–100 share; see :func:`to_borrower_space` for donors in another
space):

* Donors are forecast with the same engine; their trajectory is the actual value up
  to their last year, then their sample paths.
* The borrower's change from its last year ``T`` to ``T + h`` is the donors' mean
  change over the same years, plus a growth gap ``delta * h``. With two or more own
  observations spanning ``span`` years, ``delta`` is the borrower's mean yearly growth
  minus the donors' over the same years, shrunk by ``span / (span + PRIOR_YEARS)``;
  with one observation it is 0.
* Uncertainty adds, to the donors' own paths, an idiosyncratic random walk with yearly
  sd ``sigma`` and an uncertain gap ``N(0, sigma / sqrt(max(span, 1))) * h``.
  ``sigma`` is the larger of the donors' yearly growth sd and their mean absolute
  yearly growth (a city can plausibly grow anywhere from zero to twice the donor's
  rate), or the borrower's own residual sd when it has at least three yearly changes
  and that is larger.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.forecast.transforms import Transform

MIN_OWN_YEARS = 6
"""Series spanning fewer years borrow when donors are given."""

PRIOR_YEARS = 4.0
"""Shrinkage of the growth gap: the evidence of this many years pulls it toward 0."""


@dataclass
class DonorTrack:
    """A donor's trajectory by year on its original scale: actual, then forecast paths."""

    years: np.ndarray  # consecutive calendar years
    point: np.ndarray  # (len(years),) actual value, then point forecast
    paths: np.ndarray  # (n_paths, len(years)) actual values repeated, then sample paths
    last_actual_year: int
    first_actual_year: int
    series_id: str = ""
    tf: Transform | None = None  # the donor's own transform (its bounds)

    def at(self, year: int) -> tuple[float, np.ndarray] | None:
        i = year - int(self.years[0])
        if i < 0 or i >= len(self.years):
            return None
        return float(self.point[i]), self.paths[:, i]


def same_space(a: Transform | None, b: Transform) -> bool:
    """Whether two series live in the same transformed space (same transform and bounds)."""
    return a is not None and a.kind == b.kind and a.lo == b.lo and a.hi == b.hi


def to_borrower_space(
    tr: DonorTrack, tf: Transform, y_anchor: float, d_anchor: float
) -> Callable[[np.ndarray], np.ndarray]:
    """Map donor values into the borrower's transformed space ``z``.

    Differences of the mapped values are the changes the borrower borrows:

    * same transform and bounds (a share from a share, a level from a level): the
      donor's own change in that space (logit change, log growth, absolute change);
    * otherwise the donor's *relative* change, applied to the borrower's distance from
      its lower bound (``y_anchor - lo``) and mapped through the borrower's transform
      (a share borrowing from a level grows by the level's growth rate, and stays
      inside 0–100). ``d_anchor`` is the donor's value at the borrower's last year.
    """
    if same_space(tr.tf, tf):
        return tr.tf.forward  # type: ignore[union-attr]
    if not d_anchor > 0:
        raise ValueError(
            f"donor {tr.series_id!r} has a non-positive value {d_anchor:g}: no relative change"
        )
    lo = tf.lo if math.isfinite(tf.lo) else 0.0
    base = y_anchor - lo

    def relative(y: np.ndarray) -> np.ndarray:
        return tf.forward(lo + base * np.asarray(y, float) / d_anchor)

    return relative


def donor_map_from(
    borrowers: list[str],
    donors: pd.DataFrame,
    donor_map: dict[str, str | list[str]] | None,
) -> dict[str, list[str]]:
    """Which donors each borrower uses (see the module docstring for the rules)."""
    donor_ids = list(dict.fromkeys(donors["series_id"].astype(str)))
    out: dict[str, list[str]] = {}
    for b in borrowers:
        if donor_map is not None:
            if b not in donor_map:
                continue
            ids = donor_map[b]
            ids = [ids] if isinstance(ids, str) else list(ids)
        elif "for_series" in donors.columns:
            fs = donors["for_series"].fillna("").astype(str)
            sel = donors[(fs == b) | (fs == "") | (fs == "*")]
            ids = list(dict.fromkeys(sel["series_id"].astype(str)))
        else:
            ids = donor_ids
        unknown = [d for d in ids if d not in donor_ids]
        if unknown:
            raise ValueError(f"donor_map: series {b!r} names unknown donors {unknown}")
        if ids:
            out[b] = ids
    return out


def borrowed_paths(
    years: np.ndarray,
    z: np.ndarray,
    observed: np.ndarray,
    H: int,
    tracks: list[DonorTrack],
    rng: np.random.Generator,
    tf: Transform,
) -> tuple[np.ndarray, np.ndarray, str, list[str]] | None:
    """Point ``(H,)`` and path ``(n_paths, H)`` values in the borrower's ``z`` space,
    a note and the ids of the donors used.

    ``years``/``z``: the borrower's gap-free transformed history; ``observed``: which
    entries are real observations; ``tf``: the borrower's transform (donor changes are
    taken in its space, see :func:`to_borrower_space`). Returns ``None`` when no donor
    covers the borrower's last year and horizon.
    """
    T = int(years[-1])
    first = int(years[observed][0])
    span = T - first
    y_T = float(tf.inverse(z[-1:])[0])
    changes_pt, changes_paths, g_donor, sd_donor, used = [], [], [], [], []
    for tr in tracks:
        res = _donor_changes(tr, tf, y_T, T, H, first)
        if res is None:
            continue
        pt_c, paths_c, sd, g = res
        used.append(tr)
        changes_pt.append(pt_c)
        changes_paths.append(paths_c)
        sd_donor.append(sd)
        if g is not None:
            g_donor.append(g)
    if not used:
        return None
    pt = np.mean(changes_pt, axis=0)
    paths = np.mean(changes_paths, axis=0)
    sigma = float(np.mean(sd_donor))
    delta = 0.0
    if span > 0 and g_donor:
        g_own = (z[-1] - z[years == first][0]) / span
        delta = (g_own - float(np.mean(g_donor))) * span / (span + PRIOR_YEARS)
    obs_years = years[observed]
    obs_z = z[observed]
    consecutive = np.diff(obs_years) == 1
    if consecutive.sum() >= 3:
        own_steps = np.diff(obs_z)[consecutive]
        sigma = max(sigma, float(np.std(own_steps, ddof=1)))
    h = np.arange(1, H + 1)
    n_paths = paths.shape[0]
    idio = np.cumsum(rng.normal(0.0, sigma, (n_paths, H)), axis=1)
    gap = rng.normal(0.0, sigma / np.sqrt(max(span, 1)), (n_paths, 1)) * h[None, :]
    point = z[-1] + pt + delta * h
    sims = z[-1] + paths + delta * h[None, :] + idio + gap
    spaces = {"same" if same_space(t.tf, tf) else "relative" for t in used}
    how = f"{tf.kind} change" if spaces == {"same"} else f"relative change mapped to {tf.kind}"
    note = (
        f"borrowed growth from {'+'.join(_ids(used))} ({how}): gap {delta:+.4f}/yr, "
        f"idiosyncratic sd {sigma:.4f}/yr (transformed scale)"
    )
    return point, sims, note, _ids(used)


def _donor_changes(
    tr: DonorTrack, tf: Transform, y_T: float, T: int, H: int, first: int
) -> tuple[np.ndarray, np.ndarray, float, float | None] | None:
    """One donor's changes from year ``T`` in the borrower's space: point ``(H,)``, paths
    ``(n_paths, H)``, its yearly sd (the larger of the sd and the mean absolute step of its
    actual history) and its mean yearly growth over ``first..T`` (None when its actuals
    do not cover those years). None when the donor does not cover ``T..T+H``."""
    base = tr.at(T)
    ends = [tr.at(T + h) for h in range(1, H + 1)]
    if base is None or any(e is None for e in ends):
        return None
    zmap = to_borrower_space(tr, tf, y_T, base[0])
    z_base = zmap(np.array(base[0]))
    pt = zmap(np.array([e[0] for e in ends])) - z_base  # type: ignore[index]
    paths = zmap(np.column_stack([e[1] for e in ends])) - zmap(base[1])[:, None]  # type: ignore[index]
    hist = tr.point[(tr.years >= tr.first_actual_year) & (tr.years <= tr.last_actual_year)]
    steps = np.diff(zmap(hist))
    sd = max(
        float(np.std(steps, ddof=1)) if len(steps) > 1 else 0.0,
        float(np.mean(np.abs(steps))) if len(steps) else 0.0,
    )
    span, a0 = T - first, tr.at(first)
    covered = a0 is not None and tr.first_actual_year <= first and tr.last_actual_year >= T
    g = float(z_base - zmap(np.array(a0[0]))) / span if span > 0 and covered else None  # type: ignore[index]
    return pt, paths, sd, g


def _ids(tracks: list[DonorTrack]) -> list[str]:
    return [t.series_id for t in tracks]
