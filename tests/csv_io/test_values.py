"""Reading one cell: dates in ISO or UK order only, yes/no, numbers in range, choices, lists."""

from datetime import date

import pytest

from backend.csv_io.values import BadValue, a_date, choice, number_in, text, tokens, whole_number, yes_no
from backend.models import AbsenceKind


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2026-11-24", date(2026, 11, 24)),
        ("24/11/2026", date(2026, 11, 24)),
        ("4/3/2026", date(2026, 3, 4)),
        ("04/03/2026", date(2026, 3, 4)),
        ("29/02/2028", date(2028, 2, 29)),
    ],
)
def test_iso_and_uk_dates_are_read_day_first(raw, expected):
    assert a_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "11/24/2026",  # US order: month 24 does not exist, never guessed
        "2026/11/24",
        "24-11-2026",
        "24.11.2026",
        "24/11/26",
        "20261124",
        "24 Nov 2026",
        "2026-1-5",
        "31/02/2026",
        "2026-02-30",
        "01/01/1850",
        "0001-01-01",
        "",
    ],
)
def test_other_date_forms_are_refused_with_a_reason(raw):
    with pytest.raises(BadValue) as refused:
        a_date(raw)
    assert "2026-11-24" in str(refused.value) or "real date" in str(refused.value) or "year" in str(refused.value)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
    ],
)
def test_yes_no(raw, expected):
    assert yes_no(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "ja", "-"])
def test_not_yes_or_no(raw):
    with pytest.raises(BadValue):
        yes_no(raw)


def test_fte_is_above_zero_and_at_most_one():
    fte = number_in(0, 1, low_open=True)
    assert fte("0.5") == 0.5 and fte("1") == 1.0 and fte("1.0") == 1.0
    for raw in ("0", "-0.5", "1.01", "nan", "inf", "80%", "one"):
        with pytest.raises(BadValue):
            fte(raw)


def test_whole_numbers_in_range():
    band = whole_number(0, 2)
    assert band("2") == 2
    for raw in ("3", "-1", "1.5", "1e1", "two", "9" * 30):
        with pytest.raises(BadValue):
            band(raw)


def test_choices_forgive_case_spaces_and_hyphens_only():
    kind = choice(AbsenceKind)
    assert kind("Annual leave") == AbsenceKind.annual_leave
    assert kind("annual-leave") == AbsenceKind.annual_leave
    assert kind("SICKNESS") == AbsenceKind.sickness
    with pytest.raises(BadValue) as refused:
        kind("holiday")
    assert "annual_leave" in str(refused.value)  # the allowed values are listed


def test_lists_are_lower_cased_sorted_and_without_repeats():
    assert tokens("Court; domestic_abuse;court;;interpreter:polish") == [
        "court",
        "domestic_abuse",
        "interpreter:polish",
    ]
    with pytest.raises(BadValue) as refused:
        tokens("court;domestic abuse")
    assert "'domestic abuse'" in str(refused.value)


def test_text_has_a_length_limit_and_no_control_characters():
    name = text(5)
    assert name("Ann") == "Ann"
    for raw in ("Annabel", "A\tB", "A\nB"):
        with pytest.raises(BadValue):
            name(raw)
