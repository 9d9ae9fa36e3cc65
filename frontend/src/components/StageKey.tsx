import type { StageRule } from "../api/resilience";

/** The stages of difficulty in order of severity, each with the rule that reaches it (as the server applies it). */
export function StageKey({ stages }: { stages: StageRule[] }) {
  if (stages.length === 0) return null;
  return (
    <details className="stage-key" open>
      <summary>Key: stages of difficulty, least to most severe</summary>
      <ol>
        {stages.map((stage) => (
          <li key={stage.id}>
            <strong>{stage.name}</strong>: {stage.rule}.
          </li>
        ))}
      </ol>
      <p className="hint">
        Collapse risk is the chance that, in that week, a child protection, looked-after or private fostering family
        goes without a worker or cover beyond the set days, or a worker has to stay above the surge limit. Work that
        waits otherwise is shown as the backlog, not as collapse.
      </p>
    </details>
  );
}
