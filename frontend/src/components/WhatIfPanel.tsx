import { useState, type FormEvent } from "react";
import { api, call, type WorkerLoad } from "../api/client";
import { messageOf } from "../api/errors";
import type { Schemas } from "../api/client";
import { ComparisonTable, type FigureRow } from "./ComparisonTable";
import { ErrorMessage } from "./Messages";
import { lossWords, nkLabel, riskPercent, stageName } from "./risk";
import { percentOf } from "./load";

type WhatIf = Schemas["WhatIf"];
type Figures = Schemas["ScenarioFigures"];

const ROWS: FigureRow<Figures>[] = [
  { label: "Stage", text: (f) => stageName(f.stage) },
  { label: "N-1 / N-2", text: (f) => nkLabel(f.n1_secure, f.n2_secure) },
  { label: "Load", text: (f) => percentOf(f.load_ratio) },
  { label: "Near-term collapse risk", text: (f) => riskPercent(f.risk) },
  { label: "Worst loss", text: (f) => lossWords(f.worst_loss) },
];

/** Try a scenario on this unit (nothing changes): lose a worker, add one, a leaver, a move. */
export function WhatIfPanel({
  unitId,
  workers,
  teams,
}: {
  unitId: number;
  workers: WorkerLoad[];
  teams: { id: number; name: string }[];
}) {
  const [kind, setKind] = useState("lose");
  const [worker, setWorker] = useState<number | "">("");
  const [fte, setFte] = useState("1.0");
  const [skills, setSkills] = useState("child_protection");
  const [on, setOn] = useState("");
  const [to, setTo] = useState<number | "">("");
  const [answer, setAnswer] = useState<WhatIf | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    const body: Schemas["WhatIfRequest"] = { lose_worker_ids: [], add: [], leavers: [], moves: [] };
    if (kind === "lose" && worker !== "") body.lose_worker_ids = [worker];
    if (kind === "add")
      body.add = [
        { unit_id: unitId, fte: Number(fte), role: "social_worker", skills: skills.split(/[ ,]+/).filter(Boolean) },
      ];
    if (kind === "leaver" && worker !== "") body.leavers = [{ worker_id: worker, on }];
    if (kind === "move" && worker !== "" && to !== "") body.moves = [{ worker_id: worker, to_unit_id: to }];
    try {
      setAnswer(await call(api.POST("/api/resilience/what-if", { body })));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  const needsWorker = kind !== "add";
  return (
    <section aria-labelledby="what-if-heading">
      <h2 id="what-if-heading">What if?</h2>
      <p className="hint">Try a change and see this unit before and after. Nothing is saved.</p>
      <form onSubmit={submit} className="what-if">
        <div className="field">
          <label htmlFor="what-if-kind">Change</label>
          <select id="what-if-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="lose">Lose a worker</option>
            <option value="add">Add a social worker</option>
            <option value="leaver">A worker leaves on a date</option>
            <option value="move">Move a worker to another team</option>
          </select>
        </div>
        {needsWorker && (
          <div className="field">
            <label htmlFor="what-if-worker">Worker</label>
            <select
              id="what-if-worker"
              value={worker}
              onChange={(e) => setWorker(e.target.value ? Number(e.target.value) : "")}
              required
            >
              <option value="">Choose a worker</option>
              {workers.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name} ({w.code})
                </option>
              ))}
            </select>
          </div>
        )}
        {kind === "add" && (
          <>
            <div className="field">
              <label htmlFor="what-if-fte">FTE</label>
              <input
                id="what-if-fte"
                type="number"
                min="0.1"
                max="1"
                step="0.1"
                value={fte}
                onChange={(e) => setFte(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="what-if-skills">Skills</label>
              <input id="what-if-skills" value={skills} onChange={(e) => setSkills(e.target.value)} />
            </div>
          </>
        )}
        {kind === "leaver" && (
          <div className="field">
            <label htmlFor="what-if-on">Last working day</label>
            <input id="what-if-on" type="date" value={on} onChange={(e) => setOn(e.target.value)} required />
          </div>
        )}
        {kind === "move" && (
          <div className="field">
            <label htmlFor="what-if-to">To team</label>
            <select
              id="what-if-to"
              value={to}
              onChange={(e) => setTo(e.target.value ? Number(e.target.value) : "")}
              required
            >
              <option value="">Choose a team</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Working it out…" : "Try it"}
        </button>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      {answer && (
        <div role="status">
          <p>
            <strong>Tried:</strong> {answer.changes.join("; ")}.
          </p>
          {answer.units.map((u) => (
            <ComparisonTable
              key={u.id}
              caption={u.name}
              headings={["Before", "After"]}
              rows={ROWS}
              left={u.before}
              right={u.after}
            />
          ))}
        </div>
      )}
    </section>
  );
}
