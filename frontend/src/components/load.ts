// Load against capacity, in words and numbers: the bar is decoration, this text is the signal.

export type Band = "green" | "amber" | "red" | "surge";

export const BAND_LABEL: Record<Band, string> = {
  green: "Green",
  amber: "Amber",
  red: "Red",
  surge: "Surge",
};

/** The bands of the weighting settings in force, as the API gives them with every load. */
export type BandLimits = { green_below: number; amber_up_to: number; surge_limit: number };

const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** What a band means under the settings in force (in words, without figures when they are not known). */
export function bandMeaning(band: Band, limits: BandLimits | null): string {
  if (!limits)
    return { green: "comfortable", amber: "near capacity", red: "over capacity", surge: "above the surge limit" }[band];
  return {
    green: `below ${pct(limits.green_below)} of capacity`,
    amber: `${pct(limits.green_below)} to ${pct(limits.amber_up_to)} of capacity`,
    red: `over capacity, up to the ${pct(limits.surge_limit)} surge limit`,
    surge: `above the ${pct(limits.surge_limit)} surge limit`,
  }[band];
}

/** The band thresholds marked on a load bar. */
export function thresholds(limits: BandLimits | null): number[] {
  return limits ? [limits.green_below, limits.amber_up_to, limits.surge_limit] : [];
}

/** The band for a load under the settings in force (the server's rule, workload.band). */
export function bandFor(load: number, capacity: number, limits: BandLimits): Band {
  if (capacity <= 0) return load > 0 ? "surge" : "green";
  const ratio = load / capacity;
  if (ratio < limits.green_below) return "green";
  if (ratio <= limits.amber_up_to) return "amber";
  return ratio <= limits.surge_limit ? "red" : "surge";
}

/** The bar's scale: 130%, or further when the surge limit is set higher. */
export function scaleMax(limits: BandLimits | null): number {
  return Math.max(1.3, (limits?.surge_limit ?? 0) + 0.15);
}

export function asBand(band: string): Band {
  return band in BAND_LABEL ? (band as Band) : "surge";
}

export function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}

export function percentOf(ratio: number | null | undefined): string {
  return ratio == null ? "no capacity" : `${Math.round(ratio * 100)}%`;
}

export type LoadFigures = { ratio: number | null; percent: string; width: number; detail: string; summary: string };

export function loadFigures(load: number, capacity: number, band: string, scale = 1.3): LoadFigures {
  const ratio = capacity > 0 ? load / capacity : null;
  const label = BAND_LABEL[asBand(band)];
  const width = ratio == null ? (load > 0 ? 100 : 0) : Math.min(ratio / scale, 1) * 100;
  const percent = percentOf(ratio);
  const points = `${formatPoints(load)} of ${formatPoints(capacity)} points`;
  const detail = ratio == null ? `${formatPoints(load)} points, no capacity` : `${percent} of capacity (${points})`;
  return { ratio, percent, width, detail, summary: `${label}: ${detail}` };
}
