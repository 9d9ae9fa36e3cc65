import { useState } from "react";
import { api, call } from "../../../api/client";
import { useResource } from "../../../api/useResource";
import { ErrorMessage, Loading } from "../../../components/Messages";
import { Table } from "../../../components/Table";
import type { ImportKind } from "./importApi";
import { KINDS } from "./importColumns";

/** The columns a file of this kind must have, folded away until asked for. */
export function ColumnList({ kind }: { kind: ImportKind }) {
  const [open, setOpen] = useState(false);
  const label = KINDS.find((k) => k.kind === kind)?.label ?? kind;
  return (
    <details className="columns" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Columns of the {label.toLowerCase()} file</summary>
      <p className="hint">
        Row 1 must name every one of these columns, in any order, and no others. Dates as 2026-11-24 or 24/11/2026. The
        full reference is docs/csv-import.md in Keel's source.
      </p>
      {open && <Columns kind={kind} label={label} />}
    </details>
  );
}

/** The kind's columns as the server's import reads them (GET /api/imports/columns), read once opened. */
function Columns({ kind, label }: { kind: ImportKind; label: string }) {
  const published = useResource(() => call(api.GET("/api/imports/columns")), []);
  if (published.error && !published.data) return <ErrorMessage>{published.error}</ErrorMessage>;
  if (!published.data) return <Loading what="the columns" />;
  const columns = published.data.data.find((k) => k.kind === kind)?.columns ?? [];
  return (
    <Table caption={`Columns of the ${label.toLowerCase()} file`} columns={["Column", "Needed", "What it holds"]}>
      {columns.map((column) => (
        <tr key={column.name}>
          <th scope="row">
            <code>{column.name}</code>
          </th>
          <td>{column.required ? "Yes" : "No"}</td>
          <td>{column.meaning}</td>
        </tr>
      ))}
    </Table>
  );
}
