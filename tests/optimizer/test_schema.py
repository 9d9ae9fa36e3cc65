"""The published JSON Schemas and the parser judge snapshots alike; plans match the plan schema."""

import copy

import jsonschema
import pytest

from optimizer import SnapshotError, parse_snapshot, solve_json
from optimizer.plan_json import load_schema
from tests.optimizer.support import family, snapshot, worker

SNAPSHOT = jsonschema.Draft202012Validator(load_schema("snapshot"))
PLAN = jsonschema.Draft202012Validator(load_schema("plan"))


def valid() -> dict:
    return snapshot(
        "recommend",
        [worker("W1", skills=["child_protection"]), worker("W2")],
        [family("F1", 10, "W1"), family("F2", 12.5, requires=["child_protection"])],
    )


def _set(path, value):
    def change(data):
        *head, last = path
        target = data
        for key in head:
            target = target[key]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value

    return change


INVALID = {
    "negative points": _set(["families", 0, "points"], -1),
    "points as text": _set(["families", 0, "points"], "ten"),
    "missing capacity": _set(["workers", 0, "capacity"], KeyError),
    "missing question": _set(["question"], KeyError),
    "unknown question": _set(["question"], "shuffle"),
    "bad date": _set(["as_of"], "01/12/2026"),
    "surge below 1": _set(["settings", "surge_limit"], 0.9),
    "negative budget": _set(["settings", "move_budget"], -2),
    "budget as float": _set(["settings", "move_budget"], 1.5),
    "zero time limit": _set(["settings", "time_limit_s"], 0),
    "available as text": _set(["workers", 1, "available"], "yes"),
    "unknown role": _set(["workers", 1, "role"], "wizard"),
    "unknown status": _set(["families", 1, "statuses"], ["cp", "xyz"]),
    "negative children": _set(["families", 1, "children"], -1),
    "empty id": _set(["families", 1, "id"], ""),
    "cover without absence": _set(["question"], "cover"),
    "families not a list": _set(["families"], {"F1": 1}),
}
VALID = {
    "minimum": lambda d: None,
    "extensions": _set(
        ["workers", 1],
        {**worker("W2"), "role": "asye", "absent_until": None, "leaving_on": "2026-12-20", "patch": "North"},
    ),
    "statuses": _set(["families", 1, "statuses"], ["cp", "cin"]),
    "no settings": _set(["settings"], KeyError),
    "budget": _set(["settings", "move_budget"], 3),
    "extra field": _set(["families", 0, "colour"], "blue"),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_schema_and_parser_both_refuse(name):
    data = copy.deepcopy(valid())
    INVALID[name](data)
    assert list(SNAPSHOT.iter_errors(data)), "the schema accepted it"
    with pytest.raises(SnapshotError):
        parse_snapshot(data)


@pytest.mark.parametrize("name", sorted(VALID))
def test_schema_and_parser_both_accept(name):
    data = copy.deepcopy(valid())
    VALID[name](data)
    assert not list(SNAPSHOT.iter_errors(data))
    parse_snapshot(data)


@pytest.mark.parametrize("question", ["recommend", "rebalance"])
def test_plans_match_the_plan_schema(question):
    data = valid()
    data["question"] = question
    PLAN.validate(solve_json(data))


def test_cover_plan_matches_the_plan_schema():
    data = valid()
    data["question"] = "cover"
    data["absence"] = {"worker": "W1", "from": "2026-12-01", "to": "2026-12-14"}
    PLAN.validate(solve_json(data))


def test_question_enum_includes_resilience():
    assert "resilience" in load_schema("snapshot")["properties"]["question"]["enum"]
