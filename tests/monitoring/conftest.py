"""A private WORKBENCH_HOME per test and a writer of filled-in progress sheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("WORKBENCH_HOME", str(h))
    return h


@pytest.fixture
def filled(tmp_path):
    """``filled(name, {row_key: {header: value}})`` → a copy of the zh template (.xlsx or
    .csv by ``name``) with the given cells; ``row_key`` is ("重点任务", "3") or ("重点项目", "18-1")."""
    from workbench.progress import template_frame

    def make(name: str, updates: dict[tuple[str, str], dict[str, object]]) -> Path:
        df = template_frame()
        df = df.astype(object)
        for (kind, number), cells in updates.items():
            hit = df.index[(df["类别"] == kind) & (df["编号"] == number)]
            if len(hit) == 0:  # a row that is not in the template (e.g. an unknown number)
                df.loc[len(df)] = {"类别": kind, "编号": number}
                hit = [len(df) - 1]
            for col, value in cells.items():
                df.at[hit[0], col] = value
        path = tmp_path / name
        if path.suffix == ".csv":
            df.fillna("").to_csv(path, index=False, encoding="utf-8")
        else:
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "进展填报"
            ws.append(list(df.columns))
            for row in df.itertuples(index=False):
                ws.append(
                    [None if (isinstance(v, float) and v != v) or v == "" else v for v in row]
                )
            wb.save(path)
        return path

    return make


def update(status="推进中", period="2023", percent=None, by="张三", on="2023-12-20", **more):
    cells = {"报告期": period, "进展状态": status, "填报人": by, "填报日期": on}
    if percent is not None:
        cells["完成百分比"] = percent
    cells.update(more)
    return cells
