"""The enterprise database under faults: a process killed mid-ingest leaves it as before,
a failure in the catalog commit changes nothing, and a catalog written before the Parquet
layout is read and migrated."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import duckdb
import pandas as pd
import pytest

from workbench.ingest import IngestError
from workbench.registers.db import RegisterDB, db_path, records_dir

KILL = textwrap.dedent(
    """
    import os, sys
    from workbench.registers import db as regdb
    where = sys.argv[2]
    if where == "staging":
        orig = regdb.pq.ParquetWriter.write_table
        def write_table(self, *a, **k):
            orig(self, *a, **k)
            os._exit(9)  # killed with half of the records staged
        regdb.pq.ParquetWriter.write_table = write_table
    else:
        def _write(self):
            os._exit(9)  # killed after the records file is in place, before the catalog
        regdb.RegisterDB._write = _write
    regdb.RegisterDB().ingest(sys.argv[1], source="测试")
    """
)


def _state():
    db = RegisterDB()
    return db.vintages(), db.records()


def _same(a, b) -> None:
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y)


@pytest.mark.parametrize("where", ["staging", "catalog"])
def test_killed_ingest_leaves_the_database_as_before(write_csv, register_rows, where, monkeypatch):
    RegisterDB().ingest(write_csv("a.csv", register_rows[:6]), source="测试")
    before = _state()
    path = write_csv("b.csv", [register_rows[0], *register_rows[6:]])
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    code = textwrap.dedent(
        f"from workbench.registers import read; read.CHUNK_ROWS = 2\n{KILL}"
    )  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code, str(path), where], env=env)
    assert done.returncode == 9
    _same(_state(), before)  # readers see the old database
    res = RegisterDB().ingest(path, source="测试")  # and the next ingest works
    assert res.status == "added" and res.n_records == 4
    files = sorted(p.name for p in records_dir().glob("*.parquet"))
    assert files == sorted(RegisterDB().vintages()["records_file"])  # the orphan was swept


def test_failed_catalog_commit_changes_nothing(write_csv, register_rows, monkeypatch):
    db = RegisterDB()
    db.ingest(write_csv("a.csv", register_rows[:6]), source="测试")
    before = _state()
    files = sorted(records_dir().glob("*"))

    def boom(self):
        raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr(RegisterDB, "_write", boom)
        with pytest.raises(OSError, match="disk full"):
            db.ingest(write_csv("b.csv", [register_rows[0], *register_rows[6:]]), source="测试")
    _same(_state(), before)
    assert sorted(records_dir().glob("*")) == files


def test_bad_file_found_late_stages_nothing(write_csv, register_rows, monkeypatch):
    from workbench.registers import read as reg_read

    monkeypatch.setattr(reg_read, "CHUNK_ROWS", 2)
    rows = [*register_rows, ["91341700A", "甲半导体", "C3973", "贵池区", 2022, 1, 1, 1, "是"]]
    with pytest.raises(IngestError) as exc:
        RegisterDB().ingest(write_csv("dup.csv", rows), source="测试")
    assert [(e.row, e.message) for e in exc.value.errors] == [
        (11, "enterprise '91341700A' appears twice for 2022")
    ]
    assert RegisterDB().vintages().empty and not list(records_dir().glob("*.parquet"))


def test_catalog_before_parquet_is_read_and_migrated(write_csv, register_rows):
    db_path().parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path()))
    con.execute(
        "CREATE TABLE reg_vintages (vintage_id INTEGER PRIMARY KEY, sha256 VARCHAR NOT NULL UNIQUE,"
        " source VARCHAR NOT NULL, original_filename VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL,"
        " years VARCHAR NOT NULL, n_records INTEGER NOT NULL, synthetic BOOLEAN NOT NULL,"
        " derived_sha256 VARCHAR NOT NULL DEFAULT '');"
        'CREATE TABLE enterprises (vintage_id INTEGER NOT NULL, "row" INTEGER NOT NULL,'
        " enterprise_id VARCHAR NOT NULL, name VARCHAR NOT NULL, industry_code VARCHAR NOT NULL,"
        " code_2017 VARCHAR NOT NULL, code_note VARCHAR NOT NULL, region VARCHAR NOT NULL,"
        " year INTEGER NOT NULL, revenue_wan DOUBLE, value_added_wan DOUBLE, employees DOUBLE,"
        " above_scale BOOLEAN);"
        "INSERT INTO reg_vintages VALUES (1, 'abc', '旧', 'old.csv', '2026-01-01', '2020', 1, false, '');"
        "INSERT INTO enterprises VALUES (1, 2, 'X', '旧企业', '3973', '3973', '', 'Guichi', 2020,"
        " 10, 4, 3, true);"
    )
    con.close()
    old = RegisterDB().records()
    assert old["enterprise_id"].tolist() == ["X"] and old["value_added_wan"].tolist() == [4.0]
    RegisterDB().ingest(write_csv("a.csv", register_rows), source="测试")
    cur = RegisterDB().records()
    assert sorted(cur["year"].unique()) == [2020, 2021, 2022]
    assert cur[cur["year"] == 2020]["enterprise_id"].tolist() == ["X"]
    con = duckdb.connect(str(db_path()), read_only=True)
    tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    con.close()
    assert tables == {"reg_vintages"}
