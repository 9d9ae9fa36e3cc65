// The kinds of import file as the page names them. Their columns come from the server
// (GET /api/imports/columns, the ones its import reads): see ColumnList.
import type { ImportKind } from "./importApi";

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
