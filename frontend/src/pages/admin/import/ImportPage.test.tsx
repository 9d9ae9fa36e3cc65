import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ImportJob } from "./importApi";
import { ImportPage } from "./ImportPage";
import { ImportResult } from "./ImportResult";

const job = (change: Partial<ImportJob>): ImportJob => ({
  id: "j1",
  kind: "workers",
  status: "running",
  progress: 0.5,
  message: "Validating row 2 of 3",
  dry_run: false,
  rows: 3,
  created: 0,
  updated: 0,
  errors: [],
  error_count: 0,
  ...change,
});

function answers(...bodies: [number, unknown][]) {
  const fetch = vi.fn(async (_request: Request) => {
    const [status, body] = bodies.length > 1 ? bodies.shift()! : bodies[0];
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

const csv = () => new File(["code,name\n"], "workers.csv", { type: "text/csv" });

describe("ImportPage", () => {
  it("asks for the kind and the file before uploading", async () => {
    const fetch = answers([202, job({})]);
    render(<ImportPage />);
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    expect(fetch).not.toHaveBeenCalled();
    const summary = screen.getByRole("alert");
    expect(within(summary).getByRole("link", { name: "Choose what the file holds" })).toHaveAttribute(
      "href",
      "#import-kind-workers",
    );
    expect(within(summary).getByRole("link", { name: "Choose a CSV file" })).toHaveAttribute("href", "#import-file");
  });

  it("uploads the file, follows the job and lists the rows at fault", async () => {
    const failed = job({
      status: "failed",
      progress: 1,
      message: "2 problems",
      error_count: 2,
      errors: [
        { row: 2, column: "fte", reason: "must be above 0 and at most 1" },
        { row: 4, column: "", reason: "fewer values than the header" },
      ],
    });
    const fetch = answers([202, job({ dry_run: true })], [200, failed]);
    render(<ImportPage />);
    await userEvent.click(screen.getByLabelText(/^Workers/));
    expect(screen.getByText("Columns of the workers file", { selector: "summary" })).toBeInTheDocument();
    await userEvent.upload(screen.getByLabelText("CSV file"), csv());
    await userEvent.click(screen.getByLabelText(/Check only/));
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    expect(await screen.findByText(/Validating row 2 of 3 \(50%\)/)).toBeInTheDocument();

    const upload = fetch.mock.calls[0][0];
    expect(new URL(upload.url).pathname).toBe("/api/imports/workers");
    expect(upload.method).toBe("POST");
    const sent = await upload.formData();
    expect(sent.get("dry_run")).toBe("true");
    expect(sent.has("file")).toBe(true); // its bytes are checked in the browser (tests/e2e/test_admin_import.py)

    const failure = await screen.findByRole("heading", { name: "Nothing was imported" }, { timeout: 3000 });
    const box = failure.closest("div")!;
    expect(box).toHaveTextContent("The file has 2 problems. Nothing in it was applied");
    const rows = within(box).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("2ftemust be above 0 and at most 1");
    expect(rows[2]).toHaveTextContent("4The whole rowfewer values than the header");
    expect(new URL(fetch.mock.calls[1][0].url).pathname).toBe("/api/imports/j1");
  });

  it("shows a file the server cannot read against the file field", async () => {
    answers([
      422,
      { detail: [{ loc: ["body", "file"], msg: "the header has no column named code", type: "value_error" }] },
    ]);
    render(<ImportPage />);
    await userEvent.click(screen.getByLabelText(/^Workers/));
    await userEvent.upload(screen.getByLabelText("CSV file"), csv());
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    const link = await screen.findByRole("link", { name: "The header has no column named code" });
    expect(link).toHaveAttribute("href", "#import-file");
    expect(screen.getByLabelText("CSV file")).toHaveAccessibleDescription(/The header has no column named code/);
  });

  it("says when the file is too large", async () => {
    answers([413, { detail: "The file is over 32 MB: import it in parts" }]);
    render(<ImportPage />);
    await userEvent.click(screen.getByLabelText(/^Absences/));
    await userEvent.upload(screen.getByLabelText("CSV file"), csv());
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    expect(await screen.findByRole("link", { name: "The file is over 32 MB: import it in parts" })).toHaveAttribute(
      "href",
      "#import-file",
    );
  });

  it("offers both exports as downloads", () => {
    answers([200, {}]);
    render(<ImportPage />);
    expect(screen.getByRole("link", { name: "Current allocations (CSV)" })).toHaveAttribute(
      "href",
      "/api/exports/allocations.csv",
    );
    expect(screen.getByRole("link", { name: "Workers' loads (CSV)" })).toHaveAttribute("download");
  });
});

describe("ImportResult", () => {
  it("counts what an import created and updated", () => {
    render(<ImportResult job={job({ status: "done", rows: 3, created: 2, updated: 1, message: "Done" })} />);
    expect(screen.getByText(/Imported 3 rows: 2 workers created, 1 worker updated/)).toBeInTheDocument();
  });

  it("says a check changed nothing, and offers to import for real", async () => {
    const importNow = vi.fn();
    render(
      <ImportResult
        job={job({ kind: "families", status: "done", dry_run: true, rows: 3, created: 1 })}
        onImportForReal={importNow}
      />,
    );
    expect(
      screen.getByText(/no problems in 3 rows: 1 family to create and 0 families to update. Nothing was changed/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Import this file now" }));
    expect(importNow).toHaveBeenCalled();
  });

  it("gives the database's refusal when no row was at fault", () => {
    render(
      <ImportResult job={job({ status: "failed", message: "The database refused the write: duplicate code." })} />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The database refused the write: duplicate code. Nothing in the file was applied.",
    );
  });

  it("says when only the first problems are listed", () => {
    const errors = [{ row: 2, column: "code", reason: "is required" }];
    render(<ImportResult job={job({ status: "failed", errors, error_count: 900 })} />);
    expect(screen.getByText("These are the first 1 problem of 900.")).toBeInTheDocument();
  });
});
