import type { Schemas } from "../../../api/client";
import { auditChanges, type IdNamer } from "./auditDiff";

type Event = Schemas["AuditEventPublic"];

const SHOWN_AT_ONCE = 6;

/** Before → after of each changed field; a new record lists what it was given (long lists fold away). */
export function AuditChanges({ event, nameOf }: { event: Event; nameOf?: IdNamer }) {
  const changes = auditChanges(event.before, event.after, nameOf);
  if (!changes.length) return <span className="hint">No field changes recorded</span>;
  const created = event.before === null;
  const items = changes.map((change) => (
    <li key={change.field}>
      <span className="change-field">{change.field}</span>:{" "}
      {created ? (
        change.after
      ) : (
        <>
          {change.before} <span aria-hidden="true">→</span> <span className="visually-hidden">changed to </span>
          {change.after}
        </>
      )}
    </li>
  ));
  if (items.length <= SHOWN_AT_ONCE) return <ul className="audit-changes">{items}</ul>;
  return (
    <>
      <ul className="audit-changes">{items.slice(0, SHOWN_AT_ONCE - 1)}</ul>
      <details>
        <summary>{items.length - SHOWN_AT_ONCE + 1} more fields</summary>
        <ul className="audit-changes">{items.slice(SHOWN_AT_ONCE - 1)}</ul>
      </details>
    </>
  );
}
