"""The Dask engine: the per-series steps of :mod:`workbench.forecast.engine` on Dask workers.

Series are cut into chunks; each chunk lives on a worker through four rounds:

1. backtest every series, send back its trend group and stack rows (small);
2. the driver learns the cross-learned stack (``engine.learn_stack``), broadcast back;
3. workers choose each series' model and send back its scaled backtest errors;
   the driver calibrates the pooled interval tables (``engine.calibrate``), broadcast;
4. workers simulate paths and bands; the fits come back to the driver.

The pooled steps run the same code on the same inputs in the same order as
:func:`engine.run_local`, so both engines give identical numbers. Without a
``scheduler`` address a ``LocalCluster`` of processes is started (or a Dask client
already active in this process is used) and closed afterwards.
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from workbench.forecast import engine as E

CHUNKS_PER_WORKER = 4
"""Chunks per worker: enough to balance uneven series, few enough to keep overhead low."""


@dataclass
class _Chunk:
    """A worker's share of the series and what it has computed for them so far."""

    preps: list[E.Prepared]
    H: int
    bts: dict = field(default_factory=dict)
    chosen: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def alive(self) -> list[E.Prepared]:
        return [p for p in self.preps if p.sid not in self.failed]


def _backtest(chunk: _Chunk) -> _Chunk:
    chunk.bts = E.backtest_many(chunk.preps, chunk.H, chunk.failed)
    return chunk


def _stack_inputs(chunk: _Chunk) -> list[tuple[str, int, list | None]]:
    return [(p.sid, *E.stack_inputs(p, chunk.bts[p.sid], chunk.H)) for p in chunk.alive()]


def _choose(chunk: _Chunk, plan: E.StackPlan, method: str) -> _Chunk:
    for p in chunk.alive():
        ch = E.isolated(chunk.failed, p.sid, E.choose_series, p, chunk.bts[p.sid], plan, method)
        if ch is not None:
            chunk.chosen[p.sid] = ch
    return chunk


def _share_losses(chunk: _Chunk) -> list[np.ndarray]:
    return [E.share_loss(chunk.bts[p.sid], chunk.chosen[p.sid]) for p in chunk.alive()]


def _errors(chunk: _Chunk, plan: E.StackPlan) -> _Chunk:
    for p in chunk.alive():
        bt = chunk.bts[p.sid]
        if plan.weights is not None:
            chunk.chosen[p.sid] = E.blend_median(bt, chunk.chosen[p.sid], plan.share)
        bt = chunk.bts[p.sid] = E.drop_increments(bt)
        res = E.isolated(chunk.failed, p.sid, E.series_errors, p, bt, chunk.chosen[p.sid].inc)
        if res is not None:
            chunk.raw[p.sid] = res
    return chunk


def _error_arrays(chunk: _Chunk) -> list[tuple[str, np.ndarray, np.ndarray]]:
    return [(p.sid, chunk.raw[p.sid][0], chunk.raw[p.sid][1]) for p in chunk.alive()]


def _drop_errors(chunk: _Chunk) -> _Chunk:
    """The chunk without the scaled errors, once the driver has pooled them (and the
    worker's freed backtest increments handed back before the paths are simulated)."""
    chunk.raw = {sid: r[2] for sid, r in chunk.raw.items()}
    E.release_memory()
    return chunk


def _finish(
    chunk: _Chunk, cal: E.Calibration, levels: tuple[int, ...], n_paths: int, seed: int
) -> tuple[dict[str, E.Fit], dict[str, str]]:
    fits = {}
    for p in chunk.alive():
        args = (p, chunk.bts[p.sid], chunk.chosen[p.sid], chunk.raw[p.sid], cal)
        fit = E.isolated(chunk.failed, p.sid, E.finish_series, *args, levels, n_paths, seed)
        if fit is not None:
            fits[p.sid] = fit
    return fits, chunk.failed


@contextmanager
def dask_client(scheduler: str | None = None, n_workers: int | None = None):
    """A Dask client: the scheduler at ``scheduler``, else the client already active in
    this process, else a new ``LocalCluster`` of single-threaded worker processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    try:
        from distributed import get_client

        yield get_client()
        return
    except ValueError:
        pass
    n = n_workers or max(1, os.cpu_count() or 1)
    cluster = LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _compute(client, futures: list, progress: bool, what: str) -> list:
    if progress:
        from distributed import progress as bar

        print(f"{what}:", flush=True)
        bar(futures)
        print(flush=True)
    return client.gather(futures)


def _plan_round(client, state: list, H: int, method: str, progress: bool) -> E.StackPlan:
    """Round 1 → 2: every chunk's stack rows to the driver, the stack plan learned
    (the rows are not kept after it is learned)."""
    inputs = _compute(client, client.map(_stack_inputs, state), progress, "backtests")
    flat = [x for part in inputs for x in part]
    rows = {sid: r for sid, _, r in flat if r is not None}
    return E.learn_stack(rows, {sid: g for sid, g, _ in flat}, H, method)


def _calibration_round(client, state: list, H: int, progress: bool) -> E.Calibration:
    """Round 3: every chunk's scaled backtest errors to the driver, pooled into tables."""
    errs = _compute(client, client.map(_error_arrays, state), progress, "model choice")
    flat = [x for part in errs for x in part]
    return E.calibrate({s: ez for s, ez, _ in flat}, {s: er for s, _, er in flat}, H)


def run_dask(
    preps: list[E.Prepared],
    levels: tuple[int, ...],
    n_paths: int,
    seed: int,
    method: str,
    scheduler: str | None = None,
    progress: bool = False,
    n_workers: int | None = None,
) -> tuple[dict[str, E.Fit], dict[str, str]]:
    """Same result as :func:`engine.run_local`, with the series spread over Dask workers.

    ``scheduler``: address of a running Dask scheduler (``tcp://host:8786``); ``None``
    uses an active client or starts a local cluster of ``n_workers`` processes.
    ``progress``: print a progress bar for each round (long runs).
    """
    H = max([p.H for p in preps] + [1])
    with dask_client(scheduler, n_workers) as client:
        n_chunks = max(1, len(client.scheduler_info()["workers"]) * CHUNKS_PER_WORKER)
        size = max(1, math.ceil(len(preps) / n_chunks))
        chunks = [_Chunk(preps[i : i + size], H) for i in range(0, len(preps), size)]
        state = client.map(_backtest, chunks, pure=False)
        plan = _plan_round(client, state, H, method, progress)
        plan_f = client.scatter(plan, broadcast=True)
        state = client.map(_choose, state, plan=plan_f, method=method, pure=False)
        if plan.weights is not None:
            losses = []
            if E.MEDIAN_SHARE is None:
                parts = client.gather(client.map(_share_losses, state))
                losses = [x for part in parts for x in part]
            plan.share = E.learned_share(losses)
            plan_f = client.scatter(plan, broadcast=True)
        state = client.map(_errors, state, plan=plan_f, pure=False)
        cal = _calibration_round(client, state, H, progress)
        E.release_memory()  # the rows and errors received, before the fits arrive
        state = client.map(_drop_errors, state, pure=False)
        cal_f = client.scatter(cal, broadcast=True)
        done = client.map(
            _finish, state, cal=cal_f, levels=levels, n_paths=n_paths, seed=seed, pure=False
        )
        parts = _compute(client, done, progress, "forecasts")
    fits: dict[str, E.Fit] = {}
    failed: dict[str, str] = {}
    for f, bad in parts:
        fits.update(f)
        failed.update(bad)
    return fits, failed
