"""Nothing of one plan or city lives in the library: city, years and indicators come from packs."""

from __future__ import annotations

import re
from pathlib import Path

LIB = Path(__file__).resolve().parents[2] / "workbench"


def test_no_city_name_in_library_code():
    hits = [
        f"{p.relative_to(LIB.parent)}:{i}"
        for p in LIB.rglob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"Chizhou|池州", line)
    ]
    assert hits == [], hits
