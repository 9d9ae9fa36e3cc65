// The units and workers a user account can be linked to, loaded whole so lists can name them.
import { api, call, type UnitSummary, type WorkerLoad } from "../../api/client";
import { workerRoleName } from "../../components/format";

const PAGE = 500; // the API's largest page

export type Directory = { units: UnitSummary[]; workers: WorkerLoad[] };

/** Every row of a paged list, page after page. */
export async function allPages<T>(
  page: (offset: number, limit: number) => Promise<{ data: T[]; count: number }>,
): Promise<T[]> {
  const rows: T[] = [];
  for (;;) {
    const { data, count } = await page(rows.length, PAGE);
    rows.push(...data);
    if (!data.length || rows.length >= count) return rows;
  }
}

export async function loadDirectory(): Promise<Directory> {
  const [units, workers] = await Promise.all([
    allPages((offset, limit) => call(api.GET("/api/units", { params: { query: { offset, limit } } }))),
    allPages((offset, limit) => call(api.GET("/api/workers", { params: { query: { offset, limit } } }))),
  ]);
  return { units, workers: [...workers].sort((a, b) => a.name.localeCompare(b.name)) };
}

export function unitLabel(unit: UnitSummary): string {
  return unit.kind === "team" ? unit.name : `${unit.name} (${unit.kind})`;
}

export function workerLabel(worker: WorkerLoad): string {
  return `${worker.name} – ${worker.code}, ${workerRoleName(worker.role)}`;
}

export type Namer = ReturnType<typeof namer>;

/** Names for ids, for tables: "Team North", or "unit 12" when the id is not in the directory. */
export function namer(directory: Directory | undefined) {
  const units = new Map(directory?.units.map((u) => [u.id, u.name]));
  const workers = new Map(directory?.workers.map((w) => [w.id, `${w.name} (${w.code})`]));
  return {
    unit: (id?: number | null) => (id ? (units.get(id) ?? `unit ${id}`) : "–"),
    worker: (id?: number | null) => (id ? (workers.get(id) ?? `worker ${id}`) : "–"),
    /** Only names the directory knows. */
    known: { unit: (id: number) => units.get(id), worker: (id: number) => workers.get(id) },
  };
}

/** The units a team manager can be given: teams and pods (and the one they have now, whatever it is). */
export function managedUnits(directory: Directory, current: string): UnitSummary[] {
  return directory.units.filter((u) => u.kind !== "service" || String(u.id) === current);
}
