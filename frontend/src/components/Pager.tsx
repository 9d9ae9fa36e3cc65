import { Link, useSearchParams } from "react-router-dom";

type Props = { offset: number; limit: number; count: number; what: string };

/** "Showing 26 to 50 of 120 users", with Previous and Next links that keep the page's filters. */
export function Pager({ offset, limit, count, what }: Props) {
  const [params] = useSearchParams();
  const at = (start: number) => {
    const next = new URLSearchParams(params);
    if (start > 0) next.set("offset", String(start));
    else next.delete("offset");
    return `?${next}`;
  };
  const last = Math.min(offset + limit, count);
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <p role="status">{count ? `Showing ${offset + 1} to ${last} of ${count} ${what}` : `No ${what} found`}</p>
      <ul>
        {offset > 0 && (
          <li>
            <Link to={at(Math.max(0, offset - limit))} rel="prev">
              Previous page
            </Link>
          </li>
        )}
        {last < count && (
          <li>
            <Link to={at(offset + limit)} rel="next">
              Next page
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** The `offset` search parameter, never negative. */
export function offsetParam(params: URLSearchParams): number {
  const value = Number(params.get("offset"));
  return Number.isInteger(value) && value > 0 ? value : 0;
}
