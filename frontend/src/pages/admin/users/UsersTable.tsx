import { Link } from "react-router-dom";
import type { User } from "../../../api/client";
import { ROLE_NAMES } from "../../../auth/roles";
import { Table } from "../../../components/Table";
import { namer, type Directory } from "../directory";

/** Users with their role and links; the username opens the user for editing. */
export function UsersTable({ users, directory }: { users: User[]; directory?: Directory }) {
  const name = namer(directory);
  return (
    <Table caption="Users" columns={["Username", "Name", "Role", "Team", "Linked worker", "Can sign in"]}>
      {users.map((user) => (
        <tr key={user.id} className={user.active ? undefined : "inactive"}>
          <th scope="row">
            <Link to={`/admin/users/${user.id}`}>
              {user.username}
              <span className="visually-hidden"> (edit)</span>
            </Link>
          </th>
          <td>{user.full_name}</td>
          <td>{ROLE_NAMES[user.role]}</td>
          <td>{name.unit(user.unit_id)}</td>
          <td>{name.worker(user.worker_id)}</td>
          <td>{user.active ? "Yes" : "No (deactivated)"}</td>
        </tr>
      ))}
    </Table>
  );
}
