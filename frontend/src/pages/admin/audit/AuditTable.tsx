import type { Schemas } from "../../../api/client";
import { formatTimestamp, humanise } from "../../../components/format";
import { Table } from "../../../components/Table";
import { AuditChanges } from "./AuditChanges";
import type { IdNamer } from "./auditDiff";

type Event = Schemas["AuditEventPublic"];

export function AuditTable({ events, nameOf }: { events: Event[]; nameOf?: IdNamer }) {
  return (
    <Table
      caption="Audit events, newest first"
      columns={["When", "Who", "What", "Changes", "Reason"]}
      className="audit"
    >
      {events.map((event) => (
        <tr key={event.id}>
          <td>
            <time dateTime={event.at}>{formatTimestamp(event.at)}</time>
          </td>
          <td>{event.actor}</td>
          <th scope="row">
            {event.action}
            <span className="code">
              {humanise(event.entity)}
              {event.entity_id !== null && ` ${event.entity_id}`}
              {event.source && ` · ${event.source}`}
            </span>
          </th>
          <td>
            <AuditChanges event={event} nameOf={nameOf} />
          </td>
          <td>{event.reason || <span className="hint">None given</span>}</td>
        </tr>
      ))}
    </Table>
  );
}
