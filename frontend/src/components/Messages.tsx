import { useEffect, useRef, type ReactNode } from "react";

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

/** Something done (after saving, for example): announced, and focused so the eye and the keyboard
 * start from it, wherever the button that did it was. */
export function Notice({ children }: { children?: string }) {
  const box = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (children) box.current?.focus();
  }, [children]);
  if (!children) return null;
  return (
    <p className="success-box" role="status" tabIndex={-1} ref={box}>
      {children}
    </p>
  );
}
