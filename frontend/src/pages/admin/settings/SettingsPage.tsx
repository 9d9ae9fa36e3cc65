import { useState } from "react";
import { api, call, type Schemas } from "../../../api/client";
import { useResource } from "../../../api/useResource";
import { formatTimestamp } from "../../../components/format";
import { ErrorMessage, Loading, Notice } from "../../../components/Messages";
import { PageTitle } from "../../../components/PageTitle";
import { SettingsForm } from "./SettingsForm";

export type Weighting = Schemas["WeightingPublic"];

async function loadWeighting() {
  const weighting = await call(api.GET("/api/settings/weighting"));
  return { weighting, author: await authorOf(weighting) };
}

/** Who saved this version, by name; a missing user is named by id rather than failing the page. */
async function authorOf(weighting: Weighting): Promise<string | undefined> {
  const id = weighting.created_by_id;
  if (!id) return undefined;
  const user = await call(api.GET("/api/users/{user_id}", { params: { path: { user_id: id } } })).catch(
    () => undefined,
  );
  return user ? `${user.full_name} (${user.username})` : `user ${id}`;
}

function VersionSummary({ weighting, author }: { weighting: Weighting; author?: string }) {
  return (
    <dl className="summary-list">
      <div>
        <dt>Version in force</dt>
        <dd>{weighting.version === 0 ? "0 (Keel's built-in defaults)" : weighting.version}</dd>
      </div>
      {weighting.created_at && (
        <div>
          <dt>Saved</dt>
          <dd>
            {formatTimestamp(weighting.created_at)}
            {author && ` by ${author}`}
          </dd>
        </div>
      )}
      <div>
        <dt>Note</dt>
        <dd>{weighting.note}</dd>
      </div>
    </dl>
  );
}

/** How points and capacity are worked out; saving makes a new version and every plan stale. */
export function SettingsPage() {
  const loaded = useResource(loadWeighting, []);
  const [saved, setSaved] = useState<string>();
  return (
    <>
      <PageTitle caption="Admin">Weighting settings</PageTitle>
      <p>
        These numbers decide how many points each family weighs and how many each worker can hold. Saving a change makes
        a new version; plans made before it must be made again.
      </p>
      <Notice>{saved}</Notice>
      {loaded.error && <ErrorMessage>{loaded.error}</ErrorMessage>}
      {!loaded.data && !loaded.error && <Loading what="the weighting settings" />}
      {loaded.data && (
        <>
          <VersionSummary {...loaded.data} />
          <SettingsForm
            key={loaded.data.weighting.version}
            weighting={loaded.data.weighting}
            onSaved={(next) => {
              setSaved(`Saved. Version ${next.version} is now in force.`);
              loaded.reload();
            }}
          />
        </>
      )}
    </>
  );
}
