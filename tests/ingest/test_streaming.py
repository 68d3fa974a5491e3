"""A CSV is streamed: rows are read from disk lazily and accepted rows gathered in small
chunks; messages keep their exact row and column across chunk and block boundaries."""

from __future__ import annotations

import pytest

from workbench.ingest import read_observations, validate_file
from workbench.ingest import readers as R
from workbench.ingest import validate as V
from workbench.ingest.limits import Limits

H = ["地区", "指标", "年份", "数值", "单位", "备注"]


@pytest.fixture
def small_chunks(monkeypatch):
    """Three accepted rows per chunk, 7-byte decode blocks, a 5-row head."""
    monkeypatch.setattr(V, "CHUNK_ROWS", 3)
    monkeypatch.setattr(R, "BLOCK_BYTES", 7)
    monkeypatch.setattr(R, "HEAD_ROWS", 5)


def _long_rows(n: int) -> list[list[object]]:
    return [H] + [["池州市", "网络零售额", 1990 + i, 10 + i, "亿元", f"第{i}行"] for i in range(n)]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_bad_row_in_a_later_chunk_is_located(small_chunks, write_csv, encoding):
    rows = _long_rows(12)
    rows[2][5] = "两行的\n备注"  # a quoted cell over two lines: line numbers move by one
    rows[9][3] = "8_0"  # data row 9 is on line 11 (header line 1, one extra line)
    report = validate_file(write_csv("late.csv", rows, encoding), grade="primary")
    assert report.encoding == encoding
    (err,) = report.errors
    assert (err.row, err.column) == (11, "'数值'")
    assert "8_0" in err.message


def test_streamed_file_gives_every_row_once(small_chunks, write_csv):
    df = read_observations(write_csv("ok.csv", _long_rows(11), "gbk"))
    assert list(df["year"]) == list(range(1990, 2001))
    assert list(df["value"]) == [10.0 + i for i in range(11)]
    assert list(df["row"]) == list(range(2, 13))
    assert df["note"].iloc[10] == "第10行"


def test_wide_layout_bad_cell_in_a_later_chunk(small_chunks, write_csv):
    head = ["地区", "指标", "单位", "来源", "2019", "2020"]
    body = [["池州市", "网络零售额", "亿元", f"来源{i}", 50 + i, 55 + i] for i in range(6)]
    body[4][5] = "80,5"  # line 6, column 2020: an ambiguous comma
    report = validate_file(write_csv("wide.csv", [head, *body]), grade="primary", max_jump=9)
    (err,) = report.errors
    assert (err.row, err.column) == (6, "'2020'")
    assert "ambiguous" in err.message


def test_duplicate_across_chunks_names_the_first_row(small_chunks, write_csv):
    rows = _long_rows(8)
    rows.append(["池州市", "网络零售额", 1991, 99, "亿元", ""])  # line 10 repeats line 3
    report = validate_file(write_csv("dup.csv", rows), grade="primary", max_jump=99)
    (err,) = report.errors
    assert err.row == 10 and "11 in row 3" in err.message


def test_broken_quote_after_the_head_is_refused(small_chunks, write_csv, tmp_path):
    text = "\n".join(",".join(map(str, r)) for r in _long_rows(20))
    p = tmp_path / "quote.csv"
    p.write_text(text.replace("第15行", '"第15行 not closed'), encoding="utf-8")
    report = validate_file(p, grade="primary")
    (err,) = report.issues
    assert err.row == 17 and "never closed" in err.message


def test_undecodable_byte_is_located_across_blocks(small_chunks, tmp_path):
    good = "地区,指标,年份,数值,单位\n池州市,网络零售额,2020,1,亿元\n".encode()
    p = tmp_path / "bad.csv"
    p.write_bytes(good + b"\x80\xff\xfe")
    report = validate_file(p)
    expected = None
    try:
        (good + b"\x80\xff\xfe").decode("gb18030")
    except UnicodeDecodeError as exc:
        expected = exc.start
    assert f"(byte {expected})" in report.errors[0].message


def test_streamed_table_keeps_only_its_head(small_chunks, write_csv):
    (table,) = R.read_tables(write_csv("big.csv", _long_rows(50)), stream=True)
    assert len(table.rows) == 5
    assert sum(1 for _ in table.iter_rows()) == 51


def test_csv_limits_are_their_own(write_csv, monkeypatch):
    p = write_csv("rows.csv", _long_rows(30))
    assert validate_file(p, limits=Limits(max_rows=10)).ok  # the limit of a CSV read whole
    report = validate_file(p, limits=Limits(max_csv_rows=10))
    assert "more than 10 rows" in report.errors[0].message
    monkeypatch.setenv("WORKBENCH_MAX_CSV_MB", "0.001")
    assert "WORKBENCH_MAX_CSV_MB" in validate_file(p).errors[0].message


def test_rows_kept_on_disk_are_removed_after_validate_and_ingest(write_csv, home):
    from workbench.store import Store

    p = write_csv("ok.csv", _long_rows(12))
    assert validate_file(p).ok
    res = Store().ingest(p, source="SYNTHETIC 测试")
    assert res.n_observations == 12
    df = Store().candidates(region="Chizhou", indicator="online_retail_sales")
    mine = df[df["vintage_id"] == res.vintage_id].sort_values("year")
    assert list(mine["value"]) == [10.0 + i for i in range(12)] and set(mine["file"]) == {"ok.csv"}
    assert not [q for q in (home / "tmp").glob("*") if q.name.startswith("rows-")]
