"""Fixtures for the data-path tests: a private WORKBENCH_HOME and file writers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest


def _derived_files() -> set[Path]:
    from workbench.paths import DATA_DIR

    return {
        p
        for d in ("archive", "store")
        if (DATA_DIR / d).exists()
        for p in (DATA_DIR / d).rglob("*")
    }


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Iterator[Path]:
    """Every test works in its own WORKBENCH_HOME and must leave data/ untouched."""
    before = _derived_files()
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("WORKBENCH_HOME", str(h))
    yield h
    assert _derived_files() == before, "a test wrote into data/archive or data/store"


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode(encoding)


@pytest.fixture
def write_csv(tmp_path):
    """``write_csv(name, rows, encoding="utf-8") -> Path``."""

    def _write(name: str, rows: list[list[object]], encoding: str = "utf-8") -> Path:
        p = tmp_path / name
        p.write_bytes(csv_bytes(rows, encoding))
        return p

    return _write


@pytest.fixture
def write_xlsx(tmp_path):
    """``write_xlsx(name, {sheet: rows}) -> Path`` (rows written from row 1)."""

    def _write(name: str, sheets: dict[str, list[list[object]]]) -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for r in rows:
                ws.append(r)
        p = tmp_path / name
        wb.save(p)
        return p

    return _write
