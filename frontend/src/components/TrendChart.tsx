import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Schemas } from "../api/client";
import { formatDate } from "./format";
import { stageName } from "./risk";

type UnitDay = Schemas["UnitDay"];

/** The days on which the recorded stage changed (the first recorded stage counts as a change). */
export function stageChanges(days: UnitDay[]): { day: string; stage: string }[] {
  const found: { day: string; stage: string }[] = [];
  let last: string | null = null;
  for (const d of days) {
    if (d.stage && d.stage !== last) {
      found.push({ day: d.day, stage: d.stage });
      last = d.stage;
    }
  }
  return found;
}

/** The past weeks: load and waiting work each day, near-term risk where it was worked out, stage changes marked. */
export function TrendChart({ days }: { days: UnitDay[] }) {
  if (days.length === 0) return <p>No figures recorded yet: Keel records each unit's figures every day.</p>;
  const data = days.map((d) => ({
    day: formatDate(d.day).replace(/ \d{4}$/, ""),
    load: d.load_ratio == null ? null : Math.round(d.load_ratio * 100),
    risk: d.risk == null ? null : Math.round(d.risk * 100),
    waiting: d.unallocated,
  }));
  const changes = stageChanges(days);
  return (
    <>
      <figure className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#ddd" vertical={false} />
            <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={24} />
            <YAxis unit="%" tick={{ fontSize: 12 }} width={44} />
            <Tooltip />
            <Line
              dataKey="load"
              name="Load"
              stroke="#1d70b8"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              dataKey="risk"
              name="Near-term risk"
              stroke="#0b0c0c"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            {changes.map((c) => (
              <ReferenceLine
                key={c.day}
                x={formatDate(c.day).replace(/ \d{4}$/, "")}
                stroke="#d4351c"
                strokeDasharray="4 2"
                label={{ value: stageName(c.stage), fontSize: 11, position: "top" }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <p className="hint">
        {changes.length > 0
          ? "Stage changes: " + changes.map((c) => `${stageName(c.stage)} from ${formatDate(c.day)}`).join("; ") + "."
          : "No stage recorded yet in these weeks (days rebuilt from the allocation history carry load and waiting work only)."}
      </p>
      <details>
        <summary>Past weeks as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="num">
                Load
              </th>
              <th scope="col" className="num">
                Waiting
              </th>
              <th scope="col" className="num">
                Referrals in
              </th>
              <th scope="col" className="num">
                Allocations made
              </th>
              <th scope="col">Stage</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatDate(d.day)}</th>
                <td className="num">{d.load_ratio == null ? "-" : `${Math.round(d.load_ratio * 100)}%`}</td>
                <td className="num">{d.unallocated}</td>
                <td className="num">{d.referrals_in}</td>
                <td className="num">{d.allocations_made}</td>
                <td>{d.stage ? stageName(d.stage) : "-"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
