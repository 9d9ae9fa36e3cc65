import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { WorkersTable } from "./WorkersTable";
import type { WorkerLoad } from "../api/client";

function worker(fields: Partial<WorkerLoad>): WorkerLoad {
  return {
    id: 1,
    code: "W0001",
    name: "Ada Lovelace",
    role: "social_worker",
    fte: 1,
    agency: false,
    unit_id: 7,
    capacity: 60,
    load: 30,
    load_ratio: 0.5,
    band: "green",
    families: 0,
    children: 0,
    available: true,
    absent_until: null,
    absence_id: null,
    employed: true,
    presence: "present",
    case_holder: true,
    covering: 0,
    uncovered: 0,
    pod_id: null,
    pod_name: null,
    pod_families: 0,
    pod_share: null,
    ...fields,
  } as WorkerLoad;
}

describe("WorkersTable", () => {
  it("shows a pod member the families their pod holds, naming the pod", () => {
    render(<WorkersTable caption="Workers" workers={[worker({ pod_id: 9, pod_name: "Pod 2", pod_families: 14 })]} />);
    const cell = screen.getAllByRole("cell")[1];
    expect(within(cell).getByText("14")).toBeTruthy();
    expect(within(cell).getByText("held by Pod 2")).toBeTruthy();
  });

  it("shows a worker outside pods their own families", () => {
    render(<WorkersTable caption="Workers" workers={[worker({ families: 5 })]} />);
    const cell = screen.getAllByRole("cell")[1];
    expect(cell.textContent).toBe("5");
  });
});
