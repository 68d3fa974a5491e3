"""The enterprise database: vintages, idempotent re-ingest, atomic failure, removal."""

from __future__ import annotations

import pytest

from workbench.ingest import IngestError
from workbench.registers.db import RegisterDB, archive_root, db_path
from workbench.registers.derived import ingest_register
from workbench.store import Store


def _snapshot(home):
    return {
        p.relative_to(home): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def test_same_file_twice_changes_nothing(write_csv, register_rows, home):
    path = write_csv("名录.csv", register_rows)
    first, pub = ingest_register(path, source="测试")
    assert first.status == "added" and first.years == [2021, 2022] and first.n_records == 9
    before = _snapshot(home)
    again, pub2 = ingest_register(path, source="测试")
    assert again.status == "unchanged" and again.vintage_id == first.vintage_id and pub2 is None
    assert _snapshot(home) == before


def test_bad_file_changes_nothing(write_csv, register_rows, home):
    ingest_register(write_csv("good.csv", register_rows), source="测试")
    before = _snapshot(home)
    bad = [*register_rows, ["X", "坏", "3973", "火星区", 2022, 1, 1, 1, "是"]]
    with pytest.raises(IngestError) as exc:
        ingest_register(write_csv("bad.csv", bad), source="测试")
    assert any(e.row == 11 and "火星区" in e.message for e in exc.value.errors)
    assert _snapshot(home) == before


def test_records_are_kept_at_enterprise_level_and_latest_vintage_wins(write_csv, register_rows):
    db = RegisterDB()
    ingest_register(write_csv("a.csv", register_rows), source="测试")
    revised = [
        register_rows[0],
        ["91341700A", "甲半导体", "C3973", "贵池区", 2022, 61, 16, 130, "是"],
    ]
    res, _ = ingest_register(write_csv("b.csv", revised), source="测试 修订")
    cur = db.records()
    assert sorted(cur[cur["year"] == 2022]["enterprise_id"]) == ["91341700A"]  # 2022 replaced
    assert len(cur[cur["year"] == 2021]) == 5
    assert cur[cur["year"] == 2022]["value_added_wan"].tolist() == [160_000.0]
    assert len(db.records(1)) == 9 and set(db.records(res.vintage_id)["vintage_id"]) == {2}


def test_remove_deletes_records_archive_and_derived(write_csv, register_rows):
    from workbench.registers.derived import remove_register

    res, pub = ingest_register(write_csv("名录.csv", register_rows), source="测试")
    assert any(archive_root().rglob("*.json")) and db_path().exists()
    assert Store().has(pub.result.sha256) is not None
    remove_register(res.vintage_id)
    assert RegisterDB().vintages().empty and RegisterDB().records().empty
    assert not any(archive_root().rglob("*.json"))
    assert Store().has(pub.result.sha256) is None
    with pytest.raises(KeyError, match="no register vintage"):
        remove_register(res.vintage_id)


def test_store_rebuild_keeps_derived_but_not_removed(write_csv, register_rows):
    from workbench.registers.derived import remove_register
    from workbench.store import build_store

    res, _ = ingest_register(write_csv("名录.csv", register_rows), source="测试")
    build_store(rebuild=True)
    assert not Store().observations(region="Guichi", indicator="digital_core_va").empty
    remove_register(res.vintage_id)
    build_store(rebuild=True)
    assert Store().observations(region="Guichi", indicator="digital_core_va").empty
