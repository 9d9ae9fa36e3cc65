import type { Family } from "../api/client";
import { flagName, formatDate, summariseStatuses } from "./format";
import { formatPoints } from "./load";
import { holderName } from "./pods";

type Props = { families: Family[]; caption: string; showWorker?: boolean; empty: string; viewer?: number };

/** Cover in words, from where the reader stands: the covering worker reads "covering for", others "covered by". */
export function coverText(f: Family, viewer?: number): string | null {
  if (!f.cover_worker_id) return null;
  const until = f.cover_until ? ` until ${formatDate(f.cover_until)}` : "";
  if (f.cover_worker_id === viewer) return `Covering for ${f.key_worker_name ?? "an absent colleague"}${until}`;
  return `Covered by ${f.cover_worker_name}${until}`;
}

export function FamiliesTable({ families, caption, showWorker = false, empty, viewer }: Props) {
  if (!families.length) return <p className="hint">{empty}</p>;
  const showCover = families.some((f) => f.cover_worker_id);
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Family</th>
            <th scope="col">Children and status</th>
            <th scope="col">Flags</th>
            <th scope="col" className="num">
              Points
            </th>
            <th scope="col">Received</th>
            <th scope="col">Next visit</th>
            {showWorker && <th scope="col">Held by</th>}
            {showCover && <th scope="col">Cover</th>}
          </tr>
        </thead>
        <tbody>
          {families.map((f) => (
            <tr key={f.id}>
              <th scope="row">
                {f.name} <span className="code">{f.code}</span>
              </th>
              <td>
                {f.children} ({summariseStatuses(f.statuses)})
              </td>
              <td>{f.flags.length ? f.flags.map(flagName).join(", ") : "None"}</td>
              <td className="num">{formatPoints(f.points)}</td>
              <td>{formatDate(f.received_on)}</td>
              <td>{f.visit_due ? formatDate(f.visit_due) : "No visit rule"}</td>
              {showWorker && <td>{holderName(f)}</td>}
              {showCover && <td>{coverText(f, viewer) ?? "–"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
