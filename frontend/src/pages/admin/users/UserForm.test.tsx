import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { UnitSummary, WorkerLoad } from "../../../api/client";
import { ApiError } from "../../../api/errors";
import type { Directory } from "../directory";
import { UserForm } from "./UserForm";
import { draftFrom } from "./userForm";

const directory: Directory = {
  units: [{ id: 3, name: "Team North", kind: "team" }] as UnitSummary[],
  workers: [{ id: 12, name: "Ann Khan", code: "W12", role: "social_worker" }] as WorkerLoad[],
};

function renderForm(onSubmit = vi.fn().mockResolvedValue(undefined)) {
  render(
    <UserForm mode="add" initial={draftFrom()} directory={directory} submitLabel="Add user" onSubmit={onSubmit} />,
  );
  return onSubmit;
}

describe("UserForm", () => {
  it("asks for the links the chosen role needs", async () => {
    renderForm();
    expect(screen.queryByLabelText("Team they manage")).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Role"), "Team manager");
    expect(screen.getByLabelText("Team they manage")).toBeInTheDocument();
    expect(screen.getByLabelText("Their worker record (optional)")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Role"), "Social worker");
    expect(screen.queryByLabelText("Team they manage")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Their worker record")).toBeInTheDocument();
  });

  it("shows its own checks in the summary and beside the fields, without sending", async () => {
    const onSubmit = renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Add user" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole("alert")).toHaveTextContent("Enter a username");
    expect(screen.getByRole("link", { name: "Choose a role" })).toHaveAttribute("href", "#user-role");
    expect(screen.getByLabelText("Role")).toHaveAccessibleDescription(/Error: Choose a role/);
  });

  it("puts the server's refusal next to the field it names", async () => {
    const refusal = new ApiError(409, "Conflict", "the username ann.k is taken");
    renderForm(vi.fn().mockRejectedValue(refusal));
    await userEvent.type(screen.getByLabelText("Username"), "ann.k");
    await userEvent.type(screen.getByLabelText("Full name"), "Ann Khan");
    await userEvent.selectOptions(screen.getByLabelText("Role"), "Senior leader");
    await userEvent.type(screen.getByLabelText("Password"), "a long password");
    await userEvent.click(screen.getByRole("button", { name: "Add user" }));
    expect(await screen.findByRole("link", { name: "The username ann.k is taken" })).toHaveAttribute(
      "href",
      "#user-username",
    );
    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(/The username ann.k is taken/);
    expect(screen.getByLabelText("Username")).toHaveAttribute("aria-invalid", "true");
  });
});

describe("UserForm for one's own account", () => {
  it("does not offer the role or deactivation", () => {
    const me = draftFrom({ id: 1, username: "admin", full_name: "Keel Administrator", role: "admin", active: true });
    render(
      <UserForm mode="edit" isSelf initial={me} directory={directory} submitLabel="Save changes" onSubmit={vi.fn()} />,
    );
    expect(screen.queryByLabelText("Role")).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Account is active/)).not.toBeInTheDocument();
    expect(screen.getByText(/You cannot change your own role/)).toBeInTheDocument();
    expect(screen.getByLabelText("Why are you making this change?")).toBeInTheDocument();
  });
});
