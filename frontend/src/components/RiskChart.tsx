import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RiskCell } from "../api/resilience";
import { formatDate } from "./format";
import { riskPercent } from "./risk";

/** Collapse risk by week with its likely range (Recharts); the table beside it carries the same figures.
 * The chart is hidden from assistive technology, so it must not take keyboard focus either: Recharts'
 * accessibility layer (a focusable chart with arrow-key tooltips) is off; the table is the accessible form. */
export function RiskChart({ weeks }: { weeks: RiskCell[] }) {
  const data = weeks.map((w) => ({
    week: formatDate(w.week).replace(/ \d{4}$/, ""),
    risk: Math.round(w.risk * 100),
    range: [Math.round(w.low * 100), Math.round(w.high * 100)],
  }));
  return (
    <figure className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#ddd" vertical={false} />
          <XAxis dataKey="week" tick={{ fontSize: 12 }} />
          <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 12 }} width={44} />
          <Tooltip formatter={(v) => (Array.isArray(v) ? `${v[0]}% to ${v[1]}%` : `${v}%`)} />
          <Area dataKey="range" name="Likely range" fill="#b1b4b6" stroke="none" isAnimationActive={false} />
          <Line dataKey="risk" name="Collapse risk" stroke="#0b0c0c" strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function RiskTable({ weeks }: { weeks: RiskCell[] }) {
  return (
    <details>
      <summary>Risk by week as a table</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Week starting</th>
            <th scope="col" className="num">
              Collapse risk
            </th>
            <th scope="col">Likely range</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week}>
              <th scope="row">{formatDate(w.week)}</th>
              <td className="num">{riskPercent(w.risk)}</td>
              <td>
                {riskPercent(w.low)} to {riskPercent(w.high)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
