import { describe, expect, it } from "vitest";
import { describeError } from "./errors";

describe("describeError", () => {
  it("uses the server's sentence when it gives one", () => {
    expect(describeError(401, { detail: "Wrong username or password" })).toBe("Wrong username or password");
    expect(describeError(409, { detail: "The team changed" })).toBe("The team changed");
  });

  it("turns validation details into field names and messages", () => {
    const body = {
      detail: [{ loc: ["body", "end_date"], msg: "Value error, end_date must be on or after start_date" }],
    };
    expect(describeError(422, body)).toBe("Check what you entered: end date: end_date must be on or after start_date.");
  });

  it("says how long to wait when sign-in is slowed", () => {
    expect(describeError(429, { detail: "slow down" }, "30")).toBe("Too many attempts. Try again in 30 seconds.");
  });

  it("never shows a bare status code for a server fault", () => {
    expect(describeError(500, undefined)).toMatch(/^Keel's server could not do this \(error 500\)/);
    expect(describeError(401, { detail: "Sign in first" })).toBe("Your session has ended. Sign in again.");
    expect(describeError(403, {})).toBe("Your role does not allow this.");
  });
});
