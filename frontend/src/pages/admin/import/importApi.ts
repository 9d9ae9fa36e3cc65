// CSV imports and exports (docs/csv-import.md), through the typed client.
import { api, call, type Schemas } from "../../../api/client";

export type ImportKind = "workers" | "families" | "absences";
export type ImportJob = Schemas["ImportJobPublic"];

/** Uploads the file (multipart: `file`, `dry_run`); the server answers 202 with the job that checks
 * (and, unless a dry run, writes) it. */
export function startImport(kind: ImportKind, file: File, dryRun: boolean): Promise<ImportJob> {
  return call(
    api.POST("/api/imports/{kind}", {
      params: { path: { kind } },
      // The OpenAPI document gives an uploaded file as a string; it is sent as the File itself.
      body: { file: file as unknown as string, dry_run: dryRun },
      bodySerializer: ({ dry_run }) => {
        const form = new FormData();
        form.append("file", file);
        form.append("dry_run", String(dry_run));
        return form;
      },
    }),
  );
}

export function readImport(id: string): Promise<ImportJob> {
  return call(api.GET("/api/imports/{job_id}", { params: { path: { job_id: id } } }));
}

export const EXPORTS = [
  { href: "/api/exports/allocations.csv", label: "Current allocations", hint: "One row per open family: team, key worker, since when, points." },
  { href: "/api/exports/loads.csv", label: "Workers' loads", hint: "One row per worker: role, team, capacity, load, band, families." },
];
