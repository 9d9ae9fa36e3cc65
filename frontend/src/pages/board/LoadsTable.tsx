import type { PlanLoad } from "../../api/plan";
import { BandTag } from "../../components/LoadBar";
import { useBandLimits } from "../../components/bandLimits";
import { bandFor, formatPoints, loadFigures } from "../../components/load";

function LoadCell({ points, capacity }: { points: number; capacity: number }) {
  const limits = useBandLimits();
  const band = limits ? bandFor(points, capacity, limits) : "green";
  const figures = loadFigures(points, capacity, band);
  return (
    <td>
      {limits ? (
        <>
          <BandTag band={band} /> {figures.detail}
        </>
      ) : (
        figures.detail
      )}
    </td>
  );
}

export function changeText(before: number, after: number): string {
  const delta = after - before;
  if (Math.abs(delta) < 0.05) return "No change";
  return `${delta > 0 ? "Up" : "Down"} ${formatPoints(Math.abs(delta))} points`;
}

export function LoadsTable({ loads }: { loads: PlanLoad[] }) {
  return (
    <div className="table-scroll">
      <table>
        <caption>Load before and after this plan</caption>
        <thead>
          <tr>
            <th scope="col">Worker</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {loads.map((l) => (
            <tr key={l.worker_id} className={Math.abs(l.after - l.before) >= 0.05 ? "changed" : undefined}>
              <th scope="row">{l.worker_name}</th>
              <LoadCell points={l.before} capacity={l.capacity} />
              <LoadCell points={l.after} capacity={l.capacity} />
              <td>{changeText(l.before, l.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
