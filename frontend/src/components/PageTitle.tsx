import { useEffect, type ReactNode } from "react";

/** The page's h1; also sets the document title so each page is announced by name. */
export function PageTitle({ children, caption }: { children: ReactNode; caption?: string }) {
  const text = typeof children === "string" ? children : "";
  useEffect(() => {
    if (text) document.title = `${text} – Keel`;
  }, [text]);
  return (
    <h1>
      {caption && <span className="caption">{caption}</span>}
      {children}
    </h1>
  );
}
