import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ColumnList } from "./ColumnList";

const published = {
  data: [
    {
      kind: "families",
      columns: [
        { name: "family_code", required: true, meaning: "The family's code" },
        { name: "key_pod", required: false, meaning: "Code of the pod holding the family" },
      ],
    },
    { kind: "workers", columns: [{ name: "code", required: true, meaning: "The worker's code" }] },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe("ColumnList", () => {
  it("reads the kind's columns from the server once opened, not before", async () => {
    const fetch = vi.fn(
      async (_request: Request) =>
        new Response(JSON.stringify(published), { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    vi.stubGlobal("fetch", fetch);
    render(<ColumnList kind="families" />);
    expect(fetch).not.toHaveBeenCalled();
    await userEvent.click(screen.getByText("Columns of the families file"));
    const table = await screen.findByRole("table", { name: "Columns of the families file" });
    expect(new URL(fetch.mock.calls[0][0].url).pathname).toBe("/api/imports/columns");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getByRole("rowheader").textContent)).toEqual(["family_code", "key_pod"]);
    expect(within(rows[1]).getByText("No")).toBeTruthy();
  });
});
