import { useState, type FormEvent } from "react";
import { ErrorSummary, type SummaryItem } from "../../components/ErrorSummary";

export function moveBudgetProblem(text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return "Enter the most moves allowed as a whole number, like 3";
  if (Number(text) > 1000) return "The most moves allowed must be 1000 or fewer";
  return undefined;
}

export function RebalanceForm({ onAsk, busy }: { onAsk: (moveBudget: number) => void; busy: boolean }) {
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("budget") ?? "");
    const problem = moveBudgetProblem(text);
    setProblems(problem ? [{ href: "#move-budget", message: problem }] : []);
    if (!problem) onAsk(Number(text));
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="rebalance-heading">
      <h3 id="rebalance-heading">Rebalance the team</h3>
      <ErrorSummary items={problems} />
      <div className="field">
        <label htmlFor="move-budget">Most families to move</label>
        <p className="hint" id="move-budget-hint">
          Fewer moves keep children with the worker they know.
        </p>
        <input
          id="move-budget"
          name="budget"
          inputMode="numeric"
          defaultValue="3"
          className="short"
          aria-describedby="move-budget-hint"
        />
      </div>
      <button type="submit" className="button secondary" disabled={busy}>
        Propose moves
      </button>
    </form>
  );
}
