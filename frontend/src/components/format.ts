const STATUS_NAMES: Record<string, string> = {
  assessment: "Assessment",
  cin: "CIN",
  cp: "CP",
  cla: "CLA",
  care_leaver: "Care leaver",
  private_fostering: "Private fostering",
};

/** "cla" -> "CLA", "care_leaver" -> "Care leaver" */
export function statusName(status: string): string {
  return STATUS_NAMES[status] ?? humanise(status);
}

/** ["cp", "cp", "cin"] -> "2 × CP, CIN" */
export function summariseStatuses(statuses: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => (n > 1 ? `${n} × ${STATUS_NAMES[s] ?? s}` : (STATUS_NAMES[s] ?? s))).join(", ");
}

export function humanise(word: string): string {
  const text = word.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** A worker's role in words: "senior_practitioner" -> "Senior practitioner", "asye" -> "ASYE". */
export function workerRoleName(role: string): string {
  return role === "asye" ? "ASYE" : humanise(role);
}

/** "interpreter:punjabi" -> "Interpreter (Punjabi)"; "domestic_abuse" -> "Domestic abuse" */
export function flagName(flag: string): string {
  const [name, detail] = flag.split(":");
  return detail ? `${humanise(name)} (${humanise(detail)})` : humanise(name);
}

/** A moment in full, for records kept for years: "3 Dec 2026, 14:05". */
export function formatTimestamp(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
