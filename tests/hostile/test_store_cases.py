"""Store-side cases of issue 15: trust by declared grade, dates that cannot lie about
knowledge, a rebuild that verifies the archive, manifests with original names."""

from __future__ import annotations

import os

import pytest

from workbench import paths
from workbench.ingest import IngestError
from workbench.store import Store, StoreError, archive, build_store

H = "地区,指标,年份,数值,单位,来源,发布日期\n"


def _write(tmp_path, name: str, body: str):
    p = tmp_path / name
    p.write_text(H + body, encoding="utf-8")
    return p


def test_naming_the_bureau_in_the_source_text_earns_nothing(tmp_path):
    store = Store()
    real = _write(
        tmp_path, "bureau.csv", "池州市,网络零售额,2021,80.5,亿元,池州市统计局,2022-03-01\n"
    )
    fake = _write(
        tmp_path, "fake.csv", "池州市,网络零售额,2021,999,亿元,池州市统计局 official,2022-06-01\n"
    )
    store.ingest(real, source="池州市统计局")  # primary, the bureau's own declaration
    store.ingest(fake, source="池州市统计局", grade="secondary")  # later, but secondary
    shown = store.observations(region="Chizhou", indicator="online_retail_sales", year=2021)
    assert shown["value"].item() == 80.5 and shown["grade"].item() == "primary"
    assert shown["conflict"].item() and shown["n_candidates"].item() == 2
    with pytest.raises(IngestError, match="may declare grade"):
        store.ingest(fake, source="x", grade="synthetic")


def test_as_of_before_publication_shows_nothing_and_early_dates_are_refused(tmp_path):
    store = Store()
    store.ingest(_write(tmp_path, "a.csv", "池州市,网络零售额,2021,80.5,亿元,池州市统计局,2022-03-01\n"),
                 source="池州市统计局")  # fmt: skip
    assert store.observations(as_of="1960-01-01", region="Chizhou", year=2021).empty
    assert store.observations(as_of="2022-02-28", region="Chizhou", year=2021).empty
    assert (
        store.observations(as_of="2022-03-01", region="Chizhou", year=2021)["value"].item() == 80.5
    )
    early = _write(tmp_path, "early.csv", "池州市,网络零售额,2021,80.5,亿元,x,1950-01-01\n")
    with pytest.raises(IngestError, match="before the data year"):
        store.ingest(early, source="x")


def _one_delivery(tmp_path):
    f = _write(
        tmp_path, "池州2021年报.csv", "池州市,网络零售额,2021,80.5,亿元,池州市统计局,2022-03-01\n"
    )
    res = Store().ingest(f, source="池州市统计局")
    return res, archive.get(res.sha256)


def test_rebuild_refuses_an_archive_file_altered_after_ingest(tmp_path):
    res, entry = _one_delivery(tmp_path)
    os.chmod(entry.path, 0o644)
    entry.path.write_bytes(entry.path.read_bytes().replace(b"80.5", b"99.5"))
    with pytest.raises(StoreError, match="does not match its hash"):
        build_store(rebuild=True)
    assert Store().has(res.sha256) == res.vintage_id  # the old store stays


def test_rebuild_refuses_symlinks_in_the_archive(tmp_path):
    res, entry = _one_delivery(tmp_path)
    outside = tmp_path / "outside.csv"
    outside.write_bytes(entry.path.read_bytes())
    os.chmod(entry.path, 0o644)
    entry.path.unlink()
    entry.path.symlink_to(outside)  # same bytes, but outside the archive
    with pytest.raises(StoreError, match="symlink"):
        build_store(rebuild=True)


def test_inputs_used_names_files_by_their_original_names(tmp_path):
    res, _ = _one_delivery(tmp_path)
    paths.store_path().unlink()
    build_store()
    used = Store().inputs_used()
    assert used["archive/池州2021年报.csv"] == res.sha256
    assert "data/sources/observations_published.csv" in used
    assert all("archive/" + res.sha256[:8] not in k for k in used)  # no hash names
