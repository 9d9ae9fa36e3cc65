import type { Plan } from "../../api/plan";
import { bandCounts } from "./TeamSummary";

type Summary = NonNullable<Plan["summary"]>;

/** The plan's story above its placements: bands before and after, what it does, and why it trades. */
export function PlanStory({ summary }: { summary: Summary }) {
  return (
    <div className="plan-story">
      <p>
        <strong>Workers by band:</strong> before {bandCounts(summary.bands_before)}; after{" "}
        {bandCounts(summary.bands_after)}.
      </p>
      <ul>
        {(summary.sentences ?? []).map((s) => (
          <li key={s}>{s.charAt(0).toUpperCase() + s.slice(1)}.</li>
        ))}
        {(summary.trade_offs ?? []).map((t) => (
          <li key={t}>{t}.</li>
        ))}
      </ul>
    </div>
  );
}
