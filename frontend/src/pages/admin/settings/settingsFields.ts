// The weighting settings as a form: every number in the stored values becomes a labelled field,
// grouped as docs/design.md §3 explains them; a setting Keel adds later still shows, under "Other".
import { humanise } from "../../../components/format";
import { sentence, type Problem } from "../../../components/formProblems";

export type Unit = "points" | "percent" | "months" | "number";
export type Path = [string, ...(string | number)[]];
export type SettingField = { key: string; path: Path; value: number; group: string; label: string; unit: Unit };
export type Values = Record<string, unknown>;

const ROLE_LABELS: Record<string, string> = {
  social_worker: "Social worker",
  senior_practitioner: "Senior practitioner",
  consultant: "Consultant social worker",
  family_support: "Family support worker",
  asye: "ASYE (after the steps below)",
  team_manager: "Team manager",
};

const STATUS_LABELS: Record<string, string> = {
  assessment: "Assessment",
  cin: "Child in need (CIN)",
  cp: "Child protection (CP)",
  cla: "Looked after (CLA)",
  care_leaver: "Care leaver",
  private_fostering: "Private fostering",
};

const SCALARS: Record<string, { group: string; label: string; unit: Unit }> = {
  full_capacity_points: { group: "Capacity", label: "A full-time experienced worker", unit: "points" },
  stable_element_points: { group: "Capacity", label: "Stable element (supervision, training, admin)", unit: "points" },
  sibling_factor: { group: "Family additions", label: "Each child after the first counts", unit: "percent" },
  court_points: { group: "Family additions", label: "Court proceedings", unit: "points" },
  plo_points: { group: "Family additions", label: "Public Law Outline (PLO)", unit: "points" },
  complexity_flag_points: { group: "Family additions", label: "Each complexity flag", unit: "points" },
  complexity_cap_points: { group: "Family additions", label: "Most for complexity flags", unit: "points" },
  green_below: { group: "Load bands", label: "Green below", unit: "percent" },
  amber_up_to: { group: "Load bands", label: "Amber up to", unit: "percent" },
  surge_limit: { group: "Load bands", label: "Surge limit (plans never go above it)", unit: "percent" },
  first_visit_days: {
    group: "Statutory visits (docs/visits.md)",
    label: "First visit, looked-after or privately fostered: within days",
    unit: "number",
  },
  visits_due_working_days: {
    group: "Statutory visits (docs/visits.md)",
    label: "Boards list visits due within working days",
    unit: "number",
  },
};

const VISIT_RULES: Record<string, string> = {
  visit_first_year_days: "days between visits in the first year (the law's longest: 42)",
  visit_later_days:
    "days between visits after the first year (the law's longest: 91 looked-after, 84 private fostering)",
  visit_working_days: "working days between visits (set locally)",
};

export const GROUPS = [
  "Capacity",
  "Share of capacity by role",
  "Newly qualified social workers (ASYE)",
  "Points per child, by status",
  "Family additions",
  "Load bands",
  "Statutory visits (docs/visits.md)",
  "Other settings",
];

function describe(path: Path): Omit<SettingField, "key" | "path" | "value"> {
  const [name, a, b] = path;
  if (path.length === 1 && SCALARS[name]) return SCALARS[name];
  if (name === "role_factors")
    return { group: GROUPS[1], label: ROLE_LABELS[a] ?? humanise(String(a)), unit: "percent" };
  if (name === "child_points")
    return { group: GROUPS[3], label: STATUS_LABELS[a] ?? humanise(String(a)), unit: "points" };
  if (name === "travel_band_points") return { group: GROUPS[4], label: `Travel band ${a}`, unit: "points" };
  if (name === "asye_steps") {
    const step = `Step ${Number(a) + 1}`;
    return b === 0
      ? { group: GROUPS[2], label: `${step}: before month`, unit: "months" }
      : { group: GROUPS[2], label: `${step}: share of capacity`, unit: "percent" };
  }
  if (VISIT_RULES[name])
    return {
      group: GROUPS[6],
      label: `${STATUS_LABELS[a] ?? humanise(String(a))}: ${VISIT_RULES[name]}`,
      unit: "number",
    };
  return { group: GROUPS[7], label: path.map((part) => humanise(String(part))).join(": "), unit: "number" };
}

/** Every number in the values, depth first, in the order the server gives them. */
export function settingFields(values: Values): SettingField[] {
  const fields: SettingField[] = [];
  const visit = (path: Path, value: unknown) => {
    if (typeof value === "number") fields.push({ key: path.join("."), path, value, ...describe(path) });
    else if (Array.isArray(value)) value.forEach((item, i) => visit([...path, i], item));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit([...path, k], v);
  };
  for (const [name, value] of Object.entries(values)) visit([name], value);
  return fields;
}

