import { describe, expect, it } from "vitest";
import { NEW_CHILD, referralBody, referralProblems, type ReferralDraft } from "./referral";

const draft: ReferralDraft = {
  code: " REF-1 ",
  name: "Family Example",
  received_on: "2026-11-24",
  area: "",
  flags: ["court"],
  children: [{ first_name: "Robin", birth_year: "2019", status: "cp" }],
};

describe("referralProblems", () => {
  it("accepts a complete referral", () => {
    expect(referralProblems(draft, 2026)).toEqual([]);
  });

  it("names each missing or wrong field by the server's name for it", () => {
    const problems = referralProblems(
      { ...draft, code: " ", children: [{ ...NEW_CHILD }, { first_name: "Ash", birth_year: "2031", status: "cin" }] },
      2026,
    );
    expect(problems.map((p) => p.field)).toEqual([
      "code",
      "children.0.first_name",
      "children.0.birth_year",
      "children.1.birth_year",
    ]);
    expect(problems[3].message).toContain("child 2");
  });
});

describe("referralBody", () => {
  it("trims the words, turns years into numbers and leaves a blank area out", () => {
    expect(referralBody(draft, 7)).toEqual({
      code: "REF-1",
      name: "Family Example",
      unit_id: 7,
      received_on: "2026-11-24",
      area: null,
      travel_band: 0,
      flags: ["court"],
      children: [{ first_name: "Robin", birth_year: 2019, status: "cp" }],
    });
  });
});
