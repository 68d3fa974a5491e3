"""Borrowing strength: short series take their growth path from longer donor series.

A *borrower* is a series spanning fewer than ``MIN_OWN_YEARS`` years (too short for its
own backtest) that has donors. Donors are given as a long frame ``series_id, year,
value`` (e.g. China's online retail sales) and matched to borrowers by, in order:

1. the ``donor_map`` argument of :func:`workbench.forecast.forecast`
   (``{"borrower_id": "donor_id"}`` or ``{"borrower_id": ["d1", "d2"]}``);
2. a ``for_series`` column in the donors frame naming the borrower (empty or ``*``:
   the donor serves every short series);
3. otherwise every donor serves every short series.

Method (all in each series' transformed space, i.e. log growth for positive series):

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

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_OWN_YEARS = 6
"""Series spanning fewer years borrow when donors are given."""

PRIOR_YEARS = 4.0
"""Shrinkage of the growth gap: the evidence of this many years pulls it toward 0."""


@dataclass
class DonorTrack:
    """A donor's transformed trajectory by year: actual then forecast paths."""

    years: np.ndarray  # consecutive calendar years
    point: np.ndarray  # (len(years),) actual z, then point forecast
    paths: np.ndarray  # (n_paths, len(years)) actual z repeated, then paths
    last_actual_year: int
    first_actual_year: int
    series_id: str = ""

    def at(self, year: int) -> tuple[float, np.ndarray] | None:
        i = year - int(self.years[0])
        if i < 0 or i >= len(self.years):
            return None
        return float(self.point[i]), self.paths[:, i]


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
) -> tuple[np.ndarray, np.ndarray, str] | None:
    """Point ``(H,)`` and path ``(n_paths, H)`` values in the borrower's ``z`` space.

    ``years``/``z``: the borrower's gap-free history; ``observed``: which entries are
    real observations. Returns ``None`` when no donor covers the borrower's last year.
    """
    T = int(years[-1])
    first = int(years[observed][0])
    span = T - first
    changes_pt, changes_paths, g_donor, sd_donor, used = [], [], [], [], []
    for tr in tracks:
        base = tr.at(T)
        ends = [tr.at(T + h) for h in range(1, H + 1)]
        if base is None or any(e is None for e in ends):
            continue
        used.append(tr)
        changes_pt.append(np.array([e[0] for e in ends]) - base[0])  # type: ignore[index]
        changes_paths.append(np.column_stack([e[1] for e in ends]) - base[1][:, None])  # type: ignore[index]
        hist = tr.point[(tr.years >= tr.first_actual_year) & (tr.years <= tr.last_actual_year)]
        steps = np.diff(hist)
        sd_donor.append(
            max(
                float(np.std(steps, ddof=1)) if len(steps) > 1 else 0.0,
                float(np.mean(np.abs(steps))) if len(steps) else 0.0,
            )
        )
        a0 = tr.at(first)
        if (
            span > 0
            and a0 is not None
            and tr.first_actual_year <= first
            and tr.last_actual_year >= T
        ):
            g_donor.append((base[0] - a0[0]) / span)
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
    note = f"borrowed growth from {'+'.join(_ids(used))}: gap {delta:+.4f}/yr, idiosyncratic sd {sigma:.4f}/yr (transformed scale)"
    return point, sims, note


def _ids(tracks: list[DonorTrack]) -> list[str]:
    return [t.series_id for t in tracks]
