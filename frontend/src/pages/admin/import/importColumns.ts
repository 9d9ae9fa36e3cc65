// A short reference of each kind of file's columns (the full ones are docs/csv-import.md,
// docs/annex-a.md and docs/census.md).
import type { ImportKind } from "./importApi";

export type Column = { name: string; required: boolean; meaning: string };

const col = (name: string, required: boolean, meaning: string): Column => ({ name, required, meaning });

export const KINDS: { kind: ImportKind; label: string; hint: string }[] = [
  { kind: "workers", label: "Workers", hint: "One row per worker. A code Keel knows updates that worker." },
  {
    kind: "families",
    label: "Families",
    hint: "One row per child; a family's rows must agree on the family's columns.",
  },
  { kind: "absences", label: "Absences", hint: "One row per absence." },
  {
    kind: "annex-a",
    label: "Ofsted Annex A lists",
    hint: "The Annex A workbook (.xlsx), or lists 3 to 9 as CSV files named “List 7 …”: children, teams, workers, last visits.",
  },
  {
    kind: "census",
    label: "Workforce census",
    hint: "The census's worker table (CSV): FTE, agency, role, dates and sickness days by Social Work England number.",
  },
];

export const COLUMNS: Record<ImportKind, Column[]> = {
  workers: [
    col("code", true, "The worker's code (payroll or HR number)"),
    col("name", true, "Full name"),
    col("role", true, "social_worker, senior_practitioner, consultant, asye, family_support or team_manager"),
    col("fte", true, "Full-time equivalent, above 0 and at most 1"),
    col("agency", false, "yes or no (blank: no)"),
    col("team", true, "Code of the worker's team or pod"),
    col("patch", false, "The area they mostly work in"),
    col("start_date", true, "First day in post"),
    col("leaving_date", false, "Last day, if leaving"),
    col("skills", false, "List separated by ;, for example child_protection;court"),
  ],
  families: [
    col("family_code", true, "The family's code in the case-management system"),
    col("family_name", true, "How the family is known"),
    col("team", true, "Code of the team or pod holding the family"),
    col("area", false, "Where the family lives"),
    col("travel_band", false, "0, 1 or 2 (blank: 0)"),
    col("received_on", true, "Date of referral"),
    col("closed_on", false, "Date the case closed"),
    col("flags", false, "List separated by ;, for example court;plo;interpreter:polish"),
    col("key_worker", false, "Code of the current key worker (blank leaves the allocation as it is)"),
    col("child_first_name", true, "The child's first name"),
    col("child_birth_year", true, "Four digits"),
    col("child_status", true, "assessment, cin, cp, cla, care_leaver or private_fostering"),
    col("last_visit_on", false, "The family's last statutory visit (the column may be left out)"),
  ],
  absences: [
    col("worker_code", true, "Code of the absent worker"),
    col("start_date", true, "First day of absence"),
    col("end_date", true, "Last day of absence"),
    col("kind", true, "annual_leave, sickness, training, parental or other"),
    col("planned", false, "yes or no (blank: yes)"),
  ],
  "annex-a": [
    col("Child Unique ID", true, "The child; the family too, unless a Family Identifier column groups siblings"),
    col("Date of Birth", true, "Or Age of Child (Years)"),
    col("Allocated Team", true, "The team or pod, by code or name"),
    col("Allocated Worker", false, "The key worker, by code or by name written any way"),
    col("The list's start date", true, "Date of referral, CIN Start Date, Child Protection Plan Start Date, …"),
    col("The list's end date", false, "A row whose episode has ended is left out"),
    col("Date of the Last Statutory Visit", false, "List 7 (Date of Last Social Work Visit: list 8)"),
  ],
  census: [
    col("SWENo", true, "Social Work England number: the Keel worker's code"),
    col("AgencyWorker", false, "1 agency, 0 not"),
    col("FTE", false, "Full-time equivalent"),
    col("OrgRole", false, "1-3 and 6 hold no cases; 4 senior practitioner; 5 case holder"),
    col("RoleStartDate", false, "First day in the role"),
    col("RoleEndDate", false, "Last day, for a leaver"),
    col("WorkingDaysLost", false, "Sickness days in the census year: the team's sickness rate"),
    col("Name", false, "Not in the census: creates a worker Keel does not know (with Team)"),
    col("Team", false, "Not in the census: the new worker's team code"),
  ],
};
