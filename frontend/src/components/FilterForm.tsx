import type { FormEvent, ReactNode } from "react";
import { Link, useSearchParams } from "react-router-dom";

/** Filters kept in the address (so Back and bookmarks work): on submit, each named field with a
 * value becomes a search parameter and paging starts again. */
export function FilterForm({ label, children }: { label: string; children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim()) next.set(name, value.trim());
    }
    setParams(next);
  }
  const filtered = [...params.keys()].some((name) => name !== "offset");
  return (
    <form className="filters" onSubmit={apply} aria-label={label} role="search">
      {children}
      <div className="filter-actions">
        <button type="submit" className="button secondary">
          Apply filters
        </button>
        {filtered && <Link to="?">Clear filters</Link>}
      </div>
    </form>
  );
}
