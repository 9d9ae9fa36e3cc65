import { useState, type FormEvent } from "react";
import { api, call, type Schemas, type WorkerLoad } from "../../api/client";
import { messageOf } from "../../api/errors";
import { ErrorSummary, type SummaryItem } from "../../components/ErrorSummary";
import { humanise } from "../../components/format";

type Kind = Schemas["AbsenceKind"];
const KINDS: Kind[] = ["annual_leave", "sickness", "training", "parental", "other"];

export function absenceProblems(workerId: string, start: string, end: string): SummaryItem[] {
  const items: SummaryItem[] = [];
  if (!workerId) items.push({ href: "#absence-worker", message: "Choose who is away" });
  if (!start) items.push({ href: "#absence-start", message: "Enter the first day away" });
  if (!end) items.push({ href: "#absence-end", message: "Enter the last day away" });
  if (start && end && end < start)
    items.push({ href: "#absence-end", message: "The last day must be on or after the first day" });
  return items;
}

/** Records an absence, then asks for a cover plan for it. */
export function AbsenceForm({
  workers,
  onRecorded,
}: {
  workers: WorkerLoad[];
  onRecorded: (absenceId: number) => void;
}) {
  const today = new Date().toISOString().slice(0, 10);
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const workerId = String(form.get("worker") ?? "");
    const start = String(form.get("start") ?? "");
    const end = String(form.get("end") ?? "");
    const found = absenceProblems(workerId, start, end);
    setProblems(found);
    if (found.length) return;
    setBusy(true);
    try {
      const body = {
        worker_id: Number(workerId),
        start_date: start,
        end_date: end,
        kind: String(form.get("kind")) as Kind,
        planned: form.get("planned") === "on",
      };
      const absence = await call(api.POST("/api/absences", { body }));
      onRecorded(absence.id);
    } catch (error) {
      setProblems([{ href: "#absence-worker", message: messageOf(error) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="absence-heading">
      <h3 id="absence-heading">Record an absence and plan cover</h3>
      <ErrorSummary items={problems} />
      <div className="field">
        <label htmlFor="absence-worker">Who is away</label>
        <select id="absence-worker" name="worker" defaultValue="">
          <option value="">Choose a worker</option>
          {workers.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="absence-start">First day away</label>
          <input id="absence-start" name="start" type="date" defaultValue={today} />
        </div>
        <div className="field">
          <label htmlFor="absence-end">Last day away</label>
          <input id="absence-end" name="end" type="date" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="absence-kind">Kind of absence</label>
        <select id="absence-kind" name="kind" defaultValue="sickness">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {humanise(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="checkbox">
        <input id="absence-planned" name="planned" type="checkbox" />
        <label htmlFor="absence-planned">It was planned in advance</label>
      </div>
      <button type="submit" className="button secondary" disabled={busy}>
        {busy ? "Recording…" : "Record absence and plan cover"}
      </button>
    </form>
  );
}
