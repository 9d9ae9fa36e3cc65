import { formatDate } from "./format";

/** A week's column label: its Monday without the year ("1 Dec"). */
export function weekLabel(iso: string): string {
  return formatDate(iso).replace(/ \d{4}$/, "");
}

/** The column headers of a heatmap's weeks, each read out as "Week of 1 Dec". */
export function WeekHeaders({ weeks }: { weeks: string[] }) {
  return (
    <>
      {weeks.map((w) => (
        <th scope="col" key={w}>
          <span className="visually-hidden">Week of </span>
          {weekLabel(w)}
        </th>
      ))}
    </>
  );
}
