"""Plan packs: both shipped packs load and check clean; broken packs are refused with
located messages (file, row, column) and a non-zero exit, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench import plans
from workbench.cli import app

PACKS = Path(__file__).resolve().parents[2] / "data" / "plans"
runner = CliRunner()


def test_shipped_packs_check_clean():
    for pid in ("chizhou-digital",):
        problems = plans.check_pack(PACKS / pid)
        assert [p for p in problems if p.severity == "error"] == []


def test_chizhou_pack_matches_the_plan_table():
    """池数组〔2021〕1号, table 「“数字池州”建设主要预期指标」: 18 indicators, 2020 base,
    2022 and 2025 targets (spot checks against the plan text)."""
    p = plans.load_plan("chizhou-digital")
    assert (p.base_year, p.milestones, p.final_year) == (2020, (2022, 2025), 2025)
    assert len(p.indicators) == 18
    assert [g.id for g in p.groups] == [
        "digital_infrastructure", "e_government", "social_governance", "digital_economy",
    ]  # fmt: skip
    share = p.indicator("digital_economy_share_gdp")
    assert (share.base_value, share.target(2022).value, share.target(2025).value) == (20, 25, 30)
    fiveg = p.indicator("base_stations_5g").target(2022)
    assert (fiveg.op, fiveg.value, fiveg.text) == (">=", 2000, "不低于2000")
    urban = p.indicator("urban_broadband_speed").target(2025)
    assert (urban.op, urban.value) == (">", 150)
    assert p.indicator("gov_systems_cloud_rate").target(2025).text == "应上尽上"
    assert p.indicator("mobile_broadband_penetration").kind == "ratio"  # may exceed 100
    assert p.indicator("social_security_card_coverage").nature == "binding"
    assert p.reference("zh") == "《池州市“十四五”数字池州建设规划》（池数组〔2021〕1号）"


def _copy(tmp_path: Path, pid: str = "chizhou-digital") -> Path:
    dst = tmp_path / pid
    shutil.copytree(PACKS / pid, dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _break_missing_file(d):
    (d / "targets.csv").unlink()
    return "targets.csv", None, None, "file missing"


def _break_operator(d):
    _edit(d / "targets.csv", "base_stations_5g,2022,>=", "base_stations_5g,2022,=>")
    return "targets.csv", 8, "op", "unknown operator '=>'"


def _break_unit(d):
    _edit(d / "indicators.csv", ",个,level,", ",台,level,")
    return "indicators.csv", 5, "unit", "unknown unit '台'"


def _break_target_before_base(d):
    _edit(d / "targets.csv", "base_stations_5g,2022,", "base_stations_5g,2019,")
    return "targets.csv", 8, "year", "not after the base year 2020"


def _break_duplicate_indicator(d):
    text = (d / "indicators.csv").read_text(encoding="utf-8").splitlines()
    (d / "indicators.csv").write_text("\n".join([*text, text[1]]) + "\n", encoding="utf-8")
    return "indicators.csv", 20, "indicator_id", "duplicate indicator 'fiber_broadband_share'"


def _break_unknown_group(d):
    _edit(d / "indicators.csv", ",digital_infrastructure,%,share,", ",infra,%,share,")
    return "indicators.csv", 2, "group", "unknown group 'infra'"


def _break_target_year_not_milestone(d):
    _edit(d / "targets.csv", "base_stations_5g,2022,", "base_stations_5g,2023,")
    return "targets.csv", 8, "year", "not a milestone"


def _break_bad_grade(d):
    _edit(d / "observations" / "plan_table_2020.csv", ",primary,20,", ",official,20,")
    return "observations/plan_table_2020.csv", 2, "grade", "'official' is not one of"


def _break_toml(d):
    _edit(d / "plan.toml", "milestones = [2022, 2025]", "milestones = [2025, 2022]")
    return "plan.toml", None, "milestones", "ascending"


def _break_unknown_target_indicator(d):
    _edit(d / "targets.csv", "base_stations_5g,2022,", "base_stations_6g,2022,")
    return "targets.csv", 8, "indicator_id", "unknown indicator 'base_stations_6g'"


def _break_bad_kind(d):
    _edit(d / "indicators.csv", ",个,level,", ",个,stock,")
    return "indicators.csv", 5, "kind", "'stock' is not one of"


def _break_not_a_number(d):
    _edit(d / "targets.csv", "base_stations_5g,2022,>=,2000", "base_stations_5g,2022,>=,两千")
    return "targets.csv", 8, "value", "not a number: '两千'"


BREAKS = [
    _break_missing_file, _break_operator, _break_unit, _break_target_before_base,
    _break_duplicate_indicator, _break_unknown_group, _break_target_year_not_milestone,
    _break_bad_grade, _break_toml, _break_unknown_target_indicator, _break_bad_kind,
    _break_not_a_number,
]  # fmt: skip


@pytest.mark.parametrize("breaker", BREAKS, ids=lambda f: f.__name__[7:])
def test_broken_pack_is_refused_with_a_located_message(tmp_path, breaker):
    d = _copy(tmp_path)
    file, row, column, words = breaker(d)
    errors = [p for p in plans.check_pack(d) if p.severity == "error"]
    hits = [p for p in errors if p.file == file and p.row == row and p.column == column]
    assert hits, f"no error at {file}/{row}/{column}; got {[str(p) for p in errors]}"
    assert any(words in p.message for p in hits), [p.message for p in hits]
    with pytest.raises(plans.PlanError):
        plans.read_pack(d)
    res = runner.invoke(app, ["plan", "check", str(d)])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert file in res.output


def test_plan_list_shows_every_pack():
    res = runner.invoke(app, ["plan", "list"])
    assert res.exit_code == 0, res.output
    for pid in plans.plan_ids():
        assert pid in res.output
    assert "池州市“十四五”数字池州建设规划" in res.output and "2020–2025" in res.output


def test_unknown_plan_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    res = runner.invoke(app, ["runs", "--plan", "atlantis"])
    assert res.exit_code == 1
    assert "unknown plan 'atlantis'" in res.output and "chizhou-digital" in res.output


def test_default_plan_comes_from_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.delenv("WORKBENCH_PLAN", raising=False)
    assert plans.default_plan_id() == "chizhou-digital"  # the project's workbench.toml
    (tmp_path / "workbench.toml").write_text('default_plan = "other"\n', encoding="utf-8")
    assert plans.default_plan_id() == "other"


def test_base_is_shown_in_the_indicators_unit():
    nat = plans.load_plan("china-digital-economy")
    # the plan writes 8.16万亿元; the indicator is kept in 亿元, so 81600 is shown
    assert nat.indicator("software_it_revenue").base_display() == "81600"
    chi = plans.load_plan("chizhou-digital")
    assert chi.indicator("urban_broadband_speed").base_display() == ">100"
    assert chi.indicator("gov_data_catalog_linkage").base_display() == "—"
