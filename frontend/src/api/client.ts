// The typed client: paths and schemas come from the backend's OpenAPI document (schema.d.ts, generated).
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { ApiError, errorFromResponse, unreachable } from "./errors";

export type Schemas = components["schemas"];
export type User = Schemas["UserPublic"];
export type Role = User["role"];
export type WorkerLoad = Schemas["WorkerLoadPublic"];
export type Family = Schemas["FamilyPublic"];
export type UnitSummary = Schemas["UnitSummary"];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function readCookie(name: string, cookies = document.cookie): string | undefined {
  const found = cookies.split("; ").find((part) => part.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : undefined;
}

/** Unsafe requests sent with the session cookie must echo the CSRF cookie in a header. */
const csrf: Middleware = {
  onRequest({ request }) {
    const token = readCookie("keel_csrf");
    if (!SAFE_METHODS.has(request.method) && token) request.headers.set("X-CSRF-Token", token);
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: "same-origin",
  fetch: (request) => globalThis.fetch(request), // looked up per call, so tests can stub it
});
api.use(csrf);

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/** Resolves to the response body, or throws an ApiError whose message a person can act on. */
export async function call<T>(request: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await request;
  } catch {
    throw unreachable();
  }
  if (outcome.response.ok) return outcome.data as T;
  throw errorFromResponse(outcome.response, outcome.error);
}

/** For endpoints the typed schema does not describe yet (untyped JSON, same error handling). */
export async function callJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const method = (init.method ?? "GET").toUpperCase();
  const headers = new Headers(init.headers);
  if (init.body) headers.set("Content-Type", "application/json");
  const token = readCookie("keel_csrf");
  if (!SAFE_METHODS.has(method) && token) headers.set("X-CSRF-Token", token);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: "same-origin" });
  } catch {
    throw unreachable();
  }
  const body = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  throw errorFromResponse(response, body);
}

export { ApiError };
