// Every failure the user sees is a sentence saying what happened and what to do.

/** One entry of a FastAPI-style 422 list: `loc` names the input at fault (["body", "unit_id"]). */
export type FieldProblem = { loc?: (string | number)[]; msg?: string; type?: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's own words when it answered with a string detail (a 409's sentence). */
    readonly detail?: string,
    /** A 422's field problems, so a form can show each next to its field. */
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The name of the input a problem's `loc` points at: ["body", "unit_id"] -> "unit_id". */
export function fieldKey(loc: (string | number)[] = []): string {
  const named = loc.filter((part) => typeof part === "string" && part !== "body" && part !== "query");
  return named.length ? String(named[named.length - 1]) : "";
}

function fieldName(loc: (string | number)[] = []): string {
  return fieldKey(loc).replace(/_/g, " ");
}

/** "Value error, end_date must be …" -> "end_date must be …" */
export function problemText(problem: FieldProblem): string {
  return (problem.msg ?? "is not valid").replace(/^Value error, /, "");
}

function detailText(detail: unknown): string | undefined {
  if (typeof detail === "string" && detail.trim()) return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail
      .map((problem: FieldProblem) => {
        const field = fieldName(problem.loc);
        const msg = problemText(problem);
        return field ? `${field}: ${msg}` : msg;
      })
      .join("; ");
  }
  return undefined;
}

export function describeError(status: number, body?: unknown, retryAfter?: string | null): string {
  const detail = detailText((body as { detail?: unknown } | undefined)?.detail);
  switch (status) {
    case 401:
      return detail === "Wrong username or password" ? detail : "Your session has ended. Sign in again.";
    case 403:
      return "Your role does not allow this.";
    case 404:
      return detail ? `${detail}.` : "Not found.";
    case 409:
      return detail ?? "Someone else changed this first. Reload and try again.";
    case 422:
      return detail ? `Check what you entered: ${detail}.` : "Check what you entered.";
    case 429: {
      const wait = retryAfter ? ` in ${retryAfter} seconds` : " in a minute";
      return `Too many attempts. Try again${wait}.`;
    }
  }
  if (status >= 500) {
    return `Keel's server could not do this (error ${status}). Try again; if it keeps happening, tell your administrator.`;
  }
  return detail ?? `The request failed (error ${status}).`;
}

export function errorFromResponse(response: Response, body: unknown): ApiError {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  return new ApiError(
    response.status,
    describeError(response.status, body, response.headers.get("Retry-After")),
    typeof detail === "string" ? detail : undefined,
    Array.isArray(detail) ? (detail as FieldProblem[]) : [],
  );
}

export function unreachable(): ApiError {
  return new ApiError(0, "Keel's server could not be reached. Check your connection and try again.");
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}
