// Imports and exports (docs/csv-import.md, docs/annex-a.md, docs/census.md), through the typed client.
import { api, call, type Schemas } from "../../../api/client";

export type CsvKind = "workers" | "families" | "absences";
export type ImportKind = Schemas["ImportKindColumns"]["kind"]; // as the server publishes them
export type ImportJob = Schemas["ImportJobPublic"];

function form(fields: Record<string, File | File[]>, dryRun: boolean): FormData {
  const sent = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const file of [value].flat()) sent.append(name, file);
  sent.append("dry_run", String(dryRun));
  return sent;
}

/** Uploads the files (multipart: `file`, or `files` for the Annex A lists, and `dry_run`); the
 * server answers 202 with the job that checks (and, unless a dry run, writes) them. */
export function startImport(kind: ImportKind, files: File[], dryRun: boolean): Promise<ImportJob> {
  // The OpenAPI document gives an uploaded file as a string; it is sent as the File itself.
  if (kind === "annex-a")
    return call(
      api.POST("/api/imports/annex-a", {
        body: { files: files as unknown as string[], dry_run: dryRun },
        bodySerializer: () => form({ files }, dryRun),
      }),
    );
  if (kind === "census")
    return call(
      api.POST("/api/imports/census", {
        body: { file: files[0] as unknown as string, dry_run: dryRun },
        bodySerializer: () => form({ file: files[0] }, dryRun),
      }),
    );
  const file = files[0];
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
  {
    href: "/api/exports/allocations.csv",
    label: "Current allocations",
    format: "CSV",
    hint: "One row per open family: team, key worker, since when, points.",
  },
  {
    href: "/api/exports/loads.csv",
    label: "Workers' loads",
    format: "CSV",
    hint: "One row per worker: role, team, capacity, load, band, families.",
  },
  {
    href: "/api/exports/annex-a.xlsx",
    label: "Ofsted Annex A lists",
    format: "Excel",
    hint: "Lists 4, 6, 7, 8 and 9: each child's allocated team and worker, and last visit, for an inspector.",
  },
];
