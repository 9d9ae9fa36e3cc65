// Load against capacity, in words and numbers: the bar is decoration, this text is the signal.

export type Band = "green" | "amber" | "red" | "surge";

export const BAND_LABEL: Record<Band, string> = {
  green: "Green",
  amber: "Amber",
  red: "Red",
  surge: "Surge",
};

export const BAND_MEANING: Record<Band, string> = {
  green: "below 85% of capacity",
  amber: "85% to 100% of capacity",
  red: "over capacity, up to the 115% surge limit",
  surge: "above the 115% surge limit",
};

/** The bar's scale runs to 130% so the 85/100/115 thresholds sit inside it. */
export const SCALE_MAX = 1.3;
export const THRESHOLDS = [0.85, 1, 1.15];

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

export function loadFigures(load: number, capacity: number, band: string): LoadFigures {
  const ratio = capacity > 0 ? load / capacity : null;
  const label = BAND_LABEL[asBand(band)];
  const width = ratio == null ? (load > 0 ? 100 : 0) : Math.min(ratio / SCALE_MAX, 1) * 100;
  const percent = percentOf(ratio);
  const points = `${formatPoints(load)} of ${formatPoints(capacity)} points`;
  const detail = ratio == null ? `${formatPoints(load)} points, no capacity` : `${percent} of capacity (${points})`;
  return { ratio, percent, width, detail, summary: `${label}: ${detail}` };
}
