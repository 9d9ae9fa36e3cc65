"""One test per rule of the workload model (docs/design.md §3); expected numbers worked by hand."""

from datetime import date

import pytest

from backend.workload import (
    WorkloadSettings,
    band,
    family_points,
    months_in_post,
    required_skills,
    worker_capacity,
)

S = WorkloadSettings()
ON = date(2026, 12, 1)


def test_one_child_counts_in_full_by_status():
    assert family_points(["assessment"], [], 0, S) == 6
    assert family_points(["cin"], [], 0, S) == 5
    assert family_points(["cp"], [], 0, S) == 8
    assert family_points(["cla"], [], 0, S) == 6
    assert family_points(["care_leaver"], [], 0, S) == 3


def test_siblings_after_the_highest_weighted_child_count_half():
    # 2 CIN siblings + CP: the CP child is the highest weighted: 8 + 0.5*5 + 0.5*5 = 13
    assert family_points(["cin", "cp", "cin"], [], 0, S) == 13
    # order does not matter: CLA first or last, 6 + 0.5*5 = 8.5
    assert family_points(["cin", "cla"], [], 0, S) == family_points(["cla", "cin"], [], 0, S) == 8.5


def test_court_and_plo_flags():
    # CIN 5 + court 10 = 15; CIN 5 + PLO 5 = 10; both: 5 + 10 + 5 = 20
    assert family_points(["cin"], ["court"], 0, S) == 15
    assert family_points(["cin"], ["plo"], 0, S) == 10
    assert family_points(["cin"], ["court", "plo"], 0, S) == 20


def test_complexity_flags_two_each_capped_at_six():
    # one flag: 5 + 2 = 7; three: 5 + 6 = 11; four: capped, still 5 + 6 = 11
    assert family_points(["cin"], ["domestic_abuse"], 0, S) == 7
    assert family_points(["cin"], ["domestic_abuse", "neglect", "mental_health"], 0, S) == 11
    assert family_points(["cin"], ["domestic_abuse", "neglect", "mental_health", "substance_misuse"], 0, S) == 11


def test_a_flag_counts_once_and_detail_after_colon_is_the_same_flag():
    # interpreter:polish and interpreter are one complexity flag: 5 + 2 = 7
    assert family_points(["cin"], ["interpreter:polish", "interpreter"], 0, S) == 7


def test_travel_band_adds_zero_one_two():
    # CP 8 + travel 0/1/2
    assert [family_points(["cp"], [], b, S) for b in (0, 1, 2)] == [8, 9, 10]
    with pytest.raises(ValueError):
        family_points(["cp"], [], 3, S)


def test_full_example_family():
    # CP + CIN + CLA: 8 + 0.5*5 + 0.5*6 = 13.5; court 10, plo 5, two complexity 4, travel 2: 34.5
    assert family_points(["cp", "cin", "cla"], ["court", "plo", "neglect", "disability"], 2, S) == 34.5


def test_months_in_post_counts_whole_months():
    assert months_in_post(date(2026, 9, 1), ON) == 3
    assert months_in_post(date(2026, 9, 2), ON) == 2  # one day short of three months
    assert months_in_post(date(2025, 12, 1), ON) == 12
    assert months_in_post(date(2027, 1, 1), ON) == 0  # not started yet


def test_capacity_of_full_time_social_worker_is_85():
    # 100 - 15 stable element = 85
    assert worker_capacity("social_worker", 1.0, date(2015, 1, 1), ON, [], S) == 85


def test_capacity_pro_rata_by_fte_and_role():
    # 85 * 0.6 = 51; senior practitioner 85 * 0.9 = 76.5; consultant 85 * 0.8 = 68;
    # family support 85 * 0.6 = 51; part-time senior 85 * 0.8 FTE * 0.9 = 61.2
    start = date(2015, 1, 1)
    assert worker_capacity("social_worker", 0.6, start, ON, [], S) == pytest.approx(51)
    assert worker_capacity("senior_practitioner", 1.0, start, ON, [], S) == pytest.approx(76.5)
    assert worker_capacity("consultant", 1.0, start, ON, [], S) == pytest.approx(68)
    assert worker_capacity("family_support", 1.0, start, ON, [], S) == pytest.approx(51)
    assert worker_capacity("senior_practitioner", 0.8, start, ON, [], S) == pytest.approx(61.2)


