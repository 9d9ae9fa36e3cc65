import { describe, expect, it } from "vitest";
import type { User } from "../../../api/client";
import { changesNothing, createBody, draftFrom, linksFor, updateBody, userProblems, type UserDraft } from "./userForm";

const manager: User = {
  id: 7,
  username: "t.lee",
  full_name: "Tam Lee",
  role: "team_manager",
  unit_id: 3,
  worker_id: 12,
  active: true,
};
const draft = (change: Partial<UserDraft>): UserDraft => ({ ...draftFrom(), ...change });

describe("links by role", () => {
  it("asks a team manager for a team, a social worker for a worker record, others for neither", () => {
    expect(linksFor("team_manager")).toEqual({ unit: "required", worker: "optional" });
    expect(linksFor("social_worker")).toEqual({ unit: "none", worker: "required" });
    expect(linksFor("senior_leader")).toEqual({ unit: "none", worker: "none" });
    expect(linksFor("")).toEqual({ unit: "none", worker: "none" });
  });
});

describe("userProblems", () => {
  it("lists what a new account is missing, in the order of the form", () => {
    const problems = userProblems(
      draft({ username: "Ann K", full_name: "Ann", role: "team_manager", password: "short" }),
      "add",
    );
    expect(problems.map((p) => p.field)).toEqual(["username", "unit_id", "password"]);
  });

  it("needs a social worker's record but not a leader's", () => {
    const base = { username: "ann.k", full_name: "Ann K", password: "long enough" };
    expect(userProblems(draft({ ...base, role: "social_worker" }), "add")).toEqual([
      { field: "worker_id", message: "Choose this social worker's worker record" },
    ]);
    expect(userProblems(draft({ ...base, role: "senior_leader" }), "add")).toEqual([]);
  });

  it("needs a reason for an edit, and a new password only when one is typed", () => {
    const edit = draftFrom(manager);
    expect(userProblems(edit, "edit").map((p) => p.field)).toEqual(["reason"]);
    expect(userProblems({ ...edit, reason: "New team", password: "abc" }, "edit").map((p) => p.field)).toEqual([
      "password",
    ]);
  });
});

describe("createBody", () => {
  it("sends only the links the role has", () => {
    const body = createBody(
      draft({
        username: " ann.k ",
        full_name: "Ann K",
        role: "senior_leader",
        unit_id: "3",
        worker_id: "9",
        password: "long enough",
      }),
    );
    expect(body).toEqual({ username: "ann.k", full_name: "Ann K", role: "senior_leader", password: "long enough" });
    const managerBody = createBody(
      draft({ username: "t.lee", full_name: "Tam", role: "team_manager", unit_id: "3", password: "long enough" }),
    );
    expect(managerBody).toMatchObject({ unit_id: 3, worker_id: null });
  });
});

describe("updateBody", () => {
  it("sends only what changed, with the reason", () => {
    const body = updateBody(manager, { ...draftFrom(manager), unit_id: "4", reason: " Moved team " });
    expect(body).toEqual({ unit_id: 4, reason: "Moved team" });
  });

  it("deactivates, resets a password and clears an optional link", () => {
    const body = updateBody(manager, {
      ...draftFrom(manager),
      active: false,
      worker_id: "",
      password: "a new secret",
      reason: "Left",
    });
    expect(body).toEqual({ active: false, worker_id: null, password: "a new secret", reason: "Left" });
  });

  it("leaves links alone that the new role does not show", () => {
    const body = updateBody(manager, { ...draftFrom(manager), role: "senior_leader", reason: "Promoted" });
    expect(body).toEqual({ role: "senior_leader", reason: "Promoted" });
  });

  it("knows when nothing would change", () => {
    expect(changesNothing(updateBody(manager, { ...draftFrom(manager), reason: "x" }))).toBe(true);
  });
});
