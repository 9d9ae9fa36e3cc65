import type { ReactNode } from "react";

type Props = { caption: string; columns: string[]; className?: string; children: ReactNode };

/** A data table that scrolls sideways on a narrow screen, with a caption for screen readers. */
export function Table({ caption, columns, className, children }: Props) {
  return (
    <div className="table-scroll">
      <table className={className}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
