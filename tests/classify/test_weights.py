import pandas as pd
import pytest

from workbench.classify import CoefficientError, default_table, load_coefficients
from workbench.classify.coefficients import PARTIAL_PATH, code_weights

D = 0.3507  # shipped placeholder digitalisation coefficient (see docs/classification.md)


@pytest.fixture(scope="module")
def weights():
    return code_weights(default_table())


def _w(weights, code):
    w = weights[weights["code"] == code]
    return {(None if pd.isna(s) else s): x for s, x in zip(w["sub_code"], w["weight"], strict=True)}


def test_every_code_sums_to_one(weights):
    s = weights.groupby("code")["weight"].sum()
    assert len(s) == 97 + 473 + 1381  # every 大类, 中类 and 小类 of GB/T 4754-2017
    assert (s - 1).abs().max() < 1e-12
    assert (weights["weight"] > 0).all()


def test_full_core_code(weights):
    assert _w(weights, "3973") == {"010508": 1.0}


def test_partial_core_and_digitalisation_hand_computed(weights):
    # 4910 电气安装: 4 partial 0405 rows share the 50% placeholder; 05 gets D of the rest
    w = _w(weights, "4910")
    for sub in ("040501", "040502", "040503", "040504"):
        assert w[sub] == pytest.approx(0.125)
    assert w["050903"] == pytest.approx(D * 0.5)
    assert w[None] == pytest.approx(1 - 0.5 - D * 0.5)


def test_digitalisation_split_among_subs_of_one_code(weights):
    w = _w(weights, "9221")  # 大类 92 maps to three 0508 小类
    assert w["050801"] == w["050802"] == w["050803"] == pytest.approx(D / 3)
    assert w[None] == pytest.approx(1 - D)


def test_core_industry_is_not_also_05(weights):
    # 3491 工业机器人制造 is core (01); 大类 34 is 05 but only for what the core leaves
    assert _w(weights, "3491") == {"010401": 1.0}
    assert _w(weights, "3411") == {"050201": pytest.approx(D), None: pytest.approx(1 - D)}


def test_coarse_code_is_the_mean_of_its_subclasses(weights):
    w = _w(weights, "39")
    assert sum(w.values()) == pytest.approx(1.0)
    assert None not in w  # every 小类 of 39 is core in the default table
    assert w["010508"] == pytest.approx(1 / 36)  # 36 小类 in 大类 39


def test_edited_coefficients_change_the_weights(tmp_path):
    p = pd.read_csv(PARTIAL_PATH, dtype=str)
    p.loc[p["gbt4754_code"] == "3831", "coefficient"] = "0.2"
    path = tmp_path / "partial.csv"
    p.to_csv(path, index=False)
    w = code_weights(default_table(), load_coefficients(partial_path=path))
    assert _w(w, "3831")["010606"] == pytest.approx(0.2)
    assert _w(w, "3831")["050203"] == pytest.approx(D * 0.8)


def test_coefficients_that_overflow_are_refused(tmp_path):
    p = pd.read_csv(PARTIAL_PATH, dtype=str)
    p.loc[p["gbt4754_code"] == "4910", "coefficient"] = "0.4"  # 4 × 0.4 > 1
    path = tmp_path / "partial.csv"
    p.to_csv(path, index=False)
    with pytest.raises(CoefficientError, match="4910"):
        code_weights(default_table(), load_coefficients(partial_path=path))


def test_coefficient_outside_0_1_names_row(tmp_path):
    p = pd.read_csv(PARTIAL_PATH, dtype=str)
    p.loc[2, "coefficient"] = "1.5"
    path = tmp_path / "partial.csv"
    p.to_csv(path, index=False)
    with pytest.raises(CoefficientError, match="row 4, column coefficient"):
        load_coefficients(partial_path=path)


def test_shipped_coefficients_are_labelled_placeholders():
    c = load_coefficients()
    assert c.placeholder
    assert c.digitalisation_for("13") == pytest.approx(D)
    # D is derived from CAICT 2021: 37.18 / (114.367 - 8.35)
    assert round(37.18 / (1143670 / 10000 - 8.35), 4) == D
