/** A background job's progress in words and as a bar, announced politely to screen readers. */
export function ProgressPanel({
  title,
  message,
  progress,
  busy,
  label,
}: {
  title: string;
  message: string;
  progress: number;
  busy: boolean;
  label: string;
}) {
  const percent = Math.round(progress * 100);
  return (
    <div className="panel progress-panel" role="status" aria-live="polite">
      <p>
        <strong>{title}</strong>: {busy ? `${message} (${percent}%)` : message}
      </p>
      {busy && <progress max={100} value={percent} aria-label={label} />}
    </div>
  );
}
