// What the add-user and edit-user forms hold, what they check before sending, and what they send.
import type { Role, Schemas, User } from "../../../api/client";
import type { ConflictRule, FieldIds, Problem } from "../../../components/formProblems";

export type UserDraft = {
  username: string;
  full_name: string;
  role: Role | "";
  unit_id: string;
  worker_id: string;
  active: boolean;
  password: string;
  reason: string;
};

export const USER_FIELD_IDS: FieldIds = {
  username: "user-username",
  full_name: "user-full-name",
  role: "user-role",
  unit_id: "user-unit",
  worker_id: "user-worker",
  active: "user-active",
  password: "user-password",
  reason: "user-reason",
};

/** The server's 409 sentences, and the field each is about. */
export const USER_CONFLICTS: ConflictRule[] = [
  { pattern: /username/i, field: "username" },
  { pattern: /^worker \d+ is already linked/i, field: "worker_id" },
];

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,79}$/;
const MIN_PASSWORD = 8;

/** Which links a role's account has: a team manager manages a unit, a social worker is a worker. */
export function linksFor(role: Role | ""): { unit: "required" | "none"; worker: "required" | "optional" | "none" } {
  if (role === "team_manager") return { unit: "required", worker: "optional" };
  if (role === "social_worker") return { unit: "none", worker: "required" };
  return { unit: "none", worker: "none" };
}

export function draftFrom(user?: User): UserDraft {
  return {
    username: user?.username ?? "",
    full_name: user?.full_name ?? "",
    role: user?.role ?? "",
    unit_id: user?.unit_id ? String(user.unit_id) : "",
    worker_id: user?.worker_id ? String(user.worker_id) : "",
    active: user?.active ?? true,
    password: "",
    reason: "",
  };
}

/** The problems the form can see for itself, in the order of its fields. */
export function userProblems(draft: UserDraft, mode: "add" | "edit"): Problem[] {
  const problems: Problem[] = [];
  const links = linksFor(draft.role);
  if (mode === "add") {
    if (!draft.username.trim()) problems.push({ field: "username", message: "Enter a username" });
    else if (!USERNAME.test(draft.username.trim())) {
      problems.push({
        field: "username",
        message: "Use 2 to 80 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit",
      });
    }
  }
  if (!draft.full_name.trim()) problems.push({ field: "full_name", message: "Enter the person's full name" });
  if (!draft.role) problems.push({ field: "role", message: "Choose a role" });
  if (links.unit === "required" && !draft.unit_id)
    problems.push({ field: "unit_id", message: "Choose the team this manager manages" });
  if (links.worker === "required" && !draft.worker_id)
    problems.push({ field: "worker_id", message: "Choose this social worker's worker record" });
  if (mode === "add" && draft.password.length < MIN_PASSWORD) {
    problems.push({ field: "password", message: `Enter a password of at least ${MIN_PASSWORD} characters` });
  }
  if (mode === "edit" && draft.password && draft.password.length < MIN_PASSWORD) {
    problems.push({ field: "password", message: `A new password needs at least ${MIN_PASSWORD} characters` });
  }
  if (mode === "edit" && !draft.reason.trim())
    problems.push({ field: "reason", message: "Say why you are making this change" });
  return problems;
}

const idOrNull = (text: string) => (text ? Number(text) : null);

/** A link the role does not have is not sent (left null on a new account). */
function links(draft: UserDraft) {
  const shown = linksFor(draft.role);
  return {
    ...(shown.unit !== "none" && { unit_id: idOrNull(draft.unit_id) }),
    ...(shown.worker !== "none" && { worker_id: idOrNull(draft.worker_id) }),
  };
}

export function createBody(draft: UserDraft): Schemas["UserCreate"] {
  return {
    username: draft.username.trim(),
    full_name: draft.full_name.trim(),
    role: draft.role as Role,
    password: draft.password,
    ...links(draft),
  };
}

/** Only what changed, with the reason; links the role does not show are left as they are. */
export function updateBody(user: User, draft: UserDraft): Schemas["UserUpdate"] {
  const wanted: Partial<Schemas["UserUpdate"]> = {
    full_name: draft.full_name.trim(),
    role: draft.role as Role,
    active: draft.active,
    ...links(draft),
  };
  const body: Schemas["UserUpdate"] = { reason: draft.reason.trim() };
  for (const [name, value] of Object.entries(wanted) as [keyof User, unknown][]) {
    if (value !== (user[name] ?? null)) Object.assign(body, { [name]: value });
  }
  if (draft.password) body.password = draft.password;
  return body;
}

/** True when the edit would change nothing but would still be sent with its reason. */
export function changesNothing(body: Schemas["UserUpdate"]): boolean {
  return Object.keys(body).every((name) => name === "reason");
}
