// CSV imports and exports (docs/csv-import.md). The import routes are not in the generated client
// yet (they are being built on the `import` branch), so the job's shape is written out here.
import { callJson } from "../../../api/client";

export type ImportKind = "workers" | "families" | "absences";

export type RowError = { row: number; column: string; reason: string };

export type ImportJob = {
  id: string;
  kind: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  message: string;
  dry_run: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: RowError[];
  error_count: number;
};

/** Uploads the file; the server answers 202 with the job that checks (and, unless a dry run, writes) it. */
export function startImport(kind: ImportKind, file: File, dryRun: boolean): Promise<ImportJob> {
  const form = new FormData();
  form.append("file", file);
  form.append("dry_run", String(dryRun));
  return callJson<ImportJob>(`/api/imports/${kind}`, { method: "POST", body: form });
}

export function readImport(id: string): Promise<ImportJob> {
  return callJson<ImportJob>(`/api/imports/${encodeURIComponent(id)}`);
}

export const EXPORTS = [
  { href: "/api/exports/allocations.csv", label: "Current allocations", hint: "One row per open family: team, key worker, since when, points." },
  { href: "/api/exports/loads.csv", label: "Workers' loads", hint: "One row per worker: role, team, capacity, load, band, families." },
];
