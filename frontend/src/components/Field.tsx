import { cloneElement, type ReactElement, type ReactNode } from "react";

type Props = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Words after the input, such as its unit ("points", "%"). */
  suffix?: ReactNode;
  /** The input, select or textarea whose id is `id`; it is told about the hint and the error. */
  children: ReactElement<{ "aria-describedby"?: string; "aria-invalid"?: boolean }>;
};

/** A labelled input with its hint and, when it is wrong, the error message in words (GOV.UK pattern). */
export function Field({ id, label, hint, error, suffix, children }: Props) {
  const describedBy =
    [hint && `${id}-hint`, error && `${id}-error`, suffix && `${id}-suffix`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      {cloneElement(children, { "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {suffix && (
        <span className="suffix" id={`${id}-suffix`}>
          {suffix}
        </span>
      )}
    </div>
  );
}
