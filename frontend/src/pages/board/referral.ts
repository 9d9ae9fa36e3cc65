// A new referral as the manager types it -> the request body, or the problems to fix first.
import type { Schemas } from "../../api/client";
import type { Problem } from "../../components/formProblems";

export type ChildStatus = Schemas["ChildStatus"];
export const STATUSES: ChildStatus[] = ["assessment", "cin", "cp", "cla", "private_fostering", "care_leaver"];
export const FLAGS = ["court", "plo", "interpreter", "disability"] as const;

export type ChildDraft = { first_name: string; birth_year: string; status: ChildStatus };
export type ReferralDraft = {
  code: string;
  name: string;
  received_on: string;
  area: string;
  flags: string[];
  children: ChildDraft[];
};

export const NEW_CHILD: ChildDraft = { first_name: "", birth_year: "", status: "assessment" };

/** Field keys are the server's names (`children.0.birth_year`), so its 422s land on the same fields. */
export function referralProblems(draft: ReferralDraft, thisYear: number): Problem[] {
  const problems: Problem[] = [];
  if (!draft.code.trim()) problems.push({ field: "code", message: "Enter the family's reference" });
  if (!draft.name.trim()) problems.push({ field: "name", message: "Enter the family's name" });
  if (!draft.received_on) problems.push({ field: "received_on", message: "Enter the day the referral came in" });
  draft.children.forEach((child, i) => {
    const n = draft.children.length > 1 ? ` of child ${i + 1}` : "";
    if (!child.first_name.trim())
      problems.push({ field: `children.${i}.first_name`, message: `Enter the first name${n}` });
    const year = Number(child.birth_year);
    if (!/^\d{4}$/.test(child.birth_year.trim()) || year < 1990 || year > thisYear) {
      problems.push({
        field: `children.${i}.birth_year`,
        message: `Enter the year of birth${n} as four digits, up to ${thisYear}`,
      });
    }
  });
  return problems;
}

export function referralBody(draft: ReferralDraft, unitId: number): Schemas["FamilyCreate"] {
  return {
    code: draft.code.trim(),
    name: draft.name.trim(),
    unit_id: unitId,
    received_on: draft.received_on,
    area: draft.area.trim() || null,
    travel_band: 0,
    flags: draft.flags,
    children: draft.children.map((c) => ({
      first_name: c.first_name.trim(),
      birth_year: Number(c.birth_year),
      status: c.status,
    })),
  };
}
