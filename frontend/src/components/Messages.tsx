import type { ReactNode } from "react";

/** A failure in words, announced to screen readers as soon as it appears. */
export function ErrorMessage({ children, title = "There is a problem" }: { children?: ReactNode; title?: string }) {
  if (!children) return null;
  return (
    <div className="error-box" role="alert">
      <h2>{title}</h2>
      <p>{children}</p>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p role="status">Loading {what}…</p>;
}

/** Something done, said once and politely (after saving, for example). */
export function Notice({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <p className="success-box" role="status">
      {children}
    </p>
  );
}
