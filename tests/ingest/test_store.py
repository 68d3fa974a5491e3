"""The DuckDB store: vintages, as-of queries, idempotence, crash safety, rebuilds, precedence."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench import paths
from workbench.cli import app
from workbench.ingest import IngestError
from workbench.store import Store, build_store, core
from workbench.store import archive as archive_mod
from workbench.store.recovery import recover

H = ["地区", "指标", "年份", "数值", "单位"]
T1 = dt.datetime(2025, 3, 1, 9, 0)
T2 = dt.datetime(2026, 3, 1, 9, 0)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(store: Store) -> tuple[str, pd.DataFrame, pd.DataFrame, list[str]]:
    """Bytes hash of the store file, its tables, and the archive listing."""
    import duckdb

    con = duckdb.connect(str(store.path), read_only=True)
    try:
        obs = con.execute('SELECT * FROM observations ORDER BY vintage_id, "row", year').df()
        vin = con.execute("SELECT * FROM vintages ORDER BY vintage_id").df()
    finally:
        con.close()
    files = sorted(
        str(p.relative_to(paths.home()))
        for p in paths.home().rglob("*")
        if p.is_file() and "lock" not in p.name
    )
    return sha(store.path), obs, vin, files


@pytest.fixture
def deliveries(write_csv):
    """A first delivery (2020 preliminary) and a revision (2020 final, plus 2021)."""
    first = write_csv(
        "chizhou_2020.csv",
        [
            H,
            ["池州市", "网络零售额", 2019, 52, "亿元"],
            ["池州市", "网络零售额", 2020, 70.2, "亿元"],
        ],
    )
    second = write_csv(
        "chizhou_2021.csv",
        [
            H,
            ["池州市", "网络零售额", 2020, 71.0, "亿元"],
            ["池州市", "网络零售额", 2021, 88.4, "亿元"],
        ],
        "gbk",
    )
    return first, second


@pytest.fixture
def store(home) -> Store:
    return Store(home / "store" / "test.duckdb")


def test_vintage_queries_before_and_after_second_ingest(store, deliveries):
    first, second = deliveries
    r1 = store.ingest(first, source="池州市统计局 2020年快报", ingested_at=T1)
    r2 = store.ingest(second, source="池州市统计局 2021年报", ingested_at=T2)
    assert (r1.status, r1.vintage_id, r1.n_observations) == ("added", 1, 2)
    assert (r2.status, r2.vintage_id, r2.n_observations) == ("added", 2, 2)

    def values(as_of):
        df = store.observations(as_of=as_of, region="池州", indicator="网络零售额")
        return dict(zip(df["year"], df["value"], strict=True))

    assert values("2025-02-28") == {}  # nothing known yet
    assert values("2025-03-01") == {2019: 52.0, 2020: 70.2}  # the day of the first ingest
    assert values(dt.datetime(2026, 3, 1, 8, 59)) == {2019: 52.0, 2020: 70.2}
    assert values(T2) == {2019: 52.0, 2020: 71.0, 2021: 88.4}
    assert values(None) == {2019: 52.0, 2020: 71.0, 2021: 88.4}

    now = store.observations(region="Chizhou", indicator="online_retail_sales", year=2020)
    row = now.iloc[0]
    assert row["vintage_id"] == 2 and row["n_candidates"] == 2 and bool(row["conflict"])
    assert row["source"] == "池州市统计局 2021年报"
    assert row["ingested_at"] == pd.Timestamp(T2)
    cands = store.candidates(region="Chizhou", indicator="online_retail_sales", year=2020)
    assert sorted(cands["value"]) == [70.2, 71.0] and cands["shown"].sum() == 1
    before = store.observations(as_of="2025-12-31", region="Chizhou", year=2020)
    assert before["n_candidates"].item() == 1 and not before["conflict"].item()
    v = store.vintages()
    assert list(v["vintage_id"]) == [1, 2] and list(v["original_filename"]) == [
        "chizhou_2020.csv",
        "chizhou_2021.csv",
    ]
    assert list(v["sha256"]) == [sha(first), sha(second)]


def test_reingest_same_file_changes_nothing(store, deliveries, tmp_path):
    first, _ = deliveries
    store.ingest(first, source="池州市统计局", ingested_at=T1)
    before = snapshot(store)
    again = store.ingest(first, source="another text", ingested_at=T2)
    assert again.status == "unchanged" and again.vintage_id == 1 and again.n_observations == 2
    copy = tmp_path / "renamed_copy.csv"
    copy.write_bytes(first.read_bytes())
    assert store.ingest(copy, source="x").status == "unchanged"  # content-addressed
    after = snapshot(store)
    assert after[0] == before[0]
    pd.testing.assert_frame_equal(after[1], before[1])
    pd.testing.assert_frame_equal(after[2], before[2])
    assert after[3] == before[3]


def test_archive_keeps_file_exactly_with_metadata(store, deliveries):
    _, second = deliveries
    res = store.ingest(second, source="池州市统计局 2021年报", ingested_at=T2)
    assert res.archived.read_bytes() == second.read_bytes()  # GBK bytes as delivered
    entry = archive_mod.get(res.sha256)
    assert entry.original_filename == "chizhou_2021.csv"
    assert entry.source == "池州市统计局 2021年报"
    assert dt.datetime.fromisoformat(entry.ingested_at) == T2.replace(tzinfo=dt.UTC)
    assert res.archived.name == f"{res.sha256}.csv" and res.archived.parent.name == res.sha256[:2]


@pytest.mark.parametrize("where", ["observations", "blob"])
def test_failure_midway_leaves_store_and_archive_unchanged(store, deliveries, monkeypatch, where):
    first, second = deliveries
    store.ingest(first, source="池州市统计局", ingested_at=T1)
    before = snapshot(store)

    def boom(*args, **kwargs):
        raise RuntimeError("injected failure")

    with monkeypatch.context() as m:  # not monkeypatch.undo(): that would also drop WORKBENCH_HOME
        if where == "observations":  # after the vintage row is inserted, before its observations
            m.setattr(core, "_insert_observations", boom)
        else:  # while archiving the bytes, before the store is touched
            m.setattr(archive_mod, "put_blob", boom)
        with pytest.raises(RuntimeError, match="injected failure"):
            store.ingest(second, source="池州市统计局", ingested_at=T2)
    after = snapshot(store)
    assert after[0] == before[0]  # byte for byte
    pd.testing.assert_frame_equal(after[1], before[1])  # row for row
    pd.testing.assert_frame_equal(after[2], before[2])
    assert after[3] == before[3]  # no new archive entry, no temporary files left
    assert store.ingest(second, source="池州市统计局", ingested_at=T2).status == "added"


def test_refused_file_leaves_store_unchanged(store, deliveries, write_csv):
    first, _ = deliveries
    store.ingest(first, source="池州市统计局", ingested_at=T1)
    before = snapshot(store)
    bad = write_csv("bad.csv", [H, ["池州市", "网络零售额", 2021, "abc", "亿元"]])
    with pytest.raises(IngestError) as info:
        store.ingest(bad, source="池州市统计局")
    [err] = info.value.errors
    assert (err.file, err.row, err.column) == ("bad.csv", 2, "'数值'")
    assert snapshot(store)[0] == before[0]
    with pytest.raises(IngestError, match="source text is required"):
        store.ingest(first, source="  ")


def test_build_from_sources_and_rebuild_replays_archive(deliveries):
    first, second = deliveries
    path = build_store()
    assert path == paths.store_path()
    s = Store()
    v = s.vintages()
    # one vintage per curated file: data/sources and every plan pack's observations manifest
    files = [paths.SOURCES_DIR / "observations_published.csv"]
    for manifest in sorted((paths.DATA_DIR / "plans").glob("*/observations/manifest.csv")):
        with open(manifest, encoding="utf-8") as fh:
            files += [manifest.parent / r["file"] for r in csv.DictReader(fh)]
    assert list(v["origin"]) == ["sources"] * len(files)
    # every curated row is in the store: nothing is lost
    n_rows = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            n_rows += sum(1 for _ in csv.DictReader(fh))
    assert v["n_observations"].sum() == n_rows == len(s.candidates())
    s.ingest(second, source="池州市统计局 2021年报", ingested_at=T2)
    s.ingest(
        first, source="池州市统计局 2020年快报", ingested_at=T1
    )  # archived later, but older time
    shown = s.observations()
    assert build_store() == path  # up to date: not rebuilt
    before = s.vintages()
    assert len(before) == len(files) + 2
    paths.store_path().unlink()
    build_store()
    v2 = s.vintages()
    # vintage ids never change: the archive records them, the rebuild keeps them
    key_cols = ["vintage_id", "sha256", "original_filename"]
    pd.testing.assert_frame_equal(before[key_cols], v2[key_cols])
    assert list(v2["original_filename"][-2:]) == ["chizhou_2021.csv", "chizhou_2020.csv"]
    rebuilt = s.observations()
    key = ["region", "indicator", "year"]
    a = shown.sort_values(key).reset_index(drop=True)[key + ["value", "source", "conflict"]]
    b = rebuilt.sort_values(key).reset_index(drop=True)[key + ["value", "source", "conflict"]]
    pd.testing.assert_frame_equal(a, b)


def test_failed_build_keeps_old_store(monkeypatch):
    build_store()
    before = sha(paths.store_path())
    calls = {"n": 0}
    real = core.add_vintage

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(core, "add_vintage", flaky)
    with pytest.raises(RuntimeError, match="disk full"):
        build_store(rebuild=True)
    assert sha(paths.store_path()) == before
    assert [p.name for p in paths.store_path().parent.iterdir() if p.name.endswith(".tmp")] == []


def test_published_conflicts_precedence_and_revisions(tmp_path):
    build_store()
    s = Store()
    ors = s.candidates(region="Chizhou", indicator="online_retail_sales", year=2020)
    assert sorted(ors["value"]) == [70.0, 70.2]
    shown = ors[ors["shown"]].iloc[0]
    assert shown["value"] == 70.0 and "主要预期指标表" in shown["source"] and shown["conflict"]
    ssc = s.observations(
        region="Chizhou", indicator="social_security_card_coverage", year=2020
    ).iloc[0]
    assert ssc["value"] == 89.5 and ssc["conflict"] and ssc["n_candidates"] == 2
    conflicts = s.conflicts(region="Chizhou")
    assert {70.0, 70.2, 89.5, 95.0} <= set(conflicts["value"])

    # China GDP 2016: preliminary 744127 (2017-01-20) revised to 743585 (2018-01-05)
    def gdp(as_of):
        return s.observations(as_of=as_of, region="China", indicator="gdp", year=2016)[
            "value"
        ].item()

    assert gdp("2017-06-30") == 744127.0
    assert gdp("2018-06-30") == 743585.0
    assert s.observations(as_of="2017-01-19", region="China", indicator="gdp", year=2016).empty
    # different definitions stay apart: NBS 网上零售额 vs MOFCOM 网络零售额 for China 2020
    assert (
        s.observations(region="China", indicator="online_retail_sales_nbs", year=2020)[
            "value"
        ].item()
        == 117601.0
    )
    assert (
        s.observations(region="China", indicator="online_retail_sales", year=2020)["value"].item()
        == 118000.0
    )
    # precedence is the grade, never the source text: a secondary file that names the bureau
    # in its source text does not outrank the plan table
    fake = tmp_path / "fake.csv"
    fake.write_text(
        "地区,指标,年份,数值,单位,来源,grade\n池州,网络零售额,2020,99,亿元,池州市统计局 official,secondary\n",
        encoding="utf-8",
    )
    s.ingest(fake, source="池州市统计局", grade="secondary")
    shown = s.observations(region="Chizhou", indicator="online_retail_sales", year=2020).iloc[0]
    assert shown["value"] == 70.0 and shown["grade"] == "primary" and shown["priority"] == 20


def test_growth_and_levels_never_share_an_indicator():
    build_store()
    df = Store().candidates()
    assert not df.empty
    for ind, units in df.groupby("indicator")["unit"].unique().items():
        assert len(units) == 1, (ind, units)
    growth = df[df["indicator"].str.endswith("_growth")]
    assert set(growth["unit"]) == {"%"}
    assert growth.loc[
        (growth["region"] == "China")
        & (growth["indicator"] == "gdp_growth")
        & (growth["year"] == 2016),
        "value",
    ].tolist() == [6.7]


def test_cli_ingest_show_and_store_commands(deliveries):
    first, _ = deliveries
    r = CliRunner()
    res = r.invoke(
        app, ["ingest", str(first), "--source", "池州市统计局 2020年快报", "--priority", "10"]
    )
    assert res.exit_code == 0, res.output
    added = re.search(r"added vintage (\d+) with 2 observation\(s\)", res.output)
    assert added, res.output  # its number follows the curated files' vintages
    res = r.invoke(
        app, ["ingest", str(first), "--source", "池州市统计局 2020年快报", "--priority", "10"]
    )
    assert res.exit_code == 0 and "nothing changed" in res.output
    res = r.invoke(app, ["store", "show", "--region", "池州", "--indicator", "online_retail_sales"])
    assert res.exit_code == 0 and "70.2" in res.output and "52.0" in res.output
    res = r.invoke(app, ["store", "conflicts", "--region", "Chizhou"])
    assert res.exit_code == 0 and "89.5" in res.output and "95.0" in res.output
    res = r.invoke(app, ["store", "show", "--as-of", "not-a-date"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    res = r.invoke(app, ["store", "build", "--rebuild"])
    assert res.exit_code == 0 and f"{added.group(1)} vintage(s)" in res.output


def test_reading_a_missing_store_is_a_clear_error(home):
    with pytest.raises(core.StoreError, match="workbench store build"):
        Store(home / "nothing.duckdb").observations()


def test_killed_before_the_swap_is_undone_by_the_next_command(deliveries, monkeypatch):
    """A process killed after archiving the bytes but before swapping the store has not
    committed: the store is unchanged, and the next command removes the orphan bytes
    instead of replaying them (which would renumber later vintages)."""
    first, second = deliveries
    build_store()
    before = sha(paths.store_path())

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # stands in for SIGKILL: nothing after this point runs

    with monkeypatch.context() as m:
        m.setattr(
            core, "checkpoint", lambda name: killed() if name == "ingest:before-swap" else None
        )
        m.setattr(core.tmpfiles, "discard", lambda p: None)  # no cleanup after a kill
        m.setattr(archive_mod.Path, "unlink", lambda self, missing_ok=False: None)
        with pytest.raises(KeyboardInterrupt):
            Store().ingest(first, source="池州市统计局 2020年快报", ingested_at=T1)
    assert sha(paths.store_path()) == before
    assert archive_mod.get(sha(first)) is None  # no metadata: not an entry
    assert list(paths.archive_dir().glob("??/*.csv"))  # the orphan bytes
    assert list((paths.home() / "tmp").iterdir())  # and the temporary store copy
    # the process "died": its temporary files now belong to no live process
    for p in (paths.home() / "tmp").iterdir():
        p.rename(p.with_name(p.name.replace(f"-{os.getpid()}-", "-999999999-")))
    assert build_store() == paths.store_path()
    assert sha(paths.store_path()) == before  # nothing replayed
    assert not list(paths.archive_dir().glob("??/*.csv")) and not list(
        (paths.home() / "tmp").iterdir()
    )
    res = Store().ingest(second, source="池州市统计局 2021年报", ingested_at=T2)
    assert res.vintage_id == len(Store().vintages())  # the next id: nothing was replayed


def test_killed_after_the_swap_is_completed_by_the_next_command(deliveries, monkeypatch):
    """Killed after the swap (the commit) but before the archive metadata: the next command
    writes the metadata from the store, so a rebuild keeps the vintage and its id."""
    first, _ = deliveries
    build_store()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(
            core, "checkpoint", lambda name: killed() if name == "ingest:after-swap" else None
        )
        with pytest.raises(KeyboardInterrupt):
            Store().ingest(first, source="池州市统计局 2020年快报", ingested_at=T1)
    vid = len(Store().vintages())  # the last id: the curated files come first
    assert Store().has(sha(first)) == vid and archive_mod.get(sha(first)) is None
    report = recover()
    assert report.completed == [sha(first)]
    entry = archive_mod.get(sha(first))
    assert entry.vintage_id == vid and entry.original_filename == "chizhou_2020.csv"
    build_store(rebuild=True)
    assert Store().has(sha(first)) == vid


def test_bureau_delivery_outranks_the_plans_own_figures_by_declaration(deliveries, tmp_path):
    """The bureau's own file (grade primary, source type bureau, no priority column) is shown
    before the plan pack's table (priority 20) — by declaration, not by the words of --source."""
    import csv as _csv

    f = tmp_path / "bureau_2020.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = _csv.writer(fh)
        w.writerow(["地区", "指标", "年份", "数值", "单位"])
        w.writerow(["池州市", "网络零售额", "2020", "71.5", "亿元"])
    build_store()
    s = Store()
    s.ingest(f, source="某某 2021年快报")  # the words of the source do not matter
    shown = s.observations(region="Chizhou", indicator="online_retail_sales", year=2020).iloc[0]
    assert shown["value"] == 71.5 and shown["conflict"]
    # declared as a secondary source the same figure ranks below the plan's primary table
    g = tmp_path / "repost_2020.csv"
    g.write_bytes(f.read_bytes().replace(b"71.5", b"72.5"))
    s.ingest(g, source="池州市统计局", grade="secondary")  # naming the bureau gains nothing
    shown = s.observations(region="Chizhou", indicator="online_retail_sales", year=2020).iloc[0]
    assert shown["value"] == 71.5


