import type { Band } from "../../components/load";

/** The band for a load (docs/design.md §3 defaults): used to label a plan's before/after loads. */
export function bandFor(load: number, capacity: number): Band {
  if (capacity <= 0) return load > 0 ? "surge" : "green";
  const ratio = load / capacity;
  if (ratio < 0.85) return "green";
  if (ratio <= 1) return "amber";
  return ratio <= 1.15 ? "red" : "surge";
}
