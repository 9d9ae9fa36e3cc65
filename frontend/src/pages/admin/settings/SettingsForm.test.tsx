import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SettingsForm } from "./SettingsForm";
import type { Weighting } from "./SettingsPage";

const weighting: Weighting = {
  version: 3,
  values: { court_points: 10, child_points: { cp: 8, cin: 5 }, green_below: 0.85, amber_up_to: 1, surge_limit: 1.15 },
  note: "Winter review",
  created_at: "2026-11-01T09:00:00Z",
  created_by_id: 1,
};

function answer(status: number, body: unknown) {
  const fetch = vi.fn(
    async (_request: Request) =>
      new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

async function change(label: string, text: string) {
  const input = screen.getByLabelText(label);
  await userEvent.clear(input);
  await userEvent.type(input, text);
}

describe("SettingsForm", () => {
  it("sends only the changed values with the note", async () => {
    const fetch = answer(200, { ...weighting, version: 4 });
    const onSaved = vi.fn();
    render(<SettingsForm weighting={weighting} onSaved={onSaved} />);
    await change("Child protection (CP)", "9");
    expect(screen.getByRole("heading", { name: "Changes to save" })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Why are you changing the settings?"), "CP visits take longer");
    await userEvent.click(screen.getByRole("button", { name: "Save as a new version" }));
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ version: 4 }));
    const request = fetch.mock.calls[0][0];
    expect(request.method).toBe("PUT");
    expect(await request.json()).toEqual({ values: { child_points: { cp: 9 } }, note: "CP visits take longer" });
  });

  it("asks for a change and a note before sending anything", async () => {
    const fetch = answer(200, weighting);
    render(<SettingsForm weighting={weighting} onSaved={vi.fn()} />);
    await userEvent.click(screen.getByRole("button", { name: "Save as a new version" }));
    expect(fetch).not.toHaveBeenCalled();
    expect(screen.getByRole("alert")).toHaveTextContent("Change at least one value");
    expect(screen.getByRole("alert")).toHaveTextContent("Say why you are changing the settings");
  });

  it("shows the server's refusal in the summary and beside the setting it names", async () => {
    answer(422, {
      detail: [
        {
          loc: ["body", "values"],
          msg: "surge_limit must be at most 3; bands must satisfy 0 < green_below <= amber_up_to <= surge_limit <= 3",
          type: "value_error",
        },
      ],
    });
    render(<SettingsForm weighting={weighting} onSaved={vi.fn()} />);
    await change("Surge limit (plans never go above it)", "400");
    await userEvent.type(screen.getByLabelText("Why are you changing the settings?"), "Try it");
    await userEvent.click(screen.getByRole("button", { name: "Save as a new version" }));
    const link = await screen.findByRole("link", { name: "Surge limit (plans never go above it): must be at most 3" });
    expect(link).toHaveAttribute("href", "#setting-surge-limit");
    expect(screen.getByRole("link", { name: /^Load bands: green must be above 0 and at most amber/ })).toHaveAttribute(
      "href",
      "#setting-green-below",
    );
    expect(screen.getByLabelText("Surge limit (plans never go above it)")).toHaveAccessibleDescription(
      /must be at most 3/,
    );
  });
});
