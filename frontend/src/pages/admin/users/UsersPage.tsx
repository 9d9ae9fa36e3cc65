import { Link, useLocation, useSearchParams } from "react-router-dom";
import { api, call, type Role } from "../../../api/client";
import { useResource } from "../../../api/useResource";
import { ROLE_NAMES } from "../../../auth/roles";
import { FilterForm } from "../../../components/FilterForm";
import { ErrorMessage, Loading, Notice } from "../../../components/Messages";
import { PageTitle } from "../../../components/PageTitle";
import { offsetParam, Pager } from "../../../components/Pager";
import { loadDirectory } from "../directory";
import { UsersTable } from "./UsersTable";

const LIMIT = 25;

function roleParam(params: URLSearchParams): Role | undefined {
  const role = params.get("role");
  return role && role in ROLE_NAMES ? (role as Role) : undefined;
}

/** Everyone who can sign in, a page at a time, with a role filter. */
export function UsersPage() {
  const [params] = useSearchParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const role = roleParam(params);
  const offset = offsetParam(params);
  const users = useResource(
    () => call(api.GET("/api/users", { params: { query: { role, offset, limit: LIMIT } } })),
    [role, offset],
  );
  const directory = useResource(loadDirectory, []);
  return (
    <>
      <PageTitle caption="Admin">Users</PageTitle>
      <Notice>{notice}</Notice>
      <p>
        <Link to="/admin/users/new" className="button">
          Add a user
        </Link>
      </p>
      <FilterForm label="Filter users">
        <div className="field">
          <label htmlFor="filter-role">Role</label>
          <select id="filter-role" name="role" defaultValue={role ?? ""} key={role ?? ""}>
            <option value="">All roles</option>
            {Object.entries(ROLE_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      {users.error && <ErrorMessage>{users.error}</ErrorMessage>}
      {directory.error && <ErrorMessage title="Team and worker names are missing">{directory.error}</ErrorMessage>}
      {!users.data ? (
        !users.error && <Loading what="users" />
      ) : (
        <>
          <Pager offset={offset} limit={LIMIT} count={users.data.count} what="users" />
          {users.data.data.length > 0 && <UsersTable users={users.data.data} directory={directory.data} />}
        </>
      )}
    </>
  );
}
