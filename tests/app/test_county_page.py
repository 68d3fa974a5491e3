"""The Forecasts page's county view, in Chinese and English: says so when an indicator has
no county data; lists counties and zones with a total that does not add the zones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from workbench import county
from workbench.i18n import t

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _forecasts(lang: str, series: str = "Chizhou/gdp") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["series"] = series
    at.run()
    at.switch_page("app_pages/forecasts.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_without_county_data_says_so(lang):
    at = _forecasts(lang)
    assert t("county_title", lang) in [s.value for s in at.subheader]
    assert t("county_none", lang) in [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_county_data_is_listed_with_a_total(lang, monkeypatch):
    real = county.county_view

    def with_counties(obs, indicator, regions, top, n_years=3):
        extra = pd.DataFrame(
            {"region": ["Guichi", "Dongzhi", "Shitai", "Qingyang", "Jiangnan_Zone"],
             "indicator": indicator, "year": 2022, "value": [300.0, 200.0, 50.0, 150.0, 100.0],
             "unit": "亿元", "grade": "primary"}
        )  # fmt: skip
        return real(pd.concat([obs, extra], ignore_index=True), indicator, regions, top, n_years)

    monkeypatch.setattr(county, "county_view", with_counties)
    at = _forecasts(lang)
    first = t("county_col_region", lang)
    df = next(d.value for d in at.dataframe if first in d.value.columns)
    names = list(df[first])
    total = df[df[first].str.startswith("区县合计" if lang == "zh" else "Districts")]
    assert total["2022"].iat[0] == 700.0  # the zone's 100 is not added
    assert ("江南新兴产业集中区" if lang == "zh" else "Jiangnan Emerging Industries Zone") in names
    assert t("county_caption", lang, admin="")[:6] in " ".join(c.value for c in at.caption)
