import { Table } from "../../../components/Table";
import type { ImportKind } from "./importApi";
import { COLUMNS, KINDS } from "./importColumns";

/** The columns a file of this kind must have, folded away until asked for. */
export function ColumnList({ kind }: { kind: ImportKind }) {
  const label = KINDS.find((k) => k.kind === kind)?.label ?? kind;
  return (
    <details className="columns">
      <summary>Columns of the {label.toLowerCase()} file</summary>
      <p className="hint">
        Row 1 must name every one of these columns, in any order, and no others. Dates as 2026-11-24 or 24/11/2026. The
        full reference is docs/csv-import.md in Keel's source.
      </p>
      <Table caption={`Columns of the ${label.toLowerCase()} file`} columns={["Column", "Needed", "What it holds"]}>
        {COLUMNS[kind].map((column) => (
          <tr key={column.name}>
            <th scope="row">
              <code>{column.name}</code>
            </th>
            <td>{column.required ? "Yes" : "No"}</td>
            <td>{column.meaning}</td>
          </tr>
        ))}
      </Table>
    </details>
  );
}
