// Problems with a form, from the form's own checks or the server's refusal, as one shape: a list
// for the error summary (each linking to its field) and a message per field to show beside it.
import { ApiError, fieldKey, messageOf, problemText, type FieldProblem } from "../api/errors";
import type { SummaryItem } from "./ErrorSummary";

/** The server's name of each input (as in a 422's `loc`) -> the input's element id. */
export type FieldIds = Record<string, string>;

/** A 409 names no field; a rule says which field a conflict's sentence is about. */
export type ConflictRule = { pattern: RegExp; field: string };

export type Problem = { field?: string; message: string };

export type FormProblems = { summary: SummaryItem[]; byField: Record<string, string> };

export const NO_PROBLEMS: FormProblems = { summary: [], byField: {} };

/** "the username ann is taken" -> "The username ann is taken" */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** Problems -> summary links and per-field messages; a problem with no known field links to `fallbackId`. */
export function formProblems(problems: Problem[], ids: FieldIds, fallbackId: string): FormProblems {
  const summary: SummaryItem[] = [];
  const byField: Record<string, string> = {};
  for (const { field, message } of problems) {
    const known = field !== undefined && field in ids;
    summary.push({ href: `#${known ? ids[field] : fallbackId}`, message });
    if (known) byField[field] = byField[field] ? `${byField[field]} ${message}` : message;
  }
  return { summary, byField };
}

/** What the server refused, field by field where it says which (422 `loc`, or a 409 matching a rule). */
export function serverProblems(error: unknown, conflicts: ConflictRule[] = []): Problem[] {
  if (!(error instanceof ApiError)) return [{ message: messageOf(error) }];
  if (error.problems.length) {
    return error.problems.map(fieldProblem);
  }
  if (error.status === 409 && error.detail) {
    const rule = conflicts.find((r) => r.pattern.test(error.detail ?? ""));
    return [{ field: rule?.field, message: sentence(error.detail) }];
  }
  return [{ message: error.message }];
}

/** One entry of a 422 list as a problem with the field its `loc` names. */
export function fieldProblem(problem: FieldProblem): Problem {
  return { field: fieldKey(problem.loc) || undefined, message: sentence(problemText(problem)) };
}
