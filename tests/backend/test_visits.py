"""The statutory visit rules (backend/visits.py), checked against dates worked out by hand and by
a day-by-day count written here, independent of the code under test."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.services.errors import Invalid
from backend.services.weighting import checked_settings
from backend.visits import add_working_days, next_visit_due, working_days_between
from backend.workload import WorkloadSettings

S = WorkloadSettings()
MONDAY = date(2026, 11, 30)


def test_child_protection_visits_every_ten_working_days_by_default():
    # Monday 30 Nov + 10 working days = Monday 14 Dec (two weekends skipped)
    assert next_visit_due(["cp"], MONDAY, date(2026, 1, 5), S) == date(2026, 12, 14)
    # from a Friday: 10 working days later is the Friday two weeks on
    assert next_visit_due(["cp"], date(2026, 12, 4), date(2026, 1, 5), S) == date(2026, 12, 18)


def test_looked_after_six_weeks_in_the_first_year_then_three_months():
    received = date(2026, 3, 2)
    assert next_visit_due(["cla"], date(2026, 11, 2), received, S) == date(2026, 12, 14)  # +42 days
    assert next_visit_due(["cla"], date(2027, 3, 10), received, S) == date(2027, 6, 9)  # +91 days


def test_private_fostering_twelve_weeks_after_the_first_year():
    assert next_visit_due(["private_fostering"], date(2027, 6, 1), date(2026, 1, 5), S) == date(2027, 8, 24)


def test_no_visit_recorded_looked_after_within_a_week_of_being_received():
    assert next_visit_due(["cla"], None, date(2026, 11, 30), S) == date(2026, 12, 7)
    assert next_visit_due(["cin"], None, MONDAY, S) == add_working_days(MONDAY, 20)


def test_the_family_is_due_when_its_most_demanding_child_is_due():
    last = MONDAY
    due = next_visit_due(["cin", "cla", "cp"], last, date(2026, 1, 5), S)
    assert due == min(add_working_days(last, 10), add_working_days(last, 20), last + timedelta(days=42))


def test_assessment_and_care_leavers_set_no_visit_rule():
    assert next_visit_due(["assessment", "care_leaver"], MONDAY, MONDAY, S) is None


def test_local_frequencies_are_settings():
    local = checked_settings(S, {"visit_working_days": {"cp": 5}})
    assert local.visit_working_days == {"cp": 5, "cin": 20}
    assert next_visit_due(["cp"], MONDAY, MONDAY, local) == date(2026, 12, 7)


@pytest.mark.parametrize(
    "given_values",
    [
        {"visit_first_year_days": {"cla": 60}},  # longer than the regulations allow
        {"visit_later_days": {"private_fostering": 90}},
        {"visit_working_days": {"cp": 0}},
        {"visit_working_days": {"assessment": 10}},
        {"first_visit_days": 8},
    ],
)
def test_visit_rules_may_be_shortened_never_lengthened_past_the_law(given_values):
    with pytest.raises(Invalid):
        checked_settings(S, given_values)


def test_visit_rules_survive_the_stored_round_trip():
    local = checked_settings(S, {"visit_working_days": {"cin": 30}, "visit_first_year_days": {"cla": 28}})
    assert WorkloadSettings.from_dict(local.to_dict()) == local


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)), st.integers(1, 60))
def test_working_days_count_only_monday_to_friday(start, days):
    end = add_working_days(start, days)
    counted = sum(1 for n in range(1, (end - start).days + 1) if (start + timedelta(days=n)).weekday() < 5)
    assert counted == days and end.weekday() < 5
    assert working_days_between(start, end) == days
