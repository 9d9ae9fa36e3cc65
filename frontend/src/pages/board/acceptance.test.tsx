import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WorkerLoad } from "../../api/client";
import type { Plan, PlanAssignment } from "../../api/plan";
import { buildAcceptance, initialDecisions } from "./acceptance";
import { PlanReview } from "./PlanReview";

function assignment(family_id: number, worker_id: number, worker_name: string): PlanAssignment {
  return {
    family_id,
    family_code: `F${family_id}`,
    family_name: `Family ${family_id}`,
    worker_id,
    worker_name,
    kind: "key",
    reasons: [`${worker_name} has room`],
    alternatives: [{ worker_id: 9, worker_name: "Zed", reason: "Over the surge limit" }],
  };
}

const plan: Plan = {
  status: "optimal",
  assignments: [assignment(1, 10, "Ann"), assignment(2, 11, "Bob")],
  unallocated: [],
  loads: [{ worker_id: 10, worker_name: "Ann", capacity: 85, before: 70, after: 82 }],
  pod_loads: [],
  terms: [],
  time_s: 0.1,
};
const workers = [
  { id: 10, name: "Ann", presence: "present" },
  { id: 11, name: "Bob", presence: "present" },
  { id: 12, name: "Cat", presence: "present" },
  { id: 13, name: "Dee", presence: "away" },
] as WorkerLoad[];

describe("buildAcceptance", () => {
  it("accepts every ticked placement by default", () => {
    const { body, problems } = buildAcceptance(plan.assignments, initialDecisions(plan.assignments));
    expect(problems).toEqual([]);
    expect(body).toEqual({ families: [1, 2], overrides: [] });
  });

  it("leaves out unticked placements", () => {
    const d = initialDecisions(plan.assignments);
    d[2].include = false;
    expect(buildAcceptance(plan.assignments, d).body.families).toEqual([1]);
  });

  it("needs a reason of at least three characters for an override", () => {
    const d = initialDecisions(plan.assignments);
    d[1] = { include: true, overrideWorkerId: 12, reason: " ok " };
    const { problems } = buildAcceptance(plan.assignments, d);
    expect(problems).toEqual([
      { familyId: 1, field: "reason", message: "Give a reason for choosing someone other than Ann for Family 1" },
    ]);
    d[1].reason = "  knows the family  ";
    expect(buildAcceptance(plan.assignments, d).body).toEqual({
      families: [2],
      overrides: [{ family_id: 1, worker_id: 12, reason: "knows the family" }],
    });
  });

  it("treats choosing the proposed worker as a plain accept", () => {
    const d = initialDecisions(plan.assignments);
    d[1] = { include: true, overrideWorkerId: 10, reason: "" };
    expect(buildAcceptance(plan.assignments, d)).toEqual({ body: { families: [1, 2], overrides: [] }, problems: [] });
  });

  it("refuses to apply nothing", () => {
    const d = initialDecisions(plan.assignments);
    d[1].include = false;
    d[2].include = false;
    expect(buildAcceptance(plan.assignments, d).problems[0].message).toBe("Tick at least one placement to apply");
  });
});

describe("PlanReview", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows reasons and why-not, blocks an override without a reason, then sends the decisions", async () => {
    const fetchMock = vi.fn(
      async (_request: Request) =>
        new Response(JSON.stringify({ applied: 2 }), { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const onApplied = vi.fn();
    const user = userEvent.setup();
    render(<PlanReview planId="p1" plan={plan} workers={workers} onApplied={onApplied} onAskAgain={() => undefined} />);

    expect(screen.getByText("Ann has room")).toBeInTheDocument();
    expect(screen.getAllByText("Why not the others (1)")).toHaveLength(2);
    expect(screen.getAllByText("Over the surge limit", { exact: false })[0]).toBeInTheDocument();

    const first = screen.getByRole("group", { name: /Give Family 1 to Ann/ });
    const options = within(within(first).getByLabelText("Give to instead")).getAllByRole("option");
    expect(options.map((o) => o.textContent)).not.toContain("Dee"); // away: not offered
    await user.selectOptions(within(first).getByLabelText("Give to instead"), "Cat");
    await user.click(screen.getByRole("button", { name: "Apply the ticked placements" }));
    const summary = await screen.findByRole("alert");
    expect(summary).toHaveTextContent("Give a reason for choosing someone other than Ann for Family 1");
    expect(fetchMock).not.toHaveBeenCalled();

    await user.type(within(first).getByLabelText(/Reason for overriding/), "Cat knows the family");
    const second = screen.getByRole("group", { name: /Give Family 2 to Bob/ });
    await user.click(within(second).getByLabelText("Apply this placement"));
    await user.click(screen.getByRole("button", { name: "Apply the ticked placements" }));

    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await vi.waitFor(() => expect(onApplied).toHaveBeenCalledWith(2));
    const request = fetchMock.mock.calls[0][0];
    expect(request.url).toMatch(/\/api\/plans\/p1\/accept$/);
    expect(await request.json()).toEqual({
      families: [],
      overrides: [{ family_id: 1, worker_id: 12, reason: "Cat knows the family" }],
    });
  });

  it("explains a stale plan and offers to ask again", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ detail: "The team changed since this plan was made: ask for a new plan" }), {
            status: 409,
            headers: { "Content-Type": "application/json" },
          }),
      ),
    );
    const onAskAgain = vi.fn();
    const user = userEvent.setup();
    render(
      <PlanReview planId="p1" plan={plan} workers={workers} onApplied={() => undefined} onAskAgain={onAskAgain} />,
    );
    await user.click(screen.getByRole("button", { name: "Apply the ticked placements" }));
    expect(await screen.findByText(/The team changed since this plan was made/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Ask for a new plan" }));
    expect(onAskAgain).toHaveBeenCalled();
  });
});
