import type { UnitSummary } from "../api/client";
import { formatDate } from "./format";
import { percentOf } from "./load";

/** Service-wide figures for senior leaders: the work nobody holds, who is over capacity, agency reliance. */
export function ServiceFigures({ services }: { services: UnitSummary[] }) {
  if (services.length === 0) return null;
  return (
    <div className="table-scroll">
      <table>
        <caption>Services today</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Load against capacity</th>
            <th scope="col">Unallocated families</th>
            <th scope="col">Waiting since</th>
            <th scope="col">Workers over capacity</th>
            <th scope="col">Agency staff</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                {s.name} <span className="code">{s.code}</span>
              </th>
              <td>{percentOf(s.load_ratio)}</td>
              <td>{s.unallocated_families}</td>
              <td>{s.oldest_unallocated_received ? formatDate(s.oldest_unallocated_received) : "none waiting"}</td>
              <td>
                {s.over_capacity} of {s.case_holders}
              </td>
              <td>{s.agency_share == null ? "no case holders" : percentOf(s.agency_share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
