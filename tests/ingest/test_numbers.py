"""The strict number parser and the configurable limits."""

from __future__ import annotations

import pytest

from workbench.ingest.limits import Limits
from workbench.ingest.numbers import FormulaCell, NumberStyle, PercentCell, parse_number

SEMI = NumberStyle(delimiter=";")
COMMA_DECIMAL = NumberStyle(decimal=",", delimiter=";")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1234", 1234.0), ("-1234.5", -1234.5), ("+12", 12.0), (".5", 0.5), ("1.5e3", 1500.0),
     ("1,234", 1234.0), ("1,234,567.8", 1234567.8), ("８０", 80.0), (" 45.6% ", 45.6),
     ("-", None), ("", None), ("n/a", None)],
)  # fmt: skip
def test_accepted_text_numbers(text, expected):
    value, _ = parse_number(text)
    assert value == expected


@pytest.mark.parametrize(
    ("text", "style", "reason"),
    [("8_0", None, "contains '_'"), ("8 0", None, "contains ' '"), ("12,34", None, "ambiguous"),
     ("8,05", None, "ambiguous"), ("1,234", SEMI, "ambiguous"), ("80,5", SEMI, "ambiguous"),
     ("1e400", None, "not a finite"), ("0x10", None, "contains 'x'"), ("1.2.3", None, "not a number"),
     ("12a", None, "contains 'a'"), ("1,2345", None, "ambiguous"), ("1.234,5", None, "ambiguous")],
)  # fmt: skip
def test_refused_text_numbers_say_why(text, style, reason):
    with pytest.raises(ValueError, match=reason):
        parse_number(text, style)


def test_declared_decimal_comma():
    assert parse_number("80,5", COMMA_DECIMAL) == (80.5, False)
    assert parse_number("1.234,5", COMMA_DECIMAL) == (1234.5, False)
    with pytest.raises(ValueError, match="decimal comma"):
        parse_number("1,234.5", COMMA_DECIMAL)


def test_excel_cells_percent_formula_bool():
    assert parse_number(PercentCell(92.0)) == (92.0, True)
    assert parse_number(0.92) == (0.92, False)
    with pytest.raises(ValueError, match="formula without a saved value"):
        parse_number(FormulaCell("=SUM(B2:B3)"))
    with pytest.raises(ValueError, match="not a number"):
        parse_number(True)
    with pytest.raises(ValueError, match="finite"):
        parse_number(float("inf"))


def test_limits_from_environment(monkeypatch):
    monkeypatch.setenv("WORKBENCH_MAX_FILE_MB", "1.5")
    monkeypatch.setenv("WORKBENCH_MAX_ROWS", "10")
    monkeypatch.setenv("WORKBENCH_MAX_COLUMNS", "not a number")  # ignored
    lim = Limits.from_env()
    assert lim.max_file_bytes == int(1.5 * 1024 * 1024) and lim.max_rows == 10
    assert lim.max_columns == Limits().max_columns
