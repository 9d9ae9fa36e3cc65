import { useState } from "react";
import { api, call } from "../../api/client";
import { useUser } from "../../auth/AuthContext";
import { useResource } from "../../api/useResource";
import { ErrorMessage, Loading } from "../../components/Messages";
import { TeamBoard } from "./TeamBoard";

/** A team manager sees their own team; an administrator chooses one. */
export function BoardPage() {
  const user = useUser();
  if (user.role === "team_manager") {
    return user.unit_id ? (
      <TeamBoard unitId={user.unit_id} />
    ) : (
      <ErrorMessage>Your account is not linked to a team. Ask an administrator.</ErrorMessage>
    );
  }
  return <TeamChooser />;
}

function TeamChooser() {
  const teams = useResource(() => call(api.GET("/api/units", { params: { query: { kind: "team", limit: 500 } } })), []);
  const [chosen, setChosen] = useState<number>();
  if (teams.error) return <ErrorMessage>{teams.error}</ErrorMessage>;
  if (!teams.data) return <Loading what="teams" />;
  const unitId = chosen ?? teams.data.data[0]?.id;
  return (
    <>
      <div className="field inline team-chooser">
        <label htmlFor="team">Team</label>
        <select id="team" value={unitId} onChange={(e) => setChosen(Number(e.target.value))}>
          {teams.data.data.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      {unitId ? <TeamBoard key={unitId} unitId={unitId} /> : <p>There are no teams yet.</p>}
    </>
  );
}
