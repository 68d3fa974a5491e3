"""The plan's 42 key tasks (Annex 1) and the projects of its boxes, against the plan text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from workbench.progress import planpack

PLAN_TEXT = Path(
    os.environ.get("WORKBENCH_PLAN_TEXT", "/work/shared/plan/000_5319fb0587ad0f1d.txt")
)


def test_42_tasks_in_8_areas_in_the_plans_order():
    t = planpack.tasks()
    assert list(t["task_no"]) == list(range(1, 43))
    counts = t.groupby("area_zh", sort=False).size()
    assert list(counts.index) == [
        "夯实数字基础支撑", "打造智慧城市中枢", "建设高效数字政府", "增强数字社会治理",
        "优化数字公共服务", "加快培育数字经济", "促进数字化融合发展", "保障措施",
    ]  # fmt: skip
    assert list(counts) == [4, 4, 7, 8, 7, 8, 2, 2]


def test_sample_task_texts_and_units_as_in_annex_1():
    t = planpack.tasks().set_index("task_no")
    assert t.at[33, "text_zh"] == (
        "加快推进江南大数据产业园建设,打造大数据存储、算力、应用、孵化“四大中心”,"
        "集成智慧服务、创新平台、数据交易“三大服务体系”"
    )
    assert (
        t.at[41, "text_zh"]
        == "成立“数字池州”建设专家咨询委员会。制定数字池州年度建设计划。加强监测评估。"
    )
    assert t.at[41, "units_zh"] == ("市数据资源管理局",)
    assert t.at[42, "units_zh"] == ("市财政局", "市数据资源管理局")
    assert t.at[15, "units_zh"] == ("创优四最营商环境工作领导小组成员单位",)
    # the page's cell "市财政局中国电信池州分公司" has no separator: split into two units
    assert t.at[1, "units_zh"] == (
        "市经济和信息化局", "市数据资源管理局", "市财政局", "中国电信池州分公司",
        "中国移动池州分公司", "中国联通池州分公司", "各县区政府",
    )  # fmt: skip
    assert t.at[28, "units_zh"] == ("市教体局", "各县区政府")
    # task 18's cell is broken over two lines on the page: joined without a gap
    assert "联合监管机制,构建智慧市场监管体系" in t.at[18, "text_zh"]


def test_units_have_one_spelling_and_an_english_name_each():
    u = planpack.task_units()
    assert "市文化旅游局" not in set(u["unit_zh"])
    assert u.groupby("unit_zh")["unit_en"].nunique().max() == 1
    assert u["unit_zh"].nunique() == 49
    assert (u["unit_en"].str.len() > 0).all()
    assert not u["unit_en"].str.contains(r"[\u4e00-\u9fff]").any()
    leads = u[u["role"] == "lead"]
    assert len(leads) == 42
    # hand-counted from Annex 1: tasks 2, 3, 5–14 and 41 are led by the data bureau
    assert sorted(leads[leads["unit_zh"] == "市数据资源管理局"]["task_no"]) == [
        2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 41,
    ]  # fmt: skip


def test_projects_of_the_21_boxes():
    p = planpack.projects()
    assert len(p) == 58
    assert p["project_id"].is_unique
    per_box = p.groupby("box_no").size()
    assert list(per_box.index) == list(range(1, 22))
    assert list(per_box) == [5, 2, 4, 4, 1, 5, 3, 2, 2, 1, 2, 4, 1, 1, 3, 2, 5, 2, 4, 1, 4]
    by_name = p.set_index("name_zh")
    assert by_name.at["益农信息社", "box_title_zh"] == "农业数字化重点项目"
    assert (
        "全市新建4家益农信息社县区中心站、50家乡镇标准站"
        in by_name.at["益农信息社", "description_zh"]
    )
    assert by_name.at["一体化业务经办平台", "box_title_zh"] == "智慧人社重点项目"
    assert by_name.at["智慧交通综合管理平台", "area_zh"] == "增强数字社会治理"
    assert set(p["area_zh"]) <= set(planpack.tasks()["area_zh"])
    # the plan gives no investment and no county per project
    assert p["investment_yi"].isna().all()
    assert (p["region"] == "").all()
    assert not p["name_en"].str.contains(r"[\u4e00-\u9fff]").any()


@pytest.mark.skipif(
    not PLAN_TEXT.exists(), reason="plan text not available (set WORKBENCH_PLAN_TEXT)"
)
def test_every_task_and_project_text_is_verbatim_in_the_plan():
    text = PLAN_TEXT.read_text(encoding="utf-8")
    joined = re.sub(r"\s+", "", text)
    annex = joined[joined.index("附件1重点任务分工") : joined.index("附件2")]
    for r in planpack.tasks().itertuples():
        assert re.sub(r"\s+", "", r.text_zh) in annex, r.task_no
    for r in planpack.projects().itertuples():
        assert f"{r.name_zh}。{r.description_zh}".replace(" ", "") in joined, r.project_id


def test_a_malformed_tasks_file_is_refused_with_its_location(tmp_path, monkeypatch):
    import shutil

    from workbench.paths import DATA_DIR

    plans = tmp_path / "plans"
    shutil.copytree(DATA_DIR / "plans" / "chizhou-digital", plans / "chizhou-digital")
    monkeypatch.setenv("WORKBENCH_PLANS", str(plans))
    path = plans / "chizhou-digital" / "tasks.csv"
    df = planpack.tasks()
    raw = path.read_text(encoding="utf-8")
    en = "|".join(df.set_index("task_no").at[5, "units_en"])
    path.write_text(raw.replace(en, en.rsplit("|", 1)[0], 1), encoding="utf-8")
    with pytest.raises(
        planpack.PlanDataError, match=r"tasks\.csv, row 6, column units_en: 9 entries"
    ):
        planpack.tasks()
    proj = plans / "chizhou-digital" / "projects.csv"
    lines = proj.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3][: lines[3].rfind(",", 0, len(lines[3]) - 1)] + ",约3亿,"
    proj.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(planpack.PlanDataError, match=r"projects\.csv, row 4, column investment_yi"):
        planpack.projects()
