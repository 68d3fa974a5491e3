"""Every page in AppTest: change widgets and check the numbers shown against the library."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from workbench import app_data as ad
from workbench import scenario as sc
from workbench.i18n import model_name
from workbench.reference import indicator
from workbench.ui import status_text

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _app(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# ---------------------------------------------------------------- overview


def test_overview_shows_the_runs_probabilities_and_status(run):
    at = _app()
    tg = run.targets.set_index(["indicator", "target_year"])
    de = at.table[3].value  # the digital-economy group
    for x in ("digital_economy_share_gdp", "online_retail_sales"):
        row = de.loc[indicator(x).name_zh]
        assert row["达标概率"] == f"{tg.loc[(x, 2025), 'probability']:.0%}"
        assert (
            row["差距"]
            == f"{indicator(x).target(2025).value - tg.loc[(x, 2025), 'latest_value']:,.4g}"
        )
        assert row["2025年实际"] == "—"  # not entered: the probability stands
    # the plan table (precedence) gives the 2020 online sales 70, not the text's 70.2
    assert de.loc[indicator("online_retail_sales").name_zh, "最新实际值"] == "70"
    assert de.loc[indicator("online_retail_sales").name_zh, "数据截至"] == "2020 年"
    assert de.loc[indicator("online_retail_sales").name_zh, "来源"] == "一手来源"  # its grade
    # the boxes: one per status that occurs, from the run; they add up to the indicators
    counts = run.targets[run.targets["target_year"] == 2025]["status"].value_counts()
    metrics = _metrics(at)
    for key, n in counts.items():
        assert metrics[status_text(key, "zh", markdown=True)] == str(n)
    n_indicators = len(at.table[0].value) + sum(len(t.value) for t in at.table[1:])
    assert sum(int(v) for v in metrics.values()) == n_indicators == 18
    assert "共 18 项指标" in " ".join(m.value for m in at.markdown)
    # the 2022 targets: probabilities change to the run's 2022 ones; the year is in the URL
    at.radio(key="ov_year").set_value(2022).run()
    row = at.table[3].value.loc[indicator("online_retail_sales").name_zh]
    assert row["达标概率"] == f"{tg.loc[('online_retail_sales', 2022), 'probability']:.0%}"
    assert at.query_params["year"] in ("2022", ["2022"])
    assert sum(int(v) for v in _metrics(at).values()) == 18


def test_overview_link_restores_the_target_year():
    at = _app(year="2022")
    assert at.radio(key="ov_year").value == 2022


def test_a_year_that_is_over_shows_actuals_never_a_probability(tmp_path, monkeypatch):
    """Judged as of today (2022 and 2025 are over): no probability anywhere; 实际值未录入."""
    import datetime as dt

    from workbench.refresh import refresh

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    late = refresh("chizhou-digital", as_of=dt.date(2026, 11, 29), n_paths=200)
    assert set(late.targets["status"]) <= {"not_entered", "qualitative", "met", "missed"}
    at = _app()
    cells = pd.concat([t.value for t in at.table])
    assert (cells["达标概率"] == "—").all()
    assert cells["状态"].str.contains("实际值未录入").sum() > 0
    assert not at.get("vega_lite_chart")  # no probability chart
    metrics = _metrics(at)
    assert metrics[status_text("not_entered", "zh", markdown=True)] == str(
        int((late.targets.query("target_year == 2025")["status"] == "not_entered").sum())
    )
    assert sum(int(v) for v in metrics.values()) == 18
    assert any("数据截至 2020 年" in c.value for c in at.caption)  # the plan's base year
    rv = _app("review")
    review = pd.concat([t.value for t in rv.table])
    assert not review.filter(like="结果").stack().str.contains("%").any()


# ---------------------------------------------------------------- forecasts


def test_forecast_page_follows_the_selected_series(run):
    at = _app("forecasts")
    sel = at.selectbox(key="fc_series@zh")
    assert sel.value == "Chizhou/digital_economy_share_gdp"  # plan order first
    info = run.info.set_index("series_id")
    assert _metrics(at)["模型"] == model_name(
        info.at["Chizhou/digital_economy_share_gdp", "model"], "zh"
    )
    assert any("CAICT" in i.value or "信通院" in i.value for i in at.info)  # borrowing is shown
    sel.set_value("Chizhou/gdp").run()
    m = _metrics(at)
    assert m["模型"] == model_name(info.at["Chizhou/gdp", "model"], "zh")
    assert m["相对朴素法误差"] == f"{info.at['Chizhou/gdp', 'backtest_mase']:.2f}"
    assert at.query_params["series"] in ("Chizhou/gdp", ["Chizhou/gdp"])
    assert m["观测数"] == str(info.at["Chizhou/gdp", "n_obs"])
    shown = at.dataframe[0].value
    fc = run.forecasts[run.forecasts["series_id"] == "Chizhou/gdp"]
    np.testing.assert_allclose(shown["中位数"].to_numpy(), fc["mean"].to_numpy())
    np.testing.assert_allclose(shown["95% 区间上限"].to_numpy(), fc["hi_95"].to_numpy())
    assert len(at.get("download_button")) == 2


# ---------------------------------------------------------------- scenarios


def _prob(at: AppTest, ind: str, side: int = 0) -> float:
    """Scenario A's (side 0) or B's probability of meeting the 2025 target, from the results
    table beside the controls."""
    table = at.table[0].value
    cell = table.loc[f"{indicator(ind).name_zh} 2025年达标概率", table.columns[side]]
    return float(cell.rstrip("%")) / 100


def test_scenario_baseline_matches_the_run_and_sliders_move_probabilities(run):
    at = _app("scenarios")
    tg = run.targets.set_index(["indicator", "target_year"])
    for ind in ("online_retail_sales", "digital_economy_share_gdp"):
        assert _prob(at, ind) == pytest.approx(tg.loc[(ind, 2025), "probability"], abs=0.1)
    basis = ad.scenario_basis(run)
    base = sc.preset(basis, "baseline")
    before = _prob(at, "online_retail_sales")
    at.slider(key="a_online_retail_sales").set_value(30.0).run()
    expected = sc.simulate(basis, base.with_growth(online_retail_sales=30.0)).probabilities
    p = expected.set_index(["indicator", "target_year"]).loc[("online_retail_sales", 2025)]
    assert _prob(at, "online_retail_sales") == pytest.approx(round(p["probability"], 2), abs=0.006)
    assert _prob(at, "online_retail_sales") > before
    assert at.query_params["a_ors"] in ("30", ["30"])
    # the share follows its drivers: faster category growth raises its probability
    share0 = _prob(at, "digital_economy_share_gdp")
    for c in sc.CATEGORIES:
        at.slider(key=f"a_cat{c}").set_value(25.0)
    at.run()
    assert _prob(at, "digital_economy_share_gdp") > share0
    # scenario B is independent of A
    assert _prob(at, "online_retail_sales", side=1) == pytest.approx(
        sc.simulate(basis, sc.preset(basis, "optimistic"))
        .probabilities.set_index(["indicator", "target_year"])
        .loc[("online_retail_sales", 2025), "probability"],
        abs=0.006,
    )


def test_scenario_link_reproduces_the_scenario_and_presets_reset_it(run):
    at = _app("scenarios", a_ors="5", a_shock="2026:-10", b_preset="pessimistic")
    assert at.slider(key="a_online_retail_sales").value == 5.0
    assert at.checkbox(key="a_shock_on").value is True
    assert at.number_input(key="a_shock_year").value == 2026
    assert at.slider(key="a_shock_pct").value == -10.0
    basis = ad.scenario_basis(run)
    pess = sc.preset(basis, "pessimistic")
    assert at.slider(key="b_gdp").value == pytest.approx(pess.growth["gdp"])
    at.selectbox(key="a_preset@zh").set_value("optimistic").run()
    opt = sc.preset(basis, "optimistic")
    assert at.slider(key="a_online_retail_sales").value == pytest.approx(
        opt.growth["online_retail_sales"]
    )
    assert at.checkbox(key="a_shock_on").value is False


def test_scenario_bad_link_is_reported_not_a_traceback():
    at = _app("scenarios", a_ors="fast")
    assert any("a_ors" in e.value for e in at.error)


# ---------------------------------------------------------------- plan review


def test_target_aid_is_the_path_quantile_for_the_chosen_probability(run):
    at = _app("review")
    at.slider(key="rv_prob").set_value(90).run()
    aid = at.dataframe[-1].value
    paths = run.paths[
        (run.paths["series_id"] == "Chizhou/online_retail_sales") & (run.paths["year"] == 2030)
    ]
    row = aid[aid["指标"] == indicator("online_retail_sales").name_zh].iloc[0]
    assert row["建议目标"] == pytest.approx(np.quantile(paths["value"], 0.10))
    assert at.query_params["aid_p"] in ("90", ["90"])
    at.slider(key="rv_prob").set_value(50).run()
    row = at.dataframe[-1].value
    row = row[row["指标"] == indicator("online_retail_sales").name_zh].iloc[0]
    assert row["建议目标"] == pytest.approx(np.quantile(paths["value"], 0.50))
    # plan review table: every indicator once
    names = [i for t in at.table for i in t.value.index]
    assert len(names) == 18


def test_target_aid_warns_of_suggestions_below_the_base_or_latest_actual(run):
    at = _app("review", aid_p="95")
    aid = ad.target_for_probability(run, 2030, 0.95)
    low = aid[aid["below_base"] | aid["below_latest"]]
    assert len(low) > 0  # at 95% some suggestions fall below today's level
    assert any(f"有 {len(low)} 项建议目标" in w.value for w in at.warning)
    shown = at.dataframe[-1].value.set_index("指标")
    for _, r in low.iterrows():
        flag = shown.loc[ad.series_label(r["series_id"], "zh"), "提示"]
        assert ("低于" in flag) and flag != "—"
        assert r["target"] < max(r["base_value"], r["latest_value"])
    ok = aid[~(aid["below_base"] | aid["below_latest"])]
    for _, r in ok.iterrows():
        assert shown.loc[ad.series_label(r["series_id"], "zh"), "提示"] == "—"


# ---------------------------------------------------------------- composition


def test_composition_labels_synthetic_data_and_totals_match_the_classifier():
    at = _app("composition")
    assert any("合成数据" in w.value for w in at.warning)
    assert any("未经核实" in w.value for w in at.warning)
    from workbench.registers import monitor as mo

    panel = mo.enterprise_panel(mo.synthetic_records())  # the key-enterprise page's demo
    res = ad.composition(mo.classifier_input(panel), "major")
    tab = ad.category_frame(res.table, "major")
    at.select_slider(key="co_year").set_value(2020).run()
    shown = at.dataframe[0].value
    expected = tab[tab["year"] == 2020].groupby("category")["value"].sum()
    np.testing.assert_allclose(shown["增加值（亿元）"].to_numpy(), expected.to_numpy())
    assert shown["占比（%）"].sum() == pytest.approx(100)
    # mid level: more rows, same total
    at.radio(key="co_level").set_value("mid").run()
    mid = at.dataframe[0].value
    assert len(mid) > 5 and mid["类别"].str.match(r"0[1-5]\d\d ").all()
    assert mid["增加值（亿元）"].sum() == pytest.approx(expected.sum())


def test_composition_and_key_enterprises_show_the_same_digital_value_added():
    # one set of numbers: the latest year's total on Composition is the key-enterprise
    # page's "数字经济增加值（亿元）" for the whole city, all categories
    co = _app("composition")
    total = co.dataframe[0].value["增加值（亿元）"].sum()
    en = _app("enterprises")
    shown = next(m.value for m in en.metric if m.label == "数字经济增加值（亿元）")
    assert f"{total:,.2f}" == shown


# ---------------------------------------------------------------- data


def test_data_page_shows_sources_and_is_read_only_without_token(run):
    at = _app("data")
    assert any(run.run_id in m.value for m in at.markdown)  # the run id lives here
    assert _metrics(at)["预测序列数"] == str(run.manifest["n_series"])
    prov = at.dataframe[1].value
    name = indicator("online_retail_sales").name_zh
    assert "indicator" not in prov.columns  # names, never ids
    row = prov[(prov["indicator_name"] == name) & (prov["year"] == 2020)].iloc[0]
    assert "池数组〔2021〕1号" in row["source"] and row["quote"]
    at.selectbox(key="da_region@zh").set_value("China").run()
    china = at.dataframe[1].value
    assert len(china) > 20
    assert not at.file_uploader  # read-only: no upload without a token
    assert not at.button


def test_upload_needs_the_right_token(monkeypatch):
    monkeypatch.setenv("WORKBENCH_UPLOAD_TOKEN", "s3cret")
    at = _app("data")
    at.text_input(key="da_token").input("wrong").run()
    assert any("口令不正确" in e.value for e in at.error)
    assert not at.button
    at.text_input(key="da_token").input("s3cret").run()
    assert at.button(key="da_go").disabled  # no file and no source yet


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("page", "en_title"),
    [
        ("composition", "Composition of the digital economy"),
        ("forecasts", "Forecasts"),
        ("scenarios", "Scenarios"),
        ("review", "Plan review"),
        ("data", "Data and sources"),
    ],
)
def test_every_page_switches_to_english(page, en_title):
    at = _app(page)
    zh = at.title[0].value
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == en_title != zh


# ---------------------------------------------------------------- uploads and files


def test_scenario_file_loads_into_the_sliders_and_bad_files_are_reported():
    at = _app("scenarios")
    doc = sc.Scenario({"online_retail_sales": 12.5, "gdp": 4.0}, 2027, -8.0, "saved").to_json()
    at.file_uploader(key="a_file").upload("mine.json", doc.encode(), "application/json").run()
    assert not at.exception
    assert at.slider(key="a_online_retail_sales").value == 12.5
    assert at.slider(key="a_gdp").value == 4.0
    assert at.checkbox(key="a_shock_on").value is True
    assert at.number_input(key="a_shock_year").value == 2027
    at.file_uploader(key="b_file").upload(
        "broken.json", b'{"workbench_scenario": 1, "growth_pct": {"gdp": 900}}', "application/json"
    ).run()
    assert not at.exception
    assert any("broken.json" in e.value and "growth of gdp" in e.value for e in at.error)


def test_composition_classifies_an_uploaded_register_with_the_token(monkeypatch):
    monkeypatch.setenv("WORKBENCH_UPLOAD_TOKEN", "tok")
    at = _app("composition")
    assert not at.file_uploader
    at.text_input(key="co_token").input("tok").run()
    reg = pd.DataFrame(
        {
            "industry_code": ["3973", "3973", "6513", "1311"],
            "value_added_wan": [20000.0, 10000.0, 5000.0, 70000.0],
            "year": [2024, 2024, 2024, 2024],
            "region": ["贵池区", "东至县", "贵池区", "贵池区"],
        }
    )
    at.file_uploader(key="co_file").upload(
        "reg.csv", reg.to_csv(index=False).encode(), "text/csv"
    ).run()
    assert not at.exception
    assert any("reg.csv" in s.value for s in at.success)
    assert not any("合成数据" in w.value for w in at.warning)
    expected = ad.category_frame(ad.composition(reg).table).groupby("category")["value"].sum()
    shown = at.dataframe[0].value
    np.testing.assert_allclose(shown["增加值（亿元）"].to_numpy(), expected.to_numpy())
    bad = reg.drop(columns="industry_code")
    at.file_uploader(key="co_file").upload(
        "bad.csv", bad.to_csv(index=False).encode(), "text/csv"
    ).run()
    assert not at.exception
    assert any("bad.csv" in e.value for e in at.error)


def test_data_upload_ingests_and_refreshes(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))  # own store and runs
    monkeypatch.setenv("WORKBENCH_UPLOAD_TOKEN", "tok")
    at = _app("data")
    at.text_input(key="da_token").input("tok").run()
    bad = "region,indicator,year,value,unit\n池州,online_retail_sales,20x1,95.5,亿元\n"
    at.file_uploader(key="da_file").upload("bad.csv", bad.encode(), "text/csv")
    at.text_input(key="da_source").input("池州市商务局").run()
    at.button(key="da_go").click().run()
    assert not at.exception
    # the Chinese page explains it in Chinese, still naming file, row and column
    assert any("bad.csv" in e.value and "第 2 行" in e.value and "'year' 列" in e.value
               and "不是年份" in e.value for e in at.error)  # fmt: skip
    from workbench.refresh import latest_run

    assert latest_run() is None  # nothing refreshed on a refused file
    good = "region,indicator,year,value,unit\n池州,online_retail_sales,2021,95.5,亿元\n"
    at.file_uploader(key="da_file").upload("sales_2021.csv", good.encode(), "text/csv").run()
    at.button(key="da_go").click().run()
    assert not at.exception
    new = latest_run()
    assert new is not None and any(new.run_id in s.value for s in at.success)
    tg = new.targets.set_index(["indicator", "target_year"])
    assert tg.loc[("online_retail_sales", 2022), "latest_year"] == 2021
    assert tg.loc[("online_retail_sales", 2022), "latest_value"] == pytest.approx(95.5)


def test_data_upload_of_a_bad_file_is_explained_in_chinese(monkeypatch, tmp_path):
    from workbench.i18n import untranslated

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.setenv("WORKBENCH_UPLOAD_TOKEN", "tok")
    at = _app("data")
    at.text_input(key="da_token").input("tok").run()
    bad = '地区,指标,年份,数值,单位\n池州市,网络零售额,2021,"80,5",亿元\n池州市,网上零售,2022,9,亿元\n'
    at.file_uploader(key="da_file").upload("销售.csv", bad.encode("gbk"), "text/csv")
    at.text_input(key="da_source").input("池州市商务局").run()
    at.button(key="da_go").click().run()
    assert not at.exception
    (err,) = [e.value for e in at.error]
    assert "销售.csv，第 2 行，'数值' 列" in err and "有歧义" in err
    assert "第 3 行，'指标' 列" in err and "未知指标" in err
    assert untranslated(err.replace("\\", ""), "zh") == [], err


# ---------------------------------------------------------------- before the first refresh


@pytest.mark.parametrize("page", [None, "forecasts", "scenarios", "review", "data"])
def test_pages_say_how_to_make_a_run_when_there_is_none(monkeypatch, tmp_path, page):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))  # empty: no store, no run
    at = _app(page)
    assert any("workbench refresh" in w.value for w in at.warning)


def test_an_older_run_reopens_from_the_url(run, tmp_path):
    """?run=<id> shows that run exactly as it was, even after a newer refresh."""
    import datetime as dt

    from workbench.refresh import refresh

    newer = refresh("chizhou-digital", n_paths=100, as_of=dt.date(2026, 11, 29))
    assert newer.run_id != run.run_id
    old = _app(run=run.run_id)
    cur = _app()
    col = "达标概率"
    old_probs = [v for v in old.table[3].value[col]]
    cur_probs = [v for v in cur.table[3].value[col]]
    assert any(p != "—" for p in old_probs)  # the mid-2021 run still shows its probabilities
    assert all(p == "—" for p in cur_probs)  # the 2026 run: years over, no probability
    refresh("chizhou-digital", as_of=dt.date(2021, 6, 30))  # leave a mid-2021 run latest


@pytest.mark.parametrize(("lang", "unit"), [("zh", "（亿元）"), ("en", "(100 million yuan)")])
def test_scenario_results_name_each_unit_once(lang, unit):
    at = _app("scenarios", lang=lang)
    labels = at.table[0].value.index.astype(str).tolist()  # quantity names with units
    assert any(unit in x for x in labels)  # the scale row and the yuan indicators
    assert all(x.count(unit) <= 1 for x in labels), labels
