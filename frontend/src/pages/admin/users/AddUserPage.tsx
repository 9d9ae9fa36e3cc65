import { Link, useNavigate } from "react-router-dom";
import { api, call } from "../../../api/client";
import { useResource } from "../../../api/useResource";
import { ROLE_NAMES } from "../../../auth/roles";
import { ErrorMessage, Loading } from "../../../components/Messages";
import { PageTitle } from "../../../components/PageTitle";
import { loadDirectory } from "../directory";
import { UserForm } from "./UserForm";
import { createBody, draftFrom, type UserDraft } from "./userForm";

export function AddUserPage() {
  const navigate = useNavigate();
  const directory = useResource(loadDirectory, []);

  async function add(draft: UserDraft) {
    const user = await call(api.POST("/api/users", { body: createBody(draft) }));
    // Show the new user among the others of their role, where they are easy to find.
    navigate(`/admin/users?role=${user.role}`, {
      state: { notice: `${user.full_name} can now sign in as ${user.username} (${ROLE_NAMES[user.role]}).` },
    });
  }

  return (
    <>
      <p>
        <Link to="/admin/users">Back to users</Link>
      </p>
      <PageTitle caption="Admin">Add a user</PageTitle>
      {directory.error && <ErrorMessage>{directory.error}</ErrorMessage>}
      {directory.data ? (
        <UserForm mode="add" initial={draftFrom()} directory={directory.data} submitLabel="Add user" onSubmit={add} />
      ) : (
        !directory.error && <Loading what="teams and workers" />
      )}
    </>
  );
}
