import { useEffect, useRef } from "react";

export type SummaryItem = { href: string; message: string };

/** GOV.UK-style error summary: takes focus when it appears, links to each field at fault. */
export function ErrorSummary({ items }: { items: SummaryItem[] }) {
  const box = useRef<HTMLDivElement>(null);
  // Focus only when the problems change, not on every render (that would steal focus while typing).
  const signature = items.map((item) => item.message).join("\n");
  useEffect(() => {
    if (signature) box.current?.focus();
  }, [signature]);
  if (!items.length) return null;
  return (
    <div className="error-box" role="alert" tabIndex={-1} ref={box} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {items.map((item) => (
          <li key={item.href + item.message}>
            <a href={item.href}>{item.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