def test_rebuild_reads_each_delivery_as_it_was_declared(tmp_path):
    """A file ingested with --decimal , and --priority 5 rebuilds to the same values."""
    f = tmp_path / "semicolon.csv"
    f.write_text("地区;指标;年份;数值;单位\n池州市;网络零售额;2021;80,5;亿元\n", encoding="utf-8")
    build_store()
    s = Store()
    s.ingest(f, source="bureau 2022", decimal=",", priority=5)
    before = s.observations(region="Chizhou", indicator="online_retail_sales", year=2021)
    paths.store_path().unlink()
    build_store()
    after = Store().observations(region="Chizhou", indicator="online_retail_sales", year=2021)
    assert before["value"].item() == after["value"].item() == 80.5
    cand = Store().candidates(region="Chizhou", indicator="online_retail_sales", year=2021)
    assert cand["priority"].tolist() == [5]


def test_a_removed_vintage_id_is_never_given_again(deliveries):
    first, second = deliveries
    build_store()
    s = Store()
    r1 = s.ingest(first, source="池州市统计局 2020年快报", ingested_at=T1)
    assert s.remove_vintage(r1.sha256) == r1.vintage_id
    r2 = s.ingest(second, source="池州市统计局 2021年报", ingested_at=T2)
    assert r2.vintage_id == r1.vintage_id + 1  # not the removed one
    build_store(rebuild=True)  # the high-water mark survives a rebuild of an existing store
    r3 = s.ingest(first, source="池州市统计局 2020年快报", ingested_at=T1)
    assert r3.vintage_id == r2.vintage_id + 1 and Store().has(r2.sha256) == r2.vintage_id
