"""Field limits are written once (backend/models/limits.py): the tables, the API's request models (and
so the OpenAPI document the front end is generated from) and the CSV import take the same ones."""

import pytest
from annotated_types import MaxLen

from backend.csv_io.columns import COLUMNS
from backend.csv_io.values import BadValue
from backend.main import create_app
from backend.models import Child, Family, Unit, Worker

# (import kind, CSV column, table, field)
TEXTS = [
    ("workers", "code", Worker, "code"),
    ("workers", "name", Worker, "name"),
    ("workers", "patch", Worker, "patch"),
    ("families", "family_code", Family, "code"),
    ("families", "family_name", Family, "name"),
    ("families", "area", Family, "area"),
    ("families", "child_first_name", Child, "first_name"),
    ("families", "team", Unit, "code"),
]


def _column(kind: str, name: str):
    return next(c for c in COLUMNS[kind] if c.name == name)


def _max_length(model, field: str) -> int:
    return next(m.max_length for m in model.model_fields[field].metadata if isinstance(m, MaxLen))


@pytest.mark.parametrize("kind, column, model, field", TEXTS)
def test_a_csv_text_column_takes_what_its_table_holds_and_no_more(kind, column, model, field):
    limit = _max_length(model, field)
    parse = _column(kind, column).parse
    assert parse("A" * limit) == "A" * limit
    with pytest.raises(BadValue):
        parse("A" * (limit + 1))


def test_the_openapi_document_carries_the_same_limits():
    schemas = create_app().openapi()["components"]["schemas"]
    worker, family, child = (
        schemas["WorkerCreate"]["properties"],
        schemas["FamilyCreate"]["properties"],
        schemas["ChildIn"]["properties"],
    )
    assert worker["name"]["maxLength"] == _max_length(Worker, "name")
    assert worker["fte"]["maximum"] == 1.0 and worker["fte"]["exclusiveMinimum"] == 0
    assert family["travel_band"]["maximum"] == 2
    assert child["first_name"]["maxLength"] == _max_length(Child, "first_name")
    birth_year = _column("families", "child_birth_year").parse
    low, high = int(child["birth_year"]["minimum"]), int(child["birth_year"]["maximum"])
    assert (birth_year(str(low)), birth_year(str(high))) == (low, high)
    for outside in (low - 1, high + 1):
        with pytest.raises(BadValue):
            birth_year(str(outside))
