"""A fake refresh run with known targets, and known observations, in a private home."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

CITY = "Chizhou"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("WORKBENCH_HOME", str(h))
    return h


@dataclass
class FakeRun:
    targets: pd.DataFrame
    history: pd.DataFrame
    forecasts: pd.DataFrame
    observations: pd.DataFrame
    manifest: dict = field(
        default_factory=lambda: {"run_id": "test-run-1", "plan_id": "chizhou-digital",
                                 "finished_at": "2024-03-01T00:00:00+00:00", "as_of_year": 2024}
    )  # fmt: skip

    @property
    def run_id(self) -> str:
        return self.manifest["run_id"]

    @property
    def plan_id(self) -> str:
        return self.manifest["plan_id"]


KNOWN = {
    # indicator: (year, value, source)
    "base_stations_5g": (2023, 2700.0, "测试来源甲"),
    "fiber_broadband_share": (2022, 80.5, "测试来源乙"),
    "online_retail_sales": (2023, 120.0, "测试来源丙"),
}
STATUS = {
    # (indicator, target_year): (status, probability)
    ("base_stations_5g", 2022): ("met", 1.0),
    ("base_stations_5g", 2025): ("on_track", 0.87),
    ("fiber_broadband_share", 2022): ("met", 1.0),
    ("fiber_broadband_share", 2025): ("at_risk", 0.55),
    ("online_retail_sales", 2022): ("missed", 0.0),
    ("online_retail_sales", 2025): ("off_track", 0.12),
}


@pytest.fixture
def obs() -> pd.DataFrame:
    rows = [
        {"region": CITY, "indicator": ind, "year": y, "value": v, "unit": "", "source": s,
         "source_url": f"https://example.org/{ind}", "quote": f"{s}摘录{v:g}",
         "precedence_label": "official release", "published_on": f"{y + 1}-03-01"}
        for ind, (y, v, s) in KNOWN.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


@pytest.fixture
def fake_run(obs) -> FakeRun:
    from workbench.plans import load_plan

    rows = []
    for x in load_plan("chizhou-digital").indicators:
        for tg in x.targets:
            if not tg.is_numeric:
                continue
            status, p = STATUS.get((x.id, tg.year), ("insufficient_data", float("nan")))
            rows.append({"series_id": f"{CITY}/{x.id}", "region": CITY, "indicator": x.id,
                         "target_year": tg.year, "op": tg.op, "target_value": tg.value,
                         "probability": p, "status": status})  # fmt: skip
    hist = obs.assign(series_id=CITY + "/" + obs["indicator"])
    fc = pd.DataFrame(
        {
            "series_id": f"{CITY}/base_stations_5g",
            "region": CITY,
            "indicator": "base_stations_5g",
            "year": [2024, 2025],
            "mean": [2900.0, 3150.0],
            "lo_80": [2800.0, 2950.0],
            "hi_80": [3000.0, 3350.0],
            "lo_95": [2700.0, 2850.0],
            "hi_95": [3100.0, 3450.0],
            "model": "test",
        }  # fmt: skip
    )
    return FakeRun(pd.DataFrame(rows), hist, fc, obs)
