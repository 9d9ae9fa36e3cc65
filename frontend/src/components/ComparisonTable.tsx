/** A unit's figures side by side (before and after a what-if, as it is and reorganised): one row per
 * figure, each in words. */
export type FigureRow<F> = { label: string; text: (f: F) => string };

export function ComparisonTable<F>({
  caption,
  headings,
  rows,
  left,
  right,
}: {
  caption: string;
  headings: [string, string];
  rows: FigureRow<F>[];
  left: F;
  right: F;
}) {
  return (
    <table className="what-if-result">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col">{headings[0]}</th>
          <th scope="col">{headings[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td>{row.text(left)}</td>
            <td>{row.text(right)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
