import type { ReactNode } from "react";
import type { WorkerLoad } from "../api/client";
import { formatDate, humanise, workerRoleName } from "./format";
import { LoadBar } from "./LoadBar";

type Props = { workers: WorkerLoad[]; caption: string; extra?: (w: WorkerLoad) => ReactNode };

function availability(w: WorkerLoad): string {
  if (w.presence === "not_started") return `Starts ${formatDate(w.start_date)}`;
  if (w.presence === "left") return `Left ${formatDate(w.leaving_date)}`;
  if (w.absent_until) {
    const away = `Away (${humanise(w.absence_kind ?? "absence")}) until ${formatDate(w.absent_until)}`;
    return w.uncovered ? `${away}; ${w.uncovered} ${w.uncovered === 1 ? "family" : "families"} without cover` : away;
  }
  if (w.leaving_date) return `Leaving ${formatDate(w.leaving_date)}`;
  return "Available";
}

/** Workers with their load bars; case-holding staff only (a manager with no capacity is left out). */
export function WorkersTable({ workers, caption, extra }: Props) {
  return (
    <div className="table-scroll">
      <table className="workers">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Worker</th>
            <th scope="col" className="load-col">
              Load against capacity
            </th>
            <th scope="col" className="num">
              Families
            </th>
            <th scope="col">Availability</th>
            {extra && <th scope="col">Notes</th>}
          </tr>
        </thead>
        <tbody>
          {workers.map((w) => (
            <tr key={w.id}>
              <th scope="row">
                {w.name}
                <span className="code">
                  {w.code} · {workerRoleName(w.role)}
                  {w.fte < 1 && ` · ${w.fte} FTE`}
                  {w.agency && " · agency"}
                </span>
              </th>
              <td>
                <LoadBar load={w.load} capacity={w.capacity} band={w.band} />
              </td>
              <td className="num">
                {w.pod_families != null && w.pod_name ? (
                  <>
                    {w.pod_families}
                    <span className="code">held by {w.pod_name}</span>
                  </>
                ) : (
                  w.families
                )}
                {w.covering ? <span className="code">+{w.covering} covering</span> : null}
              </td>
              <td>{availability(w)}</td>
              {extra && <td>{extra(w)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Workers who hold cases on the day (the server says who), and anyone still carrying families. */
export function caseHolders(workers: WorkerLoad[]): WorkerLoad[] {
  return workers.filter((w) => w.case_holder || w.load > 0);
}
