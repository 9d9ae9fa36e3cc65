"""The worker-level table of the children's social work workforce census, as published in the
census's XML schema (element `CSWWWorker`; SocialFinanceDigitalLabs/liia-tools carries it in
liiatools/spec/social_work_workforce/social_work_workforce_2022.xsd and la-agg.yml). docs/census.md
explains each column Keel reads."""

PUBLISHED = (
    "AgencyWorker",
    "SWENo",
    "FTE",
    "PersonBirthDate",
    "GenderCurrent",
    "Ethnicity",
    "QualInst",
    "QualLevel",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "RoleEndDate",
    "LeaverDestination",
    "ReasonLeave",
    "FTE30",
    "Cases30",
    "WorkingDaysLost",
    "ContractWeeks",
    "FrontlineGrad",
    "Absat30Sept",
    "ReasonAbsence",
    "CFKSSstatus",
)
SWE_NUMBER = "SWENo"
AGENCY = "AgencyWorker"
FTE = "FTE"
ROLE = "OrgRole"
START = "RoleStartDate"
END = "RoleEndDate"
DAYS_LOST = "WorkingDaysLost"
# Not in the census: a worker Keel does not know yet needs a name and a team.
NAME = "Name"
TEAM = "Team"

READ = (SWE_NUMBER, AGENCY, FTE, ROLE, START, END, DAYS_LOST)  # required in the header
KEEL_ADDED = (NAME, TEAM)  # may be in the header

# OrgRole codes: 1 senior manager, 2 middle manager, 3 first line manager, 4 senior practitioner,
# 5 case holder, 6 qualified without cases.
ROLE_NAMES = {
    1: "Senior manager",
    2: "Middle manager",
    3: "First line manager",
    4: "Senior practitioner",
    5: "Case holder",
    6: "Qualified without cases",
}
KEEL_ROLE = {
    1: "team_manager",
    2: "team_manager",
    3: "team_manager",
    4: "senior_practitioner",
    5: "social_worker",
    6: "team_manager",
}  # Keel's role that holds no cases is team_manager
# Keel roles a census "case holder" may be: a worker Keel holds as one of these keeps that role.
CASE_HOLDING_ROLES = frozenset({"social_worker", "consultant", "asye", "family_support"})
