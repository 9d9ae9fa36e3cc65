"""The Ofsted Annex A lists Keel reads and writes, with their published column names.

Column names as published in the Annex A specification that SocialFinanceDigitalLabs/liia-tools
carries (liiatools/spec/annex_a/la-agg.yml, `sort_order`); docs/annex-a.md cites it. Lists 1 and 2
(contacts, early help) hold no allocation and lists 10 and 11 (adoption) no caseload, so Keel reads
lists 3 to 9. A list's `status` is the child status a child on it has in Keel.
"""

from dataclasses import dataclass

CHILD_ID = "Child Unique ID"
DATE_OF_BIRTH = "Date of Birth"
AGE = "Age of Child (Years)"
TEAM = "Allocated Team"
WORKER = "Allocated Worker"
# Not in the published lists: a council that groups siblings adds this column (any list, any
# position); without it every child is a family of their own.
FAMILY_ID = "Family Identifier"


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    status: str  # the Keel child status of a child on this list
    columns: tuple[str, ...]  # every published column, in the published order
    started: str | None  # the column with the date the episode started (the family's received date)
    ended: str | None = None  # the column with the date it ended: a row with a past end is not current
    visit: str | None = None  # the column with the last statutory visit

    @property
    def name(self) -> str:
        return f"List {self.number}"

    @property
    def needed(self) -> tuple[str, ...]:
        """The columns a list's header must name (and `Date of Birth` or `Age of Child (Years)`)."""
        return tuple(c for c in (CHILD_ID, TEAM, WORKER, self.started) if c is not None)

    @property
    def read(self) -> tuple[str, ...]:
        """The columns Keel reads from this list (the rest are ignored)."""
        named = (CHILD_ID, DATE_OF_BIRTH, AGE, TEAM, WORKER, self.started, self.ended, self.visit)
        return tuple(c for c in named if c is not None)


_CHILD = (CHILD_ID, "Gender", "Ethnicity", DATE_OF_BIRTH, AGE)

LISTS: dict[int, AnnexList] = {
    a.number: a
    for a in (
        AnnexList(
            3,
            "Referrals",
            "assessment",
            (
                *_CHILD,
                "Date of referral",
                "Referral Source",
                "Referral NFA?",
                "Number of Referrals in Last 12 Months",
                TEAM,
                WORKER,
            ),
            started="Date of referral",
        ),
        AnnexList(
            4,
            "Assessments",
            "assessment",
            (
                *_CHILD,
                "Does the Child have a Disability",
                "Continuous Assessment Start Date",
                "Child Seen During Continuous Assessment",
                "Continuous Assessment Date of Authorisation",
                "Was the child assessed as requiring LA children's social care support?",
                TEAM,
                WORKER,
            ),
            started="Continuous Assessment Start Date",
            ended="Continuous Assessment Date of Authorisation",
        ),
        AnnexList(
            5,
            "Section 47 enquiries and ICPCs",
            "assessment",
            (
                *_CHILD,
                "Does the Child have a Disability",
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "Date of Initial Child Protection Conference",
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "Number of Section 47 Enquiries in the last 12 months",
                "Number of ICPCs in the last 12 months",
                TEAM,
                WORKER,
            ),
            started="Strategy discussion initiating Section 47 Enquiry Start Date",
            ended="Date of Initial Child Protection Conference",
        ),
        AnnexList(
            6,
            "Children in need",
            "cin",
            (
                *_CHILD,
                "Does the Child have a Disability",
                "CIN Start Date",
                "Primary Need Code",
                "Date Child Was Last Seen",
                "CIN Closure Date",
                "Reason for Closure",
                "Case Status",
                TEAM,
                WORKER,
            ),
            started="CIN Start Date",
            ended="CIN Closure Date",
        ),
        AnnexList(
            7,
            "Child protection",
            "cp",
            (
                *_CHILD,
                "Does the Child have a Disability",
                "Child Protection Plan Start Date",
                "Initial Category of Abuse",
                "Latest Category of Abuse",
                "Date of the Last Statutory Visit",
                "Was the Child Seen Alone?",
                "Date of latest review conference",
                "Child Protection Plan End Date",
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                "Number of Previous Child Protection Plans",
                TEAM,
                WORKER,
            ),
            started="Child Protection Plan Start Date",
            ended="Child Protection Plan End Date",
            visit="Date of the Last Statutory Visit",
        ),
        AnnexList(
            8,
            "Children in care",
            "cla",
            (
                *_CHILD,
                "Does the Child have a Disability",
                "Date Started to be Looked After",
                "Child's Category of Need",
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
                "Start date of current legal status",
                "Child's Legal Status",
                "Date of Latest Statutory Review",
                "Date of Last Social Work Visit",
                "What is the permanence plan for this child?",
                "Date of Last IRO Visit / Contact to the Child",
                "Date of Last Health Assessment",
                "Date of Last Dental Check",
                "Number of Placements in the Last 12 months",
                "Date Ceased to be Looked After",
                "Reason Ceased to be Looked After",
                "Start Date of Most Recent Placement",
                "Placement Type",
                "Placement Provider",
                "Placement postcode",
                "URN of Placement",
                "Placement Location",
                "LA of Placement",
                "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
                "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
                "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                "Did the child accept a Return Interview after their last missing episode (Y/N)?",
                TEAM,
                WORKER,
            ),
            started="Date Started to be Looked After",
            ended="Date Ceased to be Looked After",
            visit="Date of Last Social Work Visit",
        ),
        AnnexList(
            9,
            "Care leavers",
            "care_leaver",
            (
                *_CHILD,
                "Does the Child have a Disability",
                TEAM,
                WORKER,
                "Eligibility Category",
                "LA in Touch",
                "Type of Accommodation",
                "Suitability of Accommodation",
                "Activity Status",
            ),
            started=None,
        ),
    )
}

# When a child is on several lists (a child in care is also a child in need), the list that says
# most about the work decides the child's status, team and worker: in care, child protection, care
# leaver, child in need, then the assessment lists, the latest first.
PRECEDENCE = (8, 7, 9, 6, 5, 4, 3)
