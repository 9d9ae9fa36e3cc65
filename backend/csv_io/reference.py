"""What each kind of import file holds, column by column, as the import page shows it: the CSV
imports' own columns (csv_io/columns.py, the ones the import reads) and a short reference of the
Annex A lists and the workforce census (docs/annex-a.md and docs/census.md have them in full)."""

from backend.annex_a.lists import AGE, CHILD_ID, DATE_OF_BIRTH, TEAM, WORKER
from backend.census import columns as census
from backend.csv_io.columns import COLUMNS, KINDS
from backend.schemas.imports import ImportColumnPublic, ImportColumnsPublic, ImportKindColumns

ANNEX_A = (
    ImportColumnPublic(
        name=CHILD_ID,
        required=True,
        meaning="The child; the family too, unless a Family Identifier column groups siblings",
    ),
    ImportColumnPublic(name=DATE_OF_BIRTH, required=True, meaning=f"Or {AGE}"),
    ImportColumnPublic(name=TEAM, required=True, meaning="The team or pod, by code or name"),
    ImportColumnPublic(name=WORKER, required=False, meaning="The key worker, by code or by name written any way"),
    ImportColumnPublic(
        name="The list's start date",
        required=True,
        meaning="Date of referral, CIN Start Date, Child Protection Plan Start Date, …",
    ),
    ImportColumnPublic(name="The list's end date", required=False, meaning="A row whose episode has ended is left out"),
    ImportColumnPublic(
        name="Date of the Last Statutory Visit",
        required=False,
        meaning="List 7 (Date of Last Social Work Visit: list 8)",
    ),
)

CENSUS = (
    ImportColumnPublic(
        name=census.SWE_NUMBER, required=True, meaning="Social Work England number: the Keel worker's code"
    ),
    ImportColumnPublic(name=census.AGENCY, required=False, meaning="1 agency, 0 not"),
    ImportColumnPublic(name=census.FTE, required=False, meaning="Full-time equivalent"),
    ImportColumnPublic(
        name=census.ROLE, required=False, meaning="1-3 and 6 hold no cases; 4 senior practitioner; 5 case holder"
    ),
    ImportColumnPublic(name=census.START, required=False, meaning="First day in the role"),
    ImportColumnPublic(name=census.END, required=False, meaning="Last day, for a leaver"),
    ImportColumnPublic(
        name=census.DAYS_LOST, required=False, meaning="Sickness days in the census year: the team's sickness rate"
    ),
    ImportColumnPublic(
        name=census.NAME, required=False, meaning="Not in the census: creates a worker Keel does not know (with Team)"
    ),
    ImportColumnPublic(name=census.TEAM, required=False, meaning="Not in the census: the new worker's team code"),
)


def import_columns() -> ImportColumnsPublic:
    """Every kind of import file and its columns, in the order the files have them."""
    kinds = [
        ImportKindColumns(
            kind=kind,
            columns=[ImportColumnPublic(name=c.name, required=c.required, meaning=c.meaning) for c in COLUMNS[kind]],
        )
        for kind in KINDS
    ]
    kinds.append(ImportKindColumns(kind="annex-a", columns=list(ANNEX_A)))
    kinds.append(ImportKindColumns(kind="census", columns=list(CENSUS)))
    return ImportColumnsPublic(data=kinds)
