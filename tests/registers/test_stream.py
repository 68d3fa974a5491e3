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


# ---------------------------------------------------------------- .xlsx, streamed
def _xlsx_with_quirks(tmp_path):
    """Title lines, a blank row, a vertical merge, a percent cell, a formula without a saved
    value, a second sheet that is not the register."""
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes.append(["本表为测试数据"])
    ws = wb.create_sheet("名录")
    ws.append(["企业名录（测试）"])
    ws.append(["单位：万元"])
    ws.append(["企业代码", "行业代码", "县区", "年份", "增加值", "从业人员"])
    ws.append(["A", "3973", "贵池区", 2021, 5, 10])
    ws.append(["B", 6513, None, 2021, 3.5, 20])  # 县区 merged down from row 4
    ws.append([])
    ws.append(["C", "3985", "东至县", 2021, 0.25, 30])
    ws.merge_cells("C4:C5")
    ws["E7"].number_format = "0%"
    ws["F7"] = "=1+1"  # no saved value: refused as on the observation path
    p = tmp_path / "名录.xlsx"
    wb.save(p)
    return p


def test_xlsx_rows_streamed_equal_the_observation_readers(tmp_path):
    from workbench.ingest.readers import read_tables
    from workbench.registers.stream import xlsx_tables

    p = _xlsx_with_quirks(tmp_path)
    whole = read_tables(p)
    streamed = xlsx_tables(p)
    assert [t.sheet for t in streamed] == [t.sheet for t in whole] == ["说明", "名录"]
    for a, b in zip(whole, streamed, strict=True):
        assert list(b.iter_rows()) == a.rows
    rows = dict(streamed[1].iter_rows())
    assert rows[5][2] == "贵池区" and rows[7][4] == 25.0  # merge filled, 25 %


def test_xlsx_in_chunks_of_two_rows_keeps_rows_and_located_errors(tmp_path):
    p = _xlsx_with_quirks(tmp_path)
    whole, rep = read_register(p)
    chunked, rep2 = _read_chunked(p, 2)
    pd.testing.assert_frame_equal(whole, chunked)
    assert chunked["row"].tolist() == [4, 5, 7]
    assert chunked["region"].tolist() == ["Guichi", "Guichi", "Dongzhi"]
    assert chunked["industry_code"].tolist() == ["3973", "6513", "3985"]
    assert [(e.row, e.column) for e in rep2.errors] == [(7, "F ('从业人员')")]
    assert "formula without a saved value (=1+1)" in rep2.errors[0].message
    assert rep2.format() == rep.format()


def test_xlsx_problem_repeating_across_chunks_is_counted_once(write_xlsx):
    rows = [["企业代码", "行业代码", "县区", "年份", "增加值(万元)"]]
    rows += [[f"E{i}", "3973", "火星区" if i % 3 == 0 else "贵池区", 2021, 1] for i in range(10)]
    rows += [["E4", "3973", "贵池区", 2021, 2]]  # row 12 repeats E4 (row 6), two chunks apart
    df, rep = _read_chunked(write_xlsx("r.xlsx", rows), 3)
    assert len(df) == 11 and df["row"].tolist() == list(range(2, 13))
    region = [e for e in rep.errors if "火星区" in e.message]
    assert [(e.row, e.column) for e in region] == [(2, "C ('县区')")]
    assert "(4 rows;" in region[0].message  # rows 2, 5, 8, 11
    assert any(e.row == 12 and "'E4' appears twice for 2021" in e.message for e in rep.errors)


def test_xlsx_row_limit_from_the_environment_still_applies(write_xlsx, monkeypatch):
    rows = [["企业代码", "行业代码", "县区", "年份", "增加值(万元)"]]
    rows += [[f"E{i}", "3973", "贵池区", 2021, 1] for i in range(10)]
    monkeypatch.setenv("WORKBENCH_MAX_ROWS", "5")
    _, rep = read_register(write_xlsx("r.xlsx", rows))
    assert not rep.ok and "limits: 5 rows" in rep.errors[0].message
