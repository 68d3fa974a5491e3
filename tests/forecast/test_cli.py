import pandas as pd
from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()


def _write(tmp_path, text, name="in.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD = (
    "series_id,year,value\n"
    + "".join(f"a,{2010 + i},{10 + i * 1.5}\n" for i in range(10))
    + "b,2019,5\nb,2020,6\n"
)


def _out(result):
    return result.output + (getattr(result, "stderr", "") or "")


def test_cli_writes_one_row_per_series_and_future_year(tmp_path):
    inp, out = _write(tmp_path, GOOD), tmp_path / "out.csv"
    r = runner.invoke(app, ["forecast", str(inp), "--horizon", "4", "--out", str(out)])
    assert r.exit_code == 0, _out(r)
    df = pd.read_csv(out)
    assert list(df.columns) == [
        "series_id",
        "year",
        "median",
        "mean",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
        "model",
    ]
    assert len(df) == 8
    assert sorted(df.loc[df["series_id"] == "b", "year"]) == [2021, 2022, 2023, 2024]
    assert (df["lo_95"] <= df["lo_80"]).all() and (df["hi_80"] <= df["hi_95"]).all()


def test_cli_levels_follow_the_options(tmp_path):
    inp, out = _write(tmp_path, GOOD), tmp_path / "out.csv"
    r = runner.invoke(
        app, ["forecast", str(inp), "--horizon", "2", "--level", "90", "--out", str(out)]
    )
    assert r.exit_code == 0, _out(r)
    assert list(pd.read_csv(out).columns) == [
        "series_id",
        "year",
        "median",
        "mean",
        "lo_90",
        "hi_90",
        "model",
    ]


def test_cli_to_year_and_bounds(tmp_path):
    inp, out = (
        _write(tmp_path, "series_id,year,value\ns,2018,90\ns,2019,95\ns,2020,98\n"),
        tmp_path / "o.csv",
    )
    r = runner.invoke(
        app, ["forecast", str(inp), "--to-year", "2030", "--bounds", "0,100", "--out", str(out)]
    )
    assert r.exit_code == 0, _out(r)
    df = pd.read_csv(out)
    assert df["year"].max() == 2030 and (df["hi_95"] <= 100).all()


def _fails(tmp_path, text, *extra):
    inp = _write(tmp_path, text)
    r = runner.invoke(
        app,
        ["forecast", str(inp), "--out", str(tmp_path / "o.csv"), *(extra or ("--horizon", "3"))],
    )
    assert r.exit_code == 1
    msg = _out(r)
    assert "Traceback" not in msg
    return msg


def test_cli_bad_value_names_file_row_and_column(tmp_path):
    msg = _fails(tmp_path, "series_id,year,value\na,2019,1\na,2020,abc\n")
    assert "in.csv" in msg and "row 3" in msg and "column value" in msg


def test_cli_bad_year_and_duplicates(tmp_path):
    assert "row 2, column year" in _fails(tmp_path, "series_id,year,value\na,20.5,1\n")
    assert "already has year 2020" in _fails(tmp_path, "series_id,year,value\na,2020,1\na,2020,2\n")


def test_cli_missing_column_and_missing_file(tmp_path):
    assert "missing column(s) value" in _fails(tmp_path, "series_id,year,val\na,2020,1\n")
    r = runner.invoke(
        app,
        [
            "forecast",
            str(tmp_path / "nope.csv"),
            "--horizon",
            "2",
            "--out",
            str(tmp_path / "o.csv"),
        ],
    )
    assert r.exit_code == 1 and "not found" in _out(r)


def test_cli_bad_options(tmp_path):
    assert "exactly one" in _fails(tmp_path, GOOD, "--level", "80")
    assert "--level 100" in _fails(tmp_path, GOOD, "--horizon", "2", "--level", "100")
    assert "outside --bounds" in _fails(tmp_path, GOOD, "--horizon", "2", "--bounds", "0,12")
