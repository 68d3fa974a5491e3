import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench.classify import default_table
from workbench.cli import app

runner = CliRunner()

CSV = """企业代码,行业代码,营业收入,增加值,县区,年份
1,3973,100,30,贵池区,2020
2,C3973,50,10,东至县,2020
3,６５１３,20,8,贵池区,2021
4,1311,10,2,贵池区,2020
5,6510,5,1,东至县,2020
6,,3,1,东至县,2021
"""


@pytest.fixture
def csv_utf8(tmp_path):
    p = tmp_path / "records.csv"
    p.write_text(CSV, encoding="utf-8")
    return p


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_classify_csv_rows_sum_to_input(tmp_path, encoding, engine):
    p = tmp_path / "r.csv"
    p.write_bytes(CSV.encode(encoding))
    out = tmp_path / "out.csv"
    r = _run(
        "classify",
        p,
        "--code-column",
        "行业代码",
        "--value-column",
        "营业收入",
        "--value-column",
        "增加值",
        "--region-column",
        "县区",
        "--year-column",
        "年份",
        "--engine",
        engine,
        "--out",
        out,
    )
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out, keep_default_na=False, dtype={"major_code": str})
    assert df.groupby("value_column")["value"].sum().to_dict() == pytest.approx(
        {"营业收入": 188, "增加值": 52}
    )
    assert {"NA", "UNMATCHED", "01", "03", "05"} <= set(df["major_code"])
    assert {"县区", "年份", "mid_code", "sub_name", "note"} <= set(df.columns)
    assert df["note"].str.contains("UNVERIFIED").all()
    assert "6510" in r.output and "2011" in r.output


def test_classify_xlsx_and_parquet_sub_level(tmp_path, csv_utf8):
    df = pd.read_csv(csv_utf8, dtype=str, keep_default_na=False)
    x = tmp_path / "r.xlsx"
    df.to_excel(x, index=False)
    q = tmp_path / "r.parquet"
    df.assign(营业收入=df["营业收入"].astype(float)).to_parquet(q)
    outs = []
    for src, engine in ((x, "pandas"), (q, "duckdb")):
        out = tmp_path / f"{src.suffix[1:]}.csv"
        r = _run(
            "classify",
            src,
            "--code-column",
            "行业代码",
            "--value-column",
            "营业收入",
            "--level",
            "sub",
            "--engine",
            engine,
            "--out",
            out,
        )
        assert r.exit_code == 0, r.output
        outs.append(pd.read_csv(out, dtype=str, keep_default_na=False))
    pd.testing.assert_frame_equal(outs[0], outs[1])
    sub = outs[0].set_index("sub_code")
    assert float(sub.loc["010508", "value"]) == 150.0


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_bad_input_is_a_clear_error(tmp_path, csv_utf8, engine):
    out = tmp_path / "o.csv"
    r = _run(
        "classify",
        csv_utf8,
        "--code-column",
        "code",
        "--value-column",
        "营业收入",
        "--engine",
        engine,
        "--out",
        out,
    )
    assert r.exit_code == 1
    assert str(csv_utf8) in r.output and "'code'" in r.output and "Traceback" not in r.output
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace("10,2,贵池区", "十,2,贵池区"), encoding="utf-8")
    r = _run(
        "classify",
        bad,
        "--code-column",
        "行业代码",
        "--value-column",
        "营业收入",
        "--engine",
        engine,
        "--out",
        out,
    )
    assert r.exit_code == 1
    assert f"{bad}: row 5, column '营业收入'" in r.output
    assert not out.exists()


def test_missing_input_and_bad_table(tmp_path, csv_utf8):
    r = _run(
        "classify",
        tmp_path / "nope.csv",
        "--code-column",
        "a",
        "--value-column",
        "b",
        "--out",
        tmp_path / "o.csv",
    )
    assert r.exit_code == 1 and "not found" in r.output
    t = tmp_path / "t.csv"
    t.write_text("x,y\n1,2\n", encoding="utf-8")
    r = _run(
        "classify",
        csv_utf8,
        "--code-column",
        "行业代码",
        "--value-column",
        "营业收入",
        "--table",
        t,
        "--out",
        tmp_path / "o.csv",
    )
    assert r.exit_code == 1 and "unknown layout" in r.output


def test_official_table_and_diff(tmp_path, csv_utf8):
    rows = default_table().rows.copy()
    rows.loc[rows["gbt4754_code"] == "3831", "partial"] = False
    t = tmp_path / "official.csv"
    rows.to_csv(t, index=False)
    r = _run("classify-diff", t, "--out", tmp_path / "d.csv")
    assert r.exit_code == 0, r.output
    assert "1 differences" in r.output and "partial_differs" in r.output
    out = tmp_path / "o.csv"
    r = _run(
        "classify",
        csv_utf8,
        "--code-column",
        "行业代码",
        "--value-column",
        "营业收入",
        "--table",
        t,
        "--out",
        out,
    )
    assert r.exit_code == 0
    df = pd.read_csv(out, keep_default_na=False)
    assert df["table_verified"].all() and not df["note"].str.contains("UNVERIFIED").any()


def test_synth_register_and_classified(tmp_path):
    reg = tmp_path / "reg.csv"
    r = _run("synth", "register", "--out", reg, "--seed", "3", "--enterprises", "200")
    assert r.exit_code == 0, r.output
    df = pd.read_csv(reg, dtype={"industry_code": str})
    assert df["synthetic"].all() and df["enterprise_id"].nunique() == 200
    out, scale = tmp_path / "c.csv", tmp_path / "s.csv"
    r = _run("synth", "classified", "--out", out, "--scale-out", scale)
    assert r.exit_code == 0, r.output
    c = pd.read_csv(out, keep_default_na=False)
    assert c["synthetic"].all() and {"region", "year", "major_code"} <= set(c.columns)
    s = pd.read_csv(scale)
    assert s.loc[s["year"] == 2020, "gdp"].iloc[0] == pytest.approx(8_689_000)


def test_synth_classified_is_reproducible(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert _run("synth", "classified", "--out", a, "--level", "mid").exit_code == 0
    assert _run("synth", "classified", "--out", b, "--level", "mid").exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    df = pd.read_csv(a, keep_default_na=False, dtype={"major_code": str})
    assert {"贵池区", "东至县", "石台县", "青阳县", "池州经济技术开发区", "江南产业集中区"} == set(
        df["region"]
    )
    assert df["mid_code"].str.len().isin([0, 4]).all()


def test_committed_synthetic_outputs_are_reproducible(tmp_path):
    from workbench.paths import DATA_DIR

    a, s = tmp_path / "a.csv", tmp_path / "s.csv"
    assert _run("synth", "classified", "--out", a, "--scale-out", s).exit_code == 0
    committed = DATA_DIR / "synthetic"
    for fresh, name in (
        (a, "classified_by_county_seed2021.csv"),
        (s, "scale_by_year_seed2021.csv"),
    ):
        got = pd.read_csv(fresh, keep_default_na=False)
        want = pd.read_csv(committed / name, keep_default_na=False)
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
