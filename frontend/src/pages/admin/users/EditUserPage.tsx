import { Link, useNavigate, useParams } from "react-router-dom";
import { api, call, type User } from "../../../api/client";
import { useResource } from "../../../api/useResource";
import { useUser } from "../../../auth/AuthContext";
import { ErrorMessage, Loading } from "../../../components/Messages";
import { PageTitle } from "../../../components/PageTitle";
import { loadDirectory } from "../directory";
import { UserForm } from "./UserForm";
import { changesNothing, draftFrom, updateBody, type UserDraft } from "./userForm";

async function loadUserAndDirectory(userId: number) {
  const [user, directory] = await Promise.all([
    call(api.GET("/api/users/{user_id}", { params: { path: { user_id: userId } } })),
    loadDirectory(),
  ]);
  return { user, directory };
}

/** Change a user's role, links or name, deactivate them or reset their password, with a reason. */
export function EditUserPage() {
  const userId = Number(useParams().userId);
  const navigate = useNavigate();
  const me = useUser();
  const loaded = useResource(() => loadUserAndDirectory(userId), [userId]);

  async function save(user: User, draft: UserDraft) {
    const body = updateBody(user, draft);
    if (changesNothing(body)) throw new Error("You have not changed anything.");
    const saved = await call(api.PATCH("/api/users/{user_id}", { params: { path: { user_id: user.id } }, body }));
    navigate("/admin/users", { state: { notice: `Changes to ${saved.username} saved.` } });
  }

  return (
    <>
      <p>
        <Link to="/admin/users">Back to users</Link>
      </p>
      {loaded.error && (
        <>
          <PageTitle caption="Admin">Edit a user</PageTitle>
          <ErrorMessage>{loaded.error}</ErrorMessage>
        </>
      )}
      {!loaded.data && !loaded.error && <Loading what="the user" />}
      {loaded.data && (
        <>
          <PageTitle caption="Admin: edit a user">{loaded.data.user.username}</PageTitle>
          <UserForm
            mode="edit"
            initial={draftFrom(loaded.data.user)}
            directory={loaded.data.directory}
            submitLabel="Save changes"
            isSelf={loaded.data.user.id === me.id}
            onSubmit={(draft) => save(loaded.data!.user, draft)}
          />
        </>
      )}
    </>
  );
}
