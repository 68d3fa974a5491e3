"""Streaming registers: chunked reading gives the same records and the same located issues
as one pass; the column-wise CSV path agrees with the row-by-row one."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.registers import read as reg_read
from workbench.registers.read import RegisterReader, read_register
from workbench.registers.stream import simple_width


def _read_chunked(path, chunk_rows, year=None):
    reader = RegisterReader(path, year, chunk_rows=chunk_rows)
    parts = list(reader.chunks())
    df = pd.concat(parts, ignore_index=True)
    reader.add_duplicates(reg_read.duplicate_rows(df))
    return df, reader.report()


def test_chunks_of_two_rows_give_the_same_records(write_csv, register_rows):
    path = write_csv("名录.csv", register_rows)
    whole, rep = read_register(path)
    chunked, rep2 = _read_chunked(path, 2)
    assert rep.ok and rep2.ok
    pd.testing.assert_frame_equal(whole, chunked)
    assert chunked["row"].tolist() == list(range(2, 11))


def test_quoted_file_row_by_row_equals_column_wise(write_csv, register_rows):
    plain = write_csv("plain.csv", register_rows)
    quoted_rows = [list(r) for r in register_rows]
    quoted_rows[1][1] = "甲半导体, 有限公司"  # a comma inside a cell: the CSV writer quotes it
    quoted = write_csv("quoted.csv", quoted_rows)
    assert simple_width(plain, "utf-8", ",") == 9
    assert simple_width(quoted, "utf-8", ",") is None
    a, _ = read_register(plain)
    b, _ = read_register(quoted)
    assert b["name"].iat[0] == "甲半导体, 有限公司"
    pd.testing.assert_frame_equal(a.drop(columns="name"), b.drop(columns="name"))


def test_blank_lines_and_remarks_keep_file_row_numbers(tmp_path):
    text = (
        "单位：万元\n企业代码,行业代码,县区,年份,增加值\n"
        "A,3973,贵池区,2021,5\n\n,,,,\nB,6513,火星区,2021,3\n注：测试数据\n"
    )
    p = tmp_path / "r.csv"
    p.write_text(text, encoding="utf-8")
    df, rep = read_register(p)
    assert df["row"].tolist() == [3, 6]
    err = rep.errors[0]
    assert err.row == 6 and "火星区" in err.message and err.column == "'县区'"
    assert any(w.row == 7 and "remark row skipped" in w.message for w in rep.warnings)


def test_problem_repeated_over_chunks_is_reported_once_with_the_total(write_csv):
    rows = [["企业代码", "行业代码", "县区", "年份", "增加值(万元)"]]
    rows += [[f"E{i}", "3973", "火星区" if i % 2 else "贵池区", 2021, 1] for i in range(10)]
    rows += [["E0", "3973", "贵池区", 2021, 1]]  # a duplicate in the last chunk
    _, rep = _read_chunked(write_csv("r.csv", rows), 3)
    region = [e for e in rep.errors if "火星区" in e.message]
    assert len(region) == 1 and region[0].row == 3 and "(5 rows;" in region[0].message
    assert any(e.row == 12 and "'E0' appears twice for 2021" in e.message for e in rep.errors)


def test_overlong_cell_is_refused_at_its_row(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_MAX_CELL_CHARS", "20")
    p = tmp_path / "r.csv"
    p.write_text("企业代码,行业代码,县区,年份,增加值(万元)\nA,3973,贵池区,2021,1\nB,3973,"
                 + "贵" * 30 + ",2021,1\n", encoding="utf-8")  # fmt: skip
    _, rep = read_register(p)
    assert [(e.row, e.column) for e in rep.errors] == [(3, "#3")]
    assert "characters" in rep.errors[0].message


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_encodings_stream(write_csv, register_rows, encoding):
    df, rep = read_register(write_csv("名录.csv", register_rows, encoding))
    assert rep.ok and len(df) == 9 and df["region"].iat[0] == "Guichi"