def test_team_manager_holds_no_cases():
    assert worker_capacity("team_manager", 1.0, date(2015, 1, 1), ON, [], S) == 0


def test_asye_capacity_steps_by_months_in_post():
    # 2 months: 85*0.25 = 21.25; 3 months: 85*0.5 = 42.5; 6: 85*0.7 = 59.5; 9: 85*0.9 = 76.5;
    # 12 months: full 85
    cases = {
        date(2026, 10, 1): 21.25,
        date(2026, 9, 1): 42.5,
        date(2026, 6, 1): 59.5,
        date(2026, 3, 1): 76.5,
        date(2025, 12, 1): 85,
    }
    for start, expected in cases.items():
        assert worker_capacity("asye", 1.0, start, ON, [], S) == pytest.approx(expected), start


def test_reductions_active_on_the_date_take_their_percent_off():
    union = {"percent": 10, "start_date": date(2026, 1, 1), "end_date": None}
    phased = {"percent": 20, "start_date": date(2026, 11, 1), "end_date": date(2026, 12, 1)}
    ended = {"percent": 50, "start_date": date(2026, 1, 1), "end_date": date(2026, 11, 30)}
    # 85 * (1 - 0.30) = 59.5 (end date inclusive; the ended one does not count)
    assert worker_capacity("social_worker", 1.0, date(2015, 1, 1), ON, [union, phased, ended], S) == pytest.approx(59.5)
    # a day later the phased return is over: 85 * 0.9 = 76.5
    assert worker_capacity(
        "social_worker", 1.0, date(2015, 1, 1), date(2026, 12, 2), [union, phased], S
    ) == pytest.approx(76.5)
    # reductions over 100% floor at 0
    # on 1 June 2026 union 10% + ended 50% + ended 50% = 110%: nothing left, 0
    assert worker_capacity("social_worker", 1.0, date(2015, 1, 1), date(2026, 6, 1), [union, ended, ended], S) == 0


def test_bands_at_their_edges():
    # capacity 100: 84.9 green, 85 amber, 100 amber, 100.1 red, 115 red, 115.1 surge
    assert [band(x, 100, S) for x in (84.9, 85, 100, 100.1, 115, 115.1)] == [
        "green",
        "amber",
        "amber",
        "red",
        "red",
        "surge",
    ]


def test_band_without_capacity():
    assert band(5, 0, S) == "surge"
    assert band(0, 0, S) == "green"


def test_required_skills():
    assert required_skills(["cin", "cp"], []) == ["child_protection"]
    assert required_skills(["cla"], ["court"]) == ["court"]
    assert required_skills(["cin"], ["interpreter:urdu", "disability", "neglect"]) == ["disability", "urdu"]
    assert required_skills(["cin"], ["interpreter"]) == []  # language unknown


def test_settings_round_trip_through_json_dict():
    import json

    values = json.loads(json.dumps(S.to_dict()))
    assert values["stable_element_points"] == 15
    assert values["role_factors"]["consultant"] == 0.8
    assert values["asye_steps"] == [[3, 0.25], [6, 0.5], [9, 0.7], [12, 0.9]]
    assert WorkloadSettings.from_dict(values) == S


def test_settings_from_partial_dict_keeps_defaults_and_rejects_unknown_keys():
    changed = WorkloadSettings.from_dict({"child_points": {"cp": 10}, "surge_limit": 1.2})
    assert changed.child_points["cp"] == 10 and changed.child_points["cin"] == 5
    assert changed.surge_limit == 1.2
    with pytest.raises(ValueError, match="stable_elemnt"):
        WorkloadSettings.from_dict({"stable_elemnt": 10})


def test_the_backend_and_the_optimizer_agree_on_statutory_work():
    from backend.workload import STATUTORY_STATUSES
    from optimizer.types import STATUTORY_STATUSES as OPTIMIZER_STATUTORY

    assert STATUTORY_STATUSES == OPTIMIZER_STATUTORY
