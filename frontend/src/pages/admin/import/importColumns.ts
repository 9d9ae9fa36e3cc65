// A short reference of each kind of file's columns (the full one is docs/csv-import.md).
import type { ImportKind } from "./importApi";

export type Column = { name: string; required: boolean; meaning: string };

const col = (name: string, required: boolean, meaning: string): Column => ({ name, required, meaning });

export const KINDS: { kind: ImportKind; label: string; hint: string }[] = [
  { kind: "workers", label: "Workers", hint: "One row per worker. A code Keel knows updates that worker." },
  { kind: "families", label: "Families", hint: "One row per child; a family's rows must agree on the family's columns." },
  { kind: "absences", label: "Absences", hint: "One row per absence." },
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
  ],
  absences: [
    col("worker_code", true, "Code of the absent worker"),
    col("start_date", true, "First day of absence"),
    col("end_date", true, "Last day of absence"),
    col("kind", true, "annual_leave, sickness, training, parental or other"),
    col("planned", false, "yes or no (blank: yes)"),
  ],
};
