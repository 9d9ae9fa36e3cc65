// An audit event's before and after, cut down to what changed, in words a person can scan.
import { humanise } from "../../../components/format";

export type Change = { field: string; before: string; after: string };

const HIDDEN = "(changed)"; // the server's stand-in for a secret (a password hash)
const FIELD_NAMES: Record<string, string> = {
  password_hash: "Password",
  unit_id: "Unit",
  worker_id: "Worker",
  key_worker_id: "Key worker",
  cover_worker_id: "Cover worker",
  key_pod: "Pod holding the family",
  key_pod_id: "Pod holding the family (id)",
  allocates_to: "Allocates to",
};

type Leaves = Map<string, { path: (string | number)[]; value: unknown }>;

/** Every leaf value of a record by its path: {child_points: {cp: 8}} -> "child_points.cp" = 8. */
function leaves(record: Record<string, unknown> | null | undefined): Leaves {
  const found: Leaves = new Map();
  const visit = (path: (string | number)[], value: unknown) => {
    if (Array.isArray(value) && value.length) value.forEach((item, i) => visit([...path, i], item));
    else if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) {
      for (const [k, v] of Object.entries(value)) visit([...path, k], v);
    } else found.set(path.join("."), { path, value });
  };
  for (const [name, value] of Object.entries(record ?? {})) visit([name], value);
  return found;
}

/** ["child_points", "cp"] -> "Child points › cp"; list positions count from 1. */
export function fieldLabel(path: (string | number)[]): string {
  return path
    .map((part, i) =>
      typeof part === "number"
        ? String(part + 1)
        : i === 0
          ? (FIELD_NAMES[part] ?? humanise(part))
          : part.replace(/_/g, " "),
    )
    .join(" › ");
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value === "") return "(blank)";
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(", ") : "none";
  if (typeof value === "object") return Object.keys(value).length ? JSON.stringify(value) : "none";
  return String(value);
}

/** Words for an id a field holds ("12" -> "12 (Ann Khan, W12)"), when the page knows the name. */
export type IdNamer = (field: string, value: unknown) => string | undefined;

/** Names the ids of fields that end in `unit_id` or `worker_id` (key_worker_id, cover_worker_id, …). */
export function linkNamer(names: {
  unit: (id: number) => string | undefined;
  worker: (id: number) => string | undefined;
}): IdNamer {
  return (field, value) => {
    if (typeof value !== "number") return undefined;
    const name = field.endsWith("worker_id")
      ? names.worker(value)
      : field.endsWith("unit_id")
        ? names.unit(value)
        : undefined;
    return name && `${name} (id ${value})`;
  };
}

/** The fields whose value differs between before and after (a new record: every field it was given). */
export function auditChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  nameOf: IdNamer = () => undefined,
): Change[] {
  const old = leaves(before);
  const now = leaves(after);
  const keys = [...new Set([...old.keys(), ...now.keys()])];
  return keys.flatMap((key) => {
    const was = old.get(key);
    const is = now.get(key);
    if (!before && (is?.value === null || is?.value === "")) return []; // a new record's empty fields say nothing
    if (was && is && JSON.stringify(was.value) === JSON.stringify(is.value) && is.value !== HIDDEN) return [];
    const path = (is ?? was)!.path;
    const shown = (value: unknown) =>
      value === HIDDEN ? "changed, not shown" : (nameOf(key, value) ?? formatValue(value));
    return [{ field: fieldLabel(path), before: was ? shown(was.value) : "none", after: is ? shown(is.value) : "none" }];
  });
}
