import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { formProblems, sentence, serverProblems } from "./formProblems";

const ids = { username: "user-username", unit_id: "user-unit", worker_id: "user-worker" };

describe("serverProblems", () => {
  it("names the field each 422 entry's loc points at", () => {
    const error = new ApiError(422, "Check what you entered", undefined, [
      {
        loc: ["body", "unit_id"],
        msg: "Value error, a team manager needs the unit (team) they manage",
        type: "value_error",
      },
      { loc: ["body", "password"], msg: "String should have at least 8 characters", type: "string_too_short" },
    ]);
    expect(serverProblems(error)).toEqual([
      { field: "unit_id", message: "A team manager needs the unit (team) they manage" },
      { field: "password", message: "String should have at least 8 characters" },
    ]);
  });

  it("gives a 409 to the field its rule names, or to no field", () => {
    const rules = [{ pattern: /^worker \d+ is already linked/, field: "worker_id" }];
    const linked = new ApiError(409, "x", "worker 4 is already linked to user ann");
    expect(serverProblems(linked, rules)).toEqual([
      { field: "worker_id", message: "Worker 4 is already linked to user ann" },
    ]);
    const other = new ApiError(409, "x", "you may not deactivate yourself");
    expect(serverProblems(other, rules)).toEqual([{ field: undefined, message: "You may not deactivate yourself" }]);
  });

  it("keeps the sentence of any other failure", () => {
    expect(serverProblems(new ApiError(403, "Your role does not allow this."))).toEqual([
      { message: "Your role does not allow this." },
    ]);
    expect(serverProblems(new TypeError("boom"))).toEqual([{ message: "boom" }]);
  });
});

describe("formProblems", () => {
  it("links each problem to its field and keeps one message per field", () => {
    const found = formProblems(
      [
        { field: "unit_id", message: "Choose a team" },
        { field: "unit_id", message: "Unit 9 does not exist" },
        { field: "values", message: "Something else" },
        { message: "No field" },
      ],
      ids,
      "user-username",
    );
    expect(found.summary.map((item) => item.href)).toEqual([
      "#user-unit",
      "#user-unit",
      "#user-username",
      "#user-username",
    ]);
    expect(found.byField).toEqual({ unit_id: "Choose a team Unit 9 does not exist" });
  });

  it("starts a server's sentence with a capital", () => {
    expect(sentence(" the username ann is taken")).toBe("The username ann is taken");
  });
});