const round = (n: number, places: number) => Number(n.toFixed(places));

/** The value as the form shows it: factors and bands as percentages. */
export function displayValue(field: Pick<SettingField, "value" | "unit">): string {
  return String(field.unit === "percent" ? round(field.value * 100, 4) : round(field.value, 4));
}

/** The form's text back to the stored number, or undefined when it is not a number the unit allows. */
export function parseValue(text: string, unit: Unit): number | undefined {
  const trimmed = text.trim().replace(/%$/, "").trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  if (unit === "months" && !Number.isInteger(n)) return undefined;
  return unit === "percent" ? round(n / 100, 8) : n;
}

export type Edit = { field: SettingField; value: number };

/** The fields whose text the user changed, parsed; a text that is not a number is a problem. */
export function editsOf(fields: SettingField[], texts: Record<string, string>) {
  const edits: Edit[] = [];
  const problems: Problem[] = [];
  for (const field of fields) {
    const text = texts[field.key];
    if (text === undefined || text.trim() === displayValue(field)) continue;
    const value = parseValue(text, field.unit);
    if (value === undefined) {
      const what =
        field.unit === "months" ? "a whole number of months" : field.unit === "percent" ? "a percentage" : "a number";
      problems.push({ field: field.key, message: `${field.label}: enter ${what}` });
    } else if (value !== field.value) edits.push({ field, value });
  }
  return { edits, problems };
}

/** What PUT /api/settings/weighting wants: only what changed. A mapping is merged key by key on the
 * server, so it gets only its changed keys; a list replaces the old one, so it is sent whole. */
export function changedValues(values: Values, edits: Edit[]): Values {
  const payload: Values = {};
  for (const { field, value } of edits) {
    const [name, ...rest] = field.path;
    if (!rest.length) {
      payload[name] = value;
    } else {
      if (Array.isArray(values[name])) payload[name] ??= structuredClone(values[name]);
      setAt(payload, field.path, value);
    }
  }
  return payload;
}

type Node = Record<string | number, unknown>;

function setAt(target: Node, [head, ...rest]: (string | number)[], value: number) {
  if (!rest.length) {
    target[head] = value;
    return;
  }
  target[head] ??= typeof rest[0] === "number" ? [] : {};
  setAt(target[head] as Node, rest, value);
}

/** The server names settings as `child_points.cp`, `travel_band_points[0]`, `asye_steps[1]` (a step's
 * factor); these name the field at fault, so each refusal can stand beside its field. */
function serverNames(field: SettingField): string[] {
  const [name, a, b] = field.path;
  if (name === "asye_steps") return b === 1 ? [`asye_steps[${a}]`, `asye_steps.${a}.1`] : [`asye_steps.${a}.0`];
  if (typeof a === "number") return [`${name}[${a}]`, `${name}.${a}`];
  return [field.key];
}

/** The server's wording where the form says it otherwise (factors are shown as percentages). */
const REWORDED: [RegExp, string][] = [
  [/^must be a factor of at most 1\.5$/, "must be at most 150%"],
  [
    /^must satisfy 0 < green_below <= amber_up_to <= surge_limit <= 3$/,
    "green must be above 0 and at most amber, amber at most the surge limit, and the surge limit at most 300%",
  ],
];

function reworded(text: string): string {
  const found = REWORDED.find(([pattern]) => pattern.test(text));
  return found ? found[1] : text;
}

/** Sentences about a whole group of settings, and the field they link to. */
const GROUP_SENTENCES: Record<string, string> = { bands: "green_below", asye_steps: "asye_steps.0.0" };

/** "child_points.cp must be between 0 and 1000; bands must …" -> one problem per sentence, each
 * naming its field by label when the sentence starts with a setting's name. */
export function refusalProblems(message: string, fields: SettingField[]): Problem[] {
  const named = new Map<string, { field: SettingField; subject: string }>();
  for (const field of fields) {
    for (const name of serverNames(field)) named.set(name, { field, subject: field.label });
  }
  for (const [name, key] of Object.entries(GROUP_SENTENCES)) {
    const field = fields.find((f) => f.key === key);
    if (field) named.set(name, { field, subject: field.group });
  }
  const names = [...named.keys()].sort((a, b) => b.length - a.length);
  return message
    .split("; ")
    .filter(Boolean)
    .map((part) => {
      const name = names.find((n) => part.startsWith(n) && /^($|[\s:])/.test(part.slice(n.length)));
      if (!name) return { message: sentence(part) };
      const { field, subject } = named.get(name)!;
      return { field: field.key, message: `${subject}: ${reworded(part.slice(name.length).replace(/^:?\s*/, ""))}` };
    });
}
