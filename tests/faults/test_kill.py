"""Fault injection: ingest and refresh are killed (SIGKILL) at named points between their
steps and after random delays; after the next command's recovery the invariants hold:
the store opens, counts match, no temporary file or partial run is left, vintage ids never
change, every archive entry is in the store and vice versa, and LATEST names a complete run.

``WORKBENCH_FAULT_ROUNDS`` (default 2) sets how many random-delay kills each test makes and
``WORKBENCH_FAULT_SEED`` (default 15) the delays; ``benchmarks/faults/run.py`` runs the
suite 20 times with more rounds and a different seed each time.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from workbench import paths
from workbench.refresh import RUN_FILES
from workbench.store import Store, archive, build_store
from workbench.store.faults import POINTS
from workbench.store.recovery import recover

ROUNDS = int(os.environ.get("WORKBENCH_FAULT_ROUNDS", "2"))
SEED = int(os.environ.get("WORKBENCH_FAULT_SEED", "15"))
CLI = "import sys; from workbench.cli import app; app(prog_name='workbench')"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("WORKBENCH_HOME", str(h))
    monkeypatch.delenv("WORKBENCH_FAULT", raising=False)
    return h


def _delivery(d: Path, name: str, first_year: int, n_years: int = 6) -> Path:
    lines = ["地区,指标,年份,数值,单位"]
    lines += [
        f"池州市,网络零售额,{y},{50 + y - 2000:.1f},亿元"
        for y in range(first_year, first_year + n_years)
    ]
    p = d / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _cli(*args: str, fault: str | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    if fault:
        env["WORKBENCH_FAULT"] = fault
    return subprocess.Popen([sys.executable, "-c", CLI, *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def _ids() -> dict[str, int]:
    return dict(zip(Store().vintages()["sha256"], Store().vintages()["vintage_id"], strict=True))


def check_invariants(before: dict[str, int]) -> dict[str, int]:
    """Recover, then assert every invariant; returns the store's sha → vintage id."""
    recover(grace_seconds=0)
    home = paths.home()
    con = duckdb.connect(str(paths.store_path()), read_only=True)  # the store opens
    try:
        n_obs = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        n_declared = con.execute("SELECT sum(n_observations) FROM vintages").fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM observations WHERE vintage_id NOT IN (SELECT vintage_id FROM vintages)"
        ).fetchone()[0]
    finally:
        con.close()
    assert n_obs == n_declared and orphans == 0
    ids = _ids()
    for sha, vid in before.items():  # ids never change, nothing committed is lost
        assert ids.get(sha) == vid
    stored = set(Store().vintages().query("origin == 'archive'")["sha256"])
    entries = {e.sha256: e for e in archive.entries()}
    assert set(entries) == stored  # archive entries ⇔ archive vintages
    for sha, e in entries.items():
        assert e.vintage_id == ids[sha]
        archive.verify(e)
    blobs = {p.name.split(".")[0] for p in paths.archive_dir().glob("??/*") if p.suffix != ".json"}
    assert blobs == stored  # no bytes without an entry
    leftovers = [p for p in home.rglob("*") if p.name.endswith((".tmp", ".part"))
                 or p.name.startswith(".partial-") or p.parent == home / "tmp"]  # fmt: skip
    assert leftovers == []
    for runs in paths.runs_dir().glob("*"):
        pointer = runs / "LATEST"
        if pointer.exists():
            run = runs / pointer.read_text(encoding="utf-8").strip()
            assert (run / "manifest.json").is_file()
            assert all((run / f"{name}.parquet").is_file() for name in RUN_FILES)
    return ids


@pytest.mark.parametrize("point", [p for p in POINTS if p.startswith("ingest:")])
def test_ingest_killed_at_each_step(point, tmp_path):
    build_store()
    first = _delivery(tmp_path, "first.csv", 2010)
    Store().ingest(first, source="池州市统计局")
    before = _ids()
    second = _delivery(tmp_path, "second.csv", 2016)
    proc = _cli("ingest", str(second), "--source", "池州市统计局", fault=point)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    ids = check_invariants(before)
    committed = point == "ingest:after-swap"
    assert (archive.get(archive.sha256_of(second)) is not None) == committed
    assert len(ids) == len(before) + committed
    # the next delivery gets the next id; earlier ids are unchanged
    res = Store().ingest(_delivery(tmp_path, "third.csv", 2003), source="池州市统计局")
    assert res.vintage_id == max(ids.values()) + 1
    check_invariants(ids)


def test_build_killed_before_swap_keeps_the_old_store(tmp_path):
    build_store()
    Store().ingest(_delivery(tmp_path, "a.csv", 2010), source="池州市统计局")
    before = _ids()
    proc = _cli("store", "build", "--rebuild", fault="build:before-swap")
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    check_invariants(before)
    build_store(rebuild=True)  # a rebuild keeps every id
    check_invariants(before)


def _kill_after(args: list[str], delay: float) -> int:
    proc = _cli(*args)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=300)
    return proc.returncode


def test_ingest_killed_after_random_delays(tmp_path):
    rng = random.Random(SEED)
    build_store()
    ids = _ids()
    for i in range(ROUNDS):
        f = _delivery(tmp_path, f"d{i}.csv", 1990 + i, n_years=20)
        _kill_after(["ingest", str(f), "--source", "池州市统计局"], rng.uniform(0.2, 3.0))
        ids = check_invariants(ids)


def test_refresh_killed_after_random_delays():
    rng = random.Random(SEED + 1000)
    ids = {}
    for _ in range(ROUNDS):
        _kill_after(["refresh", "--paths", "100"], rng.uniform(0.5, 4.0))
        if paths.store_path().exists():
            ids = check_invariants(ids)
    proc = _cli("refresh", "--paths", "100")  # an undisturbed refresh completes and cleans up
    proc.communicate(timeout=300)
    assert proc.returncode == 0
    check_invariants(ids)


def test_concurrent_ingests_get_distinct_ids(tmp_path):
    build_store()
    before = _ids()
    files = [_delivery(tmp_path, f"c{i}.csv", 1995 + 5 * i) for i in range(3)]
    procs = [_cli("ingest", str(f), "--source", "池州市统计局") for f in files]
    for p in procs:
        p.communicate(timeout=300)
        assert p.returncode == 0
    ids = check_invariants(before)
    new = {ids[archive.sha256_of(f)] for f in files}
    assert len(new) == 3 and min(new) > max(before.values())
