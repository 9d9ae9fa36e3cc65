import { useSearchParams } from "react-router-dom";
import { api, call } from "../../../api/client";
import { useResource } from "../../../api/useResource";
import { FilterForm } from "../../../components/FilterForm";
import { ErrorMessage, Loading } from "../../../components/Messages";
import { PageTitle } from "../../../components/PageTitle";
import { offsetParam, Pager } from "../../../components/Pager";
import { loadDirectory, namer } from "../directory";
import { linkNamer } from "./auditDiff";
import { AuditTable } from "./AuditTable";

const LIMIT = 25;
const ENTITIES = ["family", "worker", "user", "absence", "weighting_settings"];
const ACTIONS = [
  "allocation.accept",
  "allocation.override",
  "allocation.cover",
  "family.create",
  "family.update",
  "family.children",
  "worker.create",
  "worker.update",
  "user.create",
  "user.update",
  "absence.create",
  "settings.update",
];

/** The filters in the address, as the API's query (an id that is not a number is left out). */
export function auditQuery(params: URLSearchParams) {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const id = Number(params.get("entity_id"));
  return {
    entity: text("entity"),
    entity_id: Number.isInteger(id) && id > 0 ? id : undefined,
    actor: text("actor"),
    action: text("action"),
    offset: offsetParam(params),
    limit: LIMIT,
  };
}

function TextFilter({
  name,
  label,
  value,
  options,
  narrow,
}: {
  name: string;
  label: string;
  value?: string | number;
  options?: string[];
  narrow?: boolean;
}) {
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        defaultValue={value ?? ""}
        key={value ?? ""}
        list={options && `${id}-options`}
        className={narrow ? "short" : undefined}
        inputMode={narrow ? "numeric" : undefined}
        spellCheck={false}
      />
      {options && (
        <datalist id={`${id}-options`}>
          {options.map((option) => (
            <option key={option} value={option} />
          ))}
        </datalist>
      )}
    </div>
  );
}

/** Who changed what, when and why: newest first, filtered and a page at a time. */
export function AuditPage() {
  const [params] = useSearchParams();
  const query = auditQuery(params);
  const events = useResource(() => call(api.GET("/api/audit", { params: { query } })), [params.toString()]);
  // Names for the unit and worker ids in the changes; without them the ids still show.
  const directory = useResource(loadDirectory, []);
  return (
    <>
      <PageTitle caption="Admin">Audit trail</PageTitle>
      <p>Every change made in Keel, newest first. Nothing here can be edited or removed.</p>
      <FilterForm label="Filter the audit trail">
        <TextFilter name="entity" label="Record type" value={query.entity} options={ENTITIES} />
        <TextFilter name="entity_id" label="Record id" value={query.entity_id} narrow />
        <TextFilter name="actor" label="Changed by (username)" value={query.actor} />
        <TextFilter name="action" label="Action" value={query.action} options={ACTIONS} />
      </FilterForm>
      {events.error && <ErrorMessage>{events.error}</ErrorMessage>}
      {!events.data && !events.error && <Loading what="the audit trail" />}
      {events.data && (
        <>
          <Pager offset={query.offset} limit={LIMIT} count={events.data.count} what="events" />
          {events.data.data.length > 0 && (
            <AuditTable events={events.data.data} nameOf={directory.data && linkNamer(namer(directory.data).known)} />
          )}
        </>
      )}
    </>
  );
}
