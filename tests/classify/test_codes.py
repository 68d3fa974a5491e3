import pytest

from workbench.classify.codes import (
    BAD_FORMAT,
    GBT2011_ONLY,
    GBT2011_ONLY_CODES,
    MISSING,
    NOT_GBT2017,
    OK,
    gbt2017_levels,
    integer_code_to_text,
    normalise_code,
    normalise_codes,
)


@pytest.mark.parametrize(
    "raw",
    [
        "3973",
        "C3973",
        "c3973",
        " C 3973 ",
        "３９７３",
        "Ｃ３９７３",
        "3973.0",
        3973,
        3973.0,
        "3973\t",
    ],
)
def test_spellings_of_one_code(raw):
    n = normalise_code(raw)
    assert (n.code, n.status) == ("3973", OK)


@pytest.mark.parametrize(
    "raw,code", [("C39", "39"), ("39", "39"), ("397", "397"), ("A0111", "0111"), ("I6513", "6513")]
)
def test_coarse_and_lettered_codes(raw, code):
    assert normalise_code(raw).code == code


def test_wrong_section_letter_is_reported_not_guessed():
    n = normalise_code("C6513")  # 6513 is in section I
    assert n.status == BAD_FORMAT and n.code is None
    assert "section I" in n.reason


def test_2011_only_codes_are_named():
    n = normalise_code("6510")
    assert n.status == GBT2011_ONLY
    assert "2011" in n.reason and "6513" in n.reason


def test_listed_2011_codes_are_really_absent_from_2017():
    levels = gbt2017_levels()
    assert GBT2011_ONLY_CODES and not set(GBT2011_ONLY_CODES) & set(levels)


def test_unknown_code_possibly_2011():
    n = normalise_code("3999")
    assert n.status == NOT_GBT2017
    assert "not a GB/T 4754-2017 code (possibly 2011)" in n.reason


@pytest.mark.parametrize(
    "raw,status",
    [
        ("", MISSING),
        (None, MISSING),
        ("  ", MISSING),
        ("39A3", BAD_FORMAT),
        ("12345", BAD_FORMAT),
        ("3", BAD_FORMAT),
        ("电子", BAD_FORMAT),
    ],
)
def test_bad_codes(raw, status):
    n = normalise_code(raw)
    assert n.status == status and n.code is None and n.reason


def test_vectorised_matches_scalar():
    vals = ["3973", "C39", "6510", "", "xx", "３９７３"]
    df = normalise_codes(vals)
    assert df["status"].tolist() == [normalise_code(v).status for v in vals]
    assert df["code"].tolist()[:2] == ["3973", "39"]


def test_integer_codes_get_their_zero_back():
    assert integer_code_to_text(111) == "0111"
    assert integer_code_to_text(1) == "01"
    assert integer_code_to_text(3973) == "3973"
    assert normalise_code(integer_code_to_text(111)).code == "0111"
