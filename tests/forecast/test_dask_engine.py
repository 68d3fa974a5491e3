"""The Dask engine gives exactly the local engine's numbers (light: 2 in-process workers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.forecast import forecast

distributed = pytest.importorskip("distributed")


def _synthetic(n_series: int, n: int, seed: int) -> pd.DataFrame:
    """Seeded synthetic log random walks with drift (SYNTHETIC test data)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_series):
        drift, sd = rng.uniform(-0.02, 0.12), rng.uniform(0.02, 0.15)
        z = np.log(rng.uniform(10, 1000)) + np.cumsum(rng.normal(drift, sd, n - i % 5))
        rows += [(f"s{i:03d}", 2000 + t, float(np.exp(v))) for t, v in enumerate(z)]
    return pd.DataFrame(rows, columns=["series_id", "year", "value"])


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as c:
        yield c


@pytest.fixture
def client(cluster):
    with distributed.Client(cluster) as cl:
        yield cl


def test_dask_engine_matches_the_local_engine_exactly(client):
    data = _synthetic(44, 14, seed=5).drop(index=[3, 40, 41])  # gaps: never scored
    bad = pd.DataFrame({"series_id": "neg", "year": [2000, 2001, 2002], "value": [1.0, -2, 3]})
    data = pd.concat([data, bad], ignore_index=True)
    kw = dict(horizon=4, n_paths=50, seed=3, bounds={"neg": (0.0, np.inf)})
    local = forecast(data, **kw)
    dask = forecast(data, engine="dask", **kw)
    assert (local.info["model"] == "stack").sum() >= 40
    pd.testing.assert_frame_equal(local.table, dask.table)
    pd.testing.assert_frame_equal(local.paths, dask.paths)
    pd.testing.assert_frame_equal(local.info, dask.info)
    pd.testing.assert_frame_equal(local.failed, dask.failed)
    assert list(dask.failed["series_id"]) == ["neg"]


def test_dask_engine_per_series_selection_matches_too(client):
    data = _synthetic(6, 11, seed=9)
    pd.testing.assert_frame_equal(
        forecast(data, horizon=3, n_paths=30).table,
        forecast(data, horizon=3, n_paths=30, engine="dask").table,
    )


def test_cli_engine_dask_with_a_scheduler_writes_the_local_numbers(cluster, tmp_path):
    inp = tmp_path / "in.csv"
    _synthetic(8, 10, seed=2).to_csv(inp, index=False)
    runner = CliRunner()
    outs = {}
    for name, extra in (
        ("local", []),
        ("dask", ["--engine", "dask", "--scheduler", cluster.scheduler_address]),
    ):
        outs[name] = tmp_path / f"{name}.csv"
        r = runner.invoke(
            app, ["forecast", str(inp), "--horizon", "6", "--out", str(outs[name]), *extra]
        )
        assert r.exit_code == 0, r.output
    pd.testing.assert_frame_equal(pd.read_csv(outs["local"]), pd.read_csv(outs["dask"]))


def test_cli_refuses_an_unknown_engine_and_a_scheduler_without_dask(tmp_path):
    inp = tmp_path / "in.csv"
    _synthetic(2, 8, seed=1).to_csv(inp, index=False)
    runner = CliRunner()
    base = ["forecast", str(inp), "--horizon", "2", "--out", str(tmp_path / "o.csv")]
    r = runner.invoke(app, [*base, "--engine", "spark"])
    assert r.exit_code == 1 and "--engine 'spark'" in r.output
    r = runner.invoke(app, [*base, "--scheduler", "tcp://127.0.0.1:8786"])
    assert r.exit_code == 1 and "--scheduler needs --engine dask" in r.output
