import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { UnitSummary } from "../api/client";
import { ServiceFigures } from "./ServiceFigures";

const service: UnitSummary = {
  id: 1,
  code: "S01",
  name: "North Family Help",
  kind: "service",
  parent_id: null,
  workers: 20,
  case_holders: 18,
  capacity: 1400,
  load: 1540,
  load_ratio: 1.1,
  bands: { green: 4, amber: 6, red: 6, surge: 2 },
  unallocated_families: 3,
  unallocated_points: 20,
  oldest_unallocated_received: "2026-11-02",
  over_capacity: 8,
  agency_share: 0.2222,
  sickness_rate: 0.032,
  sickness_rate_from: "national default",
  present: 17,
  establishment_capacity: 1500,
  establishment_ratio: 1.0267,
  away: 1,
  uncovered_families: 2,
  band_limits: { green_below: 0.85, amber_up_to: 1, surge_limit: 1.15 },
  allocates_to: "workers",
  holds_families: false,
  pod_families: 0,
};

describe("ServiceFigures", () => {
  it("shows each service's unallocated work, over-capacity workers and agency share in words", () => {
    render(<ServiceFigures services={[service]} />);
    const row = screen.getByRole("row", { name: /North Family Help/ });
    expect(row).toHaveTextContent("110%");
    expect(row).toHaveTextContent("8 of 18");
    expect(row).toHaveTextContent("22%");
    expect(row).toHaveTextContent("2 Nov 2026");
  });

  it("says so when a service has no case holders", () => {
    render(<ServiceFigures services={[{ ...service, case_holders: 0, agency_share: null, load_ratio: null }]} />);
    expect(screen.getByRole("row", { name: /North Family Help/ })).toHaveTextContent("no case holders");
  });
});
