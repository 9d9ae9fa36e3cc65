import { describe, expect, it } from "vitest";
import { changedValues, displayValue, editsOf, parseValue, refusalProblems, settingFields } from "./settingsFields";

// As GET /api/settings/weighting gives them (docs/design.md §3 defaults, shortened).
const values = {
  full_capacity_points: 100,
  role_factors: { social_worker: 1, senior_practitioner: 0.9, consultant: 0.8 },
  asye_steps: [
    [3, 0.25],
    [6, 0.5],
  ],
  child_points: { assessment: 6, cp: 8 },
  sibling_factor: 0.5,
  travel_band_points: [0, 1, 2],
  surge_limit: 1.15,
  new_setting_from_a_later_keel: 4,
};
const fields = settingFields(values);
const field = (key: string) => fields.find((f) => f.key === key)!;

describe("settingFields", () => {
  it("makes a labelled field of every number, grouped", () => {
    expect(fields.map((f) => f.key)).toContain("asye_steps.1.0");
    expect(field("child_points.cp")).toMatchObject({
      group: "Points per child, by status",
      label: "Child protection (CP)",
      unit: "points",
    });
    expect(field("role_factors.consultant")).toMatchObject({ label: "Consultant social worker", unit: "percent" });
    expect(field("asye_steps.0.0")).toMatchObject({ label: "Step 1: before month", unit: "months" });
    expect(field("travel_band_points.2")).toMatchObject({ label: "Travel band 2", value: 2 });
    expect(field("new_setting_from_a_later_keel")).toMatchObject({
      group: "Other settings",
      label: "New setting from a later keel",
    });
  });

  it("shows factors and bands as percentages, without float noise", () => {
    expect(displayValue(field("surge_limit"))).toBe("115");
    expect(displayValue({ value: 0.7, unit: "percent" })).toBe("70");
    expect(parseValue("70", "percent")).toBe(0.7);
    expect(parseValue(" 112.5 % ", "percent")).toBe(1.125);
    expect(parseValue("3.5", "months")).toBeUndefined();
    expect(parseValue("ten", "points")).toBeUndefined();
  });
});

describe("changedValues", () => {
  it("sends nothing for untouched or retyped-equal fields", () => {
    const { edits, problems } = editsOf(fields, { "child_points.cp": "8", surge_limit: "115.0" });
    expect(problems).toEqual([]);
    expect(changedValues(values, edits)).toEqual({});
  });

  it("sends a scalar, only the changed keys of a mapping, and a changed list whole", () => {
    const texts = {
      "child_points.cp": "9",
      "role_factors.consultant": "75",
      "travel_band_points.2": "3",
      "asye_steps.1.1": "60",
      surge_limit: "120",
    };
    const { edits, problems } = editsOf(fields, texts);
    expect(problems).toEqual([]);
    expect(changedValues(values, edits)).toEqual({
      child_points: { cp: 9 },
      role_factors: { consultant: 0.75 },
      travel_band_points: [0, 1, 3],
      asye_steps: [
        [3, 0.25],
        [6, 0.6],
      ],
      surge_limit: 1.2,
    });
    expect(values.travel_band_points).toEqual([0, 1, 2]); // the loaded values are not touched
  });

  it("refuses a text that is not a number, naming the field", () => {
    const { edits, problems } = editsOf(fields, { court: "x", "child_points.cp": "lots" });
    expect(edits).toEqual([]);
    expect(problems).toEqual([{ field: "child_points.cp", message: "Child protection (CP): enter a number" }]);
  });
});

describe("refusalProblems", () => {
  it("puts each of the server's sentences beside the setting it names", () => {
    const message =
      "child_points.cp must be between 0 and 1000; travel_band_points[1] must be between 0 and 1000; asye_steps[0] must be a factor of at most 1.5";
    expect(refusalProblems(message, fields)).toEqual([
      { field: "child_points.cp", message: "Child protection (CP): must be between 0 and 1000" },
      { field: "travel_band_points.1", message: "Travel band 1: must be between 0 and 1000" },
      { field: "asye_steps.0.1", message: "Step 1: share of capacity: must be at most 150%" },
    ]);
  });

  it("reads type errors and group sentences, and keeps unknown ones whole", () => {
    const message =
      "child_points.cp: Input should be a valid number; asye_steps months must rise, each between 1 and 60; something odd";
    expect(refusalProblems(message, fields)).toEqual([
      { field: "child_points.cp", message: "Child protection (CP): Input should be a valid number" },
      {
        field: "asye_steps.0.0",
        message: "Newly qualified social workers (ASYE): months must rise, each between 1 and 60",
      },
      { message: "Something odd" },
    ]);
  });
});
